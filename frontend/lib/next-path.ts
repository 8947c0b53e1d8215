export const DEFAULT_AFTER_LOGIN = "/dashboard";

const MAX_LENGTH = 2048;
// Any origin works: only relative paths are accepted, so the check is "does it stay on whatever origin it is on".
const BASE = "http://same-origin.invalid";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what we reject
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

function leavesOrigin(path: string): boolean {
  return path.startsWith("//") || path.startsWith("/\\");
}

/** The path a relative reference resolves to on this origin, or null when it resolves anywhere else. */
function resolvedOnOrigin(candidate: string): URL | null {
  try {
    const url = new URL(candidate, BASE);
    return url.origin === BASE ? url : null;
  } catch {
    return null;
  }
}

/**
 * The one rule for where a redirect after a form (`?next=`, the login form's hidden field) may go: `candidate` is
 * returned, normalised, only when it is a path on this site that still means this site when resolved again.
 * Checking the raw string is not enough: "/.//evil.example" normalises to "//evil.example", which a browser reads
 * as another host. A path that decodes into such a value is refused too, in case a layer decodes it once more.
 */
export function sanitizeNextPath(candidate: unknown, fallback = DEFAULT_AFTER_LOGIN): string {
  if (typeof candidate !== "string" || candidate.length === 0 || candidate.length > MAX_LENGTH) {
    return fallback;
  }
  // Relative paths only: no scheme ("javascript:", "https:evil.example"), no bare host, no leading space.
  if (!candidate.startsWith("/") || UNSAFE_CHARACTERS.test(candidate)) {
    return fallback;
  }
  const url = resolvedOnOrigin(candidate);
  if (!url) return fallback;

  const path = `${url.pathname}${url.search}${url.hash}`;
  if (leavesOrigin(path) || resolvedOnOrigin(path)?.href !== url.href) {
    return fallback;
  }

  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return fallback;
  }
  const reresolved = UNSAFE_CHARACTERS.test(decoded) ? null : resolvedOnOrigin(decoded);
  if (!reresolved || leavesOrigin(reresolved.pathname)) {
    return fallback;
  }
  return path;
}

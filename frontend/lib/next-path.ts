export const DEFAULT_AFTER_LOGIN = "/dashboard";

/**
 * Returns `candidate` only when it is a same-site relative path, so `?next=` cannot become an open redirect.
 * Browsers treat "\" like "/" and drop tabs/newlines inside URLs, hence the extra checks.
 */
export function sanitizeNextPath(candidate: unknown, fallback = DEFAULT_AFTER_LOGIN): string {
  if (typeof candidate !== "string" || candidate.length === 0 || candidate.length > 2048) {
    return fallback;
  }
  if (!candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) {
    return fallback;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what we reject
  if (/[\u0000-\u001f\u007f\\]/.test(candidate)) {
    return fallback;
  }
  try {
    const base = "http://same-origin.invalid";
    const url = new URL(candidate, base);
    if (url.origin !== base) {
      return fallback;
    }
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

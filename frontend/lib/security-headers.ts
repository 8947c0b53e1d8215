/**
 * Headers that never change, sent by next.config.ts on every response Next produces (pages, 404s, static files,
 * proxy.ts's own answers). Cross-Origin-Opener-Policy puts our pages in their own browsing context group, so a
 * window another site opened (or that opened us) cannot script or navigate them (issue 10).
 */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy":
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
};

/** A fresh, unguessable nonce for one response's Content-Security-Policy (128 bits, base64). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export type PolicyOptions = {
  /** `next dev` needs eval (React's debugging stacks); production never does. */
  isDevelopment: boolean;
};

/**
 * Scripts run only with this response's nonce ('strict-dynamic' lets them load Next's chunks). Styles allow inline
 * because React and Next set style attributes, which nonces cannot cover.
 */
export function contentSecurityPolicy(nonce: string, { isDevelopment }: PolicyOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": [
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(isDevelopment ? ["'unsafe-eval'"] : []),
    ],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    // Dev's hot reload talks over a same-origin websocket, which 'self' covers.
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/**
 * Headers that depend on the request (nonce) or on runtime settings, so they are set by proxy.ts rather than by
 * next.config.ts, whose headers are fixed at build time. HSTS only makes sense where the site is served over
 * https, which is when secure cookies are on.
 */
export function securityHeaders(
  policy: string,
  { strictTransportSecurity }: { strictTransportSecurity: boolean },
): Record<string, string> {
  const headers: Record<string, string> = { "Content-Security-Policy": policy };
  if (strictTransportSecurity) {
    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  }
  return headers;
}

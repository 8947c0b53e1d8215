/**
 * @simplewebauthn/browser, fetched when a page first needs it (a passkey prompt, the support check after hydration)
 * rather than with the page's first-load JavaScript: about 3.5 kB of gzip that pages without passkeys never load.
 */
export function webauthnBrowser() {
  return import("@simplewebauthn/browser");
}

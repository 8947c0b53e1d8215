/** Responses of the social sign-in route handlers. */

const NO_STORE = { "Cache-Control": "no-store" };

/** 303: the browser follows with a GET whatever the method was. A relative Location stays on this origin. */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, ...NO_STORE } });
}

export function plainText(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...NO_STORE },
  });
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/**
 * A page that sends the browser on to the provider, instead of a 303. The start is a form post, and Chromium
 * applies the page's CSP `form-action 'self'` to every redirect of a form submission: a 303 to the provider is
 * blocked. A meta refresh is a new navigation, not part of the submission, so no CSP exception for every
 * provider's origin is needed. The link is there for browsers that do not follow meta refresh.
 */
export type ContinueWords = {
  lang: string;
  dir: "ltr" | "rtl";
  /** "Continuing to Corp SSO…": the title and the text. */
  continuing: string;
  /** "Continue to Corp SSO": the link. */
  link: string;
};

/** `words` come translated (i18n) with the provider's name in them; they are escaped here. */
export function continuePage(url: string, words: ContinueWords): Response {
  const href = escapeHtml(url);
  const html = `<!doctype html>
<html lang="${escapeHtml(words.lang)}" dir="${words.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0;url=${href}">
<title>${escapeHtml(words.continuing)}</title>
</head>
<body style="font-family: system-ui, sans-serif; margin: 3rem auto; max-width: 28rem; padding: 0 1rem; color: #18181b">
<main>
<p>${escapeHtml(words.continuing)}</p>
<p><a href="${href}">${escapeHtml(words.link)}</a></p>
</main>
</body>
</html>
`;
  return new Response(html, {
    status: 200,
    headers: { "Content-Type": "text/html; charset=utf-8", ...NO_STORE },
  });
}

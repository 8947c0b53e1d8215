import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page, Request } from "@playwright/test";

/**
 * Another site, for links and forms pointing at the app: served on 127.0.0.1 while the app runs on localhost, since
 * two ports of one host name are the same site to a browser, and the two host names are not. Its one page holds a
 * link to `target` and a form posting to each of `posts`.
 */
export async function startOtherSite(
  target: string,
  posts: string[] = [],
): Promise<{ url: string; close: () => Promise<void> }> {
  const forms = posts
    .map(
      (action, index) =>
        `<form method="post" action="${action}"><input type="hidden" name="x" value="1"><button>Post ${index}</button></form>`,
    )
    .join("");
  const page = `<!doctype html><html lang="en"><head><title>Elsewhere</title></head><body><a href="${target}">Open the app</a>${forms}</body></html>`;
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export type SentRequest = {
  path: string;
  method: string;
  headers: Record<string, string>;
  status: number | undefined;
  setCookie: string | null | undefined;
};

/**
 * Records, in order, every top-level navigation the tab sends to a URL starting with `prefix`; `sent()` gives each
 * one's headers as the browser really sent them (Cookie and Sec-Fetch-* included) and what the app answered.
 */
export function recordRequests(page: Page, prefix: string): { sent: () => Promise<SentRequest[]> } {
  const requests: Request[] = [];
  page.on("request", (request) => {
    if (request.isNavigationRequest() && request.url().startsWith(prefix)) requests.push(request);
  });
  return {
    sent: () =>
      Promise.all(
        requests.map(async (request) => {
          const url = new URL(request.url());
          const response = await request.response();
          return {
            path: `${url.pathname}${url.search}`,
            method: request.method(),
            headers: await request.allHeaders(),
            status: response?.status(),
            setCookie: await response?.headerValue("set-cookie"),
          };
        }),
      ),
  };
}

/** Whether a Cookie header, as sent, holds the refresh token (named "refresh" or "__Host-refresh"). */
export function carriesRefresh(cookieHeader: string | undefined): boolean {
  return (cookieHeader ?? "").split(";").some((pair) => /^(__Host-)?refresh=/.test(pair.trim()));
}

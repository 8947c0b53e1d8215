// A real OpenID Provider for the tests of social login (issue 12): npm `oidc-provider` on a loopback port, with
// its own users, its own signing key and a tiny login page, so the backend and the browser tests run the whole
// authorization code flow against it instead of mocking HTTP calls. For tests only: nothing here is secure.
//
//   node e2e/oidc-provider/server.mjs --port 0 --config config.json
//
// --port 0 picks a free port. When it is ready, stdout gets exactly one JSON line and nothing else:
//   {"issuer":"http://127.0.0.1:<port>","port":<port>}
// SIGTERM or SIGINT stops it. Everything else (oidc-provider's notices included) goes to stderr.
//
// config.json:
//   {"clients": [{"client_id": "...", "client_secret": "...", "redirect_uris": ["..."]}],
//    "accounts": {"alice": {"sub": "alice-1", "email": "alice@example.com", "email_verified": true,
//                           "name": "Alice", "amr": ["pwd", "mfa"],
//                           "github": {"id": 101, "login": "alice", "emails": [...]}}}}
// A client may carry more client metadata, e.g. "token_endpoint_auth_method": "client_secret_post" (the default
// is client_secret_basic, and oidc-provider accepts only the method a client registered). Only "sub" is
// required in an account; the key ("alice") is what one types on the login page.
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from "jose";
import Provider, { errors, interactionPolicy } from "oidc-provider";

// stdout carries only the ready line; oidc-provider prints its notices with console.info.
console.info = console.error;
console.log = console.error;

const { values: args } = parseArgs({
  options: { port: { type: "string", default: "0" }, config: { type: "string" } },
});
if (!args.config) {
  console.error("usage: node server.mjs --port <port, 0 for any free one> --config <config.json>");
  process.exit(2);
}
const config = JSON.parse(readFileSync(args.config, "utf8"));
const accountsByLogin = new Map(Object.entries(config.accounts ?? {}));
const accountsBySub = new Map(
  [...accountsByLogin].map(([login, account]) => [account.sub ?? login, { login, ...account }]),
);

// A fresh RS256 key every start, so no test can depend on a key that a real deployment might also hold.
const { privateKey } = await generateKeyPair("RS256", { extractable: true });
const signingKid = `harness-${randomUUID()}`;
const signingJwk = { ...(await exportJWK(privateKey)), kid: signingKid, alg: "RS256", use: "sig" };

// The issuer contains the port, so bind first and build the provider once the port is known.
const server = createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("harness error");
  });
});
await new Promise((resolve) => server.listen(Number(args.port), "127.0.0.1", resolve));
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

// A login on every authorization, even when this browser already has a session here: each test then sees the
// login page and chooses who signs in. The check passes once this authorization's own login result exists.
const policy = interactionPolicy.base();
policy
  .get("login")
  .checks.add(
    new interactionPolicy.Check(
      "harness_login_every_time",
      "the test harness always asks who signs in",
      (ctx) =>
        ctx.oidc.result?.login
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT,
    ),
  );

const provider = new Provider(issuer, {
  clients: (config.clients ?? []).map((client) => ({
    grant_types: ["authorization_code"],
    response_types: ["code"],
    ...client,
  })),
  jwks: { keys: [signingJwk] },
  cookies: { keys: [randomBytes(32).toString("base64url")] },
  // The GitHub emulation below asks for these two scopes without "openid" (plain OAuth 2).
  scopes: ["openid", "email", "profile", "read:user", "user:email"],
  // "amr" comes from the login (the account's "amr"); oidc-provider drops any claim not listed under a scope.
  claims: { openid: ["sub", "amr"], email: ["email", "email_verified"], profile: ["name"] },
  // Put every granted claim in the ID token, not only in the userinfo response: relying parties read the email
  // from the ID token.
  conformIdTokenClaims: false,
  responseTypes: ["code"],
  // GitHub's paths, so Latchkey's github preset (SOCIAL_GITHUB_URL=<issuer>) reaches this provider unchanged;
  // discovery publishes them, so OpenID Connect clients do not care.
  routes: { authorization: "/login/oauth/authorize", token: "/login/oauth/access_token" },
  clientAuthMethods: ["client_secret_basic", "client_secret_post"],
  // oidc-provider implements S256 only; this makes the code challenge mandatory for every client.
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // No grant outlives its authorization: only the one this authorization's own consent step just made counts.
  loadExistingGrant: (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId;
    return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
  },
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    IdToken: 3600,
    Interaction: 600,
    Session: 600,
    Grant: 600,
  },
  findAccount: (_ctx, sub) => {
    const account = accountsBySub.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      claims: () => ({
        sub,
        ...(account.email === undefined ? {} : { email: account.email }),
        ...(account.email_verified === undefined ? {} : { email_verified: account.email_verified }),
        ...(account.name === undefined ? {} : { name: account.name }),
      }),
    };
  },
  renderError: (ctx, out) => {
    ctx.type = "html";
    ctx.body = page("Error", `<pre>${escapeHtml(JSON.stringify(out, null, 2))}</pre>`);
  },
});

// Test control: POST /__test__/tamper {"claims": {...}, "drop": ["nonce"], "foreign_key": true} changes the ID
// token of the next successful token response that carries one, once: "claims" are merged into its payload,
// the "drop" claims are removed, and it is re-signed with the provider's key, or with "foreign_key" with a fresh
// key whose kid is not in the JWKS. POST /__test__/reset forgets a pending tamper.
let pendingTamper = null;

provider.use(async (ctx, next) => {
  await next();
  if (!pendingTamper || ctx.method !== "POST" || ctx.oidc?.route !== "token" || ctx.status !== 200)
    return;
  if (typeof ctx.body?.id_token !== "string") return;
  const tamper = pendingTamper;
  pendingTamper = null;
  ctx.body = { ...ctx.body, id_token: await tamperIdToken(ctx.body.id_token, tamper) };
});

async function tamperIdToken(idToken, { claims = {}, drop = [], foreign_key: foreignKey = false }) {
  const payload = { ...decodeJwt(idToken), ...claims };
  for (const name of drop) delete payload[name];
  const header = decodeProtectedHeader(idToken);
  if (!foreignKey) {
    return new SignJWT(payload).setProtectedHeader(header).sign(privateKey);
  }
  const { privateKey: foreign } = await generateKeyPair("RS256");
  return new SignJWT(payload)
    .setProtectedHeader({ ...header, kid: `foreign-${randomUUID()}` })
    .sign(foreign);
}

const providerCallback = provider.callback();

async function handle(req, res) {
  const url = new URL(req.url, issuer);
  const interaction = url.pathname.match(/^\/interaction\/([\w-]+)$/);
  if (interaction && req.method === "GET") return interactionShow(req, res);
  if (interaction && req.method === "POST") return interactionSubmit(req, res);
  if (url.pathname === "/__test__/tamper" && req.method === "POST") {
    const body = JSON.parse((await readBody(req)) || "{}");
    pendingTamper = {
      claims: body.claims ?? {},
      drop: body.drop ?? [],
      foreign_key: Boolean(body.foreign_key),
    };
    return sendJson(res, 200, { tamper: pendingTamper });
  }
  if (url.pathname === "/__test__/reset" && req.method === "POST") {
    pendingTamper = null;
    return sendJson(res, 200, { reset: true });
  }
  if (url.pathname === "/github/user" || url.pathname === "/github/user/emails") {
    return githubApi(req, res, url.pathname);
  }
  return providerCallback(req, res);
}

// The login page. A consent interaction (which follows a successful login) is granted without a page.
async function interactionShow(req, res) {
  const details = await interactionDetailsOrError(req, res);
  if (!details) return;
  if (details.prompt.name === "consent") return grantConsent(req, res, details);
  return sendHtml(res, 200, loginForm(details));
}

async function interactionSubmit(req, res) {
  const details = await interactionDetailsOrError(req, res);
  if (!details) return;
  const form = new URLSearchParams(await readBody(req));
  if (form.get("action") === "deny") {
    return provider.interactionFinished(
      req,
      res,
      { error: "access_denied", error_description: "The user denied the request." },
      { mergeWithLastSubmission: false },
    );
  }
  const login = (form.get("login") ?? "").trim();
  const account = accountsByLogin.get(login);
  if (!account) {
    return sendHtml(res, 400, loginForm(details, `No user "${login}" here.`));
  }
  // The account's amr (e.g. ["pwd", "mfa"]) ends up in the ID token.
  return provider.interactionFinished(req, res, {
    login: { accountId: account.sub ?? login, ...(account.amr ? { amr: account.amr } : {}) },
  });
}

async function grantConsent(req, res, details) {
  const { prompt, params, session } = details;
  const grant = new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope)
    grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(" "));
  }
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } });
}

async function interactionDetailsOrError(req, res) {
  try {
    return await provider.interactionDetails(req, res);
  } catch (error) {
    if (!(error instanceof errors.SessionNotFound)) throw error;
    sendHtml(res, 400, page("Error", "<p>This sign-in has expired or was already used.</p>"));
    return null;
  }
}

function loginForm(details, error) {
  const { uid, params } = details;
  return page(
    "Sign in",
    `<p>${escapeHtml(params.client_id)} asks for: ${escapeHtml(params.scope ?? "")}</p>
    ${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
    <form method="post" action="/interaction/${escapeHtml(uid)}">
      <label for="login">Username</label>
      <input id="login" name="login" type="text" autocomplete="off" autofocus>
      <button type="submit" name="action" value="login">Continue</button>
      <button type="submit" name="action" value="deny">Deny</button>
    </form>`,
  );
}

// GitHub emulation: GitHub's OAuth 2 login is not OpenID Connect. With the authorization and token endpoints
// above (scope "read:user user:email", no "openid"), these two answer like api.github.com/user and
// /user/emails for the bearer access token. An account without a "github" entry gets one derived from its
// email, with id 1000 + its position in the config.
async function githubApi(req, res, path) {
  const header = req.headers.authorization ?? "";
  const match = header.match(/^(?:Bearer|token) (\S+)$/i);
  const token = match ? await provider.AccessToken.find(match[1]) : undefined;
  const account = token ? accountsBySub.get(token.accountId) : undefined;
  if (!token || !account) {
    return sendJson(res, 401, { message: "Bad credentials", status: "401" });
  }
  const github = githubProfile(account);
  if (path === "/github/user") {
    const primary = github.emails.find((email) => email.primary && email.visibility === "public");
    return sendJson(res, 200, {
      id: github.id,
      login: github.login,
      name: account.name ?? null,
      email: primary?.email ?? null,
    });
  }
  // GitHub needs the user:email scope for the address list.
  if (!token.scope?.split(" ").includes("user:email")) {
    return sendJson(res, 403, { message: "Resource not accessible by integration", status: "403" });
  }
  return sendJson(res, 200, github.emails);
}

function githubProfile(account) {
  const derivedEmails = account.email
    ? [
        {
          email: account.email,
          primary: true,
          verified: Boolean(account.email_verified),
          visibility: "public",
        },
      ]
    : [];
  return {
    id: 1000 + [...accountsByLogin.keys()].indexOf(account.login),
    login: account.login,
    emails: derivedEmails,
    ...account.github,
  };
}

function page(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} – test OpenID Provider</title></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

function sendHtml(res, status, html) {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
  });
  res.end(html);
}

function sendJson(res, status, body) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}

// A client with broken metadata fails here, at startup, rather than at its first authorization.
for (const { client_id: clientId } of config.clients ?? []) await provider.Client.find(clientId);

process.stdout.write(`${JSON.stringify({ issuer, port })}\n`);

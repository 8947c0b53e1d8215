import "server-only";
import { createRemoteJWKSet, decodeJwt } from "jose";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { type NextRequest, NextResponse } from "next/server";
import { cache } from "react";
import { type AccessTokenVerdict, createAccessTokenVerifier } from "@/lib/access-token";
import {
  apiGetMe,
  apiRefresh,
  type ClientContext,
  clientContextFrom,
  READ_TIMEOUT_MS,
  type TokenPair,
  type User,
} from "@/lib/api/client";
import { DisplayCache, type DisplayKey } from "@/lib/display-cache";
import { env } from "@/lib/env";
import { decodeChallenges, encodeChallenges, withChallenge } from "@/lib/passkey-challenges";
import { createRefreshDeduper, type RefreshOutcome, refreshOutcomeOf } from "@/lib/refresh-dedupe";
import { revocationFeed } from "@/lib/revocation-feed.server";
import { loginUrlFor, REQUESTED_PATH_HEADER, SOCIAL_CALLBACK_PREFIX } from "@/lib/routes";
import { refreshCookieMayBeWithheld } from "@/lib/same-site-bounce";
import {
  decodeSocialFlow,
  encodeSocialFlow,
  SOCIAL_FLOW_MAX_AGE,
  type SocialFlow,
} from "@/lib/social-flow";

/** The only module that reads or writes the auth cookies. */

// The __Host- prefix makes the browser refuse the cookie unless it is Secure, Path=/ and host-only.
export const ACCESS_COOKIE = env.cookieSecure ? "__Host-access" : "access";
export const REFRESH_COOKIE = env.cookieSecure ? "__Host-refresh" : "refresh";

// Sign-in in progress: the second step's mfa_token and a passwordless login's challenge_token. Short-lived and
// httpOnly like the tokens, so page JavaScript never holds anything that could finish a sign-in elsewhere.
export const MFA_PENDING_COOKIE = env.cookieSecure ? "__Host-mfa-pending" : "mfa-pending";
export const PASSKEY_CHALLENGE_COOKIE = env.cookieSecure
  ? "__Host-passkey-challenge"
  : "passkey-challenge";
// A social sign-in between its start and the provider's redirect back. __Secure-, not __Host-: that prefix demands
// Path=/, and this cookie is scoped to the callback so no other request carries it.
export const SOCIAL_FLOW_COOKIE = env.cookieSecure ? "__Secure-social-flow" : "social-flow";
// Left behind when a session ends in this browser (logout, a session found dead), until the next sign-in: another
// tab asked to log in can then say "You were signed out" rather than treat the user as a new visitor. Holds nothing
// but "1", and lasts as long as the browser session.
export const SIGNED_OUT_COOKIE = env.cookieSecure ? "__Host-signed-out" : "signed-out";
/** The backend's mfa_token lives 5 minutes; the cookie no longer. */
const SIGN_IN_STEP_MAX_AGE = 5 * 60;

// An access token this close to expiry is refreshed already, so it cannot lapse between proxy.ts and the backend call.
const EXPIRY_LEEWAY_SECONDS = 1;

export type SessionTokens = { access: string; refresh: string };

type CookieWrite = {
  name: string;
  value: string;
  httpOnly: true;
  sameSite: "lax" | "strict";
  path: "/";
  secure: boolean;
  maxAge: number;
};

function expiresAt(token: string): number | null {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" ? exp : null;
  } catch {
    return null;
  }
}

function secondsLeft(token: string): number {
  const exp = expiresAt(token);
  return exp === null ? 0 : exp - Math.floor(Date.now() / 1000);
}

// ASVS 3.3.2. The refresh token is Strict: no request another site starts carries it, not even a link, so a forged
// request can never make this server refresh (or log out) with it; proxy.ts's same-site bounce gets it back for
// links from elsewhere. The access token stays Lax so that such a link still opens a page while it is live.
// Path=/ for both: the __Host- prefix requires it, and the refresh cookie is read on every protected page, the
// guest pages, /logout, the social callback and the home page, which share no narrower path.
function sameSiteOf(name: string): CookieWrite["sameSite"] {
  return name === REFRESH_COOKIE ? "strict" : "lax";
}

function tokenCookie(name: string, token: string): CookieWrite {
  return {
    name,
    value: token,
    httpOnly: true,
    sameSite: sameSiteOf(name),
    path: "/",
    secure: env.cookieSecure,
    maxAge: Math.max(0, secondsLeft(token)),
  };
}

// Deleting needs the same attributes as setting: browsers ignore a __Host- cookie written without Secure.
function expiredCookie(name: string): CookieWrite {
  return { ...tokenCookie(name, ""), maxAge: 0 };
}

function sessionCookies(tokens: SessionTokens): CookieWrite[] {
  return [tokenCookie(ACCESS_COOKIE, tokens.access), tokenCookie(REFRESH_COOKIE, tokens.refresh)];
}

function signedOutMarker(present: boolean) {
  return {
    name: SIGNED_OUT_COOKIE,
    value: present ? "1" : "",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.cookieSecure,
    ...(present ? {} : { maxAge: 0 }),
  } as const;
}

function clearedCookies() {
  return [expiredCookie(ACCESS_COOKIE), expiredCookie(REFRESH_COOKIE), signedOutMarker(true)];
}

// ---- Server actions and server components -------------------------------------------------------------------

/**
 * Stores a pair this server was given outside a refresh (sign-in, step-up, credential change: the old session
 * ended); `user`, the user object a sign-in answered with, lets the next page skip asking for it. The pair it
 * replaces is recorded as superseded (see sessionAfterRefresh).
 */
export async function setSessionTokens(tokens: SessionTokens, user?: User): Promise<void> {
  const store = await cookies();
  const previous = store.get(REFRESH_COOKIE)?.value;
  if (previous && previous !== tokens.refresh) refreshDeduper().supersede(previous);
  await storeSessionTokens(tokens, user);
}

/** Writes the pair's cookies (and fills the display cache with `user`), recording nothing. */
async function storeSessionTokens(tokens: SessionTokens, user?: User): Promise<void> {
  const store = await cookies();
  for (const cookie of sessionCookies(tokens)) store.set(cookie);
  if (store.has(SIGNED_OUT_COOKIE)) store.set(signedOutMarker(false));
  // Straight from Django's answer to this server: its claims need no verification to name the session.
  const key = user ? displayKeyOf(tokens.access) : null;
  // When the sign-in's call began is not known here: as early as any call may have begun.
  if (user && key && String(user.id) === key.userId) {
    displayCache()?.fill(key, user, performance.now() - env.apiTimeoutMs);
  }
}

export async function clearSession(): Promise<void> {
  const store = await cookies();
  const key = displayKeyOf(store.get(ACCESS_COOKIE)?.value);
  if (key) displayCache()?.forgetSessions([key.sessionId]);
  for (const cookie of clearedCookies()) store.set(cookie);
}

/**
 * For an answer saying this request's session has ended (a 401 from the backend): clears the cookies, unless the
 * request's pair was superseded moments ago (see sessionAfterRefresh) and the browser holds the new one. This server
 * knows the pairs it replaced; for one replaced through another replica, presenting the refresh token asks Django
 * (401 session_superseded). A session that turns out to be live keeps its new pair. Logout and account deletion
 * use clearSession(), which always clears.
 */
export async function clearEndedSession(): Promise<void> {
  const refresh = (await cookies()).get(REFRESH_COOKIE)?.value;
  if (refresh && refreshDeduper().wasSuperseded(refresh)) return;
  if (refresh && secondsLeft(refresh) > 0) {
    const outcome = await refreshDeduper().refresh(refresh, await getClientContext());
    if (outcome.kind === "superseded") return;
    if (outcome.kind === "refreshed") return storeSessionTokens(outcome.tokens);
  }
  await clearSession();
}

/** After this server changed the signed-in user (name, language): the next page reads the user from Django. */
export async function forgetCurrentUser(): Promise<void> {
  const key = displayKeyOf((await cookies()).get(ACCESS_COOKIE)?.value);
  if (key) displayCache()?.forgetUsers([key.userId]);
}

// Only server actions on this origin read these, so SameSite=Strict costs nothing.
function signInStepCookie(name: string, value: string): CookieWrite {
  return {
    name,
    value,
    httpOnly: true,
    sameSite: "strict",
    path: "/",
    secure: env.cookieSecure,
    maxAge: value ? SIGN_IN_STEP_MAX_AGE : 0,
  };
}

/** Keeps login's mfa_token for the second step. */
export async function setPendingSignIn(mfaToken: string): Promise<void> {
  (await cookies()).set(signInStepCookie(MFA_PENDING_COOKIE, mfaToken));
}

export async function getPendingSignIn(): Promise<string | null> {
  return (await cookies()).get(MFA_PENDING_COOKIE)?.value || null;
}

export async function clearPendingSignIn(): Promise<void> {
  (await cookies()).set(signInStepCookie(MFA_PENDING_COOKIE, ""));
}

/** Keeps a passwordless login's challenge_token, by challenge, between its options and its answer. */
export async function addPasskeyChallenge(challenge: string, token: string): Promise<void> {
  const store = await cookies();
  const entries = withChallenge(decodeChallenges(store.get(PASSKEY_CHALLENGE_COOKIE)?.value), {
    challenge,
    token,
  });
  store.set(signInStepCookie(PASSKEY_CHALLENGE_COOKIE, encodeChallenges(entries)));
}

/** The challenge_token for the challenge a passkey answered, forgotten as it is handed out. */
export async function takePasskeyChallenge(challenge: string): Promise<string | null> {
  const store = await cookies();
  const entries = decodeChallenges(store.get(PASSKEY_CHALLENGE_COOKIE)?.value);
  const match = entries.find((entry) => entry.challenge === challenge);
  const rest = entries.filter((entry) => entry !== match);
  store.set(
    signInStepCookie(PASSKEY_CHALLENGE_COOKIE, rest.length > 0 ? encodeChallenges(rest) : ""),
  );
  return match?.token ?? null;
}

// SameSite=Lax, not Strict: the provider sends the browser back with a cross-site top-level GET, on which a
// Strict cookie would be withheld. Lax still keeps it off cross-site POSTs, frames and fetches.
function socialFlowCookie(value: string) {
  return {
    name: SOCIAL_FLOW_COOKIE,
    value,
    httpOnly: true,
    sameSite: "lax",
    path: SOCIAL_CALLBACK_PREFIX,
    secure: env.cookieSecure,
    maxAge: value ? SOCIAL_FLOW_MAX_AGE : 0,
  } as const;
}

/** Binds a social sign-in to this browser until the provider sends it back. One flow at a time: a new one replaces it. */
export async function setSocialFlow(flow: SocialFlow): Promise<void> {
  (await cookies()).set(socialFlowCookie(encodeSocialFlow(flow)));
}

/** The flow this browser started, forgotten as it is read: a callback URL works once, whatever happens next. */
export async function takeSocialFlow(): Promise<SocialFlow | null> {
  const store = await cookies();
  const flow = decodeSocialFlow(store.get(SOCIAL_FLOW_COOKIE)?.value);
  store.set(socialFlowCookie(""));
  return flow;
}

export async function getAccessToken(): Promise<string | null> {
  return (await cookies()).get(ACCESS_COOKIE)?.value ?? null;
}

export async function getRefreshToken(): Promise<string | null> {
  return (await cookies()).get(REFRESH_COOKIE)?.value ?? null;
}

/**
 * Whether this browser holds a session that has not expired, judged from the cookies alone, as proxy.ts does:
 * enough to choose which link to offer, never to grant anything.
 */
export async function holdsSession(): Promise<boolean> {
  const refresh = await getRefreshToken();
  return refresh !== null && secondsLeft(refresh) > 0;
}

export async function getClientContext(): Promise<ClientContext> {
  return clientContextFrom(await headers());
}

/**
 * The signed-in user, or null. Cached per request so layout and page share one answer. Without a call to Django
 * when the access token verifies locally, the revocation feed is trusted and says the session is live, and the
 * user's display data is cached; otherwise Django's GET /api/auth/me/ decides, and fills the cache.
 */
export const getCurrentUser = cache(async (): Promise<User | null> => {
  const access = (await cookies()).get(ACCESS_COOKIE)?.value;
  if (!access) return null;
  const known = await knownSession(access);
  if (known.kind === "revoked") return null;
  if (known.kind === "user") return known.user;
  const readStartedAt = performance.now();
  const result = await apiGetMe(access, await getClientContext());
  if (result.ok) {
    if (known.kind === "miss" && String(result.data.id) === known.key.userId) {
      displayCache()?.fill(known.key, result.data, readStartedAt);
    }
    return result.data;
  }
  if (result.status === 401) return null;
  throw new Error(`Could not load the signed-in user (backend status ${result.status}).`);
});

type KnownSession =
  | { kind: "user"; user: User }
  | { kind: "revoked" }
  | { kind: "miss"; key: DisplayKey }
  | { kind: "ask" };

/** What this server can say about the session without Django; "ask" whenever it cannot be sure. */
async function knownSession(access: string): Promise<KnownSession> {
  const feed = revocationFeed();
  const users = displayCache();
  if (!feed || !users) return { kind: "ask" };
  if ((await accessTokenVerifier()(access)) !== "valid") return { kind: "ask" };
  const key = displayKeyOf(access);
  if (!key) return { kind: "ask" };
  const { iat, exp } = decodeJwt(access);
  const lifetime = typeof iat === "number" && typeof exp === "number" ? exp - iat : 0;
  switch (feed.lookup(key.sessionId, lifetime)) {
    case "untrusted":
      return { kind: "ask" };
    case "revoked":
      users.forgetSessions([key.sessionId]);
      return { kind: "revoked" };
    case "live": {
      const user = users.get(key);
      return user ? { kind: "user", user } : { kind: "miss", key };
    }
  }
}

/** The session (`sid`) and user (`user_id`) an access token names, as the backend's tokens/jwt.py writes them. */
function displayKeyOf(access: string | undefined): DisplayKey | null {
  if (!access) return null;
  try {
    const { sid, user_id: userId } = decodeJwt(access);
    const named = (value: unknown) => typeof value === "string" || typeof value === "number";
    return named(sid) && named(userId) ? { sessionId: String(sid), userId: String(userId) } : null;
  } catch {
    return null;
  }
}

const DISPLAY_CACHE_KEY = Symbol.for("auth-frontend.display-cache");
const DISPLAY_CACHE_ENTRIES = 10_000;

/** The users of live sessions, kept while the revocation feed is there to say when to forget them. */
function displayCache(): DisplayCache<User> | null {
  const feed = revocationFeed();
  if (!feed) return null;
  const store = globalThis as typeof globalThis & { [DISPLAY_CACHE_KEY]?: DisplayCache<User> };
  if (!store[DISPLAY_CACHE_KEY]) {
    const users = new DisplayCache<User>({
      maxEntries: DISPLAY_CACHE_ENTRIES,
      maxReadMs: env.apiTimeoutMs,
    });
    // Invalidations before this point were not heard: nothing read earlier may be stored.
    users.forgetAll();
    feed.state.onInvalidate((change) => {
      if (change.all) users.forgetAll();
      users.forgetSessions(change.sessions);
      users.forgetUsers(change.users);
    });
    store[DISPLAY_CACHE_KEY] = users;
  }
  return store[DISPLAY_CACHE_KEY];
}

export type UserCheck =
  | { kind: "user"; user: User }
  | { kind: "signed-out" }
  | { kind: "unavailable" };

/** getCurrentUser() for a layout that shows its own frame when the backend cannot say who is signed in. */
export async function checkUser(): Promise<UserCheck> {
  try {
    const user = await getCurrentUser();
    return user ? { kind: "user", user } : { kind: "signed-out" };
  } catch {
    return { kind: "unavailable" };
  }
}

export async function requireUser(): Promise<User> {
  const user = await getCurrentUser();
  if (user) return user;
  // With an access token the backend refused, the session has ended; without one, the proxy let a guest through.
  const signedOut = (await cookies()).has(ACCESS_COOKIE);
  redirect(loginUrlFor((await headers()).get(REQUESTED_PATH_HEADER), { signedOut }));
}

export type FreshAccess =
  | { kind: "ok"; access: string }
  | { kind: "signed-out" }
  | { kind: "unavailable" };

/**
 * The access token for a route handler the proxy does not refresh for (the social sign-in handlers, which only
 * need a user when linking): refreshed here, through the same deduper, when it has expired.
 */
export async function getFreshAccessToken(): Promise<FreshAccess> {
  const store = await cookies();
  const access = store.get(ACCESS_COOKIE)?.value;
  if (access && (await hasLiveAccessToken(access))) return { kind: "ok", access };
  const refresh = store.get(REFRESH_COOKIE)?.value;
  if (!refresh || secondsLeft(refresh) <= 0) return { kind: "signed-out" };
  const session = sessionAfterRefresh(
    await refreshDeduper().refresh(refresh, await getClientContext()),
  );
  switch (session.state) {
    case "refreshed":
      // A refresh, not a new session: requests still carrying the old token get the same pair from the deduper.
      await storeSessionTokens(session.tokens);
      return { kind: "ok", access: session.tokens.access };
    case "anonymous":
      if (!session.clearCookies) return { kind: "unavailable" };
      await clearSession();
      return { kind: "signed-out" };
    case "active":
      return { kind: "unavailable" };
  }
}

// ---- proxy.ts --------------------------------------------------------------------------------------------------

export type ProxySession =
  | { state: "active" }
  | { state: "refreshed"; tokens: SessionTokens }
  | { state: "anonymous"; clearCookies: boolean };

type Deduper = ReturnType<typeof createRefreshDeduper<TokenPair, ClientContext>>;

// Kept on globalThis so every bundle loaded in this server process (proxy, app routes, dev reloads) shares one map.
const DEDUPER_KEY = Symbol.for("auth-frontend.refresh-deduper");

function refreshDeduper(): Deduper {
  const store = globalThis as typeof globalThis & { [DEDUPER_KEY]?: Deduper };
  store[DEDUPER_KEY] ??= createRefreshDeduper<TokenPair, ClientContext>(
    async (refresh, context) => refreshOutcomeOf(await apiRefresh(refresh, context)),
    { refreshTokenOf: (tokens) => tokens.refresh },
  );
  return store[DEDUPER_KEY];
}

type AccessTokenVerifier = (token: string) => Promise<AccessTokenVerdict>;

const VERIFIER_KEY = Symbol.for("auth-frontend.access-token-verifier");

/**
 * Verifies access tokens against the API's published keys. jose caches the key set, refetches it when a token
 * names an unknown kid (key rotation), but at most every 30 s, so forged kids cannot make us hammer the API.
 */
function accessTokenVerifier(): AccessTokenVerifier {
  const store = globalThis as typeof globalThis & { [VERIFIER_KEY]?: AccessTokenVerifier };
  store[VERIFIER_KEY] ??= createAccessTokenVerifier(
    createRemoteJWKSet(new URL(`${env.apiUrl}/api/auth/jwks/`), {
      cooldownDuration: 30_000,
      // Short: without the keys a token is only checked for expiry (requireUser() asks the backend anyway), and
      // the render that follows has its own READ_TIMEOUT_MS to spend.
      timeoutDuration: Math.min(READ_TIMEOUT_MS, 1_000),
    }),
    { audience: env.jwtAudience, issuer: env.jwtIssuer },
  );
  return store[VERIFIER_KEY];
}

async function hasLiveAccessToken(access: string | undefined): Promise<boolean> {
  if (!access || secondsLeft(access) <= EXPIRY_LEEWAY_SECONDS) return false;
  switch (await accessTokenVerifier()(access)) {
    case "valid":
      return true;
    case "unverifiable":
      // Without the key set only the expiry can be checked; requireUser() asks the backend anyway.
      return true;
    case "expired":
    case "invalid":
      return false;
  }
}

/**
 * Decides without calling Django, unless a refresh is due, whether the request looks signed in: the access
 * token's signature, audience, issuer and expiry are checked locally against the API's JWKS.
 */
export async function resolveProxySession(request: NextRequest): Promise<ProxySession> {
  const access = request.cookies.get(ACCESS_COOKIE)?.value;
  const refresh = request.cookies.get(REFRESH_COOKIE)?.value;
  if (await hasLiveAccessToken(access)) {
    return { state: "active" };
  }
  if (!refresh || secondsLeft(refresh) <= 0) {
    // Withheld by SameSite=Strict, a missing refresh cookie proves nothing: clearing would sign the user out.
    const ended = refresh !== undefined || !refreshCookieMayBeWithheld(request.headers);
    return { state: "anonymous", clearCookies: Boolean(access || refresh) && ended };
  }
  return sessionAfterRefresh(
    await refreshDeduper().refresh(refresh, clientContextFrom(request.headers)),
  );
}

/**
 * For guest-only pages, where a signed-in user is sent away: a locally valid token may belong to a session that
 * was revoked elsewhere, and requireUser() sends such a user here. Bouncing them back would loop until the
 * token expires, so here (and only here, a rare path) the backend is asked, and a dead session is cleared.
 */
export async function resolveGuestPageSession(request: NextRequest): Promise<ProxySession> {
  const session = await resolveProxySession(request);
  const access = request.cookies.get(ACCESS_COOKIE)?.value;
  if (session.state !== "active" || !access) return session;

  const context = clientContextFrom(request.headers);
  const me = await apiGetMe(access, context);
  if (me.status !== 401) return session;
  const refresh = request.cookies.get(REFRESH_COOKIE)?.value;
  if (!refresh) {
    return { state: "anonymous", clearCookies: !refreshCookieMayBeWithheld(request.headers) };
  }
  return sessionAfterRefresh(await refreshDeduper().refresh(refresh, context));
}

/**
 * What presenting a refresh token came to. A request the page sent before this server gave the browser a new pair (a
 * passkey added while the navigation links were prefetched) carries a superseded pair, and its answer can arrive
 * after the new cookies: the deduper then says "superseded" and nothing is written. Clearing would delete the new
 * pair, and writing a replayed older pair would replace it.
 */
function sessionAfterRefresh(outcome: RefreshOutcome<TokenPair>): ProxySession {
  switch (outcome.kind) {
    case "refreshed":
      return { state: "refreshed", tokens: outcome.tokens };
    case "superseded":
      return { state: "anonymous", clearCookies: false };
    case "rejected":
      return { state: "anonymous", clearCookies: true };
    case "unavailable":
      return { state: "anonymous", clearCookies: false };
  }
}

/** Whether the request carried the refresh cookie (proxy.ts's same-site bounce asks). */
export function sentRefreshCookie(request: NextRequest): boolean {
  return request.cookies.has(REFRESH_COOKIE);
}

export function isSignedIn(session: ProxySession): boolean {
  return session.state !== "anonymous";
}

/** For a request found signed out: did this browser have a session that ended, or has it never signed in? */
export function hadSession(request: NextRequest, session: ProxySession): boolean {
  return (
    (session.state === "anonymous" && session.clearCookies) ||
    request.cookies.has(SIGNED_OUT_COOKIE)
  );
}

function writeSessionCookies(response: NextResponse, session: ProxySession): NextResponse {
  const writes =
    session.state === "refreshed"
      ? sessionCookies(session.tokens)
      : session.state === "anonymous" && session.clearCookies
        ? clearedCookies()
        : [];
  for (const cookie of writes) response.cookies.set(cookie);
  return response;
}

/**
 * Continues to the route. New tokens go both to the browser and into this request's Cookie header, so the
 * server components rendering this same request already use the new access token.
 */
export function continueWithSession(
  request: NextRequest,
  session: ProxySession,
  extraRequestHeaders: Record<string, string> = {},
  responseHeaders: Record<string, string> = {},
): NextResponse {
  const requestHeaders = new Headers(request.headers);
  for (const [name, value] of Object.entries(extraRequestHeaders)) requestHeaders.set(name, value);

  if (session.state === "refreshed" || (session.state === "anonymous" && session.clearCookies)) {
    const jar = new Map(request.cookies.getAll().map(({ name, value }) => [name, value]));
    jar.delete(ACCESS_COOKIE);
    jar.delete(REFRESH_COOKIE);
    if (session.state === "refreshed") {
      jar.set(ACCESS_COOKIE, session.tokens.access);
      jar.set(REFRESH_COOKIE, session.tokens.refresh);
    }
    const cookieHeader = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    if (cookieHeader) requestHeaders.set("cookie", cookieHeader);
    else requestHeaders.delete("cookie");
  }

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(responseHeaders)) response.headers.set(name, value);
  return writeSessionCookies(response, session);
}

export function redirectWithSession(
  url: URL,
  session: ProxySession,
  responseHeaders: Record<string, string> = {},
): NextResponse {
  const response = NextResponse.redirect(url);
  for (const [name, value] of Object.entries(responseHeaders)) response.headers.set(name, value);
  return writeSessionCookies(response, session);
}

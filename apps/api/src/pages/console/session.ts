/**
 * The console's session, kept by the browser: the session's bearer token (an access token of kind
 * `session`, started by opening an invite) in an HttpOnly cookie — never readable by a script, sent
 * only to this site (SameSite=Lax), only over https when the request came over https (directly, or
 * through a trusted proxy: the `https` flag `http/app.ts` sets, as for HSTS).
 *
 * Every console route gets the caller's bearer from the cookie (`bearerOf`) and makes its API calls
 * with it (`PageAuthorization`), so the API authorises each call exactly as it would that person's
 * own client. Forms carry a CSRF token in a hidden field: an HMAC of a fixed label keyed by the
 * session's token — tied to the session, unknowable without the cookie, nothing to store — checked
 * on every POST.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto"
import { AccessToken } from "@bishui/domain"
import { Effect, Exit } from "effect"
import type { Context } from "hono"
import { deleteCookie, getCookie, setCookie } from "hono/cookie"
import { parse } from "hono/utils/cookie"
import { PageAuthorization, type PageClient, PageRequestId } from "../client.ts"

/** The cookie holding the session's token. `__Host-` when over https: no Domain, Path=/, Secure. */
export const sessionCookieName = (secure: boolean): string =>
  secure ? "__Host-bishui_session" : "bishui_session"

/** A console session lasts as long as its token (14 days); the cookie no longer. */
const cookieMaxAge = 14 * 86_400

/** Whether the request reached the server over https (directly or through a trusted proxy). */
export const isHttps = (c: Context): boolean =>
  (c.get("https" as never) as boolean | undefined) === true || new URL(c.req.url).protocol === "https:"

/** The session token of a request's cookie, when it has the form of one. */
export const sessionTokenOf = (c: Context): string | undefined => {
  const token = getCookie(c, sessionCookieName(isHttps(c)))
  return token !== undefined && AccessToken.parseToken(token) !== undefined ? token : undefined
}

/**
 * Whose a request's private pages are, for the pages' cache (`page-cache.ts`): a hash of the session
 * tokens its cookies carry (under either name — the one a page is rendered with is among them), or
 * undefined without one. Read from the request alone, so the front door finds the same copy.
 */
export const sessionScopeOf = (request: Request): string | undefined => {
  const header = request.headers.get("cookie")
  if (header === null) return undefined
  const cookies = parse(header)
  const tokens = [sessionCookieName(true), sessionCookieName(false)]
    .map((name) => cookies[name])
    .filter((token): token is string => token !== undefined && AccessToken.parseToken(token) !== undefined)
  return tokens.length === 0 ? undefined : createHash("sha256").update(tokens.join(" ")).digest("base64url")
}

/**
 * The caller's credential as `PageAuthorization` takes it (`Bearer bsh_…`), or undefined when the
 * request has no session cookie. The record pages take this as their `bearerOf`.
 */
export const bearerOf = (c: Context): string | undefined => {
  const token = sessionTokenOf(c)
  return token === undefined ? undefined : `Bearer ${token}`
}

export const startSession = (c: Context, token: string): void => {
  const secure = isHttps(c)
  setCookie(c, sessionCookieName(secure), token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure,
    maxAge: cookieMaxAge
  })
}

export const endSession = (c: Context): void => {
  const secure = isHttps(c)
  deleteCookie(c, sessionCookieName(secure), { path: "/", secure, httpOnly: true, sameSite: "Lax" })
}

/** The CSRF token of a session: HMAC-SHA256 of a fixed label, keyed by the session's token. */
export const csrfTokenOf = (sessionToken: string): string =>
  createHmac("sha256", sessionToken).update("bishui console form").digest("base64url")

/** Whether a form's CSRF token is the one of the session (constant time). */
export const csrfMatches = (sessionToken: string, presented: unknown): boolean => {
  if (typeof presented !== "string") return false
  const expected = Buffer.from(csrfTokenOf(sessionToken))
  const given = Buffer.from(presented)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** The hidden field every console form carries. */
export const csrfField = "csrf"

/** What an API call came to, for a page: its value, or the status the page answers with. */
export type Outcome<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly status: 401 | 403 | 404 | 422 | 503; readonly detail?: string | undefined }

const statusOf = (tag: unknown): 401 | 403 | 404 | 422 | 503 =>
  tag === "Unauthorized"
    ? 401
    : tag === "Forbidden"
      ? 403
      : tag === "NotFound"
        ? 404
        : tag === "Unprocessable" || tag === "Conflict"
          ? 422
          : 503

/**
 * Run API calls through the typed client with a credential (or none): the typed value, or the status
 * of the problem it failed with and the problem's detail (shown to the person: written for people).
 */
export const callApi = async <A, E>(
  client: PageClient | undefined,
  requestId: string,
  authorization: string | undefined,
  use: (client: PageClient) => Effect.Effect<A, E>
): Promise<Outcome<A>> => {
  if (client === undefined) return { ok: false, status: 503 }
  const exit = await Effect.runPromiseExit(
    use(client).pipe(
      Effect.provideService(PageRequestId, requestId),
      Effect.provideService(PageAuthorization, authorization)
    )
  )
  if (Exit.isSuccess(exit)) return { ok: true, value: exit.value }
  const failure = exit.cause.reasons.find((reason) => reason._tag === "Fail") as
    | { readonly error: { readonly _tag?: unknown; readonly detail?: unknown } }
    | undefined
  const error = failure?.error
  return {
    ok: false,
    status: statusOf(error?._tag),
    detail: typeof error?.detail === "string" ? error.detail : undefined
  }
}

/** A signed-in request: its session token, its form token, and API calls made as that person. */
export interface Session {
  readonly token: string
  readonly bearer: string
  readonly csrf: string
  readonly call: <A, E>(use: (client: PageClient) => Effect.Effect<A, E>) => Promise<Outcome<A>>
}

/**
 * The session of a request, or undefined when it has none (the route then answers with the page that
 * says a sign-in is needed). A session the API no longer accepts (revoked, expired) shows up as a 401
 * from the first call; the routes then end it too.
 */
export const requireSession = (c: Context, client: () => PageClient | undefined): Session | undefined => {
  const token = sessionTokenOf(c)
  if (token === undefined) return undefined
  const bearer = `Bearer ${token}`
  const requestId = (c.get("requestId" as never) as string | undefined) ?? "none"
  return {
    token,
    bearer,
    csrf: csrfTokenOf(token),
    call: (use) => callApi(client(), requestId, bearer, use)
  }
}

/**
 * What the record pages take (`options.bearerOf`, `options.client`): the caller's credential from the
 * session cookie, and the API's typed client. The routes put the credential in `PageAuthorization`.
 */
export const consolePageOptions = (client: () => PageClient | undefined) => ({ bearerOf, client })

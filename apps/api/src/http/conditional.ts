/**
 * Conditional reads: a GET whose `If-None-Match` names the ETag of what it would get back is answered
 * `304 Not Modified`, without the body. ETags are records' versions (`"3"`); what a read returns also
 * depends on the token (personal data is masked for some roles), so a response with an ETag to a
 * request with a token varies by `Authorization`.
 */
import type { MiddlewareHandler } from "hono"

const opaque = (tag: string): string => tag.trim().replace(/^W\//, "")

/** Weak comparison (RFC 9110 §13.1.2): `W/"3"` matches `"3"`; `*` matches any ETag. */
export const noneMatch = (ifNoneMatch: string, etag: string): boolean => {
  if (ifNoneMatch.trim() === "*") return true
  const current = opaque(etag)
  return ifNoneMatch.split(",").some((tag) => opaque(tag) === current)
}

/** Headers a 304 keeps from the 200 it stands for (RFC 9110 §15.4.5), and ours. */
const kept = ["etag", "vary", "cache-control", "content-location", "date", "expires", "x-request-id"]

export const conditionalReads = (): MiddlewareHandler => async (c, next) => {
  await next()
  const response = c.res
  const etag = response.headers.get("etag")
  if (etag === null) return
  if (c.req.header("authorization") !== undefined) response.headers.append("vary", "Authorization")
  const ifNoneMatch = c.req.header("if-none-match")
  if (ifNoneMatch === undefined || response.status !== 200) return
  if (c.req.method !== "GET" && c.req.method !== "HEAD") return
  if (!noneMatch(ifNoneMatch, etag)) return
  const headers = new Headers()
  for (const name of kept) {
    const value = response.headers.get(name)
    if (value !== null) headers.set(name, value)
  }
  // Assigning `c.res` merges the old response's headers into the new one (Content-Length…): clear it.
  c.res = undefined
  c.res = new Response(null, { status: 304, headers })
}

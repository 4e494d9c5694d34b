/**
 * A fixed-window rate limit per client address, for the public endpoints: `limit` requests a minute,
 * then 429 problems with `Retry-After` until the window turns. In memory, per process.
 */
import type { MiddlewareHandler } from "hono"
import { problemResponse } from "./problem.ts"

export interface RateLimitOptions {
  readonly limit: number
  readonly windowMs?: number
  /** The client's address; behind no proxy, the socket's. */
  readonly clientOf: (request: Request, env: unknown) => string
  readonly now?: () => number
}

export const rateLimit = (options: RateLimitOptions): MiddlewareHandler => {
  const windowMs = options.windowMs ?? 60_000
  const now = options.now ?? Date.now
  let windowStart = now()
  let counts = new Map<string, number>()
  return async (c, next) => {
    const at = now()
    if (at - windowStart >= windowMs) {
      // A new window forgets every client: memory stays bounded by one window's clients.
      windowStart = at
      counts = new Map()
    }
    const client = options.clientOf(c.req.raw, c.env)
    const count = (counts.get(client) ?? 0) + 1
    counts.set(client, count)
    if (count > options.limit) {
      const retryAfter = Math.max(1, Math.ceil((windowStart + windowMs - at) / 1000))
      return problemResponse(
        "too-many-requests",
        `at most ${options.limit} requests a minute to the public endpoints; try again in ${retryAfter} s`,
        { "retry-after": String(retryAfter) }
      )
    }
    return next()
  }
}

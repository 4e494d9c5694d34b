/**
 * A fixed-window rate limit per client address: `limit` requests a window (a minute unless said),
 * then 429 problems with `Retry-After` until the window turns. In memory, per process. The same
 * limiter keeps the public endpoints' budget and the residents' narrower ones (`resident-quotas.ts`:
 * reports an hour, one "me too" a day per problem) by what it counts — the client's address and,
 * say, the case (`scope`) — and what it says when the budget is spent. One budget may guard several
 * routes that answer differently (the API with a problem, a page with a page): `budget(...)` gives
 * the counter, and each route its own `refuse`.
 */
import type { Context, MiddlewareHandler } from "hono"
import { problemResponse } from "./problem.ts"

export interface RateLimitOptions {
  readonly limit: number
  readonly windowMs?: number
  /** The client's address; behind no proxy, the socket's. */
  readonly clientOf: (request: Request, env: unknown) => string
  readonly now?: () => number
  /** What else the count is per, besides the client (e.g. the case followed); nothing by default. */
  readonly scope?: (c: Context) => string
  /** What a refused request is told, in Chinese and English; the public endpoints' budget by default. */
  readonly message?: (retryAfterSeconds: number) => string
}

/** How a route answers a refused request; a 429 problem unless it says otherwise. */
export type Refuse = (c: Context, retryAfterSeconds: number, message: string) => Response | Promise<Response>

/**
 * One budget: a middleware for each route it guards, all counting together; `take` counts a request
 * where no middleware runs (the pages' front door, see `page-cache.ts`).
 */
export const budget = (options: RateLimitOptions) => {
  const windowMs = options.windowMs ?? 60_000
  const now = options.now ?? Date.now
  let windowStart = now()
  let counts = new Map<string, number>()
  const message =
    options.message ??
    ((retryAfter: number) =>
      `at most ${options.limit} requests a minute to the public endpoints; try again in ${retryAfter} s`)
  /** Counts one request under `key`: `undefined` within the budget, else the seconds until the window turns. */
  const take = (key: string): number | undefined => {
    const at = now()
    if (at - windowStart >= windowMs) {
      // A new window forgets every client: memory stays bounded by one window's clients.
      windowStart = at
      counts = new Map()
    }
    const count = (counts.get(key) ?? 0) + 1
    counts.set(key, count)
    return count > options.limit ? Math.max(1, Math.ceil((windowStart + windowMs - at) / 1000)) : undefined
  }
  const guard =
    (refuse?: Refuse): MiddlewareHandler =>
    async (c, next) => {
      const client = options.clientOf(c.req.raw, c.env)
      const retryAfter = take(options.scope === undefined ? client : `${client}\u0000${options.scope(c)}`)
      if (retryAfter === undefined) return next()
      const headers = { "retry-after": String(retryAfter) }
      if (refuse === undefined) return problemResponse("too-many-requests", message(retryAfter), headers)
      const refused = await refuse(c, retryAfter, message(retryAfter))
      refused.headers.set("retry-after", headers["retry-after"])
      return refused
    }
  return Object.assign(guard, { take })
}

export const rateLimit = (options: RateLimitOptions): MiddlewareHandler => budget(options)()

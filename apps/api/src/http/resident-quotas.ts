/**
 * What one client may ask of the residents' intake, whichever way it comes — the public API or the
 * signboard pages' forms (which call the API in process, past the HTTP middleware, so both count
 * here together): a few problem reports an hour, and one "me too" a day per problem, so a count of
 * followers means people, not one phone pressing a button. In memory, per process, as the public
 * rate limit is.
 */
import type { Context } from "hono"
import { budget } from "./rate-limit.ts"

export interface ResidentQuotaOptions {
  readonly clientOf: (request: Request, env: unknown) => string
  /** Problem reports an hour one client may make; 10 by default. */
  readonly reportsPerHour?: number
  readonly now?: () => number
}

export const makeResidentQuotas = (options: ResidentQuotaOptions) => {
  const reportsPerHour = options.reportsPerHour ?? 10
  const common = { clientOf: options.clientOf, ...(options.now === undefined ? {} : { now: options.now }) }
  return {
    /** Reports (new or again) per client an hour. */
    report: budget({
      ...common,
      limit: reportsPerHour,
      windowMs: 3_600_000,
      message: (retryAfter) =>
        `每小时最多反映 ${reportsPerHour} 个问题，请 ${Math.ceil(retryAfter / 60)} 分钟后再试，或拨打监督电话 / at most ${reportsPerHour} reports an hour from one device; try again in ${Math.ceil(retryAfter / 60)} min, or call the supervision phone`
    }),
    /** "Me too" once a day per client and problem; the route's `caseId` parameter names the problem. */
    follow: budget({
      ...common,
      limit: 1,
      windowMs: 86_400_000,
      scope: (c: Context) => `${c.req.param("tenantId") ?? ""}\u0000${c.req.param("caseId") ?? ""}`,
      message: () =>
        "您今天已经对这个问题点过“我也遇到”了 / you have already said “me too” to this problem today"
    })
  }
}

export type ResidentQuotas = ReturnType<typeof makeResidentQuotas>

/** Handlers of the zones group: zones and their patrol logs. */
import { Zone } from "@bishui/domain"
import { Zones } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { ZonesResource } from "../api/Resources.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { Remembered } from "./idempotency.ts"
import { problems } from "./problems.ts"
import { resourceHandlers } from "./resource.ts"
import { pageEncoder, withEtag } from "./respond.ts"
import { correctionHandlers } from "./voiding.ts"

export const ZonesHandlers = HttpApiBuilder.group(
  Api,
  "zones",
  Effect.fn(function* (handlers) {
    const zones = yield* Zones.Zones
    const remembered = yield* Remembered
    const described = yield* resourceHandlers(ZonesResource)

    const patrolPage = pageEncoder(Zone.PatrolLog)
    const zoneOf = (tenantId: string, id: string) => Effect.map(zones.get(tenantId, id), (z) => z.record)
    /** Who may write a patrol: a secretary of its zone's branch, or its own member. */
    const authorizePatrol = (patrol: Zone.PatrolLog) =>
      Effect.gen(function* () {
        const principal = yield* CurrentPrincipal
        const zone = yield* problems(zoneOf(principal.tenantId, patrol.zoneId)).pipe(Effect.orDie)
        yield* authorize(principal.role === "member" ? "recordOwn" : "manage", {
          branchId: zone.branchId,
          memberId: patrol.memberId
        })
      })
    const patrolCorrections = yield* correctionHandlers({ kind: "patrol_log", authorize: authorizePatrol })

    return handlers
      .handle("list", described.list)
      .handle("get", described.get)
      .handle("void", described.void)
      .handle("restore", described.restore)
      .handle("getPatrol", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const stored = yield* problems(zones.getPatrol(principal.tenantId, params.id))
          const zone = yield* problems(zoneOf(principal.tenantId, stored.record.zoneId))
          yield* authorize("read", { branchId: zone.branchId })
          return withEtag(stored)
        })
      )
      .handle("voidPatrol", patrolCorrections.void)
      .handle("restorePatrol", patrolCorrections.restore)
      .handle("create", described.create)
      .handle("update", described.update)
      .handle("listPatrols", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          if (query.zoneId !== undefined) {
            const zone = yield* problems(zoneOf(principal.tenantId, query.zoneId))
            yield* authorize("read", { branchId: zone.branchId })
          } else if (principal.role !== "admin") {
            // Patrols carry a zone, not a branch: outside admins, a list names its zone.
            yield* authorize("read", { branchId: undefined })
          }
          return patrolPage(
            yield* zones.listPatrols(principal.tenantId, {
              where: { zone_id: query.zoneId, member_id: query.memberId },
              from: query.from,
              to: query.to,
              after: query.after,
              limit: query.limit,
              includeVoided: query.include === "voided"
            })
          )
        })
      )
      .handle("recordPatrol", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const zone = yield* problems(zoneOf(principal.tenantId, payload.zoneId))
          const member = principal.role === "member" ? principal.memberId : payload.memberId
          yield* authorize(principal.role === "member" ? "recordOwn" : "manage", {
            branchId: zone.branchId,
            memberId: payload.memberId
          })
          const patrol = {
            ...payload,
            memberId: member ?? payload.memberId,
            tenantId: principal.tenantId
          } as Zone.PatrolLog
          return yield* remembered(
            headers["idempotency-key"],
            "patrols.record",
            payload,
            Zone.PatrolLog,
            problems(zones.recordPatrol(patrol))
          )
        })
      )
  })
)

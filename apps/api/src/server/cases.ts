/**
 * Handlers of the cases group: cases opened, walked through their stages, or — a resident's report —
 * closed as spam or a duplicate; each answered with its timing at the time of the answer (due times
 * met or overdue, stage durations); the reporter of a resident's case redacted for who may not see
 * personal data.
 */
import { Calendar, Case, CaseTiming, Redaction } from "@bishui/domain"
import { Cases, type Store } from "@bishui/services"
import { Clock, Effect } from "effect"
import { HttpApiBuilder, HttpApiSchema } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { CaseView } from "../api/Resources.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize, listScope } from "./access.ts"
import { redactor } from "./guards.ts"
import { Remembered } from "./idempotency.ts"
import { problems } from "./problems.ts"
import { envelope, etagOf, expectedVersion } from "./respond.ts"

const redactCase = redactor(Redaction.redactCase, (c: Case.Case) => c.branchId)

/** The member the case is assigned to now: the assignee of its latest `assigned` stage. */
const assigneeOf = (c: Case.Case) => c.stages.findLast((s) => s.assigneeId !== undefined)?.assigneeId

/** For the current principal, now: a case as the API shows it — redacted as it may see it, with its timing. */
const caseView = Effect.gen(function* () {
  const redact = yield* redactCase
  const now = Calendar.instantFromMillis(yield* Clock.currentTimeMillis)
  return (c: Case.Case) => ({ ...redact(c), timing: CaseTiming.timingOf(c, now) })
})

type View = ReturnType<Effect.Success<typeof caseView>>

const withEtag = (stored: Store.Versioned<Case.Case>, view: (c: Case.Case) => View) =>
  HttpApiSchema.withHeaders({
    body: { ...envelope(stored), data: view(stored.record) },
    headers: { etag: etagOf(stored.version) }
  })

export const CasesHandlers = HttpApiBuilder.group(
  Api,
  "cases",
  Effect.fn(function* (handlers) {
    const cases = yield* Cases.Cases
    const remembered = yield* Remembered

    return handlers
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const branchId = yield* listScope(query.branchId)
          const found = yield* cases.list(principal.tenantId, {
            where: { branch_id: branchId, zone_id: query.zoneId, kind: query.kind, status: query.status },
            overdue: query.overdue === undefined ? undefined : query.overdue === "true",
            from: query.from,
            to: query.to,
            after: query.after,
            limit: query.limit
          })
          const view = yield* caseView
          return {
            items: found.items.map((stored) => ({ ...envelope(stored), data: view(stored.record) })),
            ...(found.next === undefined ? {} : { next: found.next })
          }
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const stored = yield* problems(cases.get(principal.tenantId, params.id))
          yield* authorize("read", { branchId: stored.record.branchId })
          return withEtag(stored, yield* caseView)
        })
      )
      .handle("open", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          // A member reports what it found, as the first stage's actor; secretaries open any case.
          const actorId = payload.actorId ?? principal.memberId
          yield* authorize(principal.role === "member" ? "recordOwn" : "manage", {
            branchId: payload.branchId,
            memberId: actorId
          })
          const opened = {
            ...payload,
            ...(actorId === undefined ? {} : { actorId }),
            tenantId: principal.tenantId
          } as Cases.OpenCase
          const view = yield* caseView
          return yield* remembered(
            headers["idempotency-key"],
            "cases.open",
            payload,
            CaseView,
            Effect.map(problems(cases.open(opened)), (stored) => ({ ...stored, record: view(stored.record) }))
          )
        })
      )
      .handle("close", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const current = (yield* problems(cases.get(principal.tenantId, params.id))).record
          yield* authorize("manage", { branchId: current.branchId })
          if (payload.duplicateOf !== undefined) {
            // the case it duplicates must be one the token may read
            const target = yield* problems(cases.get(principal.tenantId, payload.duplicateOf))
            yield* authorize("read", { branchId: target.record.branchId })
          }
          const actorId = payload.actorId ?? principal.memberId
          const closure = { ...payload, ...(actorId === undefined ? {} : { actorId }) } as Cases.CloseCase
          const version = yield* expectedVersion(headers["if-match"])
          return withEtag(
            yield* problems(cases.close(principal.tenantId, params.id, closure, version)),
            yield* caseView
          )
        })
      )
      .handle("advance", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const current = (yield* problems(cases.get(principal.tenantId, params.id))).record
          if (principal.role === "member") {
            // A member fixes what was assigned to it; the other steps are the secretaries'.
            if (params.stage !== Case.fixedStage(current.kind)) {
              yield* authorize("manage", { branchId: current.branchId })
            }
            yield* authorize("recordOwn", { branchId: current.branchId, memberId: assigneeOf(current) })
            yield* authorize("recordOwn", {
              branchId: current.branchId,
              memberId: payload.actorId ?? principal.memberId
            })
          } else {
            yield* authorize("manage", { branchId: current.branchId })
          }
          const actorId = payload.actorId ?? principal.memberId
          const step = {
            ...payload,
            ...(actorId === undefined ? {} : { actorId }),
            stage: params.stage
          } as Cases.CaseStep
          const version = yield* expectedVersion(headers["if-match"])
          return withEtag(
            yield* problems(cases.advance(principal.tenantId, params.id, step, version)),
            yield* caseView
          )
        })
      )
  })
)

/**
 * Handlers of the cases group: cases opened, walked through their stages, or — a resident's report —
 * closed as spam or a duplicate; each answered with its timing at the time of the answer (due times
 * met or overdue, stage durations); the reporter of a resident's case redacted for who may not see
 * personal data.
 */
import { Calendar, Case, CaseTiming, Errors, Redaction } from "@bishui/domain"
import { CasePhotos, Cases, Organisations } from "@bishui/services"
import { Clock, Effect } from "effect"
import { HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { CaseView } from "../api/Resources.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize, branchesWithin } from "./access.ts"
import { oneRange, redactor } from "./guards.ts"
import { Remembered } from "./idempotency.ts"
import { problems } from "./problems.ts"
import { expectedVersion, page, withEtag } from "./respond.ts"
import { correctionHandlers } from "./voiding.ts"

const redactCase = redactor(Redaction.redactCase, (c: Case.Case) => c.branchId)

/** The member the case is assigned to now: the assignee of its latest `assigned` stage. */
const assigneeOf = (c: Case.Case) => c.stages.findLast((s) => s.assigneeId !== undefined)?.assigneeId

/** For the current principal, now: a case as the API shows it — redacted as it may see it, with its timing. */
const caseView = Effect.gen(function* () {
  const redact = yield* redactCase
  const now = Calendar.instantFromMillis(yield* Clock.currentTimeMillis)
  return (c: Case.Case) => ({ ...redact(c), timing: CaseTiming.timingOf(c, now) })
})

export const CasesHandlers = HttpApiBuilder.group(
  Api,
  "cases",
  Effect.fn(function* (handlers) {
    const cases = yield* Cases.Cases
    const organisations = yield* Organisations.Organisations
    const photos = yield* CasePhotos.CasePhotos
    const remembered = yield* Remembered
    // A case is voided by the secretaries of its branch (a member who opened it cannot take it back).
    const corrections = yield* correctionHandlers({
      kind: "case",
      authorize: (c) => authorize("manage", { branchId: c.branchId }),
      view: caseView
    })

    return handlers
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const branchId = yield* branchesWithin(organisations, query.branchId, query.within)
          const range = yield* oneRange(
            { from: query.from, to: query.to },
            { orderBy: "fixed_at", from: query.fixedFrom, to: query.fixedTo },
            { zh: "修复时间", en: "fixing", names: ["fixedFrom", "fixedTo"] }
          )
          const found = yield* cases.list(principal.tenantId, {
            where: { branch_id: branchId, zone_id: query.zoneId, kind: query.kind, status: query.status },
            overdue: query.overdue === undefined ? undefined : query.overdue === "true",
            ...range,
            after: query.after,
            limit: query.limit,
            includeVoided: query.include === "voided"
          })
          return page(found, yield* caseView)
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
      .handle("photos", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const stored = yield* problems(cases.get(principal.tenantId, params.id))
          yield* authorize("read", { branchId: stored.record.branchId })
          const listed = yield* photos.list(principal.tenantId, stored.record.id)
          return listed.map((photo) => ({
            ...photo,
            url: `/v1/cases/${encodeURIComponent(stored.record.id)}/photos/${encodeURIComponent(photo.id)}`
          }))
        })
      )
      .handle("photo", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const stored = yield* problems(cases.get(principal.tenantId, params.id))
          yield* authorize("read", { branchId: stored.record.branchId })
          const found = yield* problems(photos.get(principal.tenantId, params.photoId))
          if (found.photo.caseId !== stored.record.id) {
            return yield* problems(
              Effect.fail(new Errors.NotFound({ entity: "case_photo", id: params.photoId }))
            )
          }
          // Its own type (the contract names the usual one, image/jpeg); kept privately by browsers.
          return HttpServerResponse.uint8Array(found.bytes, {
            contentType: found.photo.mediaType,
            headers: { "cache-control": "private, max-age=3600", "x-content-type-options": "nosniff" }
          })
        })
      )
      .handle("void", corrections.void)
      .handle("restore", corrections.restore)
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

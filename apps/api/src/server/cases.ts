/**
 * Handlers of the cases group: cases opened, walked through their stages, or — a resident's report —
 * closed as spam or a duplicate; each answered with its timing at the time of the answer (due times
 * met or overdue, stage durations); the reporter of a resident's case redacted for who may not see
 * personal data.
 */
import { Case, Errors } from "@bishui/domain"
import { CasePhotos, Cases } from "@bishui/services"
import { Effect } from "effect"
import { HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { CasesResource } from "../api/Resources.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { problems } from "./problems.ts"
import { resourceHandlers } from "./resource.ts"
import { expectedVersion, withEtag } from "./respond.ts"

/** The member the case is assigned to now: the assignee of its latest `assigned` stage. */
const assigneeOf = (c: Case.Case) => c.stages.findLast((s) => s.assigneeId !== undefined)?.assigneeId

export const CasesHandlers = HttpApiBuilder.group(
  Api,
  "cases",
  Effect.fn(function* (handlers) {
    const cases = yield* Cases.Cases
    const photos = yield* CasePhotos.CasePhotos
    const described = yield* resourceHandlers(CasesResource)
    /** For the current principal, now: a case as the API shows it (as `CasesResource` describes it). */
    const caseView = described.view

    return handlers
      .handle("list", described.list)
      .handle("get", described.get)
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
      .handle("void", described.void)
      .handle("restore", described.restore)
      .handle("open", described.create)
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

/** Handlers of the public signboard. Everything returned here is what a signboard may show. */
import { Case, Errors, Receipt, Tenant } from "@bishui/domain"
import { CasePhotos, Cases, CurrentActor, Organisations, Projects, Reports, Zones } from "@bishui/services"
import { Clock, Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { NotFound, Unprocessable } from "../api/Problems.ts"
import { inspectPhoto } from "../photos/inspectPhoto.ts"
import { problems } from "./problems.ts"
import { receiptPath, receiptStatus } from "./receipts.ts"
import { makeSignboards, responsibleOf } from "./signboard.ts"

export const PublicHandlers = HttpApiBuilder.group(
  Api,
  "public",
  Effect.fn(function* (handlers) {
    const organisations = yield* Organisations.Organisations
    const zones = yield* Zones.Zones
    const projects = yield* Projects.Projects
    const reports = yield* Reports.Reports
    const cases = yield* Cases.Cases
    const photos = yield* CasePhotos.CasePhotos
    const signboards = yield* makeSignboards

    const tenantExists = (tenantId: string) =>
      organisations
        .getTenant(tenantId)
        .pipe(Effect.mapError(() => new NotFound({ detail: `no tenant ${tenantId}` })))

    return handlers
      .handle("tenant", ({ params }) => signboards.tenant(params.tenantId))
      .handle("zone", ({ params }) => signboards.zone(params.tenantId, params.code))
      .handle("zones", ({ params }) =>
        Effect.gen(function* () {
          yield* tenantExists(params.tenantId)
          const page = yield* zones.list(params.tenantId, { limit: 500 })
          return yield* Effect.forEach(page.items, ({ record: zone }) =>
            Effect.gen(function* () {
              const member =
                zone.responsibleMemberId === undefined
                  ? undefined
                  : yield* organisations.getMember(params.tenantId, zone.responsibleMemberId).pipe(
                      Effect.map((m) => m.record),
                      Effect.orElseSucceed(() => undefined)
                    )
              return {
                code: zone.code,
                name: zone.name,
                branchId: zone.branchId,
                riverSegments: zone.riverSegments,
                resources: zone.resources,
                ...(member === undefined ? {} : { responsible: responsibleOf(member) })
              }
            })
          )
        })
      )
      .handle("pioneerPosts", ({ params }) =>
        Effect.gen(function* () {
          yield* tenantExists(params.tenantId)
          const page = yield* projects.listPosts(params.tenantId, { limit: 500 })
          return page.items.map(({ record }) => ({
            name: record.name,
            place: record.place,
            duties: record.duties
          }))
        })
      )
      .handle("annualFigures", ({ params }) =>
        Effect.gen(function* () {
          const report = yield* problems(
            reports.annualBranchReport(params.tenantId, params.branchId, params.year)
          )
          return {
            branchName: report.branchName,
            year: report.year,
            figures: report.figures.map((f) => ({
              key: f.key,
              label: f.label,
              exact: f.exact,
              presented: f.presented
            }))
          }
        })
      )
      .handle("reportProblem", ({ params, payload }) =>
        Effect.gen(function* () {
          yield* tenantExists(params.tenantId)
          const reopens = payload.reopens === undefined ? undefined : Receipt.normalize(payload.reopens)
          if (payload.reopens !== undefined && reopens === undefined) {
            return yield* new NotFound({ detail: "没有这个回执号的反映; no report has this receipt code" })
          }
          const reporter =
            payload.name === undefined && payload.phone === undefined
              ? undefined
              : {
                  ...(payload.name === undefined ? {} : { name: payload.name }),
                  ...(payload.phone === undefined ? {} : { phone: payload.phone })
                }
          const opened = yield* problems(
            cases.report({
              tenantId: params.tenantId,
              zoneCode: params.code,
              category: payload.category,
              title: payload.title,
              description: payload.description,
              location: payload.location,
              reporter: reporter as Case.Reporter | undefined,
              reopens
            })
          ).pipe(Effect.provideService(CurrentActor.CurrentActor, "public:signboard"))
          const receipt = opened.record.receipt as Receipt.ReceiptCode
          return {
            caseId: opened.record.id,
            status: "reported",
            receipt,
            statusUrl: receiptPath(opened.record.tenantId, receipt),
            photosUrl: `${receiptPath(opened.record.tenantId, receipt)}/photos`
          }
        })
      )
      .handle("followProblem", ({ params }) =>
        Effect.gen(function* () {
          const unknown = new NotFound({
            detail: `没有这个问题 / no open problem ${params.caseId} on zone ${params.code}`
          })
          const tenant = yield* tenantExists(params.tenantId)
          const found = yield* zones.list(tenant.record.id, { where: { code: params.code }, limit: 1 })
          const zone = found.items[0]?.record
          const current = yield* cases
            .get(tenant.record.id, params.caseId)
            .pipe(Effect.mapError(() => unknown))
          // Only a problem the zone's signboard lists can be followed from it.
          if (zone === undefined || current.record.zoneId !== zone.id || !Case.counts(current.record)) {
            return yield* unknown
          }
          const followed = yield* cases.follow(tenant.record.id, params.caseId).pipe(
            // unconditional: a stale version is retried by the service, and nothing else can clash
            Effect.catchTags({
              StaleVersion: Effect.die,
              AlreadyExists: Effect.die,
              // a voided case: not one the signboard lists
              InvalidTransition: () => Effect.fail(new Errors.NotFound({ entity: "case", id: params.caseId }))
            }),
            problems,
            Effect.provideService(CurrentActor.CurrentActor, "public:signboard")
          )
          return { followers: followed.record.followers ?? 0 }
        })
      )
      .handle("addReportPhoto", ({ params, payload }) =>
        Effect.gen(function* () {
          const unknown = new NotFound({ detail: "没有这个回执号的反映; no report has this receipt code" })
          const code = Receipt.normalize(params.code)
          if (code === undefined) return yield* unknown
          const tenant = yield* organisations.getTenant(params.tenantId).pipe(Effect.mapError(() => unknown))
          const found = yield* cases.byReceipt(tenant.record.id, code).pipe(Effect.mapError(() => unknown))
          const now = yield* Clock.currentTimeMillis
          if (!Case.acceptsResidentPhotos(found.record, now)) {
            return yield* new Unprocessable({
              rule: "photos_within_an_hour_of_the_report",
              detail:
                "照片只能在反映后一小时内、问题处理前补充 / photos can be added within an hour of the report, before it is handled"
            })
          }
          const photo = yield* inspectPhoto(payload).pipe(
            Effect.mapError(
              (rejected) => new Unprocessable({ rule: `photo_${rejected.reason}`, detail: rejected.message })
            )
          )
          const added = yield* problems(
            photos.add({ tenantId: tenant.record.id, caseId: found.record.id, ...photo })
          ).pipe(Effect.provideService(CurrentActor.CurrentActor, "public:signboard"))
          const count = (yield* photos.list(tenant.record.id, found.record.id)).length
          return {
            mediaType: added.mediaType,
            width: added.width,
            height: added.height,
            byteLength: added.byteLength,
            photos: count
          }
        })
      )
      .handle("receiptStatus", ({ params }) =>
        Effect.gen(function* () {
          // One answer for a code that is malformed, unknown, or of a tenant that does not exist:
          // nothing tells a guesser which it was.
          const unknown = new NotFound({ detail: "没有这个回执号的反映; no report has this receipt code" })
          const code = Receipt.normalize(params.code)
          if (code === undefined) return yield* unknown
          const tenant = yield* organisations.getTenant(params.tenantId).pipe(Effect.mapError(() => unknown))
          const found = yield* cases.byReceipt(tenant.record.id, code).pipe(Effect.mapError(() => unknown))
          const c = found.record
          const zone =
            c.zoneId === undefined
              ? undefined
              : yield* zones.get(c.tenantId, c.zoneId).pipe(
                  Effect.map((z) => z.record),
                  Effect.orElseSucceed(() => undefined)
                )
          const duplicateOf =
            c.closure?.duplicateOf === undefined
              ? undefined
              : yield* cases.get(c.tenantId, c.closure.duplicateOf).pipe(
                  Effect.map((d) => d.record),
                  Effect.orElseSucceed(() => undefined)
                )
          const reopens =
            c.reopens === undefined
              ? undefined
              : yield* cases.get(c.tenantId, c.reopens).pipe(
                  Effect.map((d) => d.record),
                  Effect.orElseSucceed(() => undefined)
                )
          return receiptStatus(c, {
            timeZone: Tenant.timeZoneOf(tenant.record),
            zone,
            duplicateOf,
            reopens,
            reportedAgain: yield* cases.reportsAgain(c.tenantId, c.id),
            photos: (yield* photos.list(c.tenantId, c.id)).length
          })
        })
      )
  })
)

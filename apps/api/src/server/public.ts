/** Handlers of the public signboard. Everything returned here is what a signboard may show. */
import { Receipt, Tenant } from "@bishui/domain"
import { Cases, CurrentActor, Organisations, Projects, Reports, Zones } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { NotFound } from "../api/Problems.ts"
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
          const found = yield* zones.list(params.tenantId, { where: { code: params.code }, limit: 1 })
          const zone = found.items[0]?.record
          if (zone === undefined) return yield* new NotFound({ detail: `no zone ${params.code}` })
          const opened = yield* problems(
            cases.open({
              tenantId: zone.tenantId,
              branchId: zone.branchId,
              kind: "routine",
              title: payload.title,
              description: payload.description,
              source: "resident",
              severity: "medium",
              zoneId: zone.id,
              ...(payload.category === undefined ? {} : { category: payload.category }),
              ...(payload.location === undefined ? {} : { location: payload.location }),
              ...(payload.name === undefined && payload.phone === undefined
                ? {}
                : {
                    reporter: {
                      ...(payload.name === undefined ? {} : { name: payload.name }),
                      ...(payload.phone === undefined ? {} : { phone: payload.phone })
                    }
                  })
            } as Parameters<typeof cases.open>[0])
          ).pipe(Effect.provideService(CurrentActor.CurrentActor, "public:signboard"))
          const receipt = opened.record.receipt as Receipt.ReceiptCode
          return {
            caseId: opened.record.id,
            status: "reported",
            receipt,
            statusUrl: receiptPath(zone.tenantId, receipt)
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
          return receiptStatus(c, {
            timeZone: Tenant.timeZoneOf(tenant.record),
            zone,
            duplicateOf
          })
        })
      )
  })
)

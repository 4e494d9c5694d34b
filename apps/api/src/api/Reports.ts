/**
 * Reports: the annual branch report (JSON, or CSV), each figure with the number of records behind it,
 * the link to their list and the link to the figure naming every one of them; for any period, the
 * figures of each zone and the participation of each member of a branch's subtree. Amounts
 * (kilograms, yuan) travel as exact decimal strings.
 */
import { Calendar, Quantity, Report, ServiceEvent, TimeZone, ZoneReport } from "@bishui/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { WholeNumberText } from "./Envelope.ts"
import { Forbidden, NotFound, Unprocessable } from "./Problems.ts"
import { Authentication } from "./Security.ts"

/** A year in a path: 1949–2200. */
export const Year = WholeNumberText(1949, 2200)

/** A figure as the annual report gives it: its basis counts the records behind it; `detail` names them. */
export const FigureInReport = Schema.Struct({
  ...Report.Figure.fields,
  basis: Schema.Struct({
    entity: Report.FigureBasis.fields.entity,
    description: Report.FigureBasis.fields.description,
    filter: Report.FigureBasis.fields.filter,
    /** How many records the figure was computed from. */
    recordCount: Quantity.Count
  }),
  /** The API list of the records behind the figure (by its filter). */
  records: Schema.String,
  /** This figure with the ids of every record behind it. */
  detail: Schema.String
})

export const AnnualReport = Schema.Struct({
  ...Report.AnnualBranchReport.fields,
  figures: Schema.Array(FigureInReport)
})

/** One figure of the annual report with its whole basis: the ids of the records behind it. */
export const FigureWithBasis = Schema.Struct({
  ...Report.Figure.fields,
  branchId: Schema.String,
  year: Schema.Int,
  /** The zone the year was cut in: the tenant's. */
  timeZone: TimeZone.TimeZone,
  /** The API list of the records behind the figure (by its filter). */
  records: Schema.String
})

/** The dashboard's counts of a branch's subtree for a period (see `Reports.counts` in the services). */
export const BranchCounts = Schema.Struct({
  branchId: Schema.String,
  from: Calendar.LocalDate,
  to: Calendar.LocalDate,
  /** The zone the period's days were cut in: the tenant's. */
  timeZone: TimeZone.TimeZone,
  /** Live events by local month (`YYYY-MM`) and category, months in order; none counted 0 left out. */
  events: Schema.Array(
    Schema.Struct({
      month: Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}$/)),
      category: ServiceEvent.EventCategory,
      count: Quantity.Count
    })
  ),
  /** Every zone of the subtree, by code, with its live patrols of the period. */
  zones: Schema.Array(
    Schema.Struct({
      zoneId: Schema.String,
      code: Schema.String,
      name: Schema.String,
      patrols: Quantity.Count
    })
  ),
  /** Live cases opened in the period: closed (verified, spam, duplicate), overdue by now, and open (the rest). */
  cases: Schema.Struct({ open: Quantity.Count, overdue: Quantity.Count, closed: Quantity.Count })
}).annotate({ title: "BranchCounts" })

/** A report's period: whole local days of the tenant's time zone, both inclusive. */
const Period = { from: Calendar.LocalDate, to: Calendar.LocalDate }

export class ReportsGroup extends HttpApiGroup.make("reports")
  .add(
    HttpApiEndpoint.get("annual", "/branches/:branchId/reports/annual/:year", {
      params: { branchId: Schema.String, year: Year },
      success: AnnualReport,
      error: [NotFound, Forbidden, Unprocessable]
    }),
    HttpApiEndpoint.get("annualFigure", "/branches/:branchId/reports/annual/:year/figures/:key", {
      params: { branchId: Schema.String, year: Year, key: Report.FigureKey },
      success: FigureWithBasis,
      error: [NotFound, Forbidden, Unprocessable]
    }),
    HttpApiEndpoint.get("annualCsv", "/branches/:branchId/reports/annual/:year/csv", {
      params: { branchId: Schema.String, year: Year },
      // A download named after the branch and the year (RFC 6266, the Chinese name as RFC 5987 `filename*`).
      success: HttpApiSchema.WithHeaders(
        Schema.String.pipe(HttpApiSchema.asText({ contentType: "text/csv; charset=utf-8" })),
        { "content-disposition": Schema.String }
      ),
      error: [NotFound, Forbidden, Unprocessable]
    }),
    HttpApiEndpoint.get("zoneFigures", "/branches/:branchId/reports/zones", {
      params: { branchId: Schema.String },
      query: Period,
      success: ZoneReport.ZoneFiguresReport,
      error: [NotFound, Forbidden, Unprocessable]
    }),
    HttpApiEndpoint.get("counts", "/branches/:branchId/reports/counts", {
      params: { branchId: Schema.String },
      query: Period,
      success: BranchCounts,
      error: [NotFound, Forbidden, Unprocessable]
    }),
    HttpApiEndpoint.get("memberParticipation", "/branches/:branchId/reports/members", {
      params: { branchId: Schema.String },
      query: Period,
      success: ZoneReport.MemberParticipationReport,
      error: [NotFound, Forbidden, Unprocessable]
    })
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Reports",
      description:
        "The annual report gives each figure with the count of the records behind it, the list endpoint of those records (`records`) and the figure's own resource (`detail`), which names every record id it was computed from. The annual report and the zone figures are read by every token whose subtree holds the branch; member participation (figures about people) only by its secretaries and admins. Zone and member reports take a Party organisation and a period `from`–`to` (days, inclusive). Every period is cut in the tenant's time zone (`GET /v1/tenant`, Asia/Shanghai by default), named in each report's `timeZone`: the annual report's year counts a wish fulfilled at 07:30 on 1 January Beijing time in the new year. Each figure's `records` link lists exactly the records it counts (follow `next` to the last page): it filters by `within` (the branch's subtree) and the figure's own dates (`fulfilledFrom`/`fulfilledTo` for wishes, `fixedFrom`/`fixedTo` for emergencies, which stay counted once verified). Money is presented as the article writes it: two significant digits, rounded down, 余 when something was dropped, in 万元 from ten thousand and 亿元 from a hundred million (25,750.50 → 2.5万余元); `exact` keeps the amount."
    })
  ) {}

/**
 * Reports: the annual branch report (JSON, or CSV with `format=csv`), each figure with the link to
 * the list of records behind it; for any period, the figures of each zone and the participation of
 * each member of a branch's subtree. Amounts (kilograms, yuan) travel as exact decimal strings.
 */
import { Calendar, Report, ZoneReport } from "@bishui/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Forbidden, NotFound, Unprocessable } from "./Problems.ts"
import { Authentication } from "./Security.ts"

const Year = Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1949, maximum: 2200 }))

export const FigureWithLink = Schema.Struct({
  ...Report.Figure.fields,
  /** The API list of the records behind the figure. */
  records: Schema.String
})

export const AnnualReport = Schema.Struct({
  ...Report.AnnualBranchReport.fields,
  figures: Schema.Array(FigureWithLink)
})

/** A report's period: whole days, both inclusive. */
const Period = { from: Calendar.LocalDate, to: Calendar.LocalDate }

export class ReportsGroup extends HttpApiGroup.make("reports")
  .add(
    HttpApiEndpoint.get("annual", "/branches/:branchId/reports/annual/:year", {
      params: { branchId: Schema.String, year: Year },
      success: AnnualReport,
      error: [NotFound, Forbidden, Unprocessable]
    }),
    HttpApiEndpoint.get("annualCsv", "/branches/:branchId/reports/annual/:year/csv", {
      params: { branchId: Schema.String, year: Year },
      success: Schema.String.pipe(HttpApiSchema.asText({ contentType: "text/csv; charset=utf-8" })),
      error: [NotFound, Forbidden, Unprocessable]
    }),
    HttpApiEndpoint.get("zoneFigures", "/branches/:branchId/reports/zones", {
      params: { branchId: Schema.String },
      query: Period,
      success: ZoneReport.ZoneFiguresReport,
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
        "The annual report and the zone figures are read by every token whose subtree holds the branch; member participation (figures about people) only by its secretaries and admins. Zone and member reports take a Party organisation and a period `from`–`to` (days, inclusive)."
    })
  ) {}

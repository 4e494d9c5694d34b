/**
 * Reports: the annual branch report (JSON, or CSV with `format=csv`), each figure with the link to
 * the list of records behind it.
 */
import { Report } from "@bishui/domain"
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
    })
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Reports" })) {}

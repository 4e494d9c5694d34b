/**
 * Handlers of the reports group: the annual branch report as JSON and as CSV; zone figures and
 * member participation for a period.
 */
import type { Report } from "@bishui/domain"
import { Reports } from "@bishui/services"
import { BigDecimal, Effect, Schema } from "effect"
import { HttpServerResponse } from "effect/http"
import { HttpApiBuilder, HttpApiSchema } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { NotFound } from "../api/Problems.ts"
import { AnnualReport } from "../api/Reports.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { problems } from "./problems.ts"

const listPaths: Record<string, string> = {
  zone: "/v1/zones",
  organisation: "/v1/organisations",
  pioneer_post: "/v1/pioneer-posts",
  service_event: "/v1/events",
  micro_wish: "/v1/wishes",
  case: "/v1/cases"
}

/**
 * The list of records behind a figure, as a link a client can follow: the basis's filter is made of
 * the list endpoint's own query parameters (`within`, `fulfilledFrom`, `fixedTo`, `linkedTo`…), so
 * following every page of it gives exactly the records counted.
 */
export const recordsLink = (figure: Report.Figure): string =>
  `${listPaths[figure.basis.entity] ?? "/v1"}?${new URLSearchParams(figure.basis.filter).toString()}`

const csvCell = (value: string): string => {
  // Neutralise spreadsheet formulas: a cell must never start with = + - @ when opened in Excel.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/**
 * The annual report as CSV, a line per figure. Its year is a local one: the last column names the
 * time zone it was cut in (the tenant's), on every line, so a sheet of several tenants stays clear.
 */
export const toCsv = (report: Report.AnnualBranchReport): string => {
  const header = ["key", "figure", "figure_en", "value", "exact", "presented", "records", "year", "time_zone"]
  const rows = report.figures.map((f) => [
    f.key,
    f.label.zh,
    f.label.en,
    f.value._tag === "Count" ? String(f.value.count) : BigDecimal.format(f.value.amount),
    f.exact,
    f.presented,
    String(f.basis.recordIds.length),
    String(report.year),
    report.timeZone
  ])
  // A BOM so Excel on Chinese Windows opens the UTF-8 file with the right characters.
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`
}

/**
 * `Content-Disposition` of a download (RFC 6266): the file name as RFC 5987 `filename*` (UTF-8,
 * percent-encoded: a Chinese name survives), and `filename` in plain ASCII for clients that know no
 * better (`fallback` with anything outside letters, digits, `.`, `_` and `-` replaced).
 */
export const attachment = (fileName: string, fallback: string): string => {
  const ascii = fallback.replace(/[^A-Za-z0-9._-]+/g, "_")
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/** The resource of one figure of a report: the figure with the id of every record behind it. */
export const detailLink = (report: Report.AnnualBranchReport, figure: Report.Figure): string =>
  `/v1/branches/${encodeURIComponent(report.branchId)}/reports/annual/${report.year}/figures/${figure.key}`

const encodeAnnualReport = Schema.encodeSync(AnnualReport)

/**
 * The annual report as the endpoint sends it: the schema's encoding, as JSON. Each figure counts the
 * records behind it and links to the figure's own resource, which names them: at a million records
 * the ids came to ~430 KB a report. The Reports service returns the same report object until the
 * tenant's records change, so its body is encoded once per report and kept beside it (weakly: it goes
 * when the report does).
 */
const encodedReports = new WeakMap<Report.AnnualBranchReport, string>()
const annualBody = (report: Report.AnnualBranchReport): string => {
  let body = encodedReports.get(report)
  if (body === undefined) {
    body = JSON.stringify(
      encodeAnnualReport({
        ...report,
        figures: report.figures.map((figure) => ({
          ...figure,
          basis: {
            entity: figure.basis.entity,
            description: figure.basis.description,
            filter: figure.basis.filter,
            recordCount: figure.basis.recordIds.length
          },
          records: recordsLink(figure),
          detail: detailLink(report, figure)
        }))
      })
    )
    encodedReports.set(report, body)
  }
  return body
}

export const ReportsHandlers = HttpApiBuilder.group(
  Api,
  "reports",
  Effect.fn(function* (handlers) {
    const reports = yield* Reports.Reports
    const annual = (branchId: string, year: number) =>
      Effect.gen(function* () {
        const principal = yield* CurrentPrincipal
        yield* authorize("read", { branchId })
        return yield* problems(reports.annualBranchReport(principal.tenantId, branchId, year))
      })
    return handlers
      .handle("annual", ({ params }) =>
        Effect.map(annual(params.branchId, params.year), (report) =>
          HttpServerResponse.text(annualBody(report), { contentType: "application/json" })
        )
      )
      .handle("annualFigure", ({ params }) =>
        Effect.flatMap(annual(params.branchId, params.year), (report) => {
          const figure = report.figures.find((f) => f.key === params.key)
          return figure === undefined
            ? Effect.fail(new NotFound({ detail: `the report has no figure ${params.key}` }))
            : Effect.succeed({
                ...figure,
                branchId: report.branchId,
                year: report.year,
                timeZone: report.timeZone,
                records: recordsLink(figure)
              })
        })
      )
      .handle("annualCsv", ({ params }) =>
        Effect.map(annual(params.branchId, params.year), (report) =>
          HttpApiSchema.withHeaders({
            body: toCsv(report),
            headers: {
              "content-disposition": attachment(
                `${report.branchName}${report.year}年度报告.csv`,
                `bishui-annual-report-${report.branchId}-${report.year}.csv`
              )
            }
          })
        )
      )
      .handle("zoneFigures", ({ params, query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* authorize("read", { branchId: params.branchId })
          return yield* problems(
            reports.zoneFigures(principal.tenantId, params.branchId, query.from, query.to)
          )
        })
      )
      .handle("counts", ({ params, query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* authorize("read", { branchId: params.branchId })
          return yield* problems(reports.counts(principal.tenantId, params.branchId, query.from, query.to))
        })
      )
      .handle("memberParticipation", ({ params, query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          // Figures about people: for who may see the branch's personal data (secretaries, admins).
          yield* authorize("readPersonal", { branchId: params.branchId })
          return yield* problems(
            reports.memberParticipation(principal.tenantId, params.branchId, query.from, query.to)
          )
        })
      )
  })
)

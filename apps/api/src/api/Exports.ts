/**
 * Exports: the tenant's records written back into the import template, as the `bishui-import export`
 * CLI writes them (`Export.exportTenant` of the import engine) — the same sheets, headers and
 * reference names the importer reads, each record's id in the 编号 column — so an export imported
 * again changes nothing. Voided records are left out, as everywhere else. `format=xlsx` is the whole
 * workbook; `format=csv` is one sheet, named by `kind` (a CSV holds one sheet).
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Forbidden, Unprocessable } from "./Problems.ts"
import { Authentication } from "./Security.ts"

export const ExportFormat = Schema.Literals(["xlsx", "csv"])
export type ExportFormat = typeof ExportFormat.Type

/** The template's sheets (after 说明), by the kind each holds, with the sheet's (and CSV file's) name. */
export const exportSheets = {
  organisations: "组织",
  projects: "项目",
  difficulties: "项目难点",
  members: "成员",
  memberships: "临时支部成员",
  zones: "责任区",
  teams: "队伍",
  posts: "先锋岗",
  roster: "先锋岗值守",
  campaigns: "活动计划",
  patrols: "巡河记录",
  events: "活动台账",
  cases: "案件",
  stages: "案件进程",
  wishes: "微心愿"
} as const

export type ExportKind = keyof typeof exportSheets

export const ExportKind = Schema.Literals([
  "organisations",
  "projects",
  "difficulties",
  "members",
  "memberships",
  "zones",
  "teams",
  "posts",
  "roster",
  "campaigns",
  "patrols",
  "events",
  "cases",
  "stages",
  "wishes"
] satisfies ReadonlyArray<ExportKind>).annotate({
  description: `the sheet of a CSV export: ${Object.entries(exportSheets)
    .map(([kind, zh]) => `${kind} (${zh})`)
    .join(", ")}`
})

/** The workbook's name as it is downloaded (the ASCII fallback: `bishui-export.xlsx`). */
export const exportWorkbookName = "台账导出.xlsx"

export class ExportsGroup extends HttpApiGroup.make("exports")
  .add(
    HttpApiEndpoint.get("download", "/export", {
      query: {
        format: Schema.optionalKey(ExportFormat),
        kind: Schema.optionalKey(ExportKind)
      },
      // The file as the CLI writes it, sent as bytes (one response with headers per status): its name
      // in Content-Disposition (RFC 6266, the Chinese name as RFC 5987 `filename*`) says which it is.
      success: HttpApiSchema.WithHeaders(
        Schema.Uint8Array.pipe(HttpApiSchema.asUint8Array({ contentType: "application/octet-stream" })),
        { "content-disposition": Schema.String }
      ),
      error: [Forbidden, Unprocessable]
    })
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Exports",
      description:
        "The tenant's records as ledgers (台账), written by the same import engine as `bishui-import export`: the import template's sheets, headers and reference names, each record's id in the 编号 column and times in the tenant's zone, so the file imported again (POST /imports) changes nothing. Voided records are left out. `format=xlsx` (the default) is the whole workbook (`台账导出.xlsx`: 说明 and one sheet per kind of record); `format=csv` is the one sheet named by `kind` (UTF-8 with BOM, named after its sheet: `成员.csv`), which is required with it — and refused with xlsx. The file is named in Content-Disposition (RFC 6266; the Chinese name as RFC 5987 `filename*`). The export holds every branch's records with their personal data (members' phone numbers), so it takes an admin token (403 otherwise), as imports do."
    })
  ) {}

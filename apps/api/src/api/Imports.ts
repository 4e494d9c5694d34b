/**
 * Imports: a branch's ledgers (台账) — an Excel workbook or CSV files — sent as `multipart/form-data`
 * and run through the same import engine as the `bishui-import` CLI: `mode=validate` does every
 * check inside a transaction that is always rolled back (nothing is written), `mode=import` writes
 * each file (or the set of CSV files) in one transaction — all of it, or nothing when a row is
 * rejected. The answer is the engine's report; the rejected rows, as a file to fix and import again,
 * are kept in memory for a while and downloaded from `errorsFile`.
 */
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Forbidden, NotFound, Unprocessable } from "./Problems.ts"
import { Authentication } from "./Security.ts"

/** The largest upload taken: a real branch's workbook of several years is a few MB. */
export const maxImportBytes = 20 * 1024 * 1024

/** How long the errors file of an import can be downloaded. */
export const errorsFileMinutes = 60

export const ImportMode = Schema.Literals(["validate", "import"])
export type ImportMode = typeof ImportMode.Type

const Words = Schema.Struct({ zh: Schema.String, en: Schema.String })

/** What the engine says about a row or a sheet: an error (the row is rejected) or a warning. */
export const ImportIssue = Schema.Struct({
  severity: Schema.Literals(["error", "warning"]),
  file: Schema.String,
  sheet: Schema.String,
  /** The row number Excel shows (1 is the first row); null for a whole sheet or file. */
  row: Schema.NullOr(Schema.Int),
  /** The column's header as written in the file; null for a whole row, sheet or file. */
  column: Schema.NullOr(Schema.String),
  /** The cell's value as written. */
  value: Schema.NullOr(Schema.String),
  /** Why, in Chinese and English. */
  reason: Words
}).annotate({ title: "ImportIssue" })

/** One sheet (one kind of record) of a file: its rows, as the engine counted them. */
export const ImportSheet = Schema.Struct({
  file: Schema.String,
  sheet: Schema.String,
  kind: Schema.String,
  /** Rows that made a new record (validate: would make). */
  created: Schema.Int,
  /** Rows that changed a record found by its id or natural key. */
  updated: Schema.Int,
  /** Rows equal to the record already stored: skipped. */
  unchanged: Schema.Int,
  /** Rows rejected for an error (listed in `issues`). */
  rejected: Schema.Int
}).annotate({ title: "ImportSheet" })

/** One unit of the import: a workbook, or the CSV files sent together, in one transaction. */
export const ImportUnit = Schema.Struct({
  label: Schema.String,
  files: Schema.Array(Schema.String),
  /** Whether its rows were written (always false for validate, false for import when a row was rejected). */
  committed: Schema.Boolean,
  sheets: Schema.Array(ImportSheet),
  issues: Schema.Array(ImportIssue)
}).annotate({ title: "ImportUnit" })

export const ImportReport = Schema.Struct({
  /** The id of this import: its errors file is `GET /v1/imports/{id}/errors`. */
  id: Schema.String,
  mode: ImportMode,
  tenantId: Schema.String,
  units: Schema.Array(ImportUnit),
  /** Rows rejected over every unit. */
  rejected: Schema.Int,
  /** Whether every unit was written (import) — or would be (validate): no row rejected. */
  ok: Schema.Boolean,
  /** Where the rejected rows can be downloaded (for `errorsFileMinutes` minutes); null when none. */
  errorsFile: Schema.NullOr(Schema.String),
  /** The errors file's name (`台账-errors.xlsx`, `成员-errors.csv`); null when there is none. */
  errorsFileName: Schema.NullOr(Schema.String),
  /** When the errors file stops being kept (RFC 3339); null when there is none. */
  errorsFileExpires: Schema.NullOr(Schema.String)
}).annotate({ title: "ImportReport" })
export type ImportReport = typeof ImportReport.Type

/** The form: one or more files under `file` (an .xlsx workbook, or .csv files named after their sheets). */
const ImportUpload = Schema.Struct({
  file: Schema.Array(
    Schema.String.annotate({
      contentEncoding: "binary",
      description:
        "an .xlsx workbook (one sheet per kind of record), or .csv files named after their sheet (成员.csv, 巡河记录.csv, …)"
    })
  )
}).pipe(HttpApiSchema.asMultipartStream({ maxFileSize: maxImportBytes, maxTotalSize: maxImportBytes }))

export class ImportsGroup extends HttpApiGroup.make("imports")
  .add(
    HttpApiEndpoint.post("upload", "/imports", {
      query: { mode: Schema.optionalKey(ImportMode) },
      payload: ImportUpload,
      success: ImportReport,
      error: [Forbidden, Unprocessable]
    }),
    HttpApiEndpoint.get("errorsFile", "/imports/:id/errors", {
      params: { id: Schema.String },
      // The file as the CLI writes it — a workbook, or a CSV when one CSV file was sent — sent as
      // bytes (one response with headers per status): its name in Content-Disposition says which.
      success: HttpApiSchema.WithHeaders(
        Schema.Uint8Array.pipe(HttpApiSchema.asUint8Array({ contentType: "application/octet-stream" })),
        { "content-disposition": Schema.String }
      ),
      error: [NotFound, Forbidden]
    })
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Imports",
      description:
        "Ledgers (台账) in the browser or any client: POST /imports with `multipart/form-data`, one or more parts named `file` — an .xlsx workbook in the template's form, or .csv files named after their sheet (UTF-8, UTF-16 or GBK), at most 20 MB in all — runs the same import engine as the `bishui-import` CLI into the token's tenant. `mode=validate` (the default) does every check (cells, references, the services' rules) inside a transaction that is always rolled back: nothing is written. `mode=import` writes each workbook (or the CSV files together) in one transaction: all of it, or nothing when a row is rejected; importing the same file again changes nothing. The report gives, per sheet, rows created, updated, unchanged (skipped) and rejected, and every issue with sheet, row, column, value and its reason in Chinese and English. When rows were rejected, `errorsFile` downloads them (an .xlsx when a workbook was sent or several CSV files, else a .csv) with their row and reason, to fix and send again; it is kept in memory for 60 minutes and lost on restart. A file that cannot be read is 422. Imports write records of every branch of the tenant, so they take an admin token (403 otherwise)."
    })
  ) {}

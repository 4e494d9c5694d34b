/**
 * Handlers of the imports group. The uploaded files are written under their own names (the engine
 * tells a CSV's kind by its name) into a fresh temporary directory, `Import.importFiles` runs over
 * them exactly as the CLI's `validate` / `import` does, and the directory is removed. The errors file
 * it writes is read into memory and kept for `errorsFileMinutes` under a random id, for the tenant
 * that made it: no disk is left behind, and a restart forgets it (the upload can simply be sent again).
 */
import { randomUUID } from "node:crypto"
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { basename, extname, join } from "node:path"
import { Import, Issue, Progress, type Unit } from "@bishui/import-engine"
import type { Store } from "@bishui/services"
import { Effect, Stream } from "effect"
import { Multipart } from "effect/http"
import { HttpApiBuilder, HttpApiSchema } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { errorsFileMinutes, type ImportMode, type ImportReport } from "../api/Imports.ts"
import { NotFound, Unprocessable } from "../api/Problems.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { makeKept } from "./kept.ts"
import { attachment } from "./reports.ts"

interface KeptErrors {
  readonly tenantId: string
  readonly fileName: string
  readonly bytes: Uint8Array
}

/** At most 50 errors files, 32 MB in all, are kept; the oldest go first. */
const kept = makeKept<KeptErrors>({
  maxEntries: 50,
  maxBytes: 32 * 1024 * 1024,
  sizeOf: (entry) => entry.bytes.byteLength
})

interface Upload {
  readonly name: string
  readonly bytes: Uint8Array
}

/** A part's file name as a plain name in the temporary directory (no path, nothing hidden). */
const safeName = (name: string, index: number): string => {
  const plain = basename(name.replaceAll("\\", "/")).replace(/^\.+/, "")
  return plain === "" ? `upload-${index}` : plain
}

const unprocessable = (zh: string, en: string) => new Unprocessable({ detail: `${zh} / ${en}` })

/** Every `file` part of the form, read whole (the body limit and the parser's limits bound it: 20 MB). */
const readUploads = (parts: Stream.Stream<Multipart.Part, Multipart.MultipartError>) =>
  parts.pipe(
    Stream.filter((part): part is Multipart.File => Multipart.isFile(part) && part.key === "file"),
    Stream.mapEffect((file) => Effect.map(file.contentEffect, (bytes) => ({ name: file.name, bytes }))),
    Stream.runCollect,
    Effect.mapError(() =>
      unprocessable(
        "无法读取上传的表单（multipart/form-data），或文件超过 20 MB",
        "the uploaded form (multipart/form-data) could not be read, or a file is over 20 MB"
      )
    )
  )

/**
 * The errors file's name, as the CLI's `--errors-out` would be given it: a workbook sent (or several
 * CSV files) → an .xlsx (one sheet per sheet with rejected rows, and 错误清单); one CSV file → a CSV.
 */
const errorsNameOf = (names: ReadonlyArray<string>): string => {
  const workbook = names.find((n) => extname(n).toLowerCase() === ".xlsx")
  if (workbook !== undefined) return `${basename(workbook, extname(workbook))}-errors.xlsx`
  if (names.length === 1) return `${basename(names[0] as string, extname(names[0] as string))}-errors.csv`
  return "errors.xlsx"
}

const issueOf = (i: Issue.Issue) => ({
  severity: i.severity,
  file: i.file,
  sheet: i.sheet,
  row: i.row ?? null,
  column: i.column ?? null,
  value: i.value ?? null,
  reason: { zh: i.reason.zh, en: i.reason.en }
})

/** The report as the API gives it: file names without the temporary directory. */
const unitOf = (report: Unit.UnitReport) => ({
  label: basename(report.label),
  files: report.files.map((f) => basename(f)),
  committed: report.committed,
  sheets: report.stats.map((s) => ({
    file: basename(s.file),
    sheet: s.sheet,
    kind: s.kind,
    created: s.created,
    updated: s.updated,
    unchanged: s.unchanged,
    rejected: s.rejected
  })),
  issues: report.issues.map((i) => ({ ...issueOf(i), file: basename(i.file) }))
})

const runImport = (tenantId: string, mode: ImportMode, uploads: ReadonlyArray<Upload>) =>
  Effect.acquireUseRelease(
    Effect.promise(() => mkdtemp(join(tmpdir(), "bishui-import-"))),
    (directory) =>
      Effect.gen(function* () {
        const names: Array<string> = []
        for (const [index, upload] of uploads.entries()) {
          const name = safeName(upload.name, index)
          if (names.includes(name)) {
            return yield* unprocessable(`文件 ${name} 上传了两次`, `the file ${name} was sent twice`)
          }
          names.push(name)
          yield* Effect.promise(() => writeFile(join(directory, name), upload.bytes))
        }
        const errorsName = errorsNameOf(names)
        const result = yield* Import.importFiles({
          files: names.map((n) => join(directory, n)),
          tenantId,
          tenantName: undefined,
          mode,
          skipInvalid: false,
          errorsOut: join(directory, errorsName),
          progress: Progress.silent
        }).pipe(
          // A file that cannot be read is the client's (422); anything else (the database) is ours.
          Effect.catch((error) =>
            error instanceof Issue.UnreadableInput
              ? Effect.fail(
                  unprocessable(
                    `无法读取 ${basename(error.file)}：${error.reason.zh}`,
                    `cannot read ${basename(error.file)}: ${error.reason.en}`
                  )
                )
              : Effect.die(error)
          )
        )
        const id = randomUUID()
        let expires: number | undefined
        const written = result.errorFiles[0]
        if (written !== undefined) {
          expires = Date.now() + errorsFileMinutes * 60_000
          const bytes = yield* Effect.promise(() => readFile(written))
          kept.set(
            id,
            {
              tenantId,
              fileName: basename(written),
              bytes
            },
            expires
          )
        }
        return {
          id,
          mode,
          tenantId,
          units: result.reports.map(unitOf),
          rejected: result.rejected,
          ok: result.rejected === 0,
          errorsFile: expires === undefined ? null : `/v1/imports/${id}/errors`,
          errorsFileName: written === undefined ? null : basename(written),
          errorsFileExpires: expires === undefined ? null : new Date(expires).toISOString()
        } satisfies ImportReport
      }),
    (directory) => Effect.promise(() => rm(directory, { recursive: true, force: true }))
  )

export const ImportsHandlers = HttpApiBuilder.group(
  Api,
  "imports",
  Effect.fn(function* (handlers) {
    // The services the engine writes through, taken once from the server's layer.
    const services = yield* Effect.context<Store.Store | Unit.UnitServices>()
    return handlers
      .handle("upload", ({ query, payload }) =>
        Effect.gen(function* () {
          // Imports write records of any branch of the tenant (and may create branches): admins only.
          const principal = yield* authorize("administer", {})
          const uploads = yield* readUploads(payload)
          if (uploads.length === 0) {
            return yield* unprocessable(
              "请选择要上传的台账文件（表单字段 file）",
              "choose the ledger files to upload (form field `file`)"
            )
          }
          return yield* runImport(principal.tenantId, query.mode ?? "validate", uploads).pipe(
            Effect.provideContext(services)
          )
        })
      )
      .handle("errorsFile", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const entry = kept.get(params.id)
          if (entry === undefined || entry.tenantId !== principal.tenantId) {
            return yield* new NotFound({
              detail: `没有这个导入的错误文件（保留 ${errorsFileMinutes} 分钟），请重新上传 / no errors file for import ${params.id} (they are kept ${errorsFileMinutes} minutes): upload the files again`
            })
          }
          yield* authorize("administer", {})
          return HttpApiSchema.withHeaders({
            body: entry.bytes,
            headers: {
              "content-disposition": attachment(entry.fileName, `import-errors${extname(entry.fileName)}`)
            }
          })
        })
      )
  })
)

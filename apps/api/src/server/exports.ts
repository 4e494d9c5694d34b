/**
 * Handlers of the exports group. `Export.exportTenant` writes the tenant's records — in one
 * transaction, rolled back as it only reads — into a fresh temporary directory exactly as the CLI's
 * `export` does (the workbook, or a directory holding the one CSV file of the sheet asked for); the
 * file is read into memory, sent, and the directory removed.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Export } from "@bishui/import-engine"
import type { Store } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder, HttpApiSchema } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { type ExportKind, exportSheets, exportWorkbookName } from "../api/Exports.ts"
import { Unprocessable } from "../api/Problems.ts"
import { authorize } from "./access.ts"
import { attachment } from "./reports.ts"

/** The file of the export asked for: the workbook, or the CSV file of one sheet. */
const exportFile = (tenantId: string, kind: ExportKind | undefined) =>
  Effect.acquireUseRelease(
    Effect.promise(() => mkdtemp(join(tmpdir(), "bishui-export-"))),
    (directory) =>
      Effect.gen(function* () {
        const out = kind === undefined ? join(directory, "export.xlsx") : join(directory, "csv")
        // A CSV export writes only the sheet asked for.
        yield* Export.exportTenant(out, tenantId, undefined, {
          kinds: kind === undefined ? undefined : [kind]
        }).pipe(
          // The token's tenant is in the database (it was authenticated): anything else is ours.
          Effect.orDie
        )
        const path = kind === undefined ? out : join(out, `${exportSheets[kind]}.csv`)
        const bytes = yield* Effect.promise(() => readFile(path))
        return HttpApiSchema.withHeaders({
          body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          headers: {
            "content-disposition":
              kind === undefined
                ? attachment(exportWorkbookName, "bishui-export.xlsx")
                : attachment(`${exportSheets[kind]}.csv`, `bishui-export-${kind}.csv`)
          }
        })
      }),
    (directory) => Effect.promise(() => rm(directory, { recursive: true, force: true }))
  )

export const ExportsHandlers = HttpApiBuilder.group(
  Api,
  "exports",
  Effect.fn(function* (handlers) {
    // The store the engine reads through, taken once from the server's layer.
    const services = yield* Effect.context<Store.Store>()
    return handlers.handle("download", ({ query }) =>
      Effect.gen(function* () {
        // Every branch's records with their personal data: admins only, as imports.
        const principal = yield* authorize("administer", {})
        const format = query.format ?? "xlsx"
        if (format === "csv" && query.kind === undefined) {
          return yield* new Unprocessable({
            detail:
              "CSV 导出一次一个工作表：请用 kind 指定（如 kind=members） / a CSV export is one sheet: name it with `kind` (kind=members, …)"
          })
        }
        if (format === "xlsx" && query.kind !== undefined) {
          return yield* new Unprocessable({
            detail:
              "工作簿导出包含全部工作表，不接受 kind；要单个工作表请用 format=csv / the workbook export holds every sheet and takes no `kind`: use format=csv for one sheet"
          })
        }
        return yield* exportFile(principal.tenantId, format === "csv" ? query.kind : undefined).pipe(
          Effect.provideContext(services)
        )
      })
    )
  })
)

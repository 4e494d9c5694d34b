/**
 * `import` and `validate`: read the files into units, run each unit in its own transaction (validate
 * runs them all inside one more transaction that is always rolled back, so later files see the earlier
 * ones as an import would), then report — a table on the terminal or JSON — and write the errors file.
 */

import { Tenant } from "@bishui/domain"
import { Organisations, Store } from "@bishui/services"
import { Console, Effect, Schema } from "effect"
import { type PendingMigrations, rolledBack } from "./Database.ts"
import { ExitWith, exitCodes } from "./Exit.ts"
import { type Issue, UnreadableInput } from "./engine/Issue.ts"
import type { Progress } from "./engine/Progress.ts"
import { runUnit, type UnitReport } from "./engine/Unit.ts"
import { writeErrorsOut } from "./output/ErrorsOut.ts"
import { renderUnit } from "./output/Text.ts"
import { unitsOf } from "./read/Sources.ts"

export interface ImportOptions {
  readonly files: ReadonlyArray<string>
  readonly tenantId: string
  readonly tenantName: string | undefined
  readonly mode: "import" | "validate"
  readonly skipInvalid: boolean
  readonly format: "text" | "json"
  readonly errorsOut: string | undefined
  readonly progress: Progress
  /** validate: the migrations an older schema lacks, applied inside its rolled-back transaction. */
  readonly pendingMigrations?: PendingMigrations | undefined
}

const issueJson = (i: Issue) => ({
  file: i.file,
  sheet: i.sheet,
  row: i.row ?? null,
  column: i.column ?? null,
  value: i.value ?? null,
  reason: i.reason
})

export const reportJson = (
  mode: string,
  tenantId: string,
  reports: ReadonlyArray<UnitReport>,
  exitCode: number,
  extra: Record<string, unknown> = {}
) => ({
  command: mode,
  tenant: tenantId,
  exitCode,
  units: reports.map((r) => ({
    label: r.label,
    files: r.files,
    committed: r.committed,
    sheets: r.stats.map((s) => ({
      file: s.file,
      sheet: s.sheet,
      kind: s.kind,
      created: s.created,
      updated: s.updated,
      unchanged: s.unchanged,
      rejected: s.rejected
    })),
    errors: r.issues.filter((i) => i.severity === "error").map(issueJson),
    warnings: r.issues.filter((i) => i.severity === "warning").map(issueJson)
  })),
  ...extra
})

const ensureTenant = (tenantId: string, name: string | undefined) =>
  Effect.gen(function* () {
    const organisations = yield* Organisations.Organisations
    const found = yield* Effect.result(organisations.getTenant(tenantId))
    if (found._tag === "Success") return
    const tenant = Schema.decodeUnknownSync(Tenant.Tenant)({ id: tenantId, name: name ?? tenantId })
    yield* organisations.createTenant(tenant).pipe(Effect.orDie)
  })

const unreadable = (error: UnreadableInput, options: ImportOptions, reports: ReadonlyArray<UnitReport>) =>
  Effect.gen(function* () {
    if (options.format === "json") {
      yield* Console.log(
        JSON.stringify(
          reportJson(options.mode, options.tenantId, reports, exitCodes.usage, {
            error: { file: error.file, reason: error.reason }
          }),
          null,
          2
        )
      )
    } else {
      for (const report of reports) yield* Console.log(renderUnit(report, options.mode))
      yield* Console.error(
        `无法读取 ${error.file}：${error.reason.zh}\ncannot read ${error.file}: ${error.reason.en}`
      )
    }
    return yield* new ExitWith(exitCodes.usage)
  })

export interface Outcome {
  readonly reports: ReadonlyArray<UnitReport>
  readonly rejected: number
  readonly exitCode: number
  readonly errorFiles: ReadonlyArray<string>
}

/**
 * Import (or validate) the files and write the errors file; report nothing. Fails with
 * `UnreadableInput` (carrying the units done before) when a file cannot be read.
 */
export const importFiles = Effect.fn("Importer.importFiles")(function* (
  options: ImportOptions,
  done: Array<UnitReport> = []
) {
  const store = yield* Store.Store
  const units = yield* Effect.tryPromise({
    try: () => unitsOf(options.files),
    catch: (error) =>
      error instanceof UnreadableInput
        ? error
        : new UnreadableInput(options.files.join(", "), { zh: String(error), en: String(error) })
  })
  const one = (unit: (typeof units)[number]) =>
    Effect.gen(function* () {
      const report = yield* store.transaction(
        ensureTenant(options.tenantId, options.tenantName).pipe(
          Effect.andThen(
            runUnit(unit, {
              tenantId: options.tenantId,
              mode: "import",
              skipInvalid: options.mode === "import" && options.skipInvalid,
              progress: options.progress
            })
          )
        )
      )
      done.push(options.mode === "validate" ? { ...report, committed: false } : report)
    })
  const all = Effect.forEach(units, one, { discard: true })
  yield* options.mode === "validate" ? rolledBack(all, options.pendingMigrations) : all
  const rejected = done.reduce((n, r) => n + r.stats.reduce((m, s) => m + s.rejected, 0), 0)
  const exitCode = rejected > 0 ? exitCodes.rejected : exitCodes.ok
  const errorFiles =
    options.errorsOut === undefined || rejected === 0
      ? []
      : yield* Effect.promise(() => writeErrorsOut(options.errorsOut as string, done))
  return { reports: done, rejected, exitCode, errorFiles } satisfies Outcome
})

/** `import` / `validate` as commands: run, then print the report (a table or JSON) and exit with its code. */
export const runImport = Effect.fn("Importer.runImport")(function* (options: ImportOptions) {
  const reports: Array<UnitReport> = []
  const outcome = yield* importFiles(options, reports).pipe(
    Effect.catchIf(
      (e): e is UnreadableInput => e instanceof UnreadableInput,
      (error) => unreadable(error, options, reports)
    ),
    Effect.onInterrupt(() =>
      Console.error(
        reports.some((r) => r.committed)
          ? `\n已中断：正在导入的文件未写入任何数据；此前已完成的文件（${reports
              .filter((r) => r.committed)
              .map((r) => r.label)
              .join(
                "、"
              )}）保持已导入。\nInterrupted: nothing of the file being imported was written; the files completed before stay imported.`
          : "\n已中断：未导入任何数据，数据库保持原样。\nInterrupted: nothing was imported; the database is as it was."
      )
    )
  )
  if (options.format === "json") {
    yield* Console.log(
      JSON.stringify(
        reportJson(options.mode, options.tenantId, outcome.reports, outcome.exitCode, {
          errorsOut: outcome.errorFiles
        }),
        null,
        2
      )
    )
  } else {
    for (const report of outcome.reports) yield* Console.log(renderUnit(report, options.mode))
    if (outcome.errorFiles.length > 0) {
      const files = outcome.errorFiles.join("、")
      yield* Console.log(
        `\n出错的行已另存到 ${files}：改正后可直接导入该文件。\nThe rejected rows were saved to ${outcome.errorFiles.join(", ")}: fix them there and import that file.`
      )
    }
  }
  if (outcome.exitCode !== exitCodes.ok) return yield* new ExitWith(outcome.exitCode)
})

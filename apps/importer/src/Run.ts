/**
 * `import` and `validate` on the command line: the engine reads the files into units, runs each in its
 * own transaction and writes the errors file (`Import.importFiles`); here the report is shown — a table
 * on the terminal or JSON — and the command ends with its exit code.
 */

import { Import, Issue, type Unit } from "@bishui/import-engine"
import { Console, Effect } from "effect"
import { ExitWith, exitCodes } from "./Exit.ts"
import { renderUnit } from "./output/Text.ts"

/** The engine's options, and how the report is shown. */
export interface ImportOptions extends Import.ImportOptions {
  readonly format: "text" | "json"
}

const issueJson = (i: Issue.Issue) => ({
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
  reports: ReadonlyArray<Unit.UnitReport>,
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

const unreadable = (
  error: Issue.UnreadableInput,
  options: ImportOptions,
  reports: ReadonlyArray<Unit.UnitReport>
) =>
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

export interface Outcome extends Import.ImportResult {
  readonly exitCode: number
}

/**
 * The engine's import (or validate), with the exit code it ends with: 1 when rows were rejected. Fails
 * with `UnreadableInput` (the units done before are in `done`) when a file cannot be read.
 */
export const importFiles = (options: ImportOptions, done: Array<Unit.UnitReport> = []) =>
  Effect.map(
    Import.importFiles(options, done),
    (result): Outcome => ({ ...result, exitCode: result.rejected > 0 ? exitCodes.rejected : exitCodes.ok })
  )

/** `import` / `validate` as commands: run, then print the report (a table or JSON) and exit with its code. */
export const runImport = Effect.fn("Importer.runImport")(function* (options: ImportOptions) {
  const reports: Array<Unit.UnitReport> = []
  const outcome = yield* importFiles(options, reports).pipe(
    Effect.catchIf(
      (e): e is Issue.UnreadableInput => e instanceof Issue.UnreadableInput,
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

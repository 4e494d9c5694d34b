/**
 * Redocly CLI's lint of an OpenAPI document with apps/api/redocly.yaml (the recommended ruleset, two
 * rules off): an independent check of the document the API serves. Used by `test/openapi.test.ts`
 * (over the served `/openapi.json`, part of `pnpm test`) and by `pnpm lint:openapi`. Any problem the
 * ruleset reports — a warning as much as an error — fails. Offline: telemetry and the update check
 * are off; nothing but the given document is read.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const apiDir = fileURLToPath(new URL("../", import.meta.url))

/** One problem Redocly reports: its rule, severity, message and where in the document. */
export interface LintProblem {
  readonly ruleId: string
  readonly severity: string
  readonly message: string
  readonly location: ReadonlyArray<{ readonly pointer?: string }>
}

/** The problems Redocly finds in `document` (empty when it passes). Throws when Redocly cannot run. */
export const lintWithRedocly = (document: unknown): ReadonlyArray<LintProblem> => {
  const directory = mkdtempSync(join(tmpdir(), "bishui-openapi-"))
  try {
    const file = join(directory, "openapi.json")
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`)
    const result = spawnSync(
      join(apiDir, "node_modules", ".bin", "redocly"),
      ["lint", file, "--config", join(apiDir, "redocly.yaml"), "--format", "json"],
      {
        cwd: apiDir,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: "off",
          REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
          NO_UPDATE_NOTIFIER: "1"
        }
      }
    )
    if (result.error !== undefined) throw result.error
    const start = result.stdout.indexOf("{")
    if (start < 0) throw new Error(`redocly lint gave no report (exit ${result.status}): ${result.stderr}`)
    const report = JSON.parse(result.stdout.slice(start)) as { problems: ReadonlyArray<LintProblem> }
    if (report.problems.length === 0 && result.status !== 0) {
      throw new Error(`redocly lint failed (exit ${result.status}) without a problem: ${result.stderr}`)
    }
    return report.problems
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}

/** A problem as one line: `severity rule at pointer: message`. */
export const describeProblem = (problem: LintProblem): string =>
  `${problem.severity} ${problem.ruleId} at ${problem.location[0]?.pointer ?? "?"}: ${problem.message}`

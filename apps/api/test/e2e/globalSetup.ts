/**
 * Once per e2e run: probe PostgreSQL (and say loudly when its suites are skipped or will fail), make
 * the run's temporary directory; at the end remove it and drop any PostgreSQL database of this run a
 * suite left behind — whatever happened to the tests.
 */
import { randomBytes } from "node:crypto"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { TestProject } from "vitest/node"
import { dropRunDatabases, inCi, type PgStatus, probePg } from "./support/pg.ts"

declare module "vitest" {
  export interface ProvidedContext {
    pg: PgStatus
    /** A directory for this run's SQLite files and logs, removed at the end. */
    runDir: string
    /** Names this run's PostgreSQL databases (`bishui_e2e_<runId>_…`). */
    runId: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const status = await probePg()
  if (!status.reachable) {
    const banner = "!".repeat(100)
    const message = !inCi
      ? `PostgreSQL not reachable at ${status.url}: the PostgreSQL e2e suite is SKIPPED`
      : `PostgreSQL not reachable at ${status.url}, and CI is set: the PostgreSQL e2e suite will FAIL`
    process.stderr.write(`\n${banner}\n!! ${message}\n!! (${status.reason ?? "no reason"})\n${banner}\n\n`)
  }
  const runDir = await mkdtemp(join(tmpdir(), "bishui-e2e-"))
  const runId = randomBytes(4).toString("hex")
  project.provide("pg", status)
  project.provide("runDir", runDir)
  project.provide("runId", runId)
  return async () => {
    await rm(runDir, { recursive: true, force: true })
    if (status.reachable) {
      const left = await dropRunDatabases(runId)
      if (left.length > 0) process.stderr.write(`e2e: dropped databases left behind: ${left.join(", ")}\n`)
    }
  }
}

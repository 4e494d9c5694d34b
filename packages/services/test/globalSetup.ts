/**
 * Runs once per `vitest` run: probes PostgreSQL and hands the result to every test file
 * (`inject("pg")`), so the warning about skipped PostgreSQL suites is printed once.
 */
import type { TestProject } from "vitest/node"
import { inCi, type PgStatus, probePg } from "./pgProbe.ts"

declare module "vitest" {
  export interface ProvidedContext {
    pg: PgStatus
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const status = await probePg()
  if (!status.reachable) {
    const banner = "!".repeat(100)
    const message = !inCi
      ? `PostgreSQL not reachable at ${status.url}: the PostgreSQL contract suites are SKIPPED`
      : `PostgreSQL not reachable at ${status.url}, and CI is set: the PostgreSQL contract suites will FAIL`
    process.stderr.write(`\n${banner}\n!! ${message}\n!! (${status.reason ?? "no reason"})\n${banner}\n\n`)
  }
  project.provide("pg", status)
}

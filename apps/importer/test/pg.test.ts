/**
 * The same import on PostgreSQL (`--database postgres://…`): the example in, again unchanged, a sheet
 * with mistakes rejected whole. A database `bishui_test_importer_…` is created on the server of
 * BISHUI_TEST_PG_URL and dropped afterwards; when the server cannot be reached the suite is skipped
 * with a warning, except under CI, where it fails.
 */

import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { PgClient } from "@effect/sql-pg"
import { Effect, Exit, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { annualReport, exampleXlsx, importInto, tempDir } from "./support.ts"

const adminUrl = process.env.BISHUI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"
const name = `bishui_test_importer_${Math.random().toString(36).slice(2, 10)}`
const url = (() => {
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  return u.toString()
})()

const admin = (statement: string) =>
  Effect.runPromiseExit(
    Effect.gen(function* () {
      const sql = yield* PgClient.make({
        url: Redacted.make(adminUrl),
        connectTimeout: "2 seconds",
        maxConnections: 1
      })
      yield* sql.unsafe(statement)
    }).pipe(Effect.scoped, Effect.provide(Reactivity.layer), Effect.timeout("10 seconds"))
  )

const reachable = Exit.isSuccess(await admin("SELECT 1"))
if (!reachable && inCi) throw new Error(`PostgreSQL at ${adminUrl} cannot be reached (CI requires it)`)
if (!reachable)
  console.warn(`⚠ PostgreSQL at ${adminUrl} cannot be reached: the importer's PostgreSQL suite is skipped`)

describe.skipIf(!reachable)("on PostgreSQL", () => {
  beforeAll(async () => {
    expect(Exit.isSuccess(await admin(`CREATE DATABASE ${name}`))).toBe(true)
  })
  const dir = tempDir()
  afterAll(async () => {
    dir.cleanup()
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  })

  it("imports the example, finds it unchanged the second time, rejects a bad sheet whole", async () => {
    const first = await importInto(url, [exampleXlsx])
    expect(first.exitCode).toBe(0)
    expect(first.reports[0]?.stats.reduce((n, s) => n + s.created, 0)).toBe(134)
    const again = await importInto(url, [exampleXlsx])
    expect(again.reports[0]?.stats.every((s) => s.created + s.updated + s.rejected === 0)).toBe(true)
    const report = await annualReport(url)
    expect(report.figures.find((f) => f.key === "books_donated")?.presented).toBe("80余本")

    const bad = join(dir.path, "责任区.csv")
    writeFileSync(bad, "责任区编码,责任区名称,打捞船\nZX-01,新责任区,2\nNH-01,南河东段责任区,很多\n")
    const rejected = await importInto(url, [bad])
    expect(rejected.exitCode).toBe(1)
    expect(rejected.reports[0]?.committed).toBe(false)
    const after = await importInto(url, [exampleXlsx], { mode: "validate" })
    expect(after.reports[0]?.stats.find((s) => s.sheet === "责任区")?.unchanged).toBe(5)
    expect((await annualReport(url)).figures.find((f) => f.key === "responsibility_zones")?.presented).toBe(
      "5个"
    )
  })
})

/**
 * Ledgers COPY'd on PostgreSQL (`BulkCopy`, the default there): the rows stored are those the
 * multi-row INSERT (`--no-copy`) stores; a file with a bad row late is stored not at all; a run killed
 * (kill -9) while it stages leaves no record, and its staging table is dropped by the next run; Ctrl-C
 * leaves no record and drops it. A
 * database `bishui_test_pgcopy_…` is created on the server of BISHUI_TEST_PG_URL and dropped afterwards;
 * when the server cannot be reached the suite is skipped with a warning, except under CI.
 */
import { spawn } from "node:child_process"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Progress } from "@bishui/import-engine"
import { BulkLoad } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { PgClient } from "@effect/sql-pg"
import { Effect, Exit, Layer, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as BulkCopy from "../src/BulkCopy.ts"
import { importFiles } from "../src/Run.ts"
import { appDir, binPath, exampleXlsx, importInto, run, tempDir } from "./support.ts"

const adminUrl = process.env.BISHUI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"
const suffix = Math.random().toString(36).slice(2, 10)
const urlOf = (name: string) => {
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  return u.toString()
}
const names = { copy: `bishui_test_pgcopy_${suffix}`, insert: `bishui_test_pgcopy_ins_${suffix}` }
const url = urlOf(names.copy)
const insertUrl = urlOf(names.insert)

const query = async <A = Record<string, unknown>>(on: string, statement: string) => {
  const exit = await Effect.runPromiseExit(
    Effect.gen(function* () {
      const sql = yield* PgClient.make({
        url: Redacted.make(on),
        connectTimeout: "2 seconds",
        maxConnections: 1
      })
      return yield* sql.unsafe(statement)
    }).pipe(Effect.scoped, Effect.provide(Reactivity.layer), Effect.timeout("60 seconds"))
  )
  if (Exit.isFailure(exit)) throw new Error(`${statement}: ${String(exit.cause)}`)
  return exit.value as unknown as ReadonlyArray<A>
}
const reachable = await query(adminUrl, "SELECT 1").then(
  () => true,
  () => false
)
if (!reachable && inCi) throw new Error(`PostgreSQL at ${adminUrl} cannot be reached (CI requires it)`)
if (!reachable)
  console.warn(`⚠ PostgreSQL at ${adminUrl} cannot be reached: the importer's COPY suite is skipped`)

const patrolCount = async (on: string) =>
  Number((await query<{ n: string }>(on, "SELECT count(*)::text AS n FROM patrol_logs"))[0]?.n)
const stagingTables = async (on: string) =>
  (
    await query<{ relname: string }>(
      on,
      "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE 'bishui\\_staging\\_%'"
    )
  ).map((r) => r.relname)
const stagedRows = async (on: string, table: string) =>
  Number((await query<{ n: string }>(on, `SELECT count(*)::text AS n FROM "${table}"`))[0]?.n)

const zones = ["NH-01", "NH-02", "BH-01", "BH-02", "XH-01"]
const members = ["刘洋", "张伟", "杨帆", "吴海峰", "周敏", "郑凯"]
/** A patrol ledger of `n` rows from `offset` (3 minutes apart) in a directory of its own; `badLast`: its last row names no zone. */
const ledger = (under: string, n: number, offset: number, badLast = false) => {
  mkdirSync(under, { recursive: true })
  const path = join(under, "巡河记录.csv")
  const lines = ["责任区编码,巡河人,开始时间,发现问题,清理垃圾(公斤)"]
  for (let i = offset; i < offset + n; i++) {
    const day = new Date(Date.UTC(2024, 0, 1) + i * 3 * 60_000).toISOString()
    const zone = badLast && i === offset + n - 1 ? "NO-SUCH-ZONE" : zones[i % 5]
    lines.push(
      `${zone},${members[i % 6]},${day.slice(0, 10)} ${day.slice(11, 16)},巡查正常\t第${i}次,${i % 30}.5`
    )
  }
  writeFileSync(path, `${lines.join("\n")}\n`)
  return path
}

/**
 * The import in-process with `BulkCopy.layer`, from the first row; how many batches it staged, by
 * table (patrol logs, and the batches' audit entries: with the threshold at 0 they are staged too).
 */
const importCopying = async (on: string, files: ReadonlyArray<string>) => {
  const staged = new Map<string, number>()
  const counting = Layer.effect(
    BulkLoad.BulkLoad,
    Effect.gen(function* () {
      const inner = yield* BulkLoad.BulkLoad
      return BulkLoad.BulkLoad.of({
        stagingFor: (table, columns, rows) =>
          Effect.tap(inner.stagingFor(table, columns, rows), (found) =>
            Effect.sync(() => {
              if (found !== undefined) staged.set(table, (staged.get(table) ?? 0) + 1)
            })
          )
      })
    })
  ).pipe(Layer.provide(BulkCopy.layer(on)))
  process.env.BISHUI_IMPORT_COPY_ROWS = "0"
  try {
    const outcome = await run(
      on,
      importFiles({
        files,
        tenantId: Seed.seedTenantId,
        tenantName: "四平市水利局",
        mode: "import",
        skipInvalid: false,
        format: "text",
        errorsOut: undefined,
        progress: Progress.silent
      }).pipe(Effect.provide(counting))
    )
    return { outcome, staged }
  } finally {
    delete process.env.BISHUI_IMPORT_COPY_ROWS
  }
}

/** The stored patrol logs but for their ids and timestamps, sorted: what two imports can share. */
const patrolRows = (on: string) =>
  query<Record<string, unknown>>(
    on,
    `SELECT to_jsonb(p) - 'id' - 'created_at' - 'updated_at' AS row FROM patrol_logs p ORDER BY natural_key`
  ).then((rows) => rows.map((r) => JSON.stringify(r.row)))

describe.skipIf(!reachable)("COPY on PostgreSQL", () => {
  const dir = tempDir()
  beforeAll(async () => {
    await query(adminUrl, `CREATE DATABASE ${names.copy}`)
    await query(adminUrl, `CREATE DATABASE ${names.insert}`)
    expect((await importInto(url, [exampleXlsx])).exitCode).toBe(0)
    expect((await importInto(insertUrl, [exampleXlsx])).exitCode).toBe(0)
  })
  afterAll(async () => {
    dir.cleanup()
    await query(adminUrl, `DROP DATABASE IF EXISTS ${names.copy} WITH (FORCE)`)
    await query(adminUrl, `DROP DATABASE IF EXISTS ${names.insert} WITH (FORCE)`)
  })

  it("stores the rows the multi-row INSERT stores, and drops its staging table", async () => {
    const file = ledger(join(dir.path, "same"), 6_000, 0)
    const before = await patrolCount(url)
    const copied = await importCopying(url, [file])
    expect(copied.outcome.exitCode).toBe(0)
    expect(copied.staged.get("patrol_logs")).toBe(3) // 2,000 rows a batch
    expect(copied.staged.get("audit_log")).toBe(3) // one summary entry a batch
    expect(await patrolCount(url)).toBe(before + 6_000)
    expect(await stagingTables(url)).toEqual([])
    expect((await importInto(insertUrl, [file])).exitCode).toBe(0)
    const [a, b] = [await patrolRows(url), await patrolRows(insertUrl)]
    expect(a.length).toBe(before + 6_000)
    expect(a).toEqual(b)
  })

  it("a file whose last row is refused stores nothing of it", async () => {
    const before = await patrolCount(url)
    const file = ledger(join(dir.path, "bad"), 20_000, 100_000, true)
    const copied = await importCopying(url, [file])
    expect(copied.outcome.exitCode).toBe(1)
    expect(copied.outcome.reports[0]?.committed).toBe(false)
    expect(copied.staged.get("patrol_logs")).toBeGreaterThanOrEqual(9) // the batches before the bad row were moved, then undone
    expect(await patrolCount(url)).toBe(before)
    expect(await stagingTables(url)).toEqual([])
  })

  it("Ctrl-C while staging: exits 130, no record, its staging table dropped", async () => {
    const before = await patrolCount(url)
    const file = ledger(join(dir.path, "int"), 150_000, 350_000)
    const child = spawn(
      process.execPath,
      ["--conditions=source", binPath, "import", file, "--database", url],
      {
        cwd: appDir,
        env: { ...process.env, DATABASE_URL: "", NO_COLOR: "1", BISHUI_IMPORT_COPY_ROWS: "0" },
        stdio: "ignore"
      }
    )
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)))
    let staged = false
    for (let i = 0; i < 600 && !staged; i++) {
      await new Promise((done) => setTimeout(done, 100))
      for (const table of await stagingTables(url)) if ((await stagedRows(url, table)) > 0) staged = true
    }
    expect(staged).toBe(true)
    child.kill("SIGINT")
    expect(await exited).toBe(130)
    expect(await patrolCount(url)).toBe(before)
    expect(await stagingTables(url)).toEqual([])
  })

  it("kill -9 while staging: no record; the next run drops the staging table", async () => {
    const before = await patrolCount(url)
    const file = ledger(join(dir.path, "kill"), 150_000, 200_000)
    const child = spawn(
      process.execPath,
      ["--conditions=source", binPath, "import", file, "--database", url],
      {
        cwd: appDir,
        env: { ...process.env, DATABASE_URL: "", NO_COLOR: "1", BISHUI_IMPORT_COPY_ROWS: "0" },
        stdio: "ignore"
      }
    )
    const exited = new Promise<NodeJS.Signals | null>((done) =>
      child.on("exit", (_code, signal) => done(signal))
    )
    // kill as soon as a batch has been staged (the staging table holds rows)
    let left: Array<string> = []
    for (let i = 0; i < 600 && left.length === 0; i++) {
      await new Promise((done) => setTimeout(done, 100))
      for (const table of await stagingTables(url)) if ((await stagedRows(url, table)) > 0) left = [table]
    }
    expect(left.length).toBe(1)
    child.kill("SIGKILL")
    expect(await exited).toBe("SIGKILL")
    expect(await patrolCount(url)).toBe(before)
    expect(await stagingTables(url)).toEqual(left)
    // the next run starts by dropping the dead run's staging table
    const small = ledger(join(dir.path, "small"), 10, 150_000)
    const next = spawn(
      process.execPath,
      ["--conditions=source", binPath, "import", small, "--database", url],
      {
        cwd: appDir,
        env: { ...process.env, DATABASE_URL: "", NO_COLOR: "1" },
        stdio: "ignore"
      }
    )
    expect(await new Promise((done) => next.on("exit", done))).toBe(0)
    expect(await stagingTables(url)).toEqual([])
    expect(await patrolCount(url)).toBe(before + 10)
  })
})

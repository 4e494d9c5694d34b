/**
 * Staging through a second connection, moved in the caller's own transaction (an @effect/sql-pg
 * `PgClient`, as an import's is): all or nothing per file, and a killed run leaves no record — only a
 * staging table, dropped at the next start. A database `bishui_test_pgstaging_…` is created on the
 * server of BISHUI_TEST_PG_URL and dropped afterwards (skipped with a warning when the server cannot
 * be reached, except under CI).
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { PgClient } from "@effect/sql-pg"
import { Effect, Exit, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type * as PgCopy from "../src/PgCopy.ts"
import * as PgStaging from "../src/PgStaging.ts"

const adminUrl = process.env.BISHUI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"
const name = `bishui_test_pgstaging_${Math.random().toString(36).slice(2, 10)}`
const url = (() => {
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  return u.toString()
})()

const withSql = <A, E>(on: string, f: (sql: PgClient.PgClient) => Effect.Effect<A, E>) =>
  Effect.runPromiseExit(
    Effect.gen(function* () {
      const sql = yield* PgClient.make({
        url: Redacted.make(on),
        connectTimeout: "2 seconds",
        maxConnections: 2
      })
      return yield* f(sql)
    }).pipe(Effect.scoped, Effect.provide(Reactivity.layer), Effect.timeout("60 seconds"))
  )
const query = async <A = Record<string, unknown>>(on: string, statement: string) => {
  const exit = await withSql(on, (sql) => sql.unsafe(statement))
  if (Exit.isFailure(exit)) throw new Error(`${statement}: ${String(exit.cause)}`)
  return exit.value as unknown as ReadonlyArray<A>
}

const reachable = await query(adminUrl, "SELECT 1").then(
  () => true,
  () => false
)
if (!reachable && inCi) throw new Error(`PostgreSQL at ${adminUrl} cannot be reached (CI requires it)`)
if (!reachable) console.warn(`⚠ PostgreSQL at ${adminUrl} cannot be reached: the PgStaging suite is skipped`)

const count = async (table: string) =>
  Number((await query<{ n: string }>(url, `SELECT count(*)::text AS n FROM ${table}`))[0]?.n)
const stagingTables = async () =>
  (
    await query<{ relname: string }>(
      url,
      "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE 'bishui\\_staging\\_%' ORDER BY relname"
    )
  ).map((r) => r.relname)

const columns = ["tenant_id", "id", "zone"]
const file = (prefix: string, n: number, bad?: { readonly at: number; readonly row: PgCopy.CopyRow }) =>
  Array.from(
    { length: n },
    (_, i): PgCopy.CopyRow => (i === bad?.at ? bad.row : ["t", `${prefix}-${i}`, "BH-01"])
  )

/**
 * One file as an import would write it: a register record through its own client, then the ledger
 * COPY'd to staging and moved — the register write and the move in one transaction.
 */
const importFile = (runId: string, zone: string, rows: ReadonlyArray<PgCopy.CopyRow>) =>
  withSql(url, (sql) =>
    Effect.scoped(
      Effect.gen(function* () {
        const staging = yield* PgStaging.stage(url, { runId, table: "patrols", columns })
        yield* sql.withTransaction(
          Effect.gen(function* () {
            yield* sql.unsafe(`INSERT INTO zones (id) VALUES ('${zone}')`)
            yield* staging.copy(rows)
            yield* sql.unsafe(staging.move)
          })
        )
        return staging.name
      })
    )
  )

describe.skipIf(!reachable)("PgStaging on PostgreSQL", () => {
  beforeAll(async () => {
    await query(adminUrl, `CREATE DATABASE ${name}`)
    await query(url, "CREATE TABLE zones (id text PRIMARY KEY)")
    await query(
      url,
      "CREATE TABLE patrols (tenant_id text NOT NULL, id text NOT NULL, zone text NOT NULL, note text DEFAULT '无', PRIMARY KEY (tenant_id, id))"
    )
  })
  afterAll(async () => {
    if (reachable) await query(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  })

  it("moves a file's rows in the caller's transaction, and a bad row late in a file leaves nothing of it", async () => {
    const good = await importFile("run-1", "Z1", file("a", 20_000))
    expect(good).toEqual(Exit.succeed("bishui_staging_run_1"))
    expect(await count("patrols")).toBe(20_000)
    expect(
      (await query<{ note: string }>(url, "SELECT note FROM patrols WHERE id = 'a-19999'"))[0]?.note
    ).toBe("无")

    // refused by COPY itself (NOT NULL, copied onto the staging table): row 19,990 of 20,000
    const refused = await importFile(
      "run-2",
      "Z2",
      file("b", 20_000, { at: 19_989, row: ["t", "b-x", null] })
    )
    expect(Exit.isFailure(refused)).toBe(true)
    const failure = Exit.isFailure(refused) ? refused.cause.reasons[0] : undefined
    expect(failure?._tag === "Fail" && failure.error).toMatchObject({
      _tag: "PgCopyServerError",
      sqlState: "23502",
      line: 19_990
    })

    // refused only when moved (the primary key is the real table's): the last row repeats a stored id
    const clash = await importFile(
      "run-3",
      "Z3",
      file("c", 20_000, { at: 19_999, row: ["t", "a-5", "BH-01"] })
    )
    expect(Exit.isFailure(clash)).toBe(true)
    expect(String(Exit.isFailure(clash) ? clash.cause : "")).toMatch(/duplicate key|unique/i)

    expect(await count("patrols")).toBe(20_000)
    expect((await query<{ id: string }>(url, "SELECT id FROM zones ORDER BY id")).map((z) => z.id)).toEqual([
      "Z1"
    ])
    expect(await stagingTables()).toEqual([])
  })

  it("a run killed with SIGKILL leaves no record, and its staging table is dropped at the next start, a live run's kept", async () => {
    const before = await count("patrols")
    const child = spawn(
      process.execPath,
      [
        "--conditions=source",
        fileURLToPath(new URL("./support/stage-and-hang.ts", import.meta.url)),
        url,
        "killed-run"
      ],
      { stdio: ["ignore", "pipe", "inherit"] }
    )
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("staged")) resolve()
      })
      child.once("exit", (code) => reject(new Error(`the child exited (${code}) before staging`)))
    })
    child.kill("SIGKILL")
    await new Promise((resolve) => child.once("exit", resolve))

    expect(await count("patrols")).toBe(before)
    expect(await count("bishui_staging_killed_run")).toBe(1000)

    const exit = await Effect.runPromiseExit(
      Effect.scoped(
        Effect.gen(function* () {
          const live = yield* PgStaging.stage(url, { runId: "live-run", table: "patrols", columns })
          yield* live.copy(file("live", 10))
          // the killed run's backend may take a moment to go and release its lock
          let dropped: ReadonlyArray<string> = []
          for (let i = 0; i < 50 && dropped.length === 0; i++) {
            dropped = yield* PgStaging.dropOrphans(url)
            if (dropped.length === 0) yield* Effect.sleep("100 millis")
          }
          const during = yield* Effect.promise(stagingTables)
          return { dropped, during }
        })
      )
    )
    expect(exit).toEqual(
      Exit.succeed({ dropped: ["bishui_staging_killed_run"], during: ["bishui_staging_live_run"] })
    )
    expect(await stagingTables()).toEqual([])
    expect(await count("patrols")).toBe(before)
  })

  it("batches moved one by one in one open transaction: each move takes its own batch only", async () => {
    const before = await count("patrols")
    const exit = await withSql(url, (sql) =>
      Effect.scoped(
        Effect.gen(function* () {
          const staging = yield* PgStaging.stage(url, { runId: "batches", table: "patrols", columns })
          return yield* sql.withTransaction(
            Effect.gen(function* () {
              const moves: Array<string> = []
              for (const prefix of ["x", "y", "z"]) {
                const move = yield* staging.copyBatch(file(prefix, 3_000))
                moves.push(move)
                // the transaction holds its read of the staging table while the next batch is staged
                yield* sql.unsafe(move)
              }
              const [row] = yield* sql.unsafe<{ n: string }>("SELECT count(*)::text AS n FROM patrols")
              return { moves, n: Number(row?.n) }
            })
          )
        })
      )
    )
    expect(Exit.isSuccess(exit)).toBe(true)
    const value = Exit.isSuccess(exit) ? exit.value : undefined
    expect(value?.n).toBe(before + 9_000)
    expect(value?.moves[2]).toMatch(/WHERE bishui_batch = 3$/)
    expect(await count("patrols")).toBe(before + 9_000)
    expect(await stagingTables()).toEqual([])
  })

  it("refuses a second stage of the same run while the first lives", async () => {
    const exit = await Effect.runPromiseExit(
      Effect.scoped(
        Effect.gen(function* () {
          yield* PgStaging.stage(url, { runId: "twice", table: "patrols", columns })
          return yield* Effect.flip(
            Effect.scoped(PgStaging.stage(url, { runId: "twice", table: "patrols", columns }))
          )
        })
      )
    )
    expect(Exit.isSuccess(exit) && exit.value).toMatchObject({ _tag: "PgCopyConnectionError" })
    expect(await stagingTables()).toEqual([])
  })
})

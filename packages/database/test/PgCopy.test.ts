/**
 * `COPY … FROM STDIN` through PgCopy against a real PostgreSQL: a database `bishui_test_pgcopy_…` is
 * created on the server of BISHUI_TEST_PG_URL and dropped afterwards; when the server cannot be
 * reached the suite is skipped with a warning, except under CI, where it fails. What went in is read
 * back through @effect/sql-pg's own client.
 */
import { createServer, type Socket } from "node:net"
import { PgClient } from "@effect/sql-pg"
import { Effect, Exit, Fiber, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as PgCopy from "../src/PgCopy.ts"

const adminUrl = process.env.BISHUI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"
const name = `bishui_test_pgcopy_${Math.random().toString(36).slice(2, 10)}`
const url = (() => {
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  return u.toString()
})()

const query = <A = Record<string, unknown>>(on: string, statement: string) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const sql = yield* PgClient.make({
        url: Redacted.make(on),
        connectTimeout: "2 seconds",
        maxConnections: 1
      })
      return (yield* sql.unsafe(statement)) as unknown as ReadonlyArray<A>
    }).pipe(Effect.scoped, Effect.provide(Reactivity.layer), Effect.timeout("20 seconds"))
  )

const reachable = await query(adminUrl, "SELECT 1").then(
  () => true,
  () => false
)
if (!reachable && inCi) throw new Error(`PostgreSQL at ${adminUrl} cannot be reached (CI requires it)`)
if (!reachable) console.warn(`⚠ PostgreSQL at ${adminUrl} cannot be reached: the PgCopy suite is skipped`)

const count = async (table: string) =>
  Number((await query<{ n: string }>(url, `SELECT count(*)::text AS n FROM ${table}`))[0]?.n)

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromiseExit(effect)

describe.skipIf(!reachable)("PgCopy on PostgreSQL", () => {
  beforeAll(async () => {
    await query(adminUrl, `CREATE DATABASE ${name}`)
    await query(
      url,
      "CREATE TABLE t (id integer PRIMARY KEY, name text, note text, big bigint, ok boolean, at timestamptz, raw bytea)"
    )
    await query(url, "CREATE TABLE n (id integer NOT NULL, label text NOT NULL)")
  })
  afterAll(async () => {
    if (reachable) await query(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  })

  it("round-trips tabs, newlines, carriage returns, backslashes, nulls, a literal \\N and Chinese text", async () => {
    const at = new Date("2026-03-04T05:06:07.089Z")
    const rows: ReadonlyArray<PgCopy.CopyRow> = [
      [1, "巡河\t一号", "第一行\n第二行", 9_007_199_254_740_993n, true, at, new Uint8Array([0, 1, 92, 255])],
      [2, "C:\\河道\\北段", "\\N", -1, false, null, null],
      [3, null, "行尾\r\n", null, null, null, new Uint8Array([])],
      [4, "", "\\\\t 不是制表符", 0, true, at, null],
      [5, "碧水 🌊 end\\", undefined, 42, null, null, null]
    ]
    const copied = await run(
      PgCopy.copyIn(url, { table: "t", columns: ["id", "name", "note", "big", "ok", "at", "raw"], rows })
    )
    expect(copied).toEqual(Exit.succeed(5))
    const back = await query<{
      id: number
      name: string | null
      note: string | null
      big: string | null
      ok: boolean | null
      at: string | null
      raw: string | null
    }>(
      url,
      `SELECT id, name, note, big::text AS big, ok, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at,
              encode(raw, 'hex') AS raw FROM t ORDER BY id`
    )
    expect(back).toEqual([
      {
        id: 1,
        name: "巡河\t一号",
        note: "第一行\n第二行",
        big: "9007199254740993",
        ok: true,
        at: "2026-03-04T05:06:07.089",
        raw: "00015cff"
      },
      { id: 2, name: "C:\\河道\\北段", note: "\\N", big: "-1", ok: false, at: null, raw: null },
      { id: 3, name: null, note: "行尾\r\n", big: null, ok: null, at: null, raw: "" },
      {
        id: 4,
        name: "",
        note: "\\\\t 不是制表符",
        big: "0",
        ok: true,
        at: "2026-03-04T05:06:07.089",
        raw: null
      },
      { id: 5, name: "碧水 🌊 end\\", note: null, big: "42", ok: null, at: null, raw: null }
    ])
  })

  it("gives the server's error with its SQLSTATE and line for a bad row, and stores nothing", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [i, i === 3999 ? null : `第${i}行`] as const)
    const exit = await run(
      PgCopy.copyIn(url, { table: "n", columns: ["id", "label"], rows, chunkSize: 1024 })
    )
    expect(Exit.isFailure(exit)).toBe(true)
    const error = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
    expect(error?._tag).toBe("Fail")
    const failure = error?._tag === "Fail" ? error.error : undefined
    expect(failure).toBeInstanceOf(PgCopy.PgCopyServerError)
    expect(failure).toMatchObject({ sqlState: "23502", line: 4000 })
    expect((failure as PgCopy.PgCopyServerError).message).toMatch(/label/)
    expect(await count("n")).toBe(0)

    const typo = await run(
      PgCopy.copyIn(url, {
        table: "n",
        columns: ["id", "label"],
        rows: [
          [1, "a"],
          ["二", "b"]
        ]
      })
    )
    expect(
      Exit.isFailure(typo) && typo.cause.reasons[0]?._tag === "Fail" && typo.cause.reasons[0].error
    ).toMatchObject({ _tag: "PgCopyServerError", sqlState: "22P02", line: 2 })
    const missing = await run(PgCopy.copyIn(url, { table: "no_such_table", columns: ["id"], rows: [[1]] }))
    expect(
      Exit.isFailure(missing) && missing.cause.reasons[0]?._tag === "Fail" && missing.cause.reasons[0].error
    ).toMatchObject({ _tag: "PgCopyServerError", sqlState: "42P01", line: undefined })
    expect(await count("n")).toBe(0)
  })

  it("aborts with CopyFail when the source throws, stores nothing, and the connection goes on", async () => {
    async function* source() {
      for (let i = 0; i < 20_000; i++) {
        if (i === 15_000) throw new Error("表格读到一半坏了")
        yield [i, `row ${i}`] as const
      }
    }
    const result = await run(
      Effect.scoped(
        Effect.gen(function* () {
          const connection = yield* PgCopy.connect(url)
          const failed = yield* Effect.exit(
            connection.copyIn({ table: "n", columns: ["id", "label"], rows: source(), chunkSize: 4096 })
          )
          const inBetween = yield* Effect.promise(() => count("n"))
          const after = yield* connection.copyIn({
            table: "n",
            columns: ["id", "label"],
            rows: [[1, "again"]]
          })
          return { failed, inBetween, after }
        })
      )
    )
    expect(Exit.isSuccess(result)).toBe(true)
    if (!Exit.isSuccess(result)) return
    const { failed, inBetween, after } = result.value
    const reason = Exit.isFailure(failed) ? failed.cause.reasons[0] : undefined
    expect(reason?._tag === "Fail" && reason.error).toMatchObject({ _tag: "PgCopySourceError" })
    expect(reason?._tag === "Fail" && reason.error.message).toMatch(/表格读到一半坏了/)
    expect(inBetween).toBe(0)
    expect(after).toBe(1)
    expect(await count("n")).toBe(1)
    await query(url, "TRUNCATE n")
  })

  it("is part of a transaction opened on its connection: rolled back, nothing stays", async () => {
    const exit = await run(
      Effect.scoped(
        Effect.gen(function* () {
          const connection = yield* PgCopy.connect(url)
          yield* connection.execute("BEGIN")
          const copied = yield* connection.copyIn({
            table: "n",
            columns: ["id", "label"],
            rows: [
              [1, "a"],
              [2, "b"]
            ]
          })
          const seenOutside = yield* Effect.promise(() => count("n"))
          yield* connection.execute("ROLLBACK")
          return { copied, seenOutside }
        })
      )
    )
    expect(exit).toEqual(Exit.succeed({ copied: 2, seenOutside: 0 }))
    expect(await count("n")).toBe(0)
  })

  it("interrupted mid-stream, the connection is closed and the server keeps nothing", async () => {
    let sent = 0
    async function* slow() {
      for (let i = 0; ; i++) {
        sent = i
        if (i % 1000 === 999) await new Promise((resolve) => setTimeout(resolve, 5))
        yield [i, `slow ${i}`] as const
      }
    }
    const exit = await run(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(
          PgCopy.copyIn(url, { table: "n", columns: ["id", "label"], rows: slow(), chunkSize: 2048 })
        )
        yield* Effect.sleep("300 millis")
        yield* Fiber.interrupt(fiber)
      })
    )
    expect(Exit.isSuccess(exit)).toBe(true)
    expect(sent).toBeGreaterThan(1000)
    // the server ends the backend when its socket closes; wait for it to go
    for (let i = 0; i < 50; i++) {
      const backends = await query<{ n: string }>(
        adminUrl,
        `SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = '${name}' AND query LIKE 'COPY%'`
      )
      if (backends[0]?.n === "0") break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(await count("n")).toBe(0)
  })

  it("takes 100k rows quickly", async () => {
    function* rows() {
      for (let i = 0; i < 100_000; i++) yield [i, `巡河记录 ${i}\t备注`] as const
    }
    const started = performance.now()
    const exit = await run(PgCopy.copyIn(url, { table: "n", columns: ["id", "label"], rows: rows() }))
    const seconds = (performance.now() - started) / 1000
    expect(exit).toEqual(Exit.succeed(100_000))
    expect(await count("n")).toBe(100_000)
    expect(seconds).toBeLessThan(10)
    const [last] = await query<{ label: string }>(url, "SELECT label FROM n WHERE id = 99999")
    expect(last?.label).toBe("巡河记录 99999\t备注")
  })

  it("refuses a URL that is not PostgreSQL's, and a server that is not there", async () => {
    const wrong = await run(
      PgCopy.copyIn("mysql://x@localhost/db", { table: "n", columns: ["id"], rows: [] })
    )
    expect(
      Exit.isFailure(wrong) && wrong.cause.reasons[0]?._tag === "Fail" && wrong.cause.reasons[0].error
    ).toMatchObject({
      _tag: "PgCopyConnectionError"
    })
    const absent = await run(
      PgCopy.copyIn("postgres://postgres@127.0.0.1:1/x", { table: "n", columns: ["id"], rows: [] })
    )
    expect(
      Exit.isFailure(absent) && absent.cause.reasons[0]?._tag === "Fail" && absent.cause.reasons[0].error
    ).toMatchObject({ _tag: "PgCopyConnectionError" })
  })

  it("falls back to plain TCP on sslmode=prefer when the server has no TLS, refuses on sslmode=require", async () => {
    const [ssl] = await query<{ ssl: string }>(adminUrl, "SHOW ssl")
    const prefer = await run(
      PgCopy.copyIn(`${url}?sslmode=prefer`, { table: "n", columns: ["id", "label"], rows: [[7, "tls?"]] })
    )
    expect(prefer).toEqual(Exit.succeed(1))
    await query(url, "TRUNCATE n")
    if (ssl?.ssl !== "off") return // a server with TLS would take both; this one answers N
    const require = await run(
      PgCopy.copyIn(`${url}?sslmode=require`, { table: "n", columns: ["id"], rows: [] })
    )
    expect(
      Exit.isFailure(require) && require.cause.reasons[0]?._tag === "Fail" && require.cause.reasons[0].error
    ).toMatchObject({ _tag: "PgCopyConnectionError", message: expect.stringMatching(/TLS/) })
  })

  it("gives up on a server that accepts and never answers after connect_timeout", async () => {
    const held: Array<Socket> = []
    const silent = createServer((socket) => held.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve))
    const address = silent.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    const started = performance.now()
    const exit = await run(
      PgCopy.copyIn(`postgres://postgres@127.0.0.1:${port}/x?connect_timeout=1`, {
        table: "n",
        columns: ["id"],
        rows: []
      })
    )
    const waited = performance.now() - started
    for (const socket of held) socket.destroy()
    silent.close()
    expect(
      Exit.isFailure(exit) && exit.cause.reasons[0]?._tag === "Fail" && exit.cause.reasons[0].error
    ).toMatchObject({
      _tag: "PgCopyConnectionError",
      message: expect.stringMatching(/connect_timeout/)
    })
    expect(waited).toBeGreaterThan(900)
    expect(waited).toBeLessThan(5000)
  })
})

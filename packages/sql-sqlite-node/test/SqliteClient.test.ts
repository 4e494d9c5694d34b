import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { afterAll, assert, describe, expect, it, layer } from "@effect/vitest"
import { Array as Arr, Config, ConfigProvider, Effect, Layer, String as Str, Stream } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { SqliteClient } from "../src/index.ts"
import { defaultStatementCacheBytes, StatementCache } from "../src/internal/connection.ts"
import { tempDb } from "./utils.ts"

const dir = mkdtempSync(join(tmpdir(), "bishui-sqlite-client-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const schema = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql`CREATE TABLE rivers (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, length_km REAL)`
  yield* sql`CREATE TABLE stations (id INTEGER PRIMARY KEY, river_id INTEGER NOT NULL REFERENCES rivers(id))`
})

// `SqliteClient.make` needs Reactivity when used directly; the layers provide it themselves.
const SqlReactivity = Reactivity.layer

const reasonOf = <A>(effect: Effect.Effect<A, SqlError>) =>
  Effect.flip(effect).pipe(Effect.map((error) => error.reason))

layer(SqliteClient.layer({ filename: join(dir, "client.db") }))("SqliteClient", (it) => {
  it.effect("creates, reads, updates and deletes rows as plain objects", () =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      yield* schema
      yield* sql`INSERT INTO rivers ${sql.insert([
        { id: 1, name: "Min", length_km: 735 },
        { id: 2, name: "Tuo" }
      ])}`
      const rows = yield* sql<{ id: number; name: string }>`SELECT id, name FROM rivers ORDER BY id`
      assert.deepStrictEqual(rows, [
        { id: 1, name: "Min" },
        { id: 2, name: "Tuo" }
      ])
      assert.strictEqual(Object.getPrototypeOf(rows[0]), Object.prototype)
      yield* sql`UPDATE rivers SET ${sql.update({ length_km: 629 })} WHERE id = ${2}`
      const raw = yield* sql`DELETE FROM rivers WHERE id = ${1}`.raw
      assert.deepStrictEqual(raw, { changes: 1, lastInsertRowid: 2 })
      const left = yield* sql`SELECT name, length_km FROM rivers`
      assert.deepStrictEqual(left, [{ name: "Tuo", length_km: 629 }])
      const values = yield* sql`SELECT id, name FROM rivers`.values
      assert.deepStrictEqual(values, [[2, "Tuo"]])
      const unprepared = yield* sql`SELECT ${"a"} AS a`.unprepared
      assert.deepStrictEqual(unprepared, [{ a: "a" }])
    })
  )

  it.effect("has WAL, foreign keys, busy timeout and synchronous=NORMAL in force", () =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      assert.deepStrictEqual(yield* sql`PRAGMA journal_mode`, [{ journal_mode: "wal" }])
      assert.deepStrictEqual(yield* sql`PRAGMA foreign_keys`, [{ foreign_keys: 1 }])
      assert.deepStrictEqual(yield* sql`PRAGMA busy_timeout`, [{ timeout: 5000 }])
      assert.deepStrictEqual(yield* sql`PRAGMA synchronous`, [{ synchronous: 1 }])
      const client = yield* SqliteClient.SqliteClient
      assert.strictEqual(client.driver, "sqlite-node")
    })
  )

  it.effect("binds booleans, dates, bigints, blobs and nulls", () =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const date = new Date("2024-05-01T08:30:00.000Z")
      const [row] = yield* sql`SELECT ${true} AS t, ${false} AS f, ${date} AS d, ${2n ** 40n} AS b,
        ${new Uint8Array([1, 2, 3])} AS blob, ${null} AS n, typeof(${1.5}) AS real`
      assert.deepStrictEqual(row, {
        t: 1,
        f: 0,
        d: "2024-05-01T08:30:00.000Z",
        b: 2 ** 40,
        blob: new Uint8Array([1, 2, 3]),
        n: null,
        real: "real"
      })
      const [big] = yield* sql`SELECT ${2n ** 62n} AS b`.pipe(
        Effect.provideService(SqlClient.SafeIntegers, true)
      )
      assert.strictEqual(big?.b, 2n ** 62n)
      const reason = yield* reasonOf(sql`SELECT ${{ secret: "x" }} AS o`)
      assert.strictEqual(reason.message, "Cannot bind parameter 1 of type Object")
    })
  )

  it.effect("classifies foreign-key, unique and syntax failures without leaking parameters", () =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      yield* sql`INSERT INTO rivers (id, name) VALUES (10, ${"secret-river-name"})`
      const unique = yield* reasonOf(sql`INSERT INTO rivers (id, name) VALUES (11, ${"secret-river-name"})`)
      assert.strictEqual(unique._tag, "UniqueViolation")
      assert.strictEqual(unique._tag === "UniqueViolation" && unique.constraint, "rivers.name")
      expect(unique.message).not.toContain("secret")
      const fk = yield* reasonOf(sql`INSERT INTO stations (id, river_id) VALUES (1, ${999})`)
      assert.strictEqual(fk._tag, "ConstraintError")
      expect(fk.message).toContain("FOREIGN KEY constraint failed")
      const syntax = yield* reasonOf(sql`SELEC ${"secret"}`)
      assert.strictEqual(syntax._tag, "SqlSyntaxError")
      expect(syntax.message).not.toContain("secret")
    })
  )

  it.effect("builds rows as node:sqlite names them, and a shared statement stays in object mode", () =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      // A repeated name keeps its last value at its first position, as node:sqlite's own rows do.
      const expected = Object.entries(
        new DatabaseSync(":memory:").prepare("SELECT 1 AS a, 2 AS b, 3 AS a").get() ?? {}
      )
      const [row] = yield* sql`SELECT 1 AS a, 2 AS b, 3 AS a`
      assert.deepStrictEqual(Object.entries(row ?? {}), expected)
      assert.deepStrictEqual(Object.keys(row ?? {}), ["a", "b"])
      // The same cached statement read as arrays, then as objects, then failing mid-way, then as objects.
      const statement = (n: unknown) => sql`SELECT json_extract(${n}, '$.v') AS v`
      assert.deepStrictEqual(yield* statement('{"v":1}').values, [[1]])
      assert.deepStrictEqual(yield* statement('{"v":2}'), [{ v: 2 }])
      assert.strictEqual((yield* Effect.flip(statement("not json"))).reason._tag, "UnknownError")
      assert.deepStrictEqual(yield* statement('{"v":3}'), [{ v: 3 }])
      const returned = yield* sql`INSERT INTO rivers (id, name) VALUES (30, ${"Jialing"}) RETURNING id, name`
      assert.deepStrictEqual(returned, [{ id: 30, name: "Jialing" }])
      assert.deepStrictEqual(yield* sql`SELECT name FROM rivers WHERE id = ${-1}`, [])
    })
  )

  it.effect("names a cached SELECT * statement's columns as they are after a schema change", () =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      yield* sql`CREATE TABLE gauges (id INTEGER PRIMARY KEY, level REAL)`
      yield* sql`INSERT INTO gauges (id, level) VALUES (1, 2.5)`
      const star = () => sql`SELECT * FROM gauges WHERE id = ${1}`
      const named = () => sql`SELECT id, level AS water FROM gauges WHERE id = ${1}`
      assert.deepStrictEqual(yield* star(), [{ id: 1, level: 2.5 }])
      assert.deepStrictEqual(yield* named(), [{ id: 1, water: 2.5 }])
      yield* sql`ALTER TABLE gauges RENAME COLUMN level TO level_m`
      yield* sql`ALTER TABLE gauges ADD COLUMN station TEXT`
      assert.deepStrictEqual(yield* star(), [{ id: 1, level_m: 2.5, station: null }])
      yield* sql`ALTER TABLE gauges DROP COLUMN station`
      assert.deepStrictEqual(yield* star(), [{ id: 1, level_m: 2.5 }])
    })
  )

  it.effect("keeps results right with a statement cache smaller than the working set", () =>
    Effect.gen(function* () {
      const small = yield* SqliteClient.make({ filename: ":memory:", prepareCacheSize: 2 })
      for (let round = 0; round < 3; round++) {
        for (let n = 1; n <= 5; n++) {
          const rows = yield* small.unsafe<{ v: number }>(`SELECT ? * ${n} AS v`, [round])
          assert.deepStrictEqual(rows, [{ v: round * n }])
        }
      }
    }).pipe(Effect.provide(SqlReactivity))
  )
})

describe("StatementCache", () => {
  it("holds at most its capacity and evicts the least recently used statement", () => {
    const db = new DatabaseSync(":memory:")
    const cache = new StatementCache(db, 2)
    const one = cache.get("SELECT 1")
    const two = cache.get("SELECT 2")
    assert.strictEqual(cache.get("SELECT 1"), one) // hit: SELECT 2 is now least recent
    cache.get("SELECT 3")
    assert.strictEqual(cache.size, 2)
    assert.strictEqual(cache.get("SELECT 1"), one)
    assert.notStrictEqual(cache.get("SELECT 2"), two) // evicted, so prepared again
    assert.strictEqual(cache.size, 2)
    db.close()
  })

  it("keeps at most its budget of SQL text, the least recently used going first", () => {
    const db = new DatabaseSync(":memory:")
    db.exec("CREATE TABLE t (a, b)")
    // IN-lists of every length, as lookups of many ids make: each a new text.
    const inList = (n: number) => `SELECT a FROM t WHERE b IN (${Array(n).fill("?").join(",")})`
    const budget = 8 * inList(400).length
    const cache = new StatementCache(db, 1000, budget)
    for (let n = 1; n <= 400; n++) {
      cache.get(inList(n))
      assert.isAtMost(cache.bytes, budget)
    }
    // Far under its count: the bytes bound.
    assert.isBelow(cache.size, 10)
    assert.isAbove(cache.size, 0)
    // The most recent are kept: a hit returns the same statement.
    const size = cache.size
    const recent = cache.get(inList(399))
    assert.strictEqual(cache.get(inList(399)), recent)
    assert.strictEqual(cache.size, size)
    assert.isAtMost(cache.bytes, budget)
    // A text longer than a quarter of the budget is prepared (and runs) but not kept.
    const before = cache.size
    const long = `SELECT a FROM t WHERE b IN (${Array(budget / 2)
      .fill("1")
      .join(",")})`
    assert.deepStrictEqual(cache.get(long).all(), [])
    assert.notStrictEqual(cache.get(long), cache.get(long))
    assert.strictEqual(cache.size, before)
    cache.clear()
    assert.strictEqual(cache.size, 0)
    assert.strictEqual(cache.bytes, 0)
    db.close()
  })

  it("by default keeps 200 of a server's small statements but not 200 bulk inserts", () => {
    const db = new DatabaseSync(":memory:")
    const columns = Array.from({ length: 20 }, (_, i) => `c${i}`)
    db.exec(`CREATE TABLE t (${columns.join(", ")})`)
    const cache = new StatementCache(db, 200)
    for (let n = 1; n <= 200; n++) cache.get(`SELECT c0 FROM t WHERE c1 IN (${Array(n).fill("?").join(",")})`)
    // 200 IN-lists of 1..200 ids: ~100 KB of text, under the default budget.
    assert.strictEqual(cache.size, 200)
    const tuple = `(${columns.map(() => "?").join(",")})`
    for (let rows = 500; rows > 450; rows--)
      cache.get(`INSERT INTO t VALUES ${Array(rows).fill(tuple).join(",")}`)
    // 50 inserts of ~21 KB each (~1 MB of native memory apiece): the budget keeps about two dozen.
    assert.isAtMost(cache.bytes, defaultStatementCacheBytes)
    assert.isBelow(cache.size, 30)
    db.close()
  })
})

describe("SqliteClient options", () => {
  it.effect("transforms result and query names", () =>
    Effect.gen(function* () {
      const filename = yield* tempDb
      const sql = yield* SqliteClient.make({
        filename,
        transformQueryNames: Str.camelToSnake,
        transformResultNames: Str.snakeToCamel
      })
      yield* sql`CREATE TABLE gauges (gauge_id INTEGER PRIMARY KEY, water_level REAL)`
      yield* sql`INSERT INTO gauges ${sql.insert({ gaugeId: 1, waterLevel: 2.5 })}`
      assert.deepStrictEqual(yield* sql`SELECT * FROM gauges`, [{ gaugeId: 1, waterLevel: 2.5 }])
      assert.deepStrictEqual(yield* Stream.runCollect(sql`SELECT * FROM gauges`.stream), [
        { gaugeId: 1, waterLevel: 2.5 }
      ])
    }).pipe(Effect.provide(SqlReactivity))
  )

  it.effect("read-only clients refuse writes with AuthorizationError and keep a deferred BEGIN", () =>
    Effect.gen(function* () {
      const filename = yield* tempDb
      const writer = yield* SqliteClient.make({ filename })
      yield* writer`CREATE TABLE t (x INTEGER)`
      const reader = yield* SqliteClient.make({ filename, readonly: true })
      const reason = yield* reasonOf(reader`INSERT INTO t VALUES (1)`)
      assert.strictEqual(reason._tag, "AuthorizationError")
      assert.deepStrictEqual(yield* reader.withTransaction(reader`SELECT count(*) AS n FROM t`), [{ n: 0 }])
    }).pipe(Effect.provide(SqlReactivity))
  )

  it.effect("fails to open a missing directory with ConnectionError", () =>
    Effect.gen(function* () {
      const reason = yield* Effect.flip(SqliteClient.make({ filename: "/nonexistent/dir/x.db" }))
      assert.strictEqual(reason.reason._tag, "ConnectionError")
    }).pipe(Effect.provide(SqlReactivity))
  )

  it.effect("backs up a live database to a consistent copy", () =>
    Effect.gen(function* () {
      const filename = yield* tempDb
      const sql = yield* SqliteClient.make({ filename })
      yield* sql`CREATE TABLE t (x INTEGER)`
      yield* sql`INSERT INTO t ${sql.insert(Arr.makeBy(1000, (x) => ({ x })))}`
      const pages = yield* sql.backup(`${filename}.bak`)
      assert.isAbove(pages, 0)
      const copy = yield* SqliteClient.make({ filename: `${filename}.bak`, readonly: true })
      assert.deepStrictEqual(yield* copy`SELECT count(*) AS n FROM t`, [{ n: 1000 }])
    }).pipe(Effect.provide(SqlReactivity))
  )

  it.effect("reads its options from Config with layerConfig", () =>
    Effect.gen(function* () {
      const filename = yield* tempDb
      const Live = SqliteClient.layerConfig({
        filename: Config.String("DB_FILE"),
        busyTimeoutMs: Config.succeed(1234)
      })
      const timeout = yield* Effect.flatMap(SqlClient.SqlClient, (sql) => sql`PRAGMA busy_timeout`).pipe(
        Effect.provide(
          Live.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({ DB_FILE: filename }))))
        )
      )
      assert.deepStrictEqual(timeout, [{ timeout: 1234 }])
    })
  )
})

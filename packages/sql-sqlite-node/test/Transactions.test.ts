import { assert, describe, it } from "@effect/vitest"
import { Array as Arr, Effect, Exit } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import type * as SqlClient from "effect/sql/SqlClient"
import { SqliteClient } from "../src/index.ts"
import { tempDb } from "./utils.ts"

const openClient = (options: Partial<SqliteClient.SqliteClientConfig> = {}) =>
  Effect.flatMap(tempDb, (filename) => SqliteClient.make({ filename, ...options }))

const count = (sql: SqlClient.SqlClient, table: string) =>
  Effect.map(sql<{ n: number }>`SELECT count(*) AS n FROM ${sql(table)}`, (rows) => rows[0]?.n)

describe("transactions", () => {
  it.effect("a failed inner transaction rolls back only its savepoint; the outer commits", () =>
    Effect.gen(function* () {
      const sql = yield* openClient()
      yield* sql`CREATE TABLE t (x INTEGER)`
      yield* sql.withTransaction(
        Effect.gen(function* () {
          yield* sql`INSERT INTO t VALUES (1)`
          const inner = yield* sql
            .withTransaction(Effect.andThen(sql`INSERT INTO t VALUES (2)`, Effect.fail("inner failed")))
            .pipe(Effect.exit)
          assert.isTrue(Exit.isFailure(inner))
          // A second savepoint at the same depth still works after the first was rolled back.
          yield* sql.withTransaction(sql`INSERT INTO t VALUES (3)`)
        })
      )
      assert.deepStrictEqual(yield* sql`SELECT x FROM t ORDER BY x`, [{ x: 1 }, { x: 3 }])
    }).pipe(Effect.provide(Reactivity.layer))
  )

  it.effect("a failed outer transaction rolls back everything, committed savepoints included", () =>
    Effect.gen(function* () {
      const sql = yield* openClient()
      yield* sql`CREATE TABLE t (x INTEGER)`
      const exit = yield* sql
        .withTransaction(
          Effect.gen(function* () {
            yield* sql`INSERT INTO t VALUES (1)`
            yield* sql.withTransaction(sql`INSERT INTO t VALUES (2)`)
            return yield* Effect.fail("outer failed")
          })
        )
        .pipe(Effect.exit)
      assert.isTrue(Exit.isFailure(exit))
      assert.strictEqual(yield* count(sql, "t"), 0)
      // The connection is usable again: no transaction was left open.
      yield* sql.withTransaction(sql`INSERT INTO t VALUES (4)`)
      assert.strictEqual(yield* count(sql, "t"), 1)
    }).pipe(Effect.provide(Reactivity.layer))
  )

  it.effect("a failed statement inside withTransaction rolls the transaction back", () =>
    Effect.gen(function* () {
      const sql = yield* openClient()
      yield* sql`CREATE TABLE t (x INTEGER PRIMARY KEY)`
      const error = yield* sql
        .withTransaction(Effect.andThen(sql`INSERT INTO t VALUES (1)`, sql`INSERT INTO t VALUES (1)`))
        .pipe(Effect.flip)
      assert.strictEqual(error.reason._tag, "UniqueViolation")
      assert.strictEqual(yield* count(sql, "t"), 0)
    }).pipe(Effect.provide(Reactivity.layer))
  )

  it.effect("50 concurrent read-modify-write transactions lose no update", () =>
    Effect.gen(function* () {
      const sql = yield* openClient()
      yield* sql`CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`
      yield* sql`INSERT INTO counter VALUES (1, 0)`
      const increment = sql.withTransaction(
        Effect.gen(function* () {
          const [row] = yield* sql<{ n: number }>`SELECT n FROM counter WHERE id = 1`
          // Give every other fiber the chance to run between the read and the write.
          yield* Effect.yieldNow
          yield* sql`UPDATE counter SET n = ${(row?.n ?? 0) + 1} WHERE id = 1`
        })
      )
      yield* Effect.all(Arr.replicate(increment, 50), { concurrency: "unbounded" })
      assert.deepStrictEqual(yield* sql`SELECT n FROM counter`, [{ n: 50 }])
    }).pipe(Effect.provide(Reactivity.layer))
  )

  it.effect("statements outside a transaction wait for it instead of joining it", () =>
    Effect.gen(function* () {
      const sql = yield* openClient()
      yield* sql`CREATE TABLE t (x INTEGER)`
      const outside = sql`INSERT INTO t VALUES (99)`
      const tx = sql
        .withTransaction(
          Effect.gen(function* () {
            yield* sql`INSERT INTO t VALUES (1)`
            yield* Effect.yieldNow
            return yield* Effect.fail("rollback")
          })
        )
        .pipe(Effect.exit)
      yield* Effect.all([tx, outside], { concurrency: "unbounded" })
      // The outside insert survived the rollback, so it did not run inside the transaction.
      assert.deepStrictEqual(yield* sql`SELECT x FROM t`, [{ x: 99 }])
    }).pipe(Effect.provide(Reactivity.layer))
  )

  it.effect(
    "two clients on one file write concurrently, in and out of transactions, and all writes land",
    () =>
      Effect.gen(function* () {
        const filename = yield* tempDb
        const a = yield* SqliteClient.make({ filename })
        const b = yield* SqliteClient.make({ filename })
        yield* a`CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`
        yield* a`CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, client TEXT NOT NULL)`
        yield* a`INSERT INTO counter VALUES (1, 0)`
        const work = (sql: SqliteClient.SqliteClient, name: string) => [
          ...Arr.replicate(sql`INSERT INTO log (client) VALUES (${name})`, 100),
          ...Arr.replicate(
            sql.withTransaction(
              Effect.gen(function* () {
                const [row] = yield* sql<{ n: number }>`SELECT n FROM counter WHERE id = 1`
                yield* Effect.yieldNow
                yield* sql`UPDATE counter SET n = ${(row?.n ?? 0) + 1} WHERE id = 1`
                yield* sql`INSERT INTO log (client) VALUES (${name})`
              })
            ),
            25
          )
        ]
        yield* Effect.all([...work(a, "a"), ...work(b, "b")], { concurrency: "unbounded" })
        assert.deepStrictEqual(yield* b`SELECT n FROM counter`, [{ n: 50 }])
        assert.deepStrictEqual(
          yield* a`SELECT client, count(*) AS n FROM log GROUP BY client ORDER BY client`,
          [
            { client: "a", n: 125 },
            { client: "b", n: 125 }
          ]
        )
      }).pipe(Effect.provide(Reactivity.layer))
  )
})

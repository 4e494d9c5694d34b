import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { SqliteClient } from "../src/index.ts"
import { tempDb } from "./utils.ts"

const ROWS = 100_000

const seeded = (options: Partial<SqliteClient.SqliteClientConfig> = {}) =>
  Effect.gen(function* () {
    const sql = yield* SqliteClient.make({ filename: yield* tempDb, ...options })
    // A recursive CTE fills the table inside SQLite, without building the rows in JavaScript.
    yield* sql`CREATE TABLE readings (id INTEGER PRIMARY KEY, level REAL NOT NULL)`
    yield* sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
      INSERT INTO readings SELECT i, i / 10.0 FROM n`
    return sql
  })

describe("streaming", () => {
  it.effect("streams 100k rows in bounded chunks without collecting them", () =>
    Effect.gen(function* () {
      const sql = yield* seeded({ streamChunkSize: 500 })
      let rows = 0
      let chunks = 0
      let largest = 0
      let sum = 0
      yield* Stream.runForEachArray(
        sql<{ id: number }>`SELECT id FROM readings ORDER BY id`.stream,
        (chunk) =>
          Effect.sync(() => {
            chunks++
            rows += chunk.length
            largest = Math.max(largest, chunk.length)
            for (const row of chunk) sum += row.id
          })
      )
      assert.strictEqual(rows, ROWS)
      assert.strictEqual(sum, (ROWS * (ROWS + 1)) / 2)
      assert.strictEqual(largest, 500)
      assert.strictEqual(chunks, ROWS / 500)
    }).pipe(Effect.provide(Reactivity.layer))
  )

  it.effect("stopping early releases the connection and the statement", () =>
    Effect.gen(function* () {
      const sql = yield* seeded()
      const first = yield* Stream.runCollect(Stream.take(sql`SELECT id FROM readings ORDER BY id`.stream, 3))
      assert.deepStrictEqual(first, [{ id: 1 }, { id: 2 }, { id: 3 }])
      // Would wait forever if the stream still held the client's semaphore.
      yield* sql`INSERT INTO readings VALUES (${ROWS + 1}, 0)`
      assert.deepStrictEqual(yield* sql`SELECT count(*) AS n FROM readings`, [{ n: ROWS + 1 }])
    }).pipe(Effect.provide(Reactivity.layer))
  )

  it.effect("a stream inside a transaction sees the transaction's writes", () =>
    Effect.gen(function* () {
      const sql = yield* seeded()
      const count = yield* sql.withTransaction(
        Effect.andThen(
          sql`DELETE FROM readings WHERE id > 10`,
          Stream.runCount(sql`SELECT id FROM readings`.stream)
        )
      )
      assert.strictEqual(count, 10)
    }).pipe(Effect.provide(Reactivity.layer))
  )

  it.effect("inside withTransaction, a stream's consumer can write through the same client", () =>
    Effect.gen(function* () {
      const sql = yield* seeded({ streamChunkSize: 100 })
      yield* sql.withTransaction(
        sql<{ id: number }>`SELECT id FROM readings WHERE id <= 1000`.stream.pipe(
          Stream.mapEffect((row) => sql`UPDATE readings SET level = -1 WHERE id = ${row.id}`),
          Stream.runDrain
        )
      )
      assert.deepStrictEqual(yield* sql`SELECT count(*) AS n FROM readings WHERE level = -1`, [{ n: 1000 }])
    }).pipe(Effect.provide(Reactivity.layer))
  )

  it.effect("fails a stream over invalid SQL with a classified SqlError", () =>
    Effect.gen(function* () {
      const sql = yield* seeded()
      const error = yield* Effect.flip(Stream.runDrain(sql`SELECT nope FROM readings`.stream))
      assert.strictEqual(error._tag, "SqlError")
      assert.include(error.message, "no such column: nope")
    }).pipe(Effect.provide(Reactivity.layer))
  )
})

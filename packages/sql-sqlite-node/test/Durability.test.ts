import { statSync, writeFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { SqliteClient } from "../src/index.ts"
import { fixture, spawnUntilLine, tempDb, waitExit } from "./utils.ts"

describe("durability and locking across processes", () => {
  it.live(
    "a SIGKILLed writer leaves committed rows, none of its open transaction, and a sound file",
    () =>
      Effect.gen(function* () {
        const filename = yield* tempDb
        const child = yield* spawnUntilLine(
          ["--conditions=source", fixture("crash-writer.ts"), filename],
          "in-transaction"
        )
        child.kill("SIGKILL")
        assert.strictEqual(yield* waitExit(child), "SIGKILL")
        // The open transaction had spilled pages into the WAL: recovery has real uncommitted frames to drop.
        assert.isAbove(statSync(`${filename}-wal`).size, 2_000_000)

        const sql = yield* SqliteClient.make({ filename })
        assert.deepStrictEqual(yield* sql`PRAGMA integrity_check`, [{ integrity_check: "ok" }])
        assert.deepStrictEqual(
          yield* sql`SELECT label, count(*) AS n, min(id) AS lo, max(id) AS hi FROM items GROUP BY label`,
          [{ label: "committed", n: 100, lo: 1, hi: 100 }]
        )
      }).pipe(Effect.provide(Reactivity.layer)),
    60_000
  )

  it.live("waits out another process's write lock within busyTimeoutMs", () =>
    Effect.gen(function* () {
      const filename = yield* tempDb
      const signal = `${filename}.release`
      const sql = yield* SqliteClient.make({ filename })
      yield* sql`CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL)`
      const child = yield* spawnUntilLine([fixture("hold-write-lock.mjs"), filename, signal, "300"], "locked")
      // The child commits 300ms after this; until then the insert sleeps in SQLite's busy handler.
      writeFileSync(signal, "")
      const started = Date.now()
      yield* sql`INSERT INTO items VALUES (1, 'from-parent')`
      assert.isAtLeast(Date.now() - started, 150)
      yield* waitExit(child)
      assert.deepStrictEqual(yield* sql`SELECT id, label FROM items ORDER BY id`, [
        { id: 1, label: "from-parent" },
        { id: 1000, label: "from-child" }
      ])
    }).pipe(Effect.provide(Reactivity.layer))
  )

  it.live("fails with a retryable LockTimeoutError when the lock outlasts busyTimeoutMs", () =>
    Effect.gen(function* () {
      const filename = yield* tempDb
      const signal = `${filename}.release`
      const sql = yield* SqliteClient.make({ filename, busyTimeoutMs: 50 })
      yield* sql`CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL)`
      const child = yield* spawnUntilLine([fixture("hold-write-lock.mjs"), filename, signal, "0"], "locked")
      const error = yield* Effect.flip(sql.withTransaction(sql`INSERT INTO items VALUES (1, 'late')`))
      assert.strictEqual(error.reason._tag, "LockTimeoutError")
      assert.isTrue(error.isRetryable)
      writeFileSync(signal, "")
      yield* waitExit(child)
      // The retry the error invites succeeds once the lock is gone.
      yield* sql.withTransaction(sql`INSERT INTO items VALUES (1, 'retried')`)
      assert.deepStrictEqual(yield* sql`SELECT count(*) AS n FROM items`, [{ n: 2 }])
    }).pipe(Effect.provide(Reactivity.layer))
  )
})

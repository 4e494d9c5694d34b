/**
 * SQLite bulk loads (`Store.load`, docs/scaling.md "Bulk loads on SQLite"): a load that adds a large
 * share of a table drops its secondary indexes inside the transaction and makes them again, from
 * their own text in `sqlite_master`, before it commits — and a failed load leaves the rows and every
 * index as they were. On the audit log (a table with a secondary index and no foreign key).
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Audit } from "@bishui/domain"
import { SqliteClient } from "@bishui/sql-sqlite-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { Migrations, Services, Store, Tables } from "../src/index.ts"
import { deferIndexesMinRows, deferIndexesShare } from "../src/internal/sqliteLoad.ts"
import { newTenant } from "./fixtures.ts"

const sqlite = Layer.fresh(
  Layer.unwrap(
    Effect.gen(function* () {
      const directory = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "bishui-load-"))),
        (directory) => Effect.promise(() => rm(directory, { recursive: true, force: true }))
      )
      return Services.layerSql.pipe(
        Layer.provideMerge(Migrations.layer),
        Layer.provideMerge(SqliteClient.layer({ filename: join(directory, "bishui.db") }))
      )
    })
  ).pipe(Layer.orDie)
)

const at = "2026-12-08T01:00:00.000Z"
const entries = (tenantId: string, n: number, from = 0): Array<Audit.AuditEntry> =>
  Array.from(
    { length: n },
    (_, i) =>
      ({
        id: `a${String(from + i).padStart(8, "0")}`,
        tenantId,
        actor: "import:test.csv",
        at,
        entity: "patrol_log",
        entityId: `p${from + i}`,
        action: "create",
        change: "patrol.record",
        before: null,
        after: { n: from + i }
      }) as unknown as Audit.AuditEntry
  )

/** The audit log's index definitions as the schema holds them now. */
const indexes = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  return yield* sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master
    WHERE type = 'index' AND tbl_name = 'audit_log' AND sql IS NOT NULL ORDER BY name`
})
const countOf = (tenantId: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{
      n: number
    }>`SELECT COUNT(*) AS n FROM audit_log WHERE tenant_id = ${tenantId} AND actor = 'import:test.csv'`
    return Number(rows[0]?.n)
  })

class Late {
  readonly _tag = "Late"
}

describe("Store.load on SQLite", () => {
  it.live("drops a large load's secondary indexes inside the transaction and makes them again", () =>
    Effect.gen(function* () {
      const store = yield* Store.Store
      const tenantId = yield* newTenant
      const audit = store.collection(Tables.auditLog)
      const before = yield* indexes
      assert.isAbove(before.length, 0)
      // a small load into an empty table keeps its indexes (below deferIndexesMinRows)
      const small = yield* store.load(Effect.andThen(audit.insertMany(entries(tenantId, 100), at), indexes))
      assert.deepStrictEqual(small, before)
      // a large one drops them for the load
      const during = yield* store.load(
        Effect.gen(function* () {
          yield* audit.insertMany(entries(tenantId, deferIndexesMinRows, 100), at)
          return yield* indexes
        })
      )
      assert.deepStrictEqual(during, [])
      assert.deepStrictEqual(yield* indexes, before)
      assert.strictEqual(yield* countOf(tenantId), deferIndexesMinRows + 100)
      // a load adding less than deferIndexesShare × the rows there keeps them (incremental is cheaper)
      const held = deferIndexesMinRows + 100
      const kept = yield* store.load(
        Effect.andThen(audit.insertMany(entries(tenantId, 2 * held, held), at), indexes)
      )
      assert.isBelow(2 * held, deferIndexesShare * held)
      assert.deepStrictEqual(kept, before)
      assert.strictEqual(yield* countOf(tenantId), 3 * held)
      const sql = yield* SqlClient.SqlClient
      const check = yield* sql<{ integrity_check: string }>`PRAGMA integrity_check`
      assert.deepStrictEqual(
        check.map((r) => r.integrity_check),
        ["ok"]
      )
    }).pipe(Effect.provide(sqlite))
  )

  it.live("a load failing late stores nothing and leaves every index", () =>
    Effect.gen(function* () {
      const store = yield* Store.Store
      const tenantId = yield* newTenant
      const audit = store.collection(Tables.auditLog)
      const before = yield* indexes
      const result = yield* Effect.result(
        store.load(
          Effect.gen(function* () {
            yield* audit.insertMany(entries(tenantId, deferIndexesMinRows), at)
            assert.deepStrictEqual(yield* indexes, [])
            // a taken id late in the load: the whole load fails
            return yield* audit.insertMany(entries(tenantId, 1, deferIndexesMinRows - 1), at)
          })
        )
      )
      assert.strictEqual(result._tag, "Failure")
      assert.strictEqual(yield* countOf(tenantId), 0)
      assert.deepStrictEqual(yield* indexes, before)
      const failed = yield* Effect.result(
        store.load(
          Effect.andThen(
            audit.insertMany(entries(tenantId, deferIndexesMinRows), at),
            Effect.fail(new Late())
          )
        )
      )
      assert.strictEqual(failed._tag, "Failure")
      assert.strictEqual(yield* countOf(tenantId), 0)
      assert.deepStrictEqual(yield* indexes, before)
    }).pipe(Effect.provide(sqlite))
  )

  it.live("a savepoint rolled back inside a load, and a lookup by an indexed column, keep it right", () =>
    Effect.gen(function* () {
      const store = yield* Store.Store
      const tenantId = yield* newTenant
      const audit = store.collection(Tables.auditLog)
      const before = yield* indexes
      const sql = yield* SqlClient.SqlClient
      const seen = yield* store.load(
        Effect.gen(function* () {
          // the drop happens inside a savepoint that rolls back: the indexes are back, and the next
          // insert drops them again
          const inner = yield* Effect.result(
            store.transaction(
              Effect.andThen(
                audit.insertMany(entries(tenantId, deferIndexesMinRows), at),
                Effect.fail(new Late())
              )
            )
          )
          assert.strictEqual(inner._tag, "Failure")
          assert.deepStrictEqual(yield* indexes, before)
          yield* audit.insertMany(entries(tenantId, deferIndexesMinRows, 0), at)
          assert.deepStrictEqual(yield* indexes, [])
          // looking rows up by the column an index leads with makes that index again for the load
          const found = yield* audit.findIn(tenantId, "entity", ["patrol_log"])
          const plan = yield* sql<{ detail: string }>`EXPLAIN QUERY PLAN
            SELECT id FROM audit_log WHERE tenant_id = ${tenantId} AND entity IN ('patrol_log')`
          return { found: found.length, during: yield* indexes, plan: plan.map((r) => r.detail).join("; ") }
        })
      )
      assert.strictEqual(seen.found, deferIndexesMinRows)
      assert.deepStrictEqual(
        seen.during,
        before.filter((index) => index.name === "audit_log_by_entity_entity_id_at")
      )
      assert.include(seen.plan, "audit_log_by_entity")
      assert.deepStrictEqual(yield* indexes, before)
      assert.strictEqual(yield* countOf(tenantId), deferIndexesMinRows)
    }).pipe(Effect.provide(sqlite))
  )
})

/**
 * The SQL Store's bulk insert through a `BulkLoad` (PostgreSQL): the batch's rows — every column,
 * audit entries included — go to the loader's staging table and are moved in by the store, in its own
 * transaction; what is stored reads back as the records given; a collision is named and nothing of
 * the batch is kept. On SQLite a `BulkLoad` is never asked.
 *
 * The loader here stages with parameterised INSERTs, each value sent as text and cast to its column's
 * type — the text COPY would send — on the store's own connection; the importer's COPY on a second
 * connection is tested in apps/importer/test/pg-copy.test.ts.
 */
import { Ids, Zone } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { AuditLog } from "../src/AuditLog.ts"
import { BulkLoad, type Staged } from "../src/BulkLoad.ts"
import { Zones } from "../src/Zones.ts"
import { forEachSqlBackend } from "./backends.ts"
import { assertSameRecord, expectFailure, instant, newWorld, uid, type World, zoneOf } from "./fixtures.ts"

const patrolOf = (world: World, zoneId: Ids.ZoneId, i: number) =>
  ({
    id: Ids.PatrolLogId.make(`patrol-${uid()}`),
    tenantId: world.tenantId,
    zoneId,
    memberId: world.memberId,
    startedAt: instant(new Date(Date.UTC(2023, 0, 1) + i * 60_000).toISOString()),
    findings: `第${i}次\t巡查\n"正常"\\`,
    caseIds: [],
    ...(i % 2 === 0
      ? { endedAt: instant(new Date(Date.UTC(2023, 0, 1) + i * 60_000 + 30_000).toISOString()) }
      : {})
  }) satisfies Zone.PatrolLog

/** A loader staging in `test_staging_<table>`; the tables it was asked for, in order. */
const testLoader = (asked: Array<string>) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    let batches = 0
    return BulkLoad.of({
      stagingFor: (table, columns, _rows) =>
        Effect.gen(function* () {
          asked.push(table)
          const staging = `test_staging_${table}`
          yield* sql.unsafe(
            `CREATE TABLE IF NOT EXISTS ${staging} (LIKE ${table} INCLUDING DEFAULTS, batch integer)`
          )
          const types = new Map(
            (yield* sql.unsafe<{ name: string; type: string }>(
              `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
                WHERE attrelid = '${staging}'::regclass AND attnum > 0 AND NOT attisdropped`
            )).map((r) => [r.name, r.type])
          )
          const list = columns.join(", ")
          const values = columns.map((c, i) => `$${i + 1}::text::${types.get(c)}`).join(", ")
          const staged: Staged = {
            copy: (rows) =>
              Effect.gen(function* () {
                // every batch stays staged (as the importer's do): the move takes its own
                const batch = ++batches
                for (const row of rows)
                  yield* sql.unsafe(
                    `INSERT INTO ${staging} (${list}, batch) VALUES (${values}, ${batch})`,
                    row.map((cell) => (cell === null ? null : String(cell))) as never
                  )
                return `INSERT INTO ${table} (${list}) SELECT ${list} FROM ${staging} WHERE batch = ${batch}`
              }).pipe(Effect.orDie)
          }
          return staged
        }).pipe(Effect.orDie)
    })
  })

forEachSqlBackend((it, backend) => {
  it.effect("a bulk insert through a BulkLoad: stored as given, audited, all or none", () =>
    Effect.gen(function* () {
      const zones = yield* Zones
      const audit = yield* AuditLog
      const world = yield* newWorld
      const zone = zoneOf(world.tenantId, world.branchId, "NH-01")
      yield* zones.create(zone)
      const asked: Array<string> = []
      const loader = yield* testLoader(asked)
      const withLoader = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        Effect.provideService(effect, BulkLoad, loader)

      const many = Array.from({ length: 300 }, (_, i) => patrolOf(world, zone.id, i))
      yield* withLoader(zones.recordPatrols(many))
      if (backend.name === "sqlite") assert.deepStrictEqual(asked, [])
      else assert.deepStrictEqual(asked, ["patrol_logs", "audit_log"])
      for (const i of [0, 1, 137, 299])
        assertSameRecord(
          Zone.PatrolLog,
          (yield* zones.getPatrol(world.tenantId, many[i]?.id ?? "")).record,
          many[i] as Zone.PatrolLog
        )
      const each = yield* audit.list(world.tenantId, { where: { entity_id: many[137]?.id ?? "" } })
      assert.strictEqual(each.items.length, 1)
      assert.strictEqual(each.items[0]?.record.action, "create")

      // a stored id in the batch: named, and nothing of the batch stored (the staged rows neither)
      const fresh = Array.from({ length: 50 }, (_, i) => patrolOf(world, zone.id, 1_000 + i))
      const taken = yield* expectFailure(
        withLoader(zones.recordPatrols([...fresh, many[5] as Zone.PatrolLog])),
        "AlreadyExists"
      )
      assert.strictEqual(taken.key, many[5]?.id)
      yield* expectFailure(zones.getPatrol(world.tenantId, fresh[0]?.id ?? ""), "NotFound")
      // an id repeated in the batch itself
      const again = yield* expectFailure(
        withLoader(zones.recordPatrols([...fresh, fresh[3] as Zone.PatrolLog])),
        "AlreadyExists"
      )
      assert.strictEqual(again.key, fresh[3]?.id)
      // then the same batch without them goes in
      yield* withLoader(zones.recordPatrols(fresh))
      assertSameRecord(
        Zone.PatrolLog,
        (yield* zones.getPatrol(world.tenantId, fresh[49]?.id ?? "")).record,
        fresh[49] as Zone.PatrolLog
      )
    })
  )
})

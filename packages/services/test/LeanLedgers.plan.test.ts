/**
 * The indexes of the lean ledgers (migration 0012, docs/scaling.md) serve their queries: on a migrated
 * SQLite database, the planner reads a list filtered by an event's link from that link's partial index
 * (`WHERE … IS NOT NULL`, implied by `link = ?`), and a patrol list by zone or member from its index.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqliteClient } from "@bishui/sql-sqlite-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { Migrations } from "../src/index.ts"

const sqlite = Layer.unwrap(
  Effect.gen(function* () {
    const directory = yield* Effect.acquireRelease(
      Effect.promise(() => mkdtemp(join(tmpdir(), "bishui-plan-"))),
      (directory) => Effect.promise(() => rm(directory, { recursive: true, force: true }))
    )
    return SqliteClient.layer({ filename: join(directory, "bishui.db") })
  })
).pipe(Layer.orDie)

/** The index a list page reads, as the SQL Store asks for it (filter, live records, keyset order). */
const indexOf = (table: string, column: string, sort: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const plan = yield* sql<{ detail: string }>`EXPLAIN QUERY PLAN ${sql.literal(
      `SELECT * FROM ${table} WHERE tenant_id = ? AND ${column} = ? AND voided_at IS NULL ORDER BY ${sort}, id LIMIT 51`
    )}`.raw
    return (plan as unknown as ReadonlyArray<{ detail: string }>).map((row) => row.detail).join("; ")
  })

describe("the lean ledgers' indexes", () => {
  it.live("serve the lists filtered by a link, a zone or a member (SQLite's plan)", () =>
    Effect.gen(function* () {
      yield* Migrations.migrate
      for (const link of ["zone_id", "project_id", "community_id", "pioneer_post_id", "campaign_id"]) {
        assert.include(yield* indexOf("service_events", link, "date"), `service_events_by_${link}_date`)
      }
      assert.include(
        yield* indexOf("patrol_logs", "zone_id", "started_at"),
        "patrol_logs_by_zone_id_started_at"
      )
      assert.include(
        yield* indexOf("patrol_logs", "member_id", "started_at"),
        "patrol_logs_by_member_id_started_at"
      )
    }).pipe(Effect.provide(sqlite))
  )
})

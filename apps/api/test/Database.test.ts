import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Database from "@bishui/database"
import { Migrations, Services, Store, Tables } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"

describe("Database", () => {
  it("tells PostgreSQL URLs from SQLite paths", () => {
    assert.isTrue(Database.isPostgresUrl("postgres://postgres@127.0.0.1:5432/db"))
    assert.isTrue(Database.isPostgresUrl("postgresql://u@h/db"))
    assert.isFalse(Database.isPostgresUrl("./data/bishui.db"))
    assert.isFalse(Database.isPostgresUrl("/var/lib/postgres/bishui.db"))
  })

  it.effect("creates the SQLite file's folder, migrates once, and keeps data across openings", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(join(tmpdir(), "bishui-api-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
      const url = join(dir, "nested", "bishui.db")
      const open = Services.layerSql.pipe(Layer.provideMerge(Database.layer(url)))

      yield* Seed.loadSeed(Seed.sipingBranch).pipe(Effect.provide(open))
      const zones = yield* Effect.gen(function* () {
        const store = yield* Store.Store
        const sql = yield* SqlClient.SqlClient
        const migrations = yield* sql<{ n: number }>`SELECT count(*) AS n FROM bishui_migrations`
        // every migration applied exactly once, though the database was opened twice
        assert.strictEqual(Number(migrations[0]?.n), Object.keys(Migrations.migrations).length)
        return yield* store.collection(Tables.zones).all(Seed.seedTenantId)
      }).pipe(Effect.provide(open))
      assert.strictEqual(zones.length, 5)
    })
  )
})

import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as SqlClient from "effect/sql/SqlClient"
import { SqliteClient, SqliteMigrator } from "../src/index.ts"
import { tempDb } from "./utils.ts"

const statement = (text: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(text)
  })

const migrations = {
  "1_create_rivers": statement("CREATE TABLE rivers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
  "2_seed_rivers": statement("INSERT INTO rivers VALUES (1, 'Min')")
}

describe("SqliteMigrator", () => {
  it.effect("applies pending migrations once, in id order", () =>
    Effect.gen(function* () {
      const filename = yield* tempDb
      const run = SqliteMigrator.run({ loader: SqliteMigrator.fromRecord(migrations) })
      const rows = Effect.gen(function* () {
        const first = yield* run
        const second = yield* run
        const sql = yield* SqlClient.SqlClient
        return { first, second, rivers: yield* sql`SELECT name FROM rivers` }
      })
      const result = yield* rows.pipe(Effect.provide(SqliteClient.layer({ filename })))
      assert.deepStrictEqual(result.first, [
        [1, "create_rivers"],
        [2, "seed_rivers"]
      ])
      assert.deepStrictEqual(result.second, [])
      assert.deepStrictEqual(result.rivers, [{ name: "Min" }])
    })
  )

  it.effect("a failing migration rolls back the whole batch", () =>
    Effect.gen(function* () {
      const filename = yield* tempDb
      const broken = { ...migrations, "3_broken": statement("BROKEN") }
      const Migrated = SqliteMigrator.layer({ loader: SqliteMigrator.fromRecord(broken) })
      const Client = SqliteClient.layer({ filename })
      const error = yield* Effect.flip(Layer.build(Migrated.pipe(Layer.provide(Client))))
      assert.strictEqual(error._tag, "MigrationError")
      const tables = yield* Effect.flatMap(
        SqlClient.SqlClient,
        (sql) => sql`SELECT name FROM sqlite_master WHERE name = 'rivers'`
      ).pipe(Effect.provide(Client))
      assert.deepStrictEqual(tables, [])
    })
  )
})

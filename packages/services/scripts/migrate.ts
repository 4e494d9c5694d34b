/**
 * Migrates a database to this checkout's schema and says which migrations ran and how long they took —
 * to upgrade a copy of a large database and measure it (docs/scaling.md). From packages/services:
 *
 *   node --conditions=source scripts/migrate.ts path/to/bishui.db
 *   node --conditions=source scripts/migrate.ts postgres://postgres@127.0.0.1:5432/bishui
 */
import { SqliteClient } from "@bishui/sql-sqlite-node"
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted } from "effect"
import type { SqlClient } from "effect/sql"
import { migrate } from "../src/Migrations.ts"

const target = process.argv[2]
if (target === undefined) {
  console.error("usage: node --conditions=source scripts/migrate.ts <file.db | postgres://…>")
  process.exit(2)
}
const client: Layer.Layer<SqlClient.SqlClient, unknown> = /^postgres(ql)?:/.test(target)
  ? PgClient.layer({ url: Redacted.make(target) })
  : SqliteClient.layer({ filename: target })
const started = performance.now()
const applied = await Effect.runPromise(migrate.pipe(Effect.provide(Layer.orDie(client)), Effect.orDie))
const seconds = ((performance.now() - started) / 1000).toFixed(1)
const shown = target.replace(/\/\/[^@/]*@/, "//")
console.log(
  applied.length === 0
    ? `${shown}: up to date (${seconds} s)`
    : `${shown}: applied ${applied.map(([id, name]) => `${String(id).padStart(4, "0")}_${name}`).join(", ")} in ${seconds} s`
)

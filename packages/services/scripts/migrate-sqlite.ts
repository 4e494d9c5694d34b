/**
 * Migrates an SQLite database file to this checkout's schema and says which migrations ran and how
 * long they took — to upgrade a copy of a large database and measure it (docs/scaling.md). From
 * packages/services:
 *
 *   node --conditions=source scripts/migrate-sqlite.ts path/to/bishui.db
 */
import { SqliteClient } from "@bishui/sql-sqlite-node"
import { Effect } from "effect"
import { migrate } from "../src/Migrations.ts"

const file = process.argv[2]
if (file === undefined) {
  console.error("usage: node --conditions=source scripts/migrate-sqlite.ts <file.db>")
  process.exit(2)
}
const started = performance.now()
const applied = await Effect.runPromise(
  migrate.pipe(Effect.provide(SqliteClient.layer({ filename: file })), Effect.orDie)
)
const seconds = ((performance.now() - started) / 1000).toFixed(1)
console.log(
  applied.length === 0
    ? `${file}: up to date (${seconds} s)`
    : `${file}: applied ${applied.map(([id, name]) => `${String(id).padStart(4, "0")}_${name}`).join(", ")} in ${seconds} s`
)

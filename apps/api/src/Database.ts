/**
 * Where the data lives, from `DATABASE_URL`: a SQLite file path (the embedded default,
 * `./data/bishui.db`) or a `postgres://` URL. Builds the `SqlClient` and applies the migrations.
 */

import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { Migrations } from "@bishui/services"
import { SqliteClient } from "@bishui/sql-sqlite-node"
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted } from "effect"

export const defaultDatabaseUrl = "./data/bishui.db"

/** `postgres://…` or `postgresql://…` is PostgreSQL; anything else is a SQLite file path. */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url)

/** A migrated `SqlClient` for a database URL. */
export const layer = (url: string) => {
  const client = isPostgresUrl(url)
    ? PgClient.layer({ url: Redacted.make(url) })
    : Layer.unwrap(
        Effect.sync(() => {
          if (url !== ":memory:") mkdirSync(dirname(url), { recursive: true })
          // A server reads far more than it writes: a 32 MiB page cache keeps the indexes lists walk
          // in memory between requests, and the first 256 MiB of the file are read through mmap.
          return SqliteClient.layer({ filename: url, cacheSizeKib: 32_768, mmapSizeBytes: 268_435_456 })
        })
      )
  return Layer.effectDiscard(Migrations.migrate).pipe(Layer.provideMerge(client))
}

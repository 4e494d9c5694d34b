/**
 * Where the data lives, from a database URL: a SQLite file path (the embedded default,
 * `./data/bishui.db`) or a `postgres://` URL. The API and the importer open it here alike: the
 * `SqlClient` as it is (`clientLayer`), or made and migrated (`layer`); each app passes only its
 * SQLite tuning.
 */
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { Migrations } from "@bishui/services"
import { SqliteClient } from "@bishui/sql-sqlite-node"
import { Effect, Layer, Redacted } from "effect"

export const defaultDatabaseUrl = "./data/bishui.db"

/** `postgres://…` or `postgresql://…` is PostgreSQL; anything else is a SQLite file path. */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url)

/** The database for messages: a SQLite path, or a PostgreSQL URL without its password. */
export const displayDatabase = (url: string): string => {
  if (!isPostgresUrl(url)) return url
  try {
    const parsed = new URL(url)
    if (parsed.password !== "") parsed.password = "***"
    return parsed.toString()
  } catch {
    return "PostgreSQL"
  }
}

/** How an app tunes a SQLite file: its page cache and how much of it is read through mmap. */
export interface SqliteTuning {
  readonly cacheSizeKib?: number | undefined
  readonly mmapSizeBytes?: number | undefined
}

/** The `SqlClient` for a database URL, as it is: nothing migrated, no directory made. */
export const clientLayer = (url: string, sqlite: SqliteTuning = {}) =>
  isPostgresUrl(url)
    ? // The PostgreSQL driver is loaded only when it is used: it takes a while to load.
      Layer.unwrap(
        Effect.map(
          Effect.promise(() => import("@effect/sql-pg")),
          ({ PgClient }) => PgClient.layer({ url: Redacted.make(url) })
        )
      )
    : SqliteClient.layer({ filename: url, ...sqlite })

/** A migrated `SqlClient` for a database URL (a SQLite file and its directory are made if missing). */
export const layer = (url: string, sqlite: SqliteTuning = {}) => {
  const made = isPostgresUrl(url)
    ? clientLayer(url)
    : Layer.unwrap(
        Effect.sync(() => {
          if (url !== ":memory:") mkdirSync(dirname(url), { recursive: true })
          return clientLayer(url, sqlite)
        })
      )
  return Layer.effectDiscard(Migrations.migrate).pipe(Layer.provideMerge(made))
}

/**
 * Where the data lives, as for the API: a SQLite file path (default `./data/bishui.db`) or a
 * `postgres://` URL. Builds the `SqlClient`, applies the migrations, and provides the services.
 */
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { Migrations, Services } from "@bishui/services"
import { SqliteClient } from "@bishui/sql-sqlite-node"
import { Console, Context, Effect, Layer, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { ExitWith, exitCodes } from "./Exit.ts"

export const defaultDatabaseUrl = "./data/bishui.db"

/** `postgres://…` or `postgresql://…` is PostgreSQL; anything else is a SQLite file path. */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url)

/** A migrated `SqlClient` for a database URL. */
export const sqlLayer = (url: string) => {
  // The PostgreSQL driver is loaded only when it is used: it takes a while to load.
  const client = isPostgresUrl(url)
    ? Layer.unwrap(
        Effect.map(
          Effect.promise(() => import("@effect/sql-pg")),
          ({ PgClient }) => PgClient.layer({ url: Redacted.make(url) })
        )
      )
    : Layer.unwrap(
        Effect.sync(() => {
          if (url !== ":memory:") mkdirSync(dirname(url), { recursive: true })
          // Imports write far more pages than the default 2 MB cache holds; a larger cache spills less
          // of a long transaction to the WAL before it commits (`BISHUI_IMPORT_CACHE_MB`, default 16).
          const cacheMb = Number(process.env.BISHUI_IMPORT_CACHE_MB ?? 16)
          const tune = Layer.effectDiscard(
            Effect.flatMap(SqlClient.SqlClient, (sql) =>
              sql.unsafe(`PRAGMA cache_size = ${-Math.max(2, Math.round(cacheMb)) * 1024}`)
            )
          )
          return tune.pipe(Layer.provideMerge(SqliteClient.layer({ filename: url })))
        })
      )
  return Layer.effectDiscard(Migrations.migrate).pipe(Layer.provideMerge(client))
}

/** Every service over the database at `url`. */
export const servicesLayer = (url: string) => Services.layerSql.pipe(Layer.provide(sqlLayer(url)))

/** The database the command works on, chosen by `--database`; opened only by commands that need it. */
export class Db extends Context.Service<Db, { readonly url: string }>()("@bishui/importer/Db") {
  static readonly layer = (url: string) => Layer.succeed(Db, { url })
}

const describe = (error: unknown) => {
  const e = error as { readonly _tag: string; readonly message?: string }
  return e.message ?? e._tag
}

const isDatabaseError = (error: unknown): boolean =>
  typeof error === "object" &&
  error !== null &&
  "_tag" in error &&
  (error._tag === "SqlError" || error._tag === "MigrationError")

/** Run an effect with the services over the chosen database; a database that cannot be opened exits 2. */
export const withServices = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const db = yield* Db
    return yield* effect.pipe(
      Effect.provide(servicesLayer(db.url)),
      Effect.catchIf(isDatabaseError, (error) =>
        Effect.andThen(
          Console.error(
            `无法打开数据库 ${isPostgresUrl(db.url) ? "(PostgreSQL)" : db.url}：${describe(error)}\ncannot open the database: ${describe(error)}`
          ),
          Effect.fail(new ExitWith(exitCodes.usage))
        )
      )
    )
  })

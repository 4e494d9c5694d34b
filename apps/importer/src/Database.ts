/**
 * The importer's database: opened through @bishui/database as the API opens it (a SQLite file path,
 * default `./data/bishui.db`, or a `postgres://` URL), with the services over it; the reading commands'
 * checks that a database exists and is bishui's, and their rolled-back transactions.
 */
import { existsSync } from "node:fs"
import * as Database from "@bishui/database"
import { displayDatabase, isPostgresUrl } from "@bishui/database"
import type { Transaction } from "@bishui/import-engine"
import { Migrations, Services } from "@bishui/services"
import { Console, Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { ExitWith, exitCodes } from "./Exit.ts"

/**
 * Imports write far more pages than the default 2 MB cache holds; a larger cache spills less of a
 * long transaction to the WAL before it commits (`BISHUI_IMPORT_CACHE_MB`, default 16).
 */
const importSqlite = (): Database.SqliteTuning => ({
  cacheSizeKib: Math.max(2, Math.round(Number(process.env.BISHUI_IMPORT_CACHE_MB ?? 16))) * 1024
})

/** The `SqlClient` for a database URL, as it is: nothing migrated, no directory made. */
const clientLayer = (url: string) => Database.clientLayer(url, importSqlite())

/** A migrated `SqlClient` for a database URL (a SQLite file and its directory are made if missing). */
export const sqlLayer = (url: string) => Database.layer(url, importSqlite())

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

const cannotOpen = (url: string, error: unknown) =>
  Effect.andThen(
    Console.error(
      `无法打开数据库 ${displayDatabase(url)}：${describe(error)}\ncannot open the database ${displayDatabase(url)}: ${describe(error)}`
    ),
    Effect.fail(new ExitWith(exitCodes.usage))
  )

/** Run an effect with the services over the chosen database; a database that cannot be opened exits 2. */
export const withServices = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const db = yield* Db
    return yield* effect.pipe(
      Effect.provide(servicesLayer(db.url)),
      Effect.catchIf(isDatabaseError, (error) => cannotOpen(db.url, error))
    )
  })

/** The newest migration this bishui knows, by id. */
export const latestMigrationId = Math.max(
  ...Object.keys(Migrations.migrations).map((key) => Number.parseInt(key, 10))
)

/** The newest migration applied to the database; `undefined` when bishui never migrated it. */
const appliedMigrationId = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const found = yield* sql.onDialectOrElse({
    pg: () => sql<{ found: number }>`SELECT 1 AS found WHERE to_regclass('bishui_migrations') IS NOT NULL`,
    orElse: () =>
      sql<{ found: number }>`SELECT 1 AS found FROM sqlite_master
        WHERE type = 'table' AND name = 'bishui_migrations'`
  })
  if (found.length === 0) return undefined
  const [row] = yield* sql<{
    id: number | string | null
  }>`SELECT max(migration_id) AS id FROM bishui_migrations`
  return row?.id === null || row?.id === undefined ? undefined : Number(row.id)
})

/**
 * Run a command that only reads (validate, export) with the services over the chosen database, which
 * must exist and be bishui's: it is never created, and never migrated — when its schema is older than
 * this bishui's, `use` is given the pending migrations, to apply inside a transaction it rolls back
 * (`Transaction.rolledBack` of @bishui/import-engine). A database that is missing, not bishui's or cannot be opened exits 2, named.
 */
export const withExistingServices = <A, E, R>(
  command: string,
  use: (pending: Transaction.PendingMigrations | undefined) => Effect.Effect<A, E, R>
) =>
  Effect.gen(function* () {
    const db = yield* Db
    const shown = displayDatabase(db.url)
    if (!isPostgresUrl(db.url) && !existsSync(db.url)) {
      yield* Console.error(
        `没有数据库 ${shown}：${command} 只读取已有的数据库，不会创建数据库（请检查 --database 或 DATABASE_URL；import 会创建它）。\nno database at ${shown}: ${command} reads an existing database and never creates one (check --database or DATABASE_URL; import creates it).`
      )
      return yield* new ExitWith(exitCodes.usage)
    }
    return yield* Effect.gen(function* () {
      const applied = yield* appliedMigrationId
      if (applied === undefined || applied === 0) {
        yield* Console.error(
          `${shown} 不是bishui的数据库（没有迁移记录）：${command} 不会改动它（请检查 --database 或 DATABASE_URL）。\n${shown} is not a bishui database (no migrations applied): ${command} leaves it alone (check --database or DATABASE_URL).`
        )
        return yield* new ExitWith(exitCodes.usage)
      }
      if (applied >= latestMigrationId) return yield* use(undefined)
      yield* Console.error(
        `数据库的结构比本版本旧（迁移 ${applied}，本版本 ${latestMigrationId}）：${command} 在一个最后回滚的事务中按新结构读取，数据库保持原样。\nThe database's schema is older than this bishui's (migration ${applied} of ${latestMigrationId}): ${command} reads it as migrated, inside a transaction it rolls back; the database stays as it is.`
      )
      const sql = yield* SqlClient.SqlClient
      return yield* use(
        Effect.asVoid(Migrations.migrate).pipe(Effect.provideService(SqlClient.SqlClient, sql))
      )
    }).pipe(
      Effect.provide(Services.layerSql.pipe(Layer.provideMerge(clientLayer(db.url)))),
      Effect.catchIf(isDatabaseError, (error) => cannotOpen(db.url, error))
    )
  })

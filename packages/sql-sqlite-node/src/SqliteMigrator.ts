/**
 * Runs `effect/sql` migrations against a `SqliteClient`.
 *
 * A thin wrapper over `Migrator.make`: pending migrations run in one
 * transaction and their ids are recorded in `effect_sql_migrations` (or
 * `options.table`). Schema dumps are not supported (they need the `sqlite3`
 * CLI), so `schemaDirectory` is ignored.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Migrator from "effect/sql/Migrator"
import type * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"

/**
 * Loaders and types, re-exported so callers need only this module.
 *
 * @since 0.1.0
 */
export {
  fromGlob,
  fromRecord,
  type Loader,
  MigrationError,
  type MigratorOptions,
  type ResolvedMigration
} from "effect/sql/Migrator"

/**
 * Runs the pending migrations and returns the `[id, name]` of each one applied.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run: <R = never>(
  options: Migrator.MigratorOptions<R>
) => Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  Migrator.MigrationError | SqlError,
  SqlClient.SqlClient | R
> = Migrator.make({})

/**
 * Runs the migrations while the layer is built.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = <R = never>(
  options: Migrator.MigratorOptions<R>
): Layer.Layer<never, Migrator.MigrationError | SqlError, SqlClient.SqlClient | R> =>
  Layer.effectDiscard(run(options))

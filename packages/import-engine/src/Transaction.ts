/**
 * Reading a database as an import would see it, changing nothing: `validate` and `export` run inside a
 * transaction that is always rolled back — after the migrations an older schema lacks, if any.
 */
import { Store } from "@bishui/services"
import { Effect } from "effect"
import type { Migrator, SqlError } from "effect/sql"

/** The migrations a database's schema lacks, to run inside a transaction that is rolled back. */
export type PendingMigrations = Effect.Effect<void, Migrator.MigrationError | SqlError.SqlError>

class RollBack<A> {
  readonly _tag = "RollBack"
  readonly value: A
  constructor(value: A) {
    this.value = value
  }
}

/**
 * `effect` inside a transaction that is always rolled back — after the `pending` migrations, if any —
 * and its result: a reading command sees the database as an import would, and changes nothing of it.
 */
export const rolledBack = <A, E, R>(effect: Effect.Effect<A, E, R>, pending?: PendingMigrations) =>
  Effect.gen(function* () {
    const store = yield* Store.Store
    return yield* store
      .transaction(
        (pending ?? Effect.void).pipe(
          Effect.andThen(effect),
          Effect.flatMap((value) => Effect.fail(new RollBack(value)))
        )
      )
      .pipe(
        Effect.catchIf(
          (e): e is RollBack<A> => e instanceof RollBack,
          (rollBack) => Effect.succeed(rollBack.value)
        )
      )
  })

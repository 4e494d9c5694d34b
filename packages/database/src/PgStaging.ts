/**
 * Rows COPY'd into a staging table on a connection of their own, then moved into the real table by
 * one `INSERT … SELECT` that the caller runs in its own transaction — how an import can load with
 * `COPY` and still be all-or-nothing per file, since its transaction (on @effect/sql-pg's connection)
 * cannot speak COPY itself.
 *
 * - The staging table is UNLOGGED (no WAL), `LIKE` the real table (its columns, defaults and NOT NULLs,
 *   no indexes, keys or triggers), named `bishui_staging_<run id>`.
 * - The staging connection holds a session advisory lock on that name for as long as it lives. A
 *   staging table whose lock nobody holds belongs to a run that ended without dropping it (killed,
 *   say): {@link dropOrphans} drops those, and only those, at the next start.
 * - Nothing reaches the real table but through the caller's `INSERT … SELECT` ({@link Staging.move});
 *   if its transaction rolls back or its process dies, the real table is as it was. A staging table
 *   is only ever a leftover, never a record.
 *
 * Close the staging scope after the caller's transaction has ended: the `DROP` waits for the
 * transaction that read the table. (If it cannot get its lock within 2 s it gives up, and the table
 * is left to `dropOrphans`.)
 */

import type { Scope } from "effect"
import { Effect } from "effect"
import * as PgCopy from "./PgCopy.ts"

export const stagingPrefix = "bishui_staging_"

/** The advisory-lock namespace of staging tables (`pg_advisory_lock(namespace, hashtext(name))`). */
const lockNamespace = 0x62_73_74_67 // "bstg"

/** The staging table of a run: its id lower-cased, anything but `[a-z0-9_]` made `_`, within 63 bytes. */
export const stagingName = (runId: string): string =>
  `${stagingPrefix}${runId.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`.slice(0, 63)

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`
const lockOf = (name: string) => `${lockNamespace}, hashtext(${literal(name)})`

export interface StageOptions {
  /** The import run's id: names the staging table, so two runs never share one. */
  readonly runId: string
  /** The real table the rows are for; the staging table is made `LIKE` it. */
  readonly table: string
  readonly columns: ReadonlyArray<string>
}

export interface Staging {
  /** The staging table's name. */
  readonly name: string
  /** COPY rows into the staging table (any number of times); the rows the server took. */
  readonly copy: (
    rows: AsyncIterable<PgCopy.CopyRow> | Iterable<PgCopy.CopyRow>
  ) => Effect.Effect<number, PgCopy.PgCopyError>
  /**
   * The statement that moves the staged rows into the real table, to run in the caller's own
   * transaction (`sql.unsafe(staging.move)`): `INSERT INTO table (columns) SELECT columns FROM staging`.
   */
  readonly move: string
  /** Empties the staging table (between files of one run). */
  readonly clear: Effect.Effect<void, PgCopy.PgCopyServerError | PgCopy.PgCopyConnectionError>
  /**
   * COPY one batch into the staging table, and the statement that moves that batch alone into the
   * real table (`INSERT … SELECT … WHERE bishui_batch = n`, to run in the caller's transaction) — for
   * many batches moved in one open transaction. Such a transaction keeps every staged row alive
   * until it ends: emptying the table between batches cannot work (`TRUNCATE` waits for the reader's
   * lock, for ever since the reader waits for it; rows a `DELETE` leaves cannot be vacuumed while the
   * transaction is open, and every later move would scan them). So the batches stay, each numbered in
   * a column of their own (`bishui_batch`, indexed), and a move reads its own batch only; the table
   * grows by the rows of the run, and goes with it.
   */
  readonly copyBatch: (rows: Iterable<PgCopy.CopyRow>) => Effect.Effect<string, PgCopy.PgCopyError>
}

/**
 * A staging table for one run, on a connection of its own, dropped when the scope closes (and by
 * {@link dropOrphans} if the process dies first).
 */
export const stage = (
  url: string,
  options: StageOptions
): Effect.Effect<Staging, PgCopy.PgCopyConnectionError | PgCopy.PgCopyServerError, Scope.Scope> =>
  Effect.gen(function* () {
    const name = stagingName(options.runId)
    const connection = yield* PgCopy.connect(url)
    const [[locked] = []] = yield* connection.query(`SELECT pg_try_advisory_lock(${lockOf(name)})::text`)
    if (locked !== "true")
      return yield* new PgCopy.PgCopyConnectionError({
        message: `PgCopy: the staging table ${name} is in use`
      })
    const staged = PgCopy.quoteIdentifier(name)
    const real = PgCopy.quoteIdentifier(options.table)
    const columns = options.columns.map(PgCopy.quoteIdentifier).join(", ")
    yield* Effect.acquireRelease(
      connection.execute(
        `DROP TABLE IF EXISTS ${staged}; CREATE UNLOGGED TABLE ${staged} (LIKE ${real} INCLUDING DEFAULTS);
         ALTER TABLE ${staged} ADD COLUMN bishui_batch integer; CREATE INDEX ON ${staged} (bishui_batch)`
      ),
      () => Effect.ignore(connection.execute(`SET lock_timeout = '2s'; DROP TABLE IF EXISTS ${staged}`))
    )
    const move = `INSERT INTO ${real} (${columns}) SELECT ${columns} FROM ${staged}`
    let batches = 0
    return {
      name,
      copy: (rows) => connection.copyIn({ table: name, columns: options.columns, rows }),
      move,
      clear: connection.execute(`TRUNCATE ${staged}`),
      copyBatch: (rows) =>
        Effect.suspend(() => {
          const batch = ++batches
          const numbered = function* () {
            for (const row of rows) yield [...row, batch]
          }
          return Effect.as(
            connection.copyIn({
              table: name,
              columns: [...options.columns, "bishui_batch"],
              rows: numbered()
            }),
            `${move} WHERE bishui_batch = ${batch}`
          )
        })
    } satisfies Staging
  })

/**
 * Drops the staging tables no live run holds (their run's connection is gone: it ended without
 * dropping them, or was killed); the names dropped. Run at start, before an import stages anything.
 */
export const dropOrphans = (
  url: string
): Effect.Effect<ReadonlyArray<string>, PgCopy.PgCopyConnectionError | PgCopy.PgCopyServerError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const connection = yield* PgCopy.connect(url)
      const tables = yield* connection.query(
        `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind = 'r' AND n.nspname = current_schema() AND c.relname LIKE ${literal(`${stagingPrefix.replaceAll("_", "\\_")}%`)}`
      )
      const dropped: Array<string> = []
      for (const [name] of tables) {
        if (name == null) continue
        const [[free] = []] = yield* connection.query(`SELECT pg_try_advisory_lock(${lockOf(name)})::text`)
        if (free !== "true") continue
        yield* connection.execute(
          `DROP TABLE IF EXISTS ${PgCopy.quoteIdentifier(name)}; SELECT pg_advisory_unlock(${lockOf(name)})`
        )
        dropped.push(name)
      }
      return dropped
    })
  )

/**
 * A bulk load's way round the SQL Store's multi-row INSERT (PostgreSQL only): when a `BulkLoad` is in
 * the context of `Collection.insertMany`, the store asks it for a staging place for the table; given
 * one, it sends the batch's rows — exactly the rows its INSERT would write, every column — with
 * `staged.copy` (COPY on a connection of the loader's own), then runs the statement that gives back
 * (one `INSERT … SELECT` of those rows from the staging table) inside its own, current transaction.
 * Nothing reaches the real table but through that statement, so the transaction's all-or-nothing
 * holds as with the INSERT.
 *
 * The store owns the rows (tables, columns, cells); the provider — an importer, for a run — owns the
 * connection, the staging tables and the policy (which tables, from how many rows). Without a
 * `BulkLoad`, or on SQLite or in memory, `insertMany` is unchanged.
 */
import { Context, type Effect } from "effect"

/** A cell as COPY sends it: text, a number, or NULL. */
export type StagedCell = string | number | null

/** Where one batch of a table's rows is staged, and how they are moved in. */
export interface Staged {
  /**
   * Stage these rows (each one value per column, in the columns' order); the statement that inserts
   * them — these, not any staged before — into the table, for the store to run in its transaction. A
   * failure is a defect, as a failed statement of the store's is.
   */
  readonly copy: (rows: Iterable<ReadonlyArray<StagedCell>>) => Effect.Effect<string>
}

export class BulkLoad extends Context.Service<
  BulkLoad,
  {
    /**
     * The staging of `table` (whose rows have these `columns`) for an insert of `rows` records, or
     * `undefined` to insert them as usual.
     */
    readonly stagingFor: (
      table: string,
      columns: ReadonlyArray<string>,
      rows: number
    ) => Effect.Effect<Staged | undefined>
  }
>()("@bishui/services/BulkLoad") {}

/**
 * SQLite bulk loads (`Store.load` of the SQL Store on SQLite). See docs/scaling.md, "Bulk loads on
 * SQLite".
 */
import { Context, Effect } from "effect"
import type { SqlClient } from "effect/sql"

/**
 * SQLite bulk load (`Store.load`): once the rows a load has added to a table reach
 * `deferIndexesShare` × the rows it held before the load (and at least `deferIndexesMinRows`), the
 * table's secondary indexes are dropped inside the load's transaction and made again from their own
 * `CREATE INDEX` text (`sqlite_master`) before it commits: one sort per index instead of an index
 * entry per row. The primary key and unique indexes stay (they guarantee the keys, and the importer
 * finds stored rows by them), and so does any index leading with a column the load looks rows up by
 * (`findIn`). SQLite's DDL is transactional: a failed or killed load leaves the table and every index
 * as they were. The threshold is high because on the ledgers, which arrive in date order, an index
 * entry per row costs little: measured in docs/scaling.md, "Bulk loads on SQLite".
 */
export const deferIndexesShare = 4
export const deferIndexesMinRows = 10_000

/**
 * A table a load writes to: its rows before the load (counted once the load has added
 * `deferIndexesMinRows`: a small import into a large table never counts), rows added, columns looked
 * up by, indexes dropped.
 */
interface LoadedTable {
  before: number | undefined
  added: number
  readonly lookedUp: Set<string>
  /** Dropped secondary indexes: name → `CREATE INDEX` text and the column it leads with after the tenant. */
  dropped: Map<string, { readonly text: string; readonly lead: string | undefined }> | undefined
}

/** The current SQLite load, if any (see `deferIndexesShare`). */
const CurrentLoad = Context.Reference<Map<string, LoadedTable> | undefined>(
  "@bishui/services/internal/sqliteLoad/CurrentLoad",
  { defaultValue: () => undefined }
)

/**
 * The SQL Store's hooks for loads on SQLite: `load` (the transaction), `beforeInsert` (a collection's
 * `insertMany` in a load: whether it is one, after dropping the table's indexes when their time has
 * come) and `beforeLookup` (a collection's `findIn`: the index it needs is kept, or made again).
 */
export const makeSqliteLoad = (
  sql: SqlClient.SqlClient,
  transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
) => {
  /** The table's secondary indexes (made by CREATE INDEX, not unique): name, text, leading column. */
  const secondaryIndexes = (tableName: string) =>
    Effect.gen(function* () {
      const rows = yield* sql<{ name: string; sql: string }>`SELECT m.name AS name, m.sql AS sql
        FROM pragma_index_list(${tableName}) AS l JOIN sqlite_master AS m ON m.name = l.name
        WHERE m.type = 'index' AND m.sql IS NOT NULL AND l."unique" = 0 AND l.origin = 'c'`
      const out: Array<{ name: string; text: string; lead: string | undefined }> = []
      for (const row of rows) {
        const columns = yield* sql<{ name: string | null }>`SELECT name FROM pragma_index_info(${row.name})
          ORDER BY seqno`
        const names = columns.map((c) => c.name ?? "")
        out.push({ name: row.name, text: row.sql, lead: names[0] === "tenant_id" ? names[1] : names[0] })
      }
      return out
    })

  /** Which of these indexes exist now (a savepoint rolled back may have brought dropped ones back). */
  const presentIndexes = (names: ReadonlyArray<string>) =>
    names.length === 0
      ? Effect.succeed(new Set<string>())
      : Effect.map(
          sql<{
            name: string
          }>`SELECT name FROM sqlite_master WHERE type = 'index' AND ${sql.in("name", names)}`,
          (rows) => new Set(rows.map((r) => r.name))
        )

  /** The load's record of a table, made on first sight. */
  const loadedTable = (load: Map<string, LoadedTable>, tableName: string) => {
    const known = load.get(tableName)
    if (known !== undefined) return known
    const fresh: LoadedTable = { before: undefined, added: 0, lookedUp: new Set(), dropped: undefined }
    load.set(tableName, fresh)
    return fresh
  }

  /** Before a load's rows go into a table: drop its secondary indexes once they are a large share. */
  const beforeLoadInsert = (tableName: string, rows: number) =>
    Effect.gen(function* () {
      const load = yield* CurrentLoad
      if (load === undefined) return false
      const loaded = loadedTable(load, tableName)
      loaded.added += rows
      if (loaded.dropped === undefined) {
        if (loaded.added < deferIndexesMinRows) return true
        if (loaded.before === undefined) {
          // the rows there now are the table's and this load's earlier batches'
          const counted = yield* sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${sql(tableName)}`
          loaded.before = Math.max(0, Number(counted[0]?.n ?? 0) - (loaded.added - rows))
        }
        if (loaded.added < deferIndexesShare * loaded.before) return true
        loaded.dropped = new Map()
        for (const index of yield* secondaryIndexes(tableName)) {
          if (index.lead !== undefined && loaded.lookedUp.has(index.lead)) continue
          loaded.dropped.set(index.name, { text: index.text, lead: index.lead })
        }
      }
      // dropped now, or again after a savepoint's rollback brought them back
      for (const name of yield* presentIndexes([...loaded.dropped.keys()])) {
        yield* sql.unsafe(`DROP INDEX ${name}`).raw
      }
      return true
    }).pipe(Effect.orDie)

  /** Before a load looks rows up by `column`: make again a dropped index that leads with it, and keep it. */
  const beforeLoadLookup = (tableName: string, column: string) =>
    Effect.gen(function* () {
      const load = yield* CurrentLoad
      if (load === undefined || column === "id") return
      const loaded = loadedTable(load, tableName)
      loaded.lookedUp.add(column)
      for (const [name, index] of loaded.dropped ?? []) {
        if (index.lead !== column) continue
        loaded.dropped?.delete(name)
        if (!(yield* presentIndexes([name])).has(name)) yield* sql.unsafe(index.text).raw
      }
    }).pipe(Effect.orDie)

  /** At the end of a load, in its transaction: every dropped index made again from its own text. */
  const restoreIndexes = (load: Map<string, LoadedTable>) =>
    Effect.gen(function* () {
      for (const loaded of load.values()) {
        const dropped = loaded.dropped
        if (dropped === undefined) continue
        const present = yield* presentIndexes([...dropped.keys()])
        for (const [name, index] of dropped) if (!present.has(name)) yield* sql.unsafe(index.text).raw
        loaded.dropped = undefined
      }
    })

  /** `Store.load`: a transaction; on SQLite, one that may defer the secondary indexes it writes to. */
  const load = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.flatMap(CurrentLoad, (current) => {
      if (current !== undefined) return transaction(effect)
      const tables = new Map<string, LoadedTable>()
      return transaction(
        Effect.flatMap(Effect.provideService(effect, CurrentLoad, tables), (a) =>
          Effect.as(Effect.orDie(restoreIndexes(tables)), a)
        )
      )
    })

  return { load, beforeInsert: beforeLoadInsert, beforeLookup: beforeLoadLookup }
}

/**
 * The `SqlConnection.Connection` over one `DatabaseSync`.
 *
 * Every call is synchronous: a statement runs to completion inside one Effect
 * step, so nothing else on this connection can interleave with it. Ordering
 * between fibers (and transactions) is the job of the semaphore in
 * `SqliteClient.make`, not of this module.
 */

import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite"
import type { NonEmptyReadonlyArray } from "effect/Array"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as SqlClient from "effect/sql/SqlClient"
import type { Connection } from "effect/sql/SqlConnection"
import type { SqlError } from "effect/sql/SqlError"
import { bindError, toSqlError } from "./errors.ts"

type TransformRows = (<A extends object>(rows: ReadonlyArray<A>) => ReadonlyArray<A>) | undefined

/**
 * A bounded LRU of prepared statements keyed by SQL text.
 *
 * Bounded twice: by count, and by the bytes of the texts kept. A statement's native memory grows with
 * its text — SQLite compiles every placeholder and value into its program — so a count alone does not
 * bound it: a 500-row multi-VALUES insert of 20 columns (21 KB of text) holds ~1 MB of native memory
 * (measured), and a cache of 200 of those 200 MB outside V8's heap, where the server's memory flags do
 * not reach. A text longer than a quarter of the byte budget is prepared and not kept.
 *
 * `Map` keeps insertion order, so re-inserting on every hit makes the first key
 * the least recently used. node:sqlite has no explicit finalize: an evicted
 * statement is finalized when it is garbage collected (or when the database
 * closes), so eviction only drops the reference.
 */
export class StatementCache {
  readonly #statements = new Map<string, StatementSync>()
  readonly #db: DatabaseSync
  readonly #capacity: number
  readonly #maxBytes: number
  #bytes = 0

  constructor(db: DatabaseSync, capacity: number, maxBytes: number = defaultStatementCacheBytes) {
    this.#db = db
    this.#capacity = Math.max(0, Math.floor(capacity))
    this.#maxBytes = Math.max(0, Math.floor(maxBytes))
  }

  get size(): number {
    return this.#statements.size
  }

  /** The length of the SQL texts kept (UTF-16 code units: what the budget counts). */
  get bytes(): number {
    return this.#bytes
  }

  get(sql: string): StatementSync {
    const cached = this.#statements.get(sql)
    if (cached !== undefined) {
      this.#statements.delete(sql)
      this.#statements.set(sql, cached)
      return cached
    }
    const statement = this.#db.prepare(sql)
    if (this.#capacity === 0 || sql.length > this.#maxBytes / 4) return statement
    this.#statements.set(sql, statement)
    this.#bytes += sql.length
    while (this.#statements.size > this.#capacity || this.#bytes > this.#maxBytes) {
      const oldest = this.#statements.keys().next()
      if (oldest.done === true) break
      this.#statements.delete(oldest.value)
      this.#bytes -= oldest.value.length
    }
    return statement
  }

  clear(): void {
    this.#statements.clear()
    this.#bytes = 0
  }
}

/** 512 KiB of SQL text: ~25 MB of native memory at most for the largest statements measured. */
export const defaultStatementCacheBytes = 512 * 1024

/**
 * Converts parameters to what node:sqlite binds: booleans become 0/1 (SQLite has
 * no boolean type), dates become ISO-8601 strings (sortable, and what SQLite's
 * date functions read), `undefined` becomes NULL.
 */
const bindParams = (params: ReadonlyArray<unknown>): Array<SQLInputValue> | SqlError => {
  const bound: Array<SQLInputValue> = new Array(params.length)
  for (let i = 0; i < params.length; i++) {
    const value = params[i]
    switch (typeof value) {
      case "number":
      case "string":
      case "bigint":
        bound[i] = value
        break
      case "boolean":
        bound[i] = value ? 1 : 0
        break
      case "undefined":
        bound[i] = null
        break
      default:
        if (value === null || ArrayBuffer.isView(value)) bound[i] = value as SQLInputValue
        else if (value instanceof Date) bound[i] = value.toISOString()
        else return bindError(i, value)
    }
  }
  return bound
}

type Row = Record<string, unknown>

/** node:sqlite rows have a null prototype; callers get ordinary objects. */
const plainRows = (rows: ReadonlyArray<object>): Array<Row> => {
  const out = new Array<Row>(rows.length)
  for (let i = 0; i < rows.length; i++) out[i] = { ...rows[i] }
  return out
}

/**
 * Prepares (or takes from the cache) and runs a statement synchronously,
 * honouring `SqlClient.SafeIntegers` for 64-bit reads. `f` sees the statement
 * once its parameters are known to bind.
 */
const run = <A>(
  prepare: () => StatementSync,
  params: ReadonlyArray<unknown>,
  f: (statement: StatementSync, bound: Array<SQLInputValue>) => A
): Effect.Effect<A, SqlError> =>
  Effect.withFiber((fiber) => {
    const bound = bindParams(params)
    if (!Array.isArray(bound)) return Effect.fail(bound)
    let statement: StatementSync
    try {
      statement = prepare()
    } catch (cause) {
      return Effect.fail(toSqlError(cause, "Failed to prepare statement", "prepare"))
    }
    try {
      statement.setReadBigInts(fiber.getRef(SqlClient.SafeIntegers))
      return Effect.succeed(f(statement, bound))
    } catch (cause) {
      return Effect.fail(toSqlError(cause, "Failed to execute statement", "execute"))
    }
  })

// Statements without result columns (INSERT/UPDATE/DDL without RETURNING) go through `run()`.
const returnsRows = (statement: StatementSync): boolean => statement.columns().length > 0

/**
 * Result column names of cached statements whose names their SQL text fixes: those without a `*`.
 * `SELECT *` is prepared again by SQLite after a schema change (at its next run) and may then name
 * other columns; without a `*` the names are the text's own (aliases, columns, expressions).
 */
const namesOfStatement = new WeakMap<StatementSync, ReadonlyArray<string>>()

/**
 * All rows as ordinary objects, read as arrays and built from the column names: node:sqlite's own
 * row objects (null prototype) copied with a spread cost about as much as the query itself on a page
 * of 50 records, and `columns()` builds an object per column on every call. A repeated name keeps
 * its last value at its first position, as node:sqlite's objects do. `undefined` when the statement
 * has no result columns (INSERT/UPDATE/DDL without RETURNING): it is not run.
 */
const objectRows = (statement: StatementSync, bound: Array<SQLInputValue>): Array<Row> | undefined => {
  let names = namesOfStatement.get(statement)
  if (names?.length === 0 || (names === undefined && statement.columns().length === 0)) return undefined
  // A cached statement is shared, so array mode is switched off again before returning.
  statement.setReturnArrays(true)
  let arrays: ReadonlyArray<ReadonlyArray<unknown>>
  try {
    arrays = statement.all(...bound) as unknown as ReadonlyArray<ReadonlyArray<unknown>>
  } finally {
    statement.setReturnArrays(false)
  }
  if (names === undefined) {
    // Read after the run: a statement SQLite prepared again during it names its new columns.
    names = statement.columns().map((c) => c.name)
    if (!statement.sourceSQL.includes("*")) namesOfStatement.set(statement, names)
  }
  const out = new Array<Row>(arrays.length)
  for (let i = 0; i < arrays.length; i++) {
    const values = arrays[i] as ReadonlyArray<unknown>
    const row: Row = {}
    for (let j = 0; j < names.length; j++) row[names[j] as string] = values[j]
    out[i] = row
  }
  return out
}

const rows = (statement: StatementSync, bound: Array<SQLInputValue>): ReadonlyArray<Row> => {
  const objects = objectRows(statement, bound)
  if (objects !== undefined) return objects
  statement.run(...bound)
  if (!statement.sourceSQL.includes("*")) namesOfStatement.set(statement, [])
  return []
}

const raw = (statement: StatementSync, bound: Array<SQLInputValue>): unknown => {
  const objects = objectRows(statement, bound)
  if (objects !== undefined) return objects
  const { changes, lastInsertRowid } = statement.run(...bound)
  if (!statement.sourceSQL.includes("*")) namesOfStatement.set(statement, [])
  return { changes, lastInsertRowid }
}

const values = (
  statement: StatementSync,
  bound: Array<SQLInputValue>
): ReadonlyArray<ReadonlyArray<unknown>> => {
  if (!returnsRows(statement)) {
    statement.run(...bound)
    return []
  }
  // A cached statement is shared, so array mode is switched off again before returning.
  statement.setReturnArrays(true)
  try {
    return statement.all(...bound) as unknown as ReadonlyArray<ReadonlyArray<unknown>>
  } finally {
    statement.setReturnArrays(false)
  }
}

/**
 * Streams a SELECT through `StatementSync.iterate()`, stepping at most
 * `chunkSize` rows per pull, so only one chunk is in memory at a time.
 *
 * Streams always prepare a fresh statement: re-running a cached statement
 * resets it, which would cut short an iteration still in progress.
 */
const stream = (
  db: DatabaseSync,
  sql: string,
  params: ReadonlyArray<unknown>,
  transformRows: TransformRows,
  chunkSize: number
): Stream.Stream<Row, SqlError> =>
  Stream.unwrap(
    Effect.withFiber((fiber) => {
      const bound = bindParams(params)
      if (!Array.isArray(bound)) return Effect.fail(bound)
      let iterator: Iterator<object>
      try {
        const statement = db.prepare(sql)
        statement.setReadBigInts(fiber.getRef(SqlClient.SafeIntegers))
        iterator = statement.iterate(...bound)
      } catch (cause) {
        return Effect.fail(toSqlError(cause, "Failed to prepare statement", "stream"))
      }
      let finished = false
      const pull = Effect.suspend((): Effect.Effect<NonEmptyReadonlyArray<Row>, SqlError | Cause.Done> => {
        if (finished) return Cause.done()
        const rows: Array<object> = []
        try {
          while (rows.length < chunkSize) {
            const next = iterator.next()
            if (next.done === true) {
              finished = true
              break
            }
            rows.push(next.value)
          }
        } catch (cause) {
          finished = true
          return Effect.fail(toSqlError(cause, "Failed to read row", "stream"))
        }
        if (rows.length === 0) return Cause.done()
        const chunk = plainRows(rows)
        // Non-empty: at least one row was read, and row transforms keep the length.
        return Effect.succeed((transformRows ? transformRows(chunk) : chunk) as NonEmptyReadonlyArray<Row>)
      })
      // `return()` resets the statement, releasing its read snapshot when the consumer stops early.
      const close = Effect.sync(() => {
        finished = true
        iterator.return?.()
      })
      return Effect.succeed(Stream.fromPull(Effect.succeed(pull)).pipe(Stream.ensuring(close)))
    })
  )

/** Builds the connection for `db`; `executeUnprepared` and streams bypass the statement cache. */
export const makeConnection = (
  db: DatabaseSync,
  cache: StatementCache,
  streamChunkSize: number
): Connection => {
  const cached = (sql: string) => () => cache.get(sql)
  const fresh = (sql: string) => () => db.prepare(sql)
  const transformed = (effect: Effect.Effect<ReadonlyArray<Row>, SqlError>, transformRows: TransformRows) =>
    transformRows ? Effect.map(effect, transformRows) : effect
  return {
    execute: (sql, params, transformRows) => transformed(run(cached(sql), params, rows), transformRows),
    executeRaw: (sql, params) => run(cached(sql), params, raw),
    executeValues: (sql, params) => run(cached(sql), params, values),
    executeValuesUnprepared: (sql, params) => run(fresh(sql), params, values),
    executeUnprepared: (sql, params, transformRows) =>
      transformed(run(fresh(sql), params, rows), transformRows),
    executeStream: (sql, params, transformRows) => stream(db, sql, params, transformRows, streamChunkSize)
  }
}

/**
 * The persistence port every service is written against: collections of versioned domain records,
 * keyed by tenant and id, with filterable index columns, keyset pagination and transactions.
 * Two implementations: `layerMemory` (Maps, for tests and tools) and `layerSql` (needs only an
 * `SqlClient`: SQLite or PostgreSQL, same tables, see `Migrations`).
 */
import type { Errors, References, TimeZone } from "@bishui/domain"
import { Context, type Effect, Layer } from "effect"
import { decodeCursor } from "./internal/listing.ts"
import { makeMemoryStore } from "./internal/memoryStore.ts"
import { makeSqlStore } from "./internal/sqlStore.ts"
import type { Table } from "./Tables.ts"

/** A stored record with its optimistic-concurrency version and timestamps. */
export interface Versioned<A> {
  readonly record: A
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}

/** A filter's value: one value, or any of several (`IN`); `undefined` filters nothing. */
export type FilterValue = string | ReadonlyArray<string> | undefined

/**
 * A list request: filters on a table's index columns (a value, or any of several), columns that must
 * hold a value (`present`), an inclusive range on the column the list is ordered by — its sort column
 * or one of its `orders` (`orderBy`) —, a cursor from the previous page and a page size. Voided
 * records are left out unless `includeVoided`.
 *
 * `from` and `to` are days (`YYYY-MM-DD`) or instants. On an instant column, days are the local days
 * of `timeZone` (Beijing time when absent; the services pass the tenant's) and an instant bound is
 * exact; on a date column an instant bound stands for its local day.
 *
 * `lessThan` and `notLessThan` compare index columns with a value in text order (instants compare as
 * times): `lessThan` keeps the records whose column is set and below it, `notLessThan` those whose
 * column is unset or not below it — together, every record once (a case's next due time against now:
 * overdue or not).
 */
export interface ListQuery {
  readonly where?: Readonly<Record<string, FilterValue>>
  readonly present?: ReadonlyArray<string> | undefined
  readonly orderBy?: string | undefined
  readonly lessThan?: Readonly<Record<string, string>> | undefined
  readonly notLessThan?: Readonly<Record<string, string>> | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly timeZone?: TimeZone.TimeZone | undefined
  readonly after?: string | undefined
  readonly limit?: number | undefined
  readonly includeVoided?: boolean | undefined
}

/** A count's request: a list's filters and range, without its cursor and page size. */
export type CountQuery = Omit<ListQuery, "after" | "limit">

/** One group of a count: the grouping columns' values (`undefined` where a record has none), and how many. */
export interface CountRow {
  readonly values: ReadonlyArray<string | undefined>
  readonly count: number
}

/** Whether voided records are read too (by default they are left out). */
export interface VoidedOption {
  readonly includeVoided?: boolean | undefined
}

/**
 * A reference to look for (see the domain's `References`): where the holder keeps it and, when an
 * index column holds it, that column.
 */
export interface ReferenceQuery {
  readonly at: References.ReferencePath
  readonly column?: string | undefined
}

/** The live records holding a reference: the first few in list order, and how many there are. */
export interface Referrers<A> {
  readonly first: ReadonlyArray<A>
  readonly total: number
}

/** One page of a list; `next` is the cursor of the following page, absent on the last one. */
export interface Page<A> {
  readonly items: ReadonlyArray<Versioned<A>>
  readonly next?: string
}

/**
 * Whether a text is a cursor a Store gives as `next`. A list given any other `after` starts at its
 * first page: check a cursor that comes from outside (the API refuses one that is not, with a 422).
 */
export const isCursor = (text: string): boolean => decodeCursor(text) !== undefined

export const defaultPageSize = 50
export const maxPageSize = 500

export interface Collection<A> {
  readonly get: (tenantId: string, id: string) => Effect.Effect<Versioned<A> | undefined>
  readonly insert: (record: A, at: string) => Effect.Effect<Versioned<A>, Errors.AlreadyExists>
  /**
   * Insert new records at once (version 1), all or none: in SQL, multi-row statements inside the
   * current transaction. Fails with `AlreadyExists` when an id or natural key is taken (by a stored
   * record or by another record of the list).
   */
  readonly insertMany: (records: ReadonlyArray<A>, at: string) => Effect.Effect<void, Errors.AlreadyExists>
  /**
   * The tenant's records whose `column` — `id` or one of the table's index columns — is one of `values`
   * (in no particular order). For bulk lookups: one query per few hundred values. Voided records are
   * found too (as by `get`): a reference to one is refused by its caller, an import row matching one
   * is reported.
   */
  readonly findIn: (
    tenantId: string,
    column: string,
    values: ReadonlyArray<string>
  ) => Effect.Effect<ReadonlyArray<Versioned<A>>>
  /** Replace a record whose stored version is `expectedVersion`; the new version is one more. */
  readonly replace: (
    record: A,
    expectedVersion: number,
    at: string
  ) => Effect.Effect<Versioned<A>, Errors.StaleVersion | Errors.NotFound | Errors.AlreadyExists>
  readonly list: (tenantId: string, query: ListQuery) => Effect.Effect<Page<A>>
  /**
   * How many of the tenant's records a list with `query` would hold (voided ones left out unless
   * asked), grouped by index columns: a row per combination of their values met, in no particular
   * order. In SQL the database counts (`GROUP BY`): no record is read or decoded — for reports over
   * ledgers of millions of rows.
   */
  readonly countBy: (
    tenantId: string,
    query: CountQuery,
    groupBy: ReadonlyArray<string>
  ) => Effect.Effect<ReadonlyArray<CountRow>>
  /** Every record of the tenant matching the filters, in sort order (for reports and exports); voided ones left out unless asked. */
  readonly all: (
    tenantId: string,
    where?: Readonly<Record<string, FilterValue>>,
    options?: VoidedOption
  ) => Effect.Effect<ReadonlyArray<A>>
  /**
   * The tenant's live (not voided) records that hold `id` at one of the references' places, first
   * `limit` in list order, and how many there are. In SQL, by the index column when there is one, else
   * by the database's JSON functions over the stored documents — or, for a table stored in columns,
   * by the field's column or inside its JSON column — never decoding every record in JavaScript.
   */
  readonly referencing: (
    tenantId: string,
    references: ReadonlyArray<ReferenceQuery>,
    id: string,
    limit: number
  ) => Effect.Effect<Referrers<A>>
  /**
   * The record with this id, whatever its tenant. Only for tables whose ids are unique across tenants
   * (`Table.globalIds`, an index on id alone); on any other table it is a defect.
   */
  readonly findById: (id: string) => Effect.Effect<Versioned<A> | undefined>
  /** Delete the records of every tenant stored before `at` (their `createdAt`); returns how many. */
  readonly purgeCreatedBefore: (at: string) => Effect.Effect<number>
}

export class Store extends Context.Service<
  Store,
  {
    readonly backend: "memory" | "sqlite" | "pg"
    readonly collection: <A extends { readonly id: string }>(table: Table<A>) => Collection<A>
    /** Run an effect in one transaction: all its writes land, or none do. Nested calls join it. */
    readonly transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
    /**
     * A bulk load: `transaction`, but on SQLite a load that adds a large share of a table's rows drops
     * that table's secondary indexes inside the transaction and makes them again before it commits
     * (all or nothing still: a failed or killed load leaves every index as it was). For imports; a
     * nested call joins the load it is in.
     */
    readonly load: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
    /**
     * The tenant's revision of the records reports read (the tenant itself — its time zone —,
     * organisations, zones, pioneer posts, events, wishes, cases): it changes in the same transaction
     * as any write to them. `undefined` when the store keeps none (memory): then nothing computed
     * from them may be reused.
     */
    readonly revision: (tenantId: string) => Effect.Effect<number | undefined>
  }
>()("@bishui/services/Store") {
  /** Records in Maps, lost with the process. Transactions are serialised and undone on failure. */
  static readonly layerMemory: Layer.Layer<Store> = Layer.sync(Store, makeMemoryStore)

  /** Records in SQL tables through the current `SqlClient` (migrations must have run: see `Migrations`). */
  static readonly layerSql = Layer.effect(Store, makeSqlStore)
}
export type { BulkAudit } from "./internal/records.ts"

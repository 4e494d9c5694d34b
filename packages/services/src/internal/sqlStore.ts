/**
 * The SQL Store over the current `SqlClient` — SQLite or PostgreSQL. Each record is one row: tenant,
 * id, version, the record as JSON, timestamps, and the index columns its table definition derives.
 * Lists use keyset pagination on (sort column, id), which the migrations index per tenant.
 * Driver and decoding failures are defects: the service contracts carry only domain errors.
 */
import { Errors } from "@bishui/domain"
import { Effect, Schema } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import type { Collection, ListQuery, Page, Versioned } from "../Store.ts"
import { defaultPageSize, maxPageSize, Store } from "../Store.ts"
import type { Table } from "../Tables.ts"
import { checkFilters, decodeCursor, encodeCursor, pageSizeOf, rangeOf, sortColumnOf } from "./listing.ts"

interface Row {
  readonly doc: unknown
  readonly version: number | string
  readonly created_at: string
  readonly updated_at: string
}

const isUniqueViolation = (error: SqlError.SqlError) => error.reason._tag === "UniqueViolation"

/** Whether a unique violation is on the natural key (`UNIQUE (tenant_id, natural_key)`) rather than the id. */
const onNaturalKey = (error: SqlError.SqlError) =>
  error.reason._tag === "UniqueViolation" && error.reason.constraint.includes("natural_key")

/** How many decoded records each collection keeps (twenty pages of a list; a few MB at most). */
const decodedCapacity = 1_024

export const makeSqlStore = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const backend = sql.onDialectOrElse({ pg: () => "pg" as const, orElse: () => "sqlite" as const })

  const collection = <A extends { readonly id: string }>(table: Table<A>): Collection<A> => {
    const encode = Schema.encodeSync(table.schema)
    const decode = Schema.decodeUnknownSync(table.schema)
    const name = sql(table.name)
    const sortColumn = sortColumnOf(table)
    const columnNames = Object.keys(table.columns)
    // PostgreSQL sends `jsonb` as text, parsed here as SQLite's is (and so cached the same way).
    const selectList = sql.literal(
      backend === "pg"
        ? "doc::text AS doc, version, created_at, updated_at"
        : "doc, version, created_at, updated_at"
    )

    /** Decoded records by document text, least recently used first. */
    const decoded = new Map<string, A>()
    const fromRow = (row: Row): Versioned<A> => ({
      record: recordOf(row.doc),
      version: Number(row.version),
      createdAt: row.created_at,
      updatedAt: row.updated_at
    })
    // Decoding is pure: the same document text always decodes to the same record, so a record read
    // again (a page listed again, a record fetched after its list) is taken from a bounded cache
    // keyed by the text itself — never stale, whatever wrote the row.
    const recordOf = (doc: unknown): A => {
      if (typeof doc !== "string") return decode(doc)
      const cached = decoded.get(doc)
      if (cached !== undefined) {
        decoded.delete(doc)
        decoded.set(doc, cached)
        return cached
      }
      const record = decode(JSON.parse(doc))
      decoded.set(doc, record)
      if (decoded.size > decodedCapacity) decoded.delete(decoded.keys().next().value as string)
      return record
    }
    const columnValues = (record: A) => {
      const values: Record<string, string | null> = {}
      for (const column of columnNames) values[column] = table.columns[column]?.(record) ?? null
      return values
    }
    const docOf = (record: A) => JSON.stringify(encode(record))
    // The key that is taken, as the memory store reports it: the natural key, or else the id.
    const alreadyExists = (record: A, error: SqlError.SqlError) =>
      new Errors.AlreadyExists({
        entity: table.entity,
        key: (onNaturalKey(error) ? table.naturalKey?.(record) : undefined) ?? record.id
      })
    const sortValue = (record: A) =>
      sortColumn === "id" ? record.id : (table.columns[sortColumn]?.(record) ?? "")
    const whereOf = (tenantId: string, where: Readonly<Record<string, string | undefined>> | undefined) => {
      checkFilters(table, where)
      const clauses = [sql`tenant_id = ${tenantId}`]
      for (const [column, value] of Object.entries(where ?? {})) {
        if (value !== undefined) clauses.push(sql`${sql(column)} = ${value}`)
      }
      return clauses
    }

    const get = (tenantId: string, id: string) =>
      sql<Row>`SELECT ${selectList} FROM ${name} WHERE tenant_id = ${tenantId} AND id = ${id}`.pipe(
        Effect.map((rows) => (rows[0] === undefined ? undefined : fromRow(rows[0]))),
        Effect.orDie
      )

    const insert = (record: A, at: string) => {
      const row = {
        tenant_id: table.tenantOf(record),
        id: record.id,
        version: 1,
        doc: docOf(record),
        natural_key: table.naturalKey?.(record) ?? null,
        created_at: at,
        updated_at: at,
        ...columnValues(record)
      }
      return sql`INSERT INTO ${name} ${sql.insert(row)}`.pipe(
        Effect.as<Versioned<A>>({ record, version: 1, createdAt: at, updatedAt: at }),
        Effect.catchTag("SqlError", (error) =>
          isUniqueViolation(error) ? Effect.fail(alreadyExists(record, error)) : Effect.die(error)
        )
      )
    }

    const replace = (record: A, expectedVersion: number, at: string) =>
      Effect.gen(function* () {
        const tenantId = table.tenantOf(record)
        const values = {
          version: expectedVersion + 1,
          doc: docOf(record),
          natural_key: table.naturalKey?.(record) ?? null,
          updated_at: at,
          ...columnValues(record)
        }
        const updated = yield* sql<{ created_at: string }>`UPDATE ${name} SET ${sql.update(values)}
          WHERE tenant_id = ${tenantId} AND id = ${record.id} AND version = ${expectedVersion}
          RETURNING created_at`.pipe(
          Effect.catchTag("SqlError", (error) =>
            isUniqueViolation(error) ? Effect.fail(alreadyExists(record, error)) : Effect.die(error)
          )
        )
        const first = updated[0]
        if (first !== undefined) {
          return { record, version: expectedVersion + 1, createdAt: first.created_at, updatedAt: at }
        }
        const current = yield* get(tenantId, record.id)
        return yield* current === undefined
          ? Effect.fail(new Errors.NotFound({ entity: table.entity, id: record.id }))
          : Effect.fail(
              new Errors.StaleVersion({
                entity: table.entity,
                id: record.id,
                expected: expectedVersion,
                actual: current.version
              })
            )
      })

    const list = (tenantId: string, query: ListQuery) =>
      Effect.gen(function* () {
        const clauses = whereOf(tenantId, query.where)
        const sortId = sql(sortColumn)
        const { lower, upper } = rangeOf(query)
        if (lower !== undefined) clauses.push(sql`${sortId} >= ${lower}`)
        if (upper !== undefined) clauses.push(sql`${sortId} < ${upper}`)
        const cursor = query.after === undefined ? undefined : decodeCursor(query.after)
        if (cursor !== undefined) {
          clauses.push(
            sortColumn === "id" ? sql`id > ${cursor[1]}` : sql`(${sortId}, id) > (${cursor[0]}, ${cursor[1]})`
          )
        }
        const size = pageSizeOf(query, defaultPageSize, maxPageSize)
        const order = sortColumn === "id" ? sql.literal("id") : sql`${sortId}, id`
        const rows = yield* sql<Row>`SELECT ${selectList} FROM ${name} WHERE ${sql.and(clauses)}
          ORDER BY ${order} LIMIT ${size + 1}`
        const items = rows.slice(0, size).map(fromRow)
        const last = items[items.length - 1]
        const page: Page<A> =
          rows.length > size && last !== undefined
            ? { items, next: encodeCursor(sortValue(last.record), last.record.id) }
            : { items }
        return page
      }).pipe(Effect.orDie)

    // suspended: an unknown filter is a defect of the returned effect, not a throw at the call
    const all = (tenantId: string, where?: Readonly<Record<string, string | undefined>>) =>
      Effect.suspend(() => {
        const order = sortColumn === "id" ? sql.literal("id") : sql`${sql(sortColumn)}, id`
        return sql<Row>`SELECT ${selectList} FROM ${name} WHERE ${sql.and(whereOf(tenantId, where))} ORDER BY ${order}`
      }).pipe(
        Effect.map((rows) => rows.map((row) => fromRow(row).record)),
        Effect.orDie
      )

    const findById = (id: string) =>
      table.globalIds === true
        ? sql<Row>`SELECT ${selectList} FROM ${name} WHERE id = ${id}`.pipe(
            Effect.map((rows) => (rows[0] === undefined ? undefined : fromRow(rows[0]))),
            Effect.orDie
          )
        : Effect.die(new Error(`${table.name}: ids are not unique across tenants; find by tenant and id`))

    const purgeCreatedBefore = (at: string) =>
      sql<{ id: string }>`DELETE FROM ${name} WHERE created_at < ${at} RETURNING id`.pipe(
        Effect.map((rows) => rows.length),
        Effect.orDie
      )

    return { get, insert, replace, list, all, findById, purgeCreatedBefore }
  }

  const cache = new Map<string, Collection<never>>()
  return Store.of({
    backend,
    revision: (tenantId) =>
      sql<{
        revision: number | string
      }>`SELECT revision FROM tenant_revisions WHERE tenant_id = ${tenantId}`.pipe(
        Effect.map((rows) => Number(rows[0]?.revision ?? 0)),
        Effect.orDie
      ),
    transaction: (effect) =>
      sql.withTransaction(effect).pipe(Effect.catchTag("SqlError", Effect.die)) as never,
    collection: <A extends { readonly id: string }>(table: Table<A>) => {
      let found = cache.get(table.name) as Collection<A> | undefined
      if (found === undefined) {
        found = collection(table)
        cache.set(table.name, found as unknown as Collection<never>)
      }
      return found
    }
  })
})

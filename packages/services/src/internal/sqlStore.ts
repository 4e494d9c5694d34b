/**
 * The SQL Store over the current `SqlClient` — SQLite or PostgreSQL. Each record is one row: tenant,
 * id, version, the record as JSON, timestamps, and the index columns its table definition derives — or,
 * for a table stored in columns (`Table.stored`, the lean ledgers), each field in a column of its own
 * and no document.
 * Lists use keyset pagination on (sort column, id), which the migrations index per tenant.
 * Driver and decoding failures are defects: the service contracts carry only domain errors.
 */
import { Errors } from "@bishui/domain"
import { Effect, Option, Schema } from "effect"
import { SqlClient, type SqlError, type Statement } from "effect/sql"
import { BulkLoad, type Staged, type StagedCell } from "../BulkLoad.ts"
import type {
  Collection,
  CountQuery,
  FilterValue,
  ListQuery,
  Page,
  ReferenceQuery,
  Versioned,
  VoidedOption
} from "../Store.ts"
import { defaultPageSize, maxPageSize, Store } from "../Store.ts"
import type { Table } from "../Tables.ts"
import {
  checkFilters,
  decodeCursor,
  encodeCursor,
  orderColumnOf,
  pageSizeOf,
  rangeOf,
  sortColumnOf
} from "./listing.ts"
import { type Cell, makeRowCodec } from "./rowCodec.ts"
import { makeSqliteLoad } from "./sqliteLoad.ts"

interface Row {
  readonly doc?: unknown
  readonly version: number | string
  readonly created_at: string
  readonly updated_at: string
  readonly [column: string]: unknown
}

const isUniqueViolation = (error: SqlError.SqlError) => error.reason._tag === "UniqueViolation"

/** Whether a unique violation is on the natural key (`UNIQUE (tenant_id, natural_key)`) rather than the id. */
const onNaturalKey = (error: SqlError.SqlError) =>
  error.reason._tag === "UniqueViolation" && error.reason.constraint.includes("natural_key")

const groupByTenant = <A>(
  records: ReadonlyArray<A & { readonly tenantId?: unknown }>,
  tenantOf?: (a: A) => string
) => {
  const groups = new Map<string, Array<A>>()
  for (const record of records) {
    const tenantId = tenantOf?.(record) ?? String(record.tenantId)
    const list = groups.get(tenantId)
    if (list === undefined) groups.set(tenantId, [record])
    else list.push(record)
  }
  return groups
}

/** Rows per bulk INSERT on PostgreSQL: its statement has one parameter per column, whatever the rows. */
const pgRowsPerStatement = 2_000

/**
 * PostgreSQL's bulk INSERT: one array parameter per column (`unnest` turns them into rows), so a
 * statement's text, parse and plan do not grow with its rows, and the driver binds a few arrays
 * instead of 7 + N values per row. Version and timestamps are the same for every row: one value each.
 * Every array is of text, cast to its column's type (`casts`: `jsonb`, `smallint`) in the SELECT.
 * A column with no value in any row is sent as an empty array (`unnest` pads shorter arrays with
 * NULL; the driver cannot type an array of nulls alone).
 */
const pgBulkInsert = (
  tableName: string,
  columnNames: ReadonlyArray<string>,
  casts: ReadonlyArray<string | undefined>
) => {
  const arrays = ["tenant_id", "id", "natural_key", ...columnNames]
  const text =
    `INSERT INTO ${tableName} (tenant_id, id, version, natural_key, created_at, updated_at` +
    `${columnNames.map((c) => `, ${c}`).join("")}) ` +
    `SELECT u.tenant_id, u.id, 1, u.natural_key, $1, $1${columnNames
      .map((c, i) => `, u.${c}${casts[i] === undefined ? "" : `::${casts[i]}`}`)
      .join("")} ` +
    `FROM unnest(${arrays.map((_, i) => `$${i + 2}::text[]`).join(", ")}) AS u(${arrays.join(", ")})`
  const params = <A extends { readonly id: string }>(
    chunk: ReadonlyArray<A>,
    at: string,
    tenantOf: (a: A) => string,
    naturalKey: ((a: A) => string | undefined) | undefined,
    cellsOf: (a: A) => ReadonlyArray<Cell>
  ): Array<unknown> => {
    const n = chunk.length
    const tenants = new Array<string>(n)
    const ids = new Array<string>(n)
    const keys = new Array<string | null>(n)
    const columns = columnNames.map(() => new Array<string | null>(n))
    const present = columnNames.map(() => false)
    let anyKey = false
    for (let i = 0; i < n; i++) {
      const record = chunk[i] as A
      tenants[i] = tenantOf(record)
      ids[i] = record.id
      const key = naturalKey?.(record) ?? null
      if (key !== null) anyKey = true
      keys[i] = key
      const cells = cellsOf(record)
      for (let c = 0; c < columnNames.length; c++) {
        const value = cells[c] ?? null
        if (value !== null) present[c] = true
        ;(columns[c] as Array<string | null>)[i] = value === null ? null : String(value)
      }
    }
    return [
      at,
      tenants,
      ids,
      anyKey ? keys : [],
      ...columns.map((values, c) => (present[c] === true ? values : []))
    ]
  }
  return { text, params }
}

/** How many decoded records each collection keeps (twenty pages of a list; a few MB at most). */
const decodedCapacity = 1_024

export const makeSqlStore = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const backend = sql.onDialectOrElse({ pg: () => "pg" as const, orElse: () => "sqlite" as const })

  const transaction = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    sql.withTransaction(effect).pipe(Effect.catchTag("SqlError", Effect.die)) as never

  const sqliteLoad = backend === "sqlite" ? makeSqliteLoad(sql, transaction) : undefined

  const collection = <A extends { readonly id: string }>(table: Table<A>): Collection<A> => {
    const encode = Schema.encodeSync(table.schema)
    const decode = Schema.decodeUnknownSync(table.schema)
    const name = sql(table.name)
    const sortColumn = sortColumnOf(table)
    const columnNames = Object.keys(table.columns)
    const stored = table.stored
    const codec = stored === undefined ? undefined : makeRowCodec(table.name, stored, table.storedObjects)
    // PostgreSQL sends `jsonb` as text, parsed here as SQLite's is (and so cached the same way).
    const selectList = sql.literal(
      stored !== undefined
        ? [
            "version, created_at, updated_at",
            ...stored.map((f) =>
              f.kind === "json" && backend === "pg" ? `${f.column}::text AS ${f.column}` : f.column
            )
          ].join(", ")
        : backend === "pg"
          ? "doc::text AS doc, version, created_at, updated_at"
          : "doc, version, created_at, updated_at"
    )

    /** Decoded records by document text, least recently used first. */
    const decoded = new Map<string, A>()
    const fromRow = (row: Row): Versioned<A> => ({
      record: codec === undefined ? recordOf(row.doc) : recordOfCells(row),
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
    // The same for a table stored in columns, keyed by the row's cells as one text.
    const recordOfCells = (row: Row): A => {
      if (codec === undefined || stored === undefined) return recordOf(row.doc)
      const key = JSON.stringify(stored.map((f) => row[f.column] ?? null))
      const cached = decoded.get(key)
      if (cached !== undefined) {
        decoded.delete(key)
        decoded.set(key, cached)
        return cached
      }
      const record = decode(codec.encodedOf(row))
      decoded.set(key, record)
      if (decoded.size > decodedCapacity) decoded.delete(decoded.keys().next().value as string)
      return record
    }
    const docOf = (record: A) => JSON.stringify(encode(record))
    // The columns a write sets besides the keys (tenant_id, id, version, natural_key, timestamps): the
    // document and the index columns, or the fields of a table stored in columns (its index columns
    // are among them) and any index column that is not; `cellsOf` gives their values, in that order.
    const writeColumns: ReadonlyArray<string> =
      stored === undefined
        ? ["doc", ...columnNames]
        : [
            ...stored.flatMap((f) => (f.column === "tenant_id" || f.column === "id" ? [] : [f.column])),
            ...columnNames.filter((c) => !stored.some((f) => f.column === c))
          ]
    const writeCasts: ReadonlyArray<string | undefined> = writeColumns.map((column) => {
      if (column === "doc") return "jsonb"
      const kind = stored?.find((f) => f.column === column)?.kind
      return kind === "json"
        ? "jsonb"
        : kind === "flag"
          ? "smallint"
          : kind === "integer"
            ? "integer"
            : undefined
    })
    const columnReaders = columnNames.map((column) => table.columns[column])
    const cellsOf = (() => {
      if (codec === undefined || stored === undefined) {
        return (record: A): Array<Cell> => {
          const cells: Array<Cell> = [docOf(record)]
          for (const read of columnReaders) cells.push(read?.(record) ?? null)
          return cells
        }
      }
      const kept = stored.flatMap((f, i) => (f.column === "tenant_id" || f.column === "id" ? [] : [i]))
      const extra = columnNames
        .filter((c) => !stored.some((f) => f.column === c))
        .map((c) => table.columns[c])
      return (record: A): Array<Cell> => {
        const all = codec.cellsOf(encode(record))
        const cells: Array<Cell> = kept.map((i) => all[i] ?? null)
        for (const read of extra) cells.push(read?.(record) ?? null)
        return cells
      }
    })()
    const columnValues = (record: A) => {
      const values: Record<string, Cell> = {}
      const cells = cellsOf(record)
      writeColumns.forEach((column, i) => {
        values[column] = cells[i] ?? null
      })
      return values
    }
    // The key that is taken, as the memory store reports it: the natural key, or else the id.
    const alreadyExists = (record: A, error: SqlError.SqlError) =>
      new Errors.AlreadyExists({
        entity: table.entity,
        key: (onNaturalKey(error) ? table.naturalKey?.(record) : undefined) ?? record.id
      })
    const columnValue = (column: string, record: A) =>
      column === "id" ? record.id : (table.columns[column]?.(record) ?? "")
    const whereOf = (
      tenantId: string,
      where: Readonly<Record<string, FilterValue>> | undefined,
      present: ReadonlyArray<string> | undefined,
      includeVoided: boolean | undefined
    ) => {
      checkFilters(table, where, present)
      const clauses: Array<Statement.Fragment> = [sql`tenant_id = ${tenantId}`]
      for (const [column, value] of Object.entries(where ?? {})) {
        if (value === undefined) continue
        if (typeof value === "string") clauses.push(sql`${sql(column)} = ${value}`)
        else if (value.length === 0) clauses.push(sql.literal("1 = 0"))
        else clauses.push(sql.in(column, value))
      }
      for (const column of present ?? []) clauses.push(sql`${sql(column)} IS NOT NULL`)
      if (table.voidable === true && includeVoided !== true) clauses.push(sql`voided_at IS NULL`)
      return clauses
    }

    /**
     * The condition that a row holds `id` at a reference's place: its index column, or else the JSON
     * document read by the database — SQLite's `json_extract`/`json_each` behind a byte search for the
     * id as JSON writes it (most rows are ruled out without parsing their document), PostgreSQL's
     * `jsonb` path and containment operators.
     */
    const holds = (reference: ReferenceQuery, id: string) => {
      if (reference.column !== undefined) {
        checkFilters(table, { [reference.column]: id })
        return sql`${sql(reference.column)} = ${id}`
      }
      const at = reference.at
      if (stored !== undefined) return holdsInColumns(stored, at, id)
      if (backend === "pg") {
        const path = [...at.path]
        if (at._tag === "Field") return sql`doc #>> ${path}::text[] = ${id}`
        return at.field === undefined
          ? sql`doc #> ${path}::text[] @> jsonb_build_array(${id}::text)`
          : sql`doc #> ${path}::text[] @> jsonb_build_array(jsonb_build_object(${at.field}::text, ${id}::text))`
      }
      const quoted = JSON.stringify(id)
      const path = `$.${at.path.join(".")}`
      if (at._tag === "Field") return sql`instr(doc, ${quoted}) > 0 AND json_extract(doc, ${path}) = ${id}`
      return at.field === undefined
        ? sql`instr(doc, ${quoted}) > 0 AND EXISTS (SELECT 1 FROM json_each(doc, ${path}) WHERE value = ${id})`
        : sql`instr(doc, ${quoted}) > 0 AND EXISTS (SELECT 1 FROM json_each(doc, ${path})
            WHERE json_extract(value, ${`$.${at.field}`}) = ${id})`
    }

    /**
     * The same on a table stored in columns: the field's column, or inside a JSON column (a list of
     * ids) with the database's JSON functions.
     */
    const holdsInColumns = (
      fields: NonNullable<Table<A>["stored"]>,
      at: ReferenceQuery["at"],
      id: string
    ): Statement.Fragment => {
      const field = fields.find((f) => f.path.every((key, i) => at.path[i] === key))
      if (field === undefined) throw new Error(`${table.name}: no column holds ${at.path.join(".")}`)
      const column = sql(field.column)
      const rest = at.path.slice(field.path.length)
      if (field.kind !== "json") {
        if (at._tag !== "Field" || rest.length > 0)
          throw new Error(`${table.name}: ${field.column} is not JSON`)
        return sql`${column} = ${id}`
      }
      if (backend === "pg") {
        const value = rest.length === 0 ? column : sql`${column} #> ${[...rest]}::text[]`
        if (at._tag === "Field") return sql`${value} #>> '{}' = ${id}`
        return at.field === undefined
          ? sql`${value} @> jsonb_build_array(${id}::text)`
          : sql`${value} @> jsonb_build_array(jsonb_build_object(${at.field}::text, ${id}::text))`
      }
      // as for documents: a byte search for the id as JSON writes it rules most rows out unparsed
      const path = ["$", ...rest].join(".")
      const quoted = JSON.stringify(id)
      if (at._tag === "Field")
        return sql`instr(${column}, ${quoted}) > 0 AND json_extract(${column}, ${path}) = ${id}`
      return at.field === undefined
        ? sql`instr(${column}, ${quoted}) > 0 AND EXISTS (SELECT 1 FROM json_each(${column}, ${path}) WHERE value = ${id})`
        : sql`instr(${column}, ${quoted}) > 0 AND EXISTS (SELECT 1 FROM json_each(${column}, ${path})
            WHERE json_extract(value, ${`$.${at.field}`}) = ${id})`
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

    // Multi-row INSERT: the column list is fixed, so each chunk is one prepared statement with
    // `rowsPerStatement` rows (the last chunk shorter). Parameters per statement stay well under
    // SQLite's 32766 and PostgreSQL's 65535.
    const insertColumns = [
      "tenant_id",
      "id",
      "version",
      "natural_key",
      "created_at",
      "updated_at",
      ...writeColumns
    ]
    const rowsPerStatement = Math.max(1, Math.min(500, Math.floor(30000 / insertColumns.length)))
    const insertHead = `INSERT INTO ${table.name} (${insertColumns.join(", ")}) VALUES `
    const statementTexts = new Map<number, string>()
    const statementText = (rows: number) => {
      let text = statementTexts.get(rows)
      if (text === undefined) {
        const tuples: Array<string> = []
        let n = 0
        for (let i = 0; i < rows; i++) {
          const marks: Array<string> = []
          for (let c = 0; c < insertColumns.length; c++) marks.push(backend === "pg" ? `$${++n}` : "?")
          tuples.push(`(${marks.join(",")})`)
        }
        text = insertHead + tuples.join(",")
        if (statementTexts.size < 4) statementTexts.set(rows, text)
      }
      return text
    }
    const pgInsert = backend === "pg" ? pgBulkInsert(table.name, writeColumns, writeCasts) : undefined

    // Each statement runs in a savepoint (a transaction of its own outside one), so that after a
    // collision the transaction can still be read to say which key was taken (PostgreSQL refuses
    // every statement of a transaction whose statement failed until it rolls back to a savepoint).
    const insertMany = (records: ReadonlyArray<A>, at: string) =>
      Effect.gen(function* () {
        if (pgInsert !== undefined) {
          const load = yield* Effect.serviceOption(BulkLoad)
          const staged = Option.isSome(load)
            ? yield* load.value.stagingFor(table.name, insertColumns, records.length)
            : undefined
          if (staged !== undefined) return yield* stagedInsertMany(staged, records, at)
          return yield* pgInsertMany(pgInsert, records, at)
        }
        for (let start = 0; start < records.length; start += rowsPerStatement) {
          const chunk = records.slice(start, start + rowsPerStatement)
          const params: Array<Cell> = []
          for (const record of chunk) {
            params.push(table.tenantOf(record), record.id, 1, table.naturalKey?.(record) ?? null, at, at)
            for (const cell of cellsOf(record)) params.push(cell)
          }
          yield* insertChunk(statementText(chunk.length), params, records, chunk, start)
        }
      })

    /** One multi-row INSERT in its savepoint; a unique violation fails naming the record that collided. */
    const insertChunk = (
      text: string,
      params: ReadonlyArray<unknown>,
      records: ReadonlyArray<A>,
      chunk: ReadonlyArray<A>,
      start: number
    ): Effect.Effect<void, Errors.AlreadyExists> =>
      Effect.gen(function* () {
        const collided = yield* sql.withTransaction(sql.unsafe(text, params as Array<never>).raw).pipe(
          Effect.as(undefined),
          Effect.catchTag("SqlError", (error) =>
            isUniqueViolation(error) ? Effect.succeed(error) : Effect.die(error)
          )
        )
        if (collided !== undefined) return yield* Effect.fail(yield* takenIn(records, chunk, start, collided))
      })

    // PostgreSQL: `pgRowsPerStatement` rows a statement, one array parameter per column, each statement
    // in a savepoint as above.
    const pgInsertMany = (
      insert: ReturnType<typeof pgBulkInsert>,
      records: ReadonlyArray<A>,
      at: string
    ): Effect.Effect<void, Errors.AlreadyExists> =>
      Effect.gen(function* () {
        for (let start = 0; start < records.length; start += pgRowsPerStatement) {
          const chunk = records.slice(start, start + pgRowsPerStatement)
          const params = insert.params(chunk, at, table.tenantOf, table.naturalKey, cellsOf)
          yield* insertChunk(insert.text, params, records, chunk, start)
        }
      })

    // PostgreSQL with a bulk load's staging (`BulkLoad`): the rows the INSERT would write, every
    // column in `insertColumns`' order, COPY'd to the staging table, then moved in with one `INSERT …
    // SELECT` in a savepoint of the current transaction (a collision is named as above).
    const stagedInsertMany = (
      staged: Staged,
      records: ReadonlyArray<A>,
      at: string
    ): Effect.Effect<void, Errors.AlreadyExists> =>
      Effect.gen(function* () {
        if (records.length === 0) return
        const move = yield* staged.copy(stagedRows(records, at))
        yield* insertChunk(move, [], records, records, 0)
      })
    function* stagedRows(records: ReadonlyArray<A>, at: string): Generator<ReadonlyArray<StagedCell>> {
      for (const record of records) {
        const row: Array<StagedCell> = [
          table.tenantOf(record),
          record.id,
          1,
          table.naturalKey?.(record) ?? null,
          at,
          at
        ]
        for (const cell of cellsOf(record)) row.push(cell)
        yield row
      }
    }

    /**
     * Which record of a chunk collided: one whose id is stored or repeated in the list, or else one whose
     * natural key is. `start` is where the chunk begins in the list (earlier chunks are stored).
     */
    const takenIn = (
      records: ReadonlyArray<A>,
      chunk: ReadonlyArray<A>,
      start: number,
      error: SqlError.SqlError
    ) =>
      Effect.gen(function* () {
        const earlier = records.slice(0, start)
        if (!onNaturalKey(error)) {
          const stored = new Set<string>()
          for (const [tenantId, list] of groupByTenant(chunk, table.tenantOf)) {
            const ids = list.map((r) => r.id)
            const found =
              table.globalIds === true
                ? yield* sql<{ id: string }>`SELECT id FROM ${name} WHERE ${sql.in("id", ids)}`
                : yield* sql<{
                    id: string
                  }>`SELECT id FROM ${name} WHERE tenant_id = ${tenantId} AND ${sql.in("id", ids)}`
            for (const row of found) stored.add(row.id)
          }
          const seen = new Set(earlier.map((r) => `${table.tenantOf(r)}\u0000${r.id}`))
          for (const record of chunk) {
            const key = `${table.tenantOf(record)}\u0000${record.id}`
            if (stored.has(record.id) || seen.has(key))
              return new Errors.AlreadyExists({ entity: table.entity, key: record.id })
            seen.add(key)
          }
        }
        const stored = new Set<string>()
        for (const [tenantId, list] of groupByTenant(chunk, table.tenantOf)) {
          const keys = list.flatMap((r) => table.naturalKey?.(r) ?? [])
          if (keys.length === 0) continue
          const found = yield* sql<{ natural_key: string }>`SELECT natural_key FROM ${name}
            WHERE tenant_id = ${tenantId} AND ${sql.in("natural_key", keys)}`
          for (const row of found) stored.add(`${tenantId}\u0000${row.natural_key}`)
        }
        const seen = new Set(earlier.map((r) => `${table.tenantOf(r)}\u0000${table.naturalKey?.(r)}`))
        for (const record of chunk) {
          const key = table.naturalKey?.(record)
          if (key === undefined) continue
          const both = `${table.tenantOf(record)}\u0000${key}`
          if (stored.has(both) || seen.has(both))
            return new Errors.AlreadyExists({ entity: table.entity, key })
          seen.add(both)
        }
        return new Errors.AlreadyExists({ entity: table.entity, key: chunk[0]?.id ?? "" })
      }).pipe(Effect.orDie)

    const findIn = (tenantId: string, column: string, values: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        if (column !== "id") checkFilters(table, { [column]: "" })
        if (sqliteLoad !== undefined) yield* sqliteLoad.beforeLookup(table.name, column)
        // PostgreSQL caches a generic plan for a prepared statement after a few runs. A bulk lookup first
        // runs while its table is small (a long import fills it in the same transaction), and the generic
        // plan chosen then — a sequential scan — would make every later lookup read the whole table.
        // Custom plans for the rest of the transaction (outside one, SET LOCAL does nothing).
        if (backend === "pg") yield* sql`SET LOCAL plan_cache_mode = force_custom_plan`
        const distinct = [...new Set(values)]
        const out: Array<Versioned<A>> = []
        if (backend === "pg") {
          // PostgreSQL: every key in one array parameter — one statement, whatever the count.
          if (distinct.length === 0) return out
          const rows = yield* sql<Row>`SELECT ${selectList} FROM ${name}
            WHERE tenant_id = ${tenantId} AND ${sql(column)} = ANY(${distinct}::text[])`
          for (const row of rows) out.push(fromRow(row))
          return out
        }
        for (let start = 0; start < distinct.length; start += 500) {
          const rows = yield* sql<Row>`SELECT ${selectList} FROM ${name}
            WHERE tenant_id = ${tenantId} AND ${sql.in(column, distinct.slice(start, start + 500))}`
          for (const row of rows) out.push(fromRow(row))
        }
        return out
      }).pipe(Effect.orDie)

    const replace = (record: A, expectedVersion: number, at: string) =>
      Effect.gen(function* () {
        const tenantId = table.tenantOf(record)
        const values = {
          version: expectedVersion + 1,
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

    /** A list's conditions but its cursor, and the column it is ordered by. */
    const conditionsOf = (tenantId: string, query: CountQuery) => {
      const column = orderColumnOf(table, query)
      // Ordered by another column than the sort column, records without a value are left out.
      const clauses = whereOf(
        tenantId,
        query.where,
        column === sortColumn ? query.present : [...(query.present ?? []), column],
        query.includeVoided
      )
      checkFilters(table, query.lessThan)
      checkFilters(table, query.notLessThan)
      for (const [name, bound] of Object.entries(query.lessThan ?? {})) {
        clauses.push(sql`${sql(name)} < ${bound}`)
      }
      for (const [name, bound] of Object.entries(query.notLessThan ?? {})) {
        clauses.push(sql`(${sql(name)} IS NULL OR ${sql(name)} >= ${bound})`)
      }
      const sortId = sql(column)
      const { lower, upper } = rangeOf(table, column, query)
      if (lower !== undefined) clauses.push(sql`${sortId} >= ${lower}`)
      if (upper !== undefined) clauses.push(sql`${sortId} < ${upper}`)
      return { column, clauses }
    }

    const list = (tenantId: string, query: ListQuery) =>
      Effect.gen(function* () {
        const { column, clauses } = conditionsOf(tenantId, query)
        const sortId = sql(column)
        const cursor = query.after === undefined ? undefined : decodeCursor(query.after)
        if (cursor !== undefined) {
          clauses.push(
            column === "id" ? sql`id > ${cursor[1]}` : sql`(${sortId}, id) > (${cursor[0]}, ${cursor[1]})`
          )
        }
        const size = pageSizeOf(query, defaultPageSize, maxPageSize)
        const order = column === "id" ? sql.literal("id") : sql`${sortId}, id`
        const rows = yield* sql<Row>`SELECT ${selectList} FROM ${name} WHERE ${sql.and(clauses)}
          ORDER BY ${order} LIMIT ${size + 1}`
        const items = rows.slice(0, size).map(fromRow)
        const last = items[items.length - 1]
        const page: Page<A> =
          rows.length > size && last !== undefined
            ? { items, next: encodeCursor(columnValue(column, last.record), last.record.id) }
            : { items }
        return page
      }).pipe(Effect.orDie)

    const countBy = (tenantId: string, query: CountQuery, groupBy: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        checkFilters(table, Object.fromEntries(groupBy.map((column) => [column, undefined])))
        const { clauses } = conditionsOf(tenantId, query)
        const n = sql.literal("n")
        if (groupBy.length === 0) {
          const rows = yield* sql<{ n: number | string }>`SELECT COUNT(*) AS ${n} FROM ${name}
            WHERE ${sql.and(clauses)}`
          return [{ values: [], count: Number(rows[0]?.n ?? 0) }]
        }
        // index columns only (checked above): their names are the table's own
        const columns = sql.literal(groupBy.join(", "))
        const rows = yield* sql<Record<string, string | number | null>>`SELECT ${columns}, COUNT(*) AS ${n}
          FROM ${name} WHERE ${sql.and(clauses)} GROUP BY ${columns}`
        return rows.map((row) => ({
          values: groupBy.map((column) => {
            const value = row[column]
            return value === null || value === undefined ? undefined : String(value)
          }),
          count: Number(row.n)
        }))
      }).pipe(Effect.orDie)

    // suspended: an unknown filter is a defect of the returned effect, not a throw at the call
    const all = (tenantId: string, where?: Readonly<Record<string, FilterValue>>, options?: VoidedOption) =>
      Effect.suspend(() => {
        const order = sortColumn === "id" ? sql.literal("id") : sql`${sql(sortColumn)}, id`
        return sql<Row>`SELECT ${selectList} FROM ${name}
          WHERE ${sql.and(whereOf(tenantId, where, undefined, options?.includeVoided))} ORDER BY ${order}`
      }).pipe(
        Effect.map((rows) => rows.map((row) => fromRow(row).record)),
        Effect.orDie
      )

    const referencing = (
      tenantId: string,
      references: ReadonlyArray<ReferenceQuery>,
      id: string,
      limit: number
    ) =>
      Effect.gen(function* () {
        if (references.length === 0) return { first: [], total: 0 }
        const clauses = [
          ...whereOf(tenantId, undefined, undefined, false),
          sql.or(references.map((reference) => holds(reference, id)))
        ]
        const order = sortColumn === "id" ? sql.literal("id") : sql`${sql(sortColumn)}, id`
        const rows = yield* sql<Row>`SELECT ${selectList} FROM ${name} WHERE ${sql.and(clauses)}
          ORDER BY ${order} LIMIT ${limit}`
        const first = rows.map((row) => fromRow(row).record)
        if (rows.length < limit) return { first, total: rows.length }
        const counted = yield* sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${name}
          WHERE ${sql.and(clauses)}`
        return { first, total: Number(counted[0]?.n ?? first.length) }
      }).pipe(Effect.orDie)

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

    /**
     * A load's records in key order (tenant, id), so that its rows and primary-key entries go in in
     * order. The importer's new ids are time-ordered (UUIDv7) already: checked in one pass, sorted
     * only when they are not.
     */
    const sortedById = (records: ReadonlyArray<A>) => {
      const keys = records.map((record) => `${table.tenantOf(record)}\u0000${record.id}`)
      let sorted = true
      for (let i = 1; i < keys.length && sorted; i++) sorted = (keys[i - 1] as string) <= (keys[i] as string)
      if (sorted) return records
      return records
        .map((record, i) => ({ record, key: keys[i] as string }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map((entry) => entry.record)
    }

    // SQLite in a bulk load: the load may drop the table's secondary indexes first (`sqliteLoad.ts`),
    // and its records go in in key order
    const loadInsertMany = (records: ReadonlyArray<A>, at: string) =>
      sqliteLoad === undefined
        ? insertMany(records, at)
        : Effect.flatMap(sqliteLoad.beforeInsert(table.name, records.length), (loading) =>
            insertMany(loading ? sortedById(records) : records, at)
          )

    return {
      get,
      insert,
      insertMany: loadInsertMany,
      findIn,
      replace,
      list,
      countBy,
      all,
      referencing,
      findById,
      purgeCreatedBefore
    }
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
    transaction,
    load: sqliteLoad?.load ?? transaction,
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

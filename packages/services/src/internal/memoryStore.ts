/**
 * The in-memory Store: Maps of versioned records. Writes are serialised by one permit; inside a
 * transaction every write logs how to undo itself, and a failed transaction undoes them in reverse.
 */
import { Errors, References } from "@bishui/domain"
import { Context, Effect, Semaphore } from "effect"
import type { Collection, FilterValue, ListQuery, Page, Versioned } from "../Store.ts"
import { defaultPageSize, maxPageSize, Store } from "../Store.ts"
import { type Table, tenants } from "../Tables.ts"
import {
  checkFilters,
  decodeCursor,
  encodeCursor,
  orderColumnOf,
  pageSizeOf,
  passesComparisons,
  rangeOf,
  sortColumnOf
} from "./listing.ts"

const InTransaction = Context.Reference<boolean>("@bishui/services/internal/memoryStore/InTransaction", {
  defaultValue: () => false
})

export const makeMemoryStore = (): Store["Service"] => {
  const permit = Semaphore.makeUnsafe(1)
  const tables = new Map<string, Map<string, Map<string, Versioned<unknown>>>>()
  let undoLog: Array<() => void> = []

  const transaction = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.gen(function* () {
      if (yield* InTransaction) {
        // A nested transaction is a savepoint, as in SQL: when it fails, its own writes are undone
        // (the enclosing transaction may handle the failure and go on).
        const mark = undoLog.length
        return yield* effect.pipe(
          Effect.onExit((exit) =>
            Effect.sync(() => {
              if (exit._tag === "Failure") for (const undo of undoLog.splice(mark).reverse()) undo()
            })
          )
        )
      }
      return yield* permit.withPermits(1)(
        Effect.suspend(() => {
          undoLog = []
          return effect.pipe(
            Effect.provideService(InTransaction, true),
            Effect.onExit((exit) =>
              Effect.sync(() => {
                if (exit._tag === "Failure") for (const undo of undoLog.reverse()) undo()
                undoLog = []
              })
            )
          )
        })
      )
    })

  const collection = <A extends { readonly id: string }>(table: Table<A>): Collection<A> => {
    const byTenant = (tenantId: string) => {
      let rows = tables.get(table.name)
      if (rows === undefined) {
        rows = new Map()
        tables.set(table.name, rows)
      }
      let tenant = rows.get(tenantId)
      if (tenant === undefined) {
        tenant = new Map()
        rows.set(tenantId, tenant)
      }
      return tenant as Map<string, Versioned<A>>
    }
    const put = (tenantId: string, id: string, value: Versioned<A>) => {
      const rows = byTenant(tenantId)
      const previous = rows.get(id)
      rows.set(id, value)
      undoLog.push(() => (previous === undefined ? rows.delete(id) : rows.set(id, previous)))
    }
    const findAnywhere = (id: string): Versioned<A> | undefined => {
      for (const rows of tables.get(table.name)?.values() ?? []) {
        const found = rows.get(id)
        if (found !== undefined) return found as Versioned<A>
      }
      return undefined
    }
    const sortColumn = sortColumnOf(table)
    const columnValue = (column: string, record: A): string | undefined =>
      column === "id" ? record.id : table.columns[column]?.(record)
    const naturalKeyTaken = (record: A) => {
      const key = table.naturalKey?.(record)
      if (key === undefined) return undefined
      for (const other of byTenant(table.tenantOf(record)).values()) {
        if (other.record.id !== record.id && table.naturalKey?.(other.record) === key) return key
      }
      return undefined
    }
    const matches = (
      record: A,
      where: Readonly<Record<string, FilterValue>> | undefined,
      present: ReadonlyArray<string> | undefined
    ) =>
      Object.entries(where ?? {}).every(([column, value]) => {
        if (value === undefined) return true
        const actual = table.columns[column]?.(record)
        return typeof value === "string" ? actual === value : actual !== undefined && value.includes(actual)
      }) && (present ?? []).every((column) => table.columns[column]?.(record) !== undefined)
    const live = (record: A) => (record as { readonly voided?: unknown }).voided === undefined
    /**
     * The matching records in list order: by `column` (records without a value left out), then id;
     * voided records only when `includeVoided`.
     */
    const ordered = (
      tenantId: string,
      where: Readonly<Record<string, FilterValue>> | undefined,
      present: ReadonlyArray<string> | undefined,
      includeVoided: boolean | undefined,
      column: string = sortColumn
    ) => {
      checkFilters(table, where, present)
      const rows: Array<{ readonly sort: string; readonly stored: Versioned<A> }> = []
      for (const stored of byTenant(tenantId).values()) {
        if (!matches(stored.record, where, present)) continue
        if (includeVoided !== true && !live(stored.record)) continue
        const sort = columnValue(column, stored.record)
        if (sort === undefined && column !== sortColumn) continue
        rows.push({ sort: sort ?? "", stored })
      }
      return rows.sort((a, b) => compare(a.sort, a.stored.record.id, b.sort, b.stored.record.id))
    }

    /** The records a list with `query` holds, in its order, from its cursor on (every page). */
    const selected = (tenantId: string, query: ListQuery) => {
      const column = orderColumnOf(table, query)
      const { lower, upper } = rangeOf(table, column, query)
      const cursor = query.after === undefined ? undefined : decodeCursor(query.after)
      checkFilters(table, query.lessThan)
      checkFilters(table, query.notLessThan)
      return ordered(tenantId, query.where, query.present, query.includeVoided, column).filter(
        ({ sort, stored }) => {
          const read = (name: string) => table.columns[name]?.(stored.record)
          if (!passesComparisons(query, read, compareText)) return false
          if (lower !== undefined && compareText(sort, lower) < 0) return false
          if (upper !== undefined && compareText(sort, upper) >= 0) return false
          return cursor === undefined || compare(sort, stored.record.id, cursor[0], cursor[1]) > 0
        }
      )
    }

    const write = <X, E>(body: () => Effect.Effect<X, E>) => transaction(Effect.suspend(body))

    const insertOne = (record: A, at: string): Effect.Effect<Versioned<A>, Errors.AlreadyExists> => {
      const tenantId = table.tenantOf(record)
      // Every record belongs to an existing tenant (in SQL, a foreign key to `tenants`).
      if (table.name !== tenants.name && tables.get(tenants.name)?.get(tenantId)?.has(tenantId) !== true) {
        return Effect.die(new Error(`${table.name}: tenant ${tenantId} does not exist`))
      }
      if (byTenant(tenantId).has(record.id) || (table.globalIds === true && findAnywhere(record.id))) {
        return Effect.fail(new Errors.AlreadyExists({ entity: table.entity, key: record.id }))
      }
      const taken = naturalKeyTaken(record)
      if (taken !== undefined)
        return Effect.fail(new Errors.AlreadyExists({ entity: table.entity, key: taken }))
      const stored: Versioned<A> = { record, version: 1, createdAt: at, updatedAt: at }
      put(tenantId, record.id, stored)
      return Effect.succeed(stored)
    }

    return {
      get: (tenantId, id) => Effect.sync(() => byTenant(tenantId).get(id)),
      insertMany: (records, at) =>
        write(() => Effect.forEach(records, (record) => insertOne(record, at), { discard: true })),
      findIn: (tenantId, column, values) =>
        Effect.sync(() => {
          if (column !== "id") checkFilters(table, { [column]: "" })
          const wanted = new Set(values)
          const rows = byTenant(tenantId)
          if (column === "id") {
            const out: Array<Versioned<A>> = []
            for (const id of wanted) {
              const found = rows.get(id)
              if (found !== undefined) out.push(found)
            }
            return out
          }
          const read = table.columns[column]
          return [...rows.values()].filter((v) => {
            const value = read?.(v.record)
            return value !== undefined && wanted.has(value)
          })
        }),
      insert: (record, at) => write(() => insertOne(record, at)),
      replace: (record, expectedVersion, at) =>
        write<Versioned<A>, Errors.StaleVersion | Errors.NotFound | Errors.AlreadyExists>(() => {
          const tenantId = table.tenantOf(record)
          const current = byTenant(tenantId).get(record.id)
          if (current === undefined)
            return Effect.fail(new Errors.NotFound({ entity: table.entity, id: record.id }))
          if (current.version !== expectedVersion) {
            return Effect.fail(
              new Errors.StaleVersion({
                entity: table.entity,
                id: record.id,
                expected: expectedVersion,
                actual: current.version
              })
            )
          }
          const taken = naturalKeyTaken(record)
          if (taken !== undefined)
            return Effect.fail(new Errors.AlreadyExists({ entity: table.entity, key: taken }))
          const stored: Versioned<A> = {
            record,
            version: current.version + 1,
            createdAt: current.createdAt,
            updatedAt: at
          }
          put(tenantId, record.id, stored)
          return Effect.succeed(stored)
        }),
      list: (tenantId: string, query: ListQuery) =>
        Effect.sync((): Page<A> => {
          const size = pageSizeOf(query, defaultPageSize, maxPageSize)
          const rows = selected(tenantId, query)
          const page = rows.slice(0, size)
          const items = page.map((row) => row.stored)
          const last = page[page.length - 1]
          return rows.length > size && last !== undefined
            ? { items, next: encodeCursor(last.sort, last.stored.record.id) }
            : { items }
        }),
      countBy: (tenantId, query, groupBy) =>
        Effect.sync(() => {
          checkFilters(table, Object.fromEntries(groupBy.map((column) => [column, undefined])))
          const groups = new Map<string, { values: Array<string | undefined>; count: number }>()
          for (const { stored } of selected(tenantId, query)) {
            const values = groupBy.map((column) => table.columns[column]?.(stored.record))
            const key = JSON.stringify(values)
            const group = groups.get(key)
            if (group === undefined) groups.set(key, { values, count: 1 })
            else group.count++
          }
          return [...groups.values()]
        }),
      all: (tenantId, where, options) =>
        Effect.sync(() =>
          ordered(tenantId, where, undefined, options?.includeVoided).map((v) => v.stored.record)
        ),
      referencing: (tenantId, references, id, limit) =>
        Effect.sync(() => {
          const holders = ordered(tenantId, undefined, undefined, false).filter((v) =>
            references.some((reference) => References.idsAt(v.stored.record, reference.at).includes(id))
          )
          return { first: holders.slice(0, limit).map((v) => v.stored.record), total: holders.length }
        }),
      findById: (id) =>
        table.globalIds === true
          ? Effect.sync(() => findAnywhere(id))
          : Effect.die(new Error(`${table.name}: ids are not unique across tenants; find by tenant and id`)),
      purgeCreatedBefore: (at) =>
        write(() => {
          let purged = 0
          for (const rows of tables.get(table.name)?.values() ?? []) {
            for (const [id, stored] of rows) {
              if (compareText(stored.createdAt, at) < 0) {
                rows.delete(id)
                undoLog.push(() => rows.set(id, stored))
                purged++
              }
            }
          }
          return Effect.succeed(purged)
        })
    }
  }

  const cache = new Map<string, Collection<never>>()
  return Store.of({
    backend: "memory",
    revision: () => Effect.succeed(undefined),
    transaction,
    load: transaction,
    collection: <A extends { readonly id: string }>(table: Table<A>) => {
      let found = cache.get(table.name) as Collection<A> | undefined
      if (found === undefined) {
        found = collection(table)
        cache.set(table.name, found as unknown as Collection<never>)
      }
      return found
    }
  })
}

/**
 * Text in code-point order — the order of SQLite's BINARY collation and PostgreSQL's `COLLATE "C"` on
 * UTF-8 — rather than JavaScript's UTF-16 code-unit order, which puts characters above U+FFFF (stored
 * as surrogates, U+D800–DFFF) before U+E000–FFFF. At the first differing code unit, surrogates are
 * moved above U+FFFF and U+E000–FFFF below them.
 */
const compareText = (a: string, b: string): number => {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codePointRank(x) - codePointRank(y)
  }
  return a.length - b.length
}

const codePointRank = (unit: number): number =>
  unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit

/** Order by sort value, then id — the order the SQL store's `ORDER BY` gives. */
const compare = (sortA: string, idA: string, sortB: string, idB: string): number =>
  compareText(sortA, sortB) || compareText(idA, idB)

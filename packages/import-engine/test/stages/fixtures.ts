/**
 * What the stage tests share: rows as a reader gives them, a sheet bound to its header, and a `Ctx`
 * over a Store that holds given records in memory (no database: each stage is tested on its own).
 */
import { TimeZone } from "@bishui/domain"
import type { Store } from "@bishui/services"
import { Effect } from "effect"
import { silent } from "../../src/base/Progress.ts"
import { Ctx, type ServicesOf } from "../../src/model/Ctx.ts"
import { bindHeader } from "../../src/pipeline/Header.ts"
import { UnitState } from "../../src/pipeline/State.ts"
import type { RawCell, RawRow } from "../../src/read/RawRow.ts"
import type { BoundSheet } from "../../src/sheet/Row.ts"
import type { SheetDef } from "../../src/sheet/Sheet.ts"

export const row = (number: number, ...cells: ReadonlyArray<RawCell>): RawRow => ({ number, cells })

export const timeZone = TimeZone.defaultTimeZone

/** The sheet bound to the header row `header` (row 1), as the header stage binds it. */
export const boundSheet = (def: SheetDef, header: ReadonlyArray<string>, file = "台账.xlsx"): BoundSheet => {
  const result = bindHeader(file, def.zh, def, [row(1, ...header)])
  if (result._tag !== "Bound") throw new Error(`no header in ${header.join(", ")}`)
  return result.bound
}

/** Rows in chunks, as a reader's async iterator gives them. */
export async function* chunks(
  ...list: ReadonlyArray<ReadonlyArray<RawRow>>
): AsyncGenerator<ReadonlyArray<RawRow>> {
  for (const chunk of list) yield chunk
}

export interface FakeStore {
  readonly store: Store.Store["Service"]
  /** Every `findIn` asked: table, column, values. */
  readonly queries: Array<{
    readonly table: string
    readonly column: string
    readonly values: ReadonlyArray<string>
  }>
  /** How many transactions were opened. */
  readonly transactions: { count: number }
}

/** A Store whose tables hold `records` (by table name); `findIn` matches a record's field exactly. */
export const fakeStore = (
  records: Record<string, ReadonlyArray<Record<string, unknown> & { readonly id: string }>> = {}
): FakeStore => {
  const queries: FakeStore["queries"] = []
  const transactions = { count: 0 }
  const store = {
    collection: (table: { readonly name: string }) => ({
      findIn: (_tenantId: string, column: string, values: ReadonlyArray<string>) =>
        Effect.sync(() => {
          queries.push({ table: table.name, column, values })
          return (records[table.name] ?? [])
            .filter((r) => values.includes(String(r[column])))
            .map((record) => ({ record, version: 1 }))
        }),
      get: (_tenantId: string, id: string) =>
        Effect.succeed(
          (records[table.name] ?? []).filter((r) => r.id === id).map((record) => ({ record, version: 1 }))[0]
        )
    }),
    transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      Effect.suspend(() => {
        transactions.count++
        return effect
      })
  }
  return { store: store as unknown as Store.Store["Service"], queries, transactions }
}

/** A Ctx over the fake store; the record services are not used by the stages tested here. */
export const ctxOver = (fake: FakeStore = fakeStore()) => new Ctx("tenant-1", fake.store, {} as ServicesOf)

export const newState = () => new UnitState(silent, () => 0)

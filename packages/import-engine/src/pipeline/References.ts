/**
 * Stage 4, references: what a row's draft points at. The stored record the row stands for (by its
 * 编号 or its natural key) and so the id its record gets; for a batch of ledger rows, the references
 * resolved from the cached lookups and the stored records found with a query or two; for a child
 * sheet, the parent record each row belongs to and the item it adds to the parent's list.
 */
import type { TimeZone } from "@bishui/domain"
import { Id } from "@bishui/services"
import { Effect } from "effect"
import type { Ctx } from "../model/Ctx.ts"
import type { AnyChildKind, AnyKind, Bulk } from "../model/Kind.ts"
import { isBlankRow } from "../read/RawRow.ts"
import type { RowCtx } from "../sheet/Row.ts"
import { type ParsedRow, parseRow } from "./Cells.ts"
import type { HeldSheet } from "./Read.ts"
import type { UnitState } from "./State.ts"

type Stored = { readonly id: string }
type AnyBulk = Bulk<Stored, unknown>

const givenId = (draft: unknown): string | undefined => (draft as { id?: string }).id

/** The id a row's record gets: the stored record's, else the row's 编号, else a new one. */
export const recordId = (existing: Stored | undefined, draft: unknown): string =>
  existing?.id ?? givenId(draft) ?? Id.newId()

/** The stored record a row stands for, and the id its record gets. */
export const matchRow = (kind: AnyKind, draft: unknown, r: RowCtx, ctx: Ctx) =>
  Effect.map(kind.match(draft, r, ctx), (existing) => ({ existing, id: recordId(existing, draft) }))

/** Resolve the references of a batch's rows from the cached lookups; problems go to the rows. */
export const resolveBatch = (bulk: AnyBulk, items: ReadonlyArray<ParsedRow<unknown>>, ctx: Ctx) =>
  Effect.gen(function* () {
    for (const item of items) if (item.draft !== undefined) yield* bulk.resolve(item.draft, item.r, ctx)
  })

/**
 * A resolved batch cut into runs without two rows of one record (by 编号, else by natural key): a run
 * is written before the next is matched, so that, as row by row, a later row finds the earlier stored.
 */
export const recordRuns = (
  bulk: Pick<AnyBulk, "draftKey">,
  items: ReadonlyArray<ParsedRow<unknown>>
): ReadonlyArray<ReadonlyArray<ParsedRow<unknown>>> => {
  const runs: Array<ReadonlyArray<ParsedRow<unknown>>> = []
  let start = 0
  while (start < items.length) {
    const keys = new Set<string>()
    let end = start
    for (; end < items.length; end++) {
      const item = items[end] as ParsedRow<unknown>
      if (item.draft === undefined) continue
      const id = givenId(item.draft)
      const key = id !== undefined ? `id:${id}` : bulk.draftKey(item.draft)
      if (key === undefined) continue
      if (keys.has(key) && end > start) break
      keys.add(key)
    }
    runs.push(items.slice(start, end))
    start = end
  }
  return runs
}

/**
 * The stored records a run's rows stand for, found at once: by 编号 with one query, by natural key
 * with another over the candidates the kind names. A live record comes before a voided one of the
 * same key. Gives the lookup from a row's draft to its stored record.
 */
export const findStored = (
  kind: AnyKind,
  bulk: AnyBulk,
  items: ReadonlyArray<ParsedRow<unknown>>,
  ctx: Ctx
) =>
  Effect.gen(function* () {
    const collection = ctx.store.collection(kind.table)
    const ids: Array<string> = []
    const open: Array<unknown> = []
    for (const { r, draft } of items) {
      if (!r.ok || draft === undefined) continue
      const id = givenId(draft)
      if (id !== undefined) ids.push(id)
      else if (bulk.draftKey(draft) !== undefined) open.push(draft)
    }
    const byId = new Map<string, Stored>()
    if (ids.length > 0) {
      for (const v of yield* collection.findIn(ctx.tenantId, "id", ids)) byId.set(v.record.id, v.record)
    }
    const byKey = new Map<string, Stored>()
    if (open.length > 0) {
      const { column, values } = bulk.candidates(open)
      for (const v of yield* collection.findIn(ctx.tenantId, column, values)) {
        const key = bulk.recordKey(v.record)
        const known = byKey.get(key) as { readonly voided?: unknown } | undefined
        if (known === undefined || known.voided !== undefined) byKey.set(key, v.record)
      }
    }
    return (draft: unknown): Stored | undefined => {
      const given = givenId(draft)
      if (given !== undefined) return byId.get(given)
      const key = bulk.draftKey(draft)
      return key === undefined ? undefined : byKey.get(key)
    }
  })

/** A child sheet's rows by parent: the items each parent's list gets, and the rows they came from. */
export interface Children {
  readonly items: Map<string, ReadonlyArray<unknown>>
  readonly rows: Map<string, Array<RowCtx>>
  /** Parents with a child row in error, and that row's number: their lists are not replaced. */
  readonly broken: Map<string, number>
}

/** Read a child sheet's rows: each row's parent and item; a row without either is rejected. */
export const collectChildren = (
  state: UnitState,
  child: AnyChildKind,
  sheets: ReadonlyArray<HeldSheet>,
  timeZone: TimeZone.TimeZone,
  ctx: Ctx
) =>
  Effect.gen(function* () {
    const items = new Map<string, ReadonlyArray<unknown>>()
    const rows = new Map<string, Array<RowCtx>>()
    const broken = new Map<string, number>()
    for (const sheet of sheets) {
      for (const row of sheet.rows) {
        if (isBlankRow(row)) continue
        state.tick(sheet.bound.sheet)
        const { r, draft } = parseRow(child.parse, sheet.bound, row, timeZone, ctx, "all")
        const parentId = draft === undefined ? undefined : yield* child.parent(draft, r, ctx)
        const item = parentId === undefined || !r.ok ? undefined : yield* child.item(draft, r, ctx, parentId)
        if (parentId !== undefined && (!r.ok || item === undefined)) broken.set(parentId, row.number)
        if (parentId === undefined || item === undefined || !r.ok) {
          state.count(r, "rejected")
          continue
        }
        items.set(parentId, [...(items.get(parentId) ?? []), item])
        rows.set(parentId, [...(rows.get(parentId) ?? []), r])
      }
    }
    for (const id of broken.keys()) items.delete(id)
    const order = child.order
    if (order !== undefined) for (const [id, list] of items) items.set(id, order(list))
    return { items, rows, broken } satisfies Children
  })

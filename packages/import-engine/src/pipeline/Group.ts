/**
 * A group of registers (organisations, projects, members, zones, posts, campaigns; teams and cases),
 * read whole and imported together: every row's cells read and its record matched first, so rows may
 * refer to rows anywhere in the group; child sheets' rows gathered by parent; then every record built,
 * compared with what is stored, and written parents first. A parent that is not imported takes its
 * child rows with it, and a bad child row keeps its parent out.
 */
import { Effect, Schema } from "effect"
import { childKinds, kinds, type Step } from "../kinds/index.ts"
import type { AnyKind } from "../model/Kind.ts"
import { isBlankRow } from "../read/RawRow.ts"
import type { RowCtx } from "../sheet/Row.ts"
import type { KindName } from "../sheet/Sheet.ts"
import { parseRow, RowKeys } from "./Cells.ts"
import type { HeldSheet } from "./Read.ts"
import { settle } from "./Records.ts"
import { type Children, collectChildren, matchRow } from "./References.ts"
import type { Status, UnitEnv } from "./State.ts"
import { runDeferred, writeOrder, writeRecord } from "./Write.ts"

/** A record of a register group on its way through the stages. */
interface Entry {
  readonly kind: AnyKind
  readonly r: RowCtx
  readonly draft: unknown
  readonly id: string
  readonly existing: { readonly id: string } | undefined
  record?: { readonly id: string }
  status?: Status
  /** Child rows that ride on this record's fate. */
  readonly riders: Array<RowCtx>
}

/** A group's record settled: its record and status, or rejected. */
const settleEntry = (entry: Entry, settled: ReturnType<typeof settle>) => {
  if (settled === undefined) entry.status = "rejected"
  else {
    entry.record = settled.record
    entry.status = settled.status
  }
}

export const runGroup = (
  env: UnitEnv,
  step: Extract<Step, { _tag: "Group" }>,
  buffered: ReadonlyMap<KindName, ReadonlyArray<HeldSheet>>
) =>
  Effect.gen(function* () {
    const { state, ctx, timeZone } = env
    const store = ctx.store
    const entries: Array<Entry> = []
    const byId = new Map<string, Entry>()
    // 1. cells and references of every row of every register of the group; the names registered
    for (const name of step.kinds) {
      const kind = kinds[name] as AnyKind
      const keys = new RowKeys()
      for (const sheet of buffered.get(name) ?? []) {
        for (const row of sheet.rows) {
          if (isBlankRow(row)) continue
          state.tick(sheet.bound.sheet)
          const { r, draft } = parseRow(kind.parse, sheet.bound, row, timeZone, ctx, "all")
          if (draft === undefined || !keys.claim(r, kind.rowKey(draft))) {
            state.count(r, "rejected")
            continue
          }
          const { existing, id } = yield* matchRow(kind, draft, r, ctx)
          kind.register?.(draft, id, r, ctx)
          state.pendingRows.set(id, { sheet: sheet.bound.sheet, row: row.number })
          const entry: Entry = { kind, r, draft, id, existing, riders: [] }
          entries.push(entry)
          byId.set(id, entry)
        }
      }
    }
    // 2. child sheets: each row adds an item to its parent's list
    const childRows = new Map<KindName, Children["rows"]>()
    for (const name of step.children) {
      const child = childKinds[name]
      if (child === undefined || !buffered.has(name)) continue
      const children = yield* collectChildren(state, child, buffered.get(name) ?? [], timeZone, ctx)
      ctx.children.set(name, children.items)
      ctx.brokenChildren.set(name, children.broken)
      childRows.set(name, children.rows)
    }
    // 3. build every record; compare with what is stored
    for (const entry of entries) {
      const built = yield* entry.kind.build(entry.draft, entry.r, ctx, entry.id, entry.existing)
      for (const name of step.children) {
        const child = childKinds[name]
        if (child?.def.parent !== entry.kind.def.kind) continue
        const brokenAt = ctx.brokenChildren.get(name)?.get(entry.id)
        if (brokenAt !== undefined) {
          entry.r.fail(undefined, {
            zh: `“${child.def.zh}”表第${brokenAt}行有错误，这条记录未导入`,
            en: `row ${brokenAt} of sheet ${child.def.zh} (${child.def.en}) has errors, so this record is not imported`
          })
        }
        entry.riders.push(...(childRows.get(name)?.get(entry.id) ?? []))
      }
      if (!entry.r.ok) {
        entry.status = "rejected"
        continue
      }
      settleEntry(entry, settle(entry.kind, entry.r, built, entry.existing))
    }
    // Parents named only in a child sheet: their list is replaced, the rest kept.
    for (const name of step.children) {
      const child = childKinds[name]
      if (child === undefined) continue
      const kind = kinds[child.def.parent as KindName] as AnyKind
      for (const [parentId, rows] of childRows.get(name) ?? []) {
        if (byId.has(parentId)) continue
        const stored = yield* store.collection(kind.table).get(ctx.tenantId, parentId)
        const first = rows[0] as RowCtx
        if (stored === undefined) continue
        const built = {
          ...(Schema.encodeSync(kind.table.schema)(stored.record) as Record<string, unknown>),
          [child.field]: ctx.children.get(name)?.get(parentId) ?? []
        }
        const entry: Entry = {
          kind,
          r: first,
          draft: undefined,
          id: parentId,
          existing: stored.record,
          riders: rows.slice(1)
        }
        settleEntry(entry, settle(kind, first, built, stored.record, false))
        entries.push(entry)
        byId.set(parentId, entry)
      }
    }
    // 4. write, parents first; then what the kinds deferred
    for (const entry of writeOrder(entries, ctx)) {
      const ok = yield* writeRecord(
        entry.kind,
        entry.r,
        entry.record as { id: string },
        entry.status as "created" | "updated",
        ctx,
        state.pendingRows
      )
      if (!ok) entry.status = "rejected"
    }
    for (const r of yield* runDeferred(ctx, state.pendingRows)) {
      const entry = entries.find((e) => e.r === r)
      if (entry !== undefined) entry.status = "rejected"
    }
    for (const entry of entries) {
      const status = entry.status ?? "rejected"
      state.count(entry.r, status)
      for (const rider of entry.riders) {
        if (status === "rejected" && rider.ok) {
          rider.fail(undefined, {
            zh: `所属的${entry.kind.def.zh}记录（“${entry.r.bound.sheet}”表第${entry.r.number}行）未能导入，本行随之未导入`,
            en: `its ${entry.kind.def.en} record (sheet ${entry.r.bound.sheet}, row ${entry.r.number}) was not imported, so neither is this row`
          })
        }
        state.count(rider, status)
      }
    }
  })

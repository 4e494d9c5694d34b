/**
 * Importing one unit — a workbook, or the CSV files named together — in one transaction.
 *
 * Sheets are read once, in the file's order. Registers (organisations, projects, members, zones,
 * posts, campaigns; teams and cases) are read whole and imported as a group: every row is read and
 * matched first, so rows may refer to rows anywhere in the group, then the records are built, compared
 * with what is stored, and written parents first. Ledgers (patrol logs, events, wishes) are streamed
 * row by row once the registers they refer to are in. Every row is checked — cells, references, the
 * services' rules — and every problem is collected. A unit with a rejected row rolls back whole (unless
 * `skipInvalid`); `validate` always rolls back. Interrupted (Ctrl-C) or killed, the transaction never
 * commits, so the database is as it was.
 */
import { basename } from "node:path"
import { Errors, Tenant, TimeZone, type Void } from "@bishui/domain"
import {
  Cases,
  CurrentActor,
  Id,
  MicroWishes,
  Organisations,
  Projects,
  ServiceEvents,
  Store,
  Zones
} from "@bishui/services"
import { Effect, Result, Schema } from "effect"
import { type Issue, UnreadableInput } from "../base/Issue.ts"
import { maxHeldRows, maxRejectedRows } from "../base/Limits.ts"
import type { Progress } from "../base/Progress.ts"
import { sheets as allSheets, childKinds, kinds, type Step, stepOf, steps } from "../kinds/index.ts"
import { Ctx } from "../model/Ctx.ts"
import { describeWriteError } from "../model/Describe.ts"
import type { AnyKind, WriteError } from "../model/Kind.ts"
import { normalizeHeader } from "../sheet/Column.ts"
import { defForName, findHeader, noHeader, noSheet } from "../sheet/Header.ts"
import { type BoundSheet, isBlankRow, type RawRow, RowCtx } from "../sheet/Row.ts"
import { ignoredSheetNames, type KindName, type SheetDef } from "../sheet/Sheet.ts"
import type { SheetSource as SourceRows, UnitSource } from "./Sources.ts"

export type Status = "created" | "updated" | "unchanged" | "rejected"

export interface SheetStat {
  readonly file: string
  readonly sheet: string
  readonly kind: KindName
  created: number
  updated: number
  unchanged: number
  rejected: number
}

export interface RejectedRow {
  readonly bound: BoundSheet
  readonly row: RawRow
  readonly issues: ReadonlyArray<Issue>
}

export interface UnitReport {
  readonly label: string
  readonly files: ReadonlyArray<string>
  readonly stats: ReadonlyArray<SheetStat>
  readonly issues: ReadonlyArray<Issue>
  readonly rejected: ReadonlyArray<RejectedRow>
  /** Whether the unit's writes were committed. */
  readonly committed: boolean
}

export interface RunOptions {
  readonly tenantId: string
  readonly mode: "import" | "validate"
  readonly skipInvalid: boolean
  readonly progress: Progress
}

class Rollback {
  readonly _tag = "Rollback"
  readonly report: UnitReport
  constructor(report: UnitReport) {
    this.report = report
  }
}

interface Buffered {
  readonly bound: BoundSheet
  readonly rows: ReadonlyArray<RawRow>
}

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

/**
 * Fields the sheet has no column for keep their stored values: a sheet without 示例数据, say, leaves
 * every record's mark as it was. A field filled by several columns is kept only when all are absent.
 */
const keepAbsent = (bound: BoundSheet, built: Record<string, unknown>, stored: Record<string, unknown>) => {
  const present = new Set<string>()
  const absent = new Set<string>()
  for (const c of bound.def.columns) {
    if (c.field === undefined) continue
    for (const f of typeof c.field === "string" ? [c.field] : c.field) {
      ;(bound.positions.has(c.key) ? present : absent).add(f)
    }
  }
  const out = structuredClone(built)
  for (const path of absent) {
    if (present.has(path)) continue
    const parts = path.split(".")
    const last = parts.pop() as string
    let to: Record<string, unknown> | undefined = out
    let from: Record<string, unknown> | undefined = stored
    for (const part of parts) {
      to = to?.[part] as Record<string, unknown> | undefined
      from = from?.[part] as Record<string, unknown> | undefined
    }
    if (to === undefined || typeof to !== "object") continue
    if (from !== undefined && from[last] !== undefined) to[last] = from[last]
    else delete to[last]
  }
  return out
}

const blankRow = isBlankRow

/** Why a row that stands for a voided record is not imported. */
const voidedRow = (kind: AnyKind, id: string, mark: Void.VoidMark) => {
  const name = Errors.entityNames[kind.table.entity]
  return {
    zh: `这一行对应的${name.zh}（编号${id}）已于${mark.at}作废（原因：${mark.reason}）：导入不会恢复它，也不会另建一条；如需恢复请先在系统中恢复，否则请删去这一行`,
    en: `the row stands for a ${name.en} (id ${id}) voided at ${mark.at} (reason: ${mark.reason}): an import neither restores it nor creates it again; restore it first if it should count, or remove the row`
  }
}

/** Sorted object keys, so two encodings of one record compare equal. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v
  )

const readFailure = (file: string, cause: unknown) => {
  if (cause instanceof UnreadableInput) return cause
  const message = cause instanceof Error ? cause.message : String(cause)
  return new UnreadableInput(file, {
    zh: `文件无法读取（可能已损坏或格式不对）：${message}`,
    en: `the file cannot be read (damaged, or not what its name says): ${message}`
  })
}

const next = <A>(iterator: AsyncIterator<A>, file: string) =>
  Effect.tryPromise({ try: () => iterator.next(), catch: (cause) => readFailure(file, cause) })

/** The services a unit's import needs (the Store, the record services, the current actor). */
export type UnitServices = Effect.Services<ReturnType<typeof runUnit>>

export const runUnit = Effect.fn("Importer.runUnit")(function* (source: UnitSource, options: RunOptions) {
  const store = yield* Store.Store
  // The ledger's times are the tenant's wall-clock times (Beijing time unless it keeps another zone).
  const timeZone = yield* Effect.map(
    Effect.result((yield* Organisations.Organisations).getTenant(options.tenantId)),
    (found) => (found._tag === "Success" ? Tenant.timeZoneOf(found.success.record) : TimeZone.defaultTimeZone)
  )
  const ctx = new Ctx(options.tenantId, store, {
    organisations: yield* Organisations.Organisations,
    projects: yield* Projects.Projects,
    zones: yield* Zones.Zones,
    events: yield* ServiceEvents.ServiceEvents,
    cases: yield* Cases.Cases,
    wishes: yield* MicroWishes.MicroWishes
  })
  const issues: Array<Issue> = []
  const rejected: Array<RejectedRow> = []
  const stats = new Map<string, SheetStat>()
  const buffered = new Map<KindName, Array<Buffered>>()
  const pendingRows = new Map<string, { sheet: string; row: number }>()
  let stepsDone = -1
  let rowsDone = 0

  const statOf = (bound: { readonly file: string; readonly sheet: string; readonly def: SheetDef }) => {
    const key = `${bound.file}\u0000${bound.sheet}`
    let stat = stats.get(key)
    if (stat === undefined) {
      stat = {
        file: bound.file,
        sheet: bound.sheet,
        kind: bound.def.kind,
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0
      }
      stats.set(key, stat)
    }
    return stat
  }

  const tick = (sheet: string) => {
    rowsDone++
    options.progress.update(rowsDone, source.bytesRead(), sheet)
  }

  // Rows held for the registers (read whole), and whether too many rows were rejected to go on.
  let held = 0
  let stopped = false

  const count = (r: RowCtx, status: Status) => {
    statOf(r.bound)[status]++
    if (status === "rejected") {
      rejected.push({ bound: r.bound, row: r.row, issues: [...r.errors] })
      if (rejected.length >= maxRejectedRows) stopped = true
    }
    for (const e of r.errors) issues.push(e)
  }

  const actorOf = (r: RowCtx) => `import:${basename(r.bound.file)}`

  /**
   * Decode the built record; compare it with the stored one. A row that stands for a voided record is
   * rejected: an import neither restores it nor makes a second record of it.
   */
  const settle = (
    kind: AnyKind,
    r: RowCtx,
    built: unknown,
    existing: { readonly id: string } | undefined,
    keep = true
  ) => {
    const mark = (existing as { readonly voided?: Void.VoidMark } | undefined)?.voided
    if (mark !== undefined) {
      r.fail(undefined, voidedRow(kind, existing?.id ?? "", mark))
      return undefined
    }
    const encoded =
      keep && existing !== undefined
        ? keepAbsent(
            r.bound,
            built as Record<string, unknown>,
            Schema.encodeSync(kind.table.schema)(existing) as Record<string, unknown>
          )
        : built
    const decoded = Schema.decodeUnknownResult(kind.table.schema)(encoded)
    if (Result.isFailure(decoded)) {
      r.fail(undefined, {
        zh: `这一行不能构成有效的记录：${String(decoded.failure.message ?? decoded.failure)}`,
        en: `the row does not make a valid record: ${String(decoded.failure.message ?? decoded.failure)}`
      })
      return undefined
    }
    const record = decoded.success
    if (existing === undefined) return { record, status: "created" as const }
    const encode = Schema.encodeSync(kind.table.schema)
    const canonical = kind.canonical ?? ((x: Record<string, unknown>) => x)
    const same =
      canonicalJson(canonical(encode(existing) as Record<string, unknown>)) ===
      canonicalJson(canonical(encode(record) as Record<string, unknown>))
    return { record, status: same ? ("unchanged" as const) : ("updated" as const) }
  }

  /** Write one record through its service; a refusal rejects the row. */
  const write = (kind: AnyKind, r: RowCtx, record: { readonly id: string }, status: "created" | "updated") =>
    Effect.gen(function* () {
      ctx.currentRow = r
      const effect = status === "created" ? kind.create(record, ctx) : kind.update(record, ctx)
      const result = yield* Effect.result(
        Effect.provideService(effect, CurrentActor.CurrentActor, actorOf(r))
      )
      ctx.invalidate(kind.table.name)
      if (Result.isFailure(result)) {
        r.fail(
          undefined,
          describeWriteError(result.failure, (id) => pendingRows.get(id))
        )
        return false
      }
      return true
    })

  // ---- streamed sheets ------------------------------------------------------------------------

  const importRow = (kind: AnyKind, bound: BoundSheet, row: RawRow) =>
    Effect.gen(function* () {
      if (blankRow(row)) return
      tick(bound.sheet)
      const r = new RowCtx(bound, row, timeZone)
      r.checkCells()
      // A row with a bad cell is still resolved, so that all its problems are reported at once.
      const draft = kind.parse(r, ctx)
      if (draft === undefined) return count(r, "rejected")
      const existing = yield* kind.match(draft, r, ctx)
      const id = existing?.id ?? (draft as { id?: string }).id ?? Id.newId()
      const encoded = yield* kind.build(draft, r, ctx, id, existing)
      if (!r.ok) return count(r, "rejected")
      const settled = settle(kind, r, encoded, existing)
      if (settled === undefined) return count(r, "rejected")
      if (settled.status === "unchanged") return count(r, "unchanged")
      const ok = yield* write(kind, r, settled.record, settled.status)
      count(r, ok ? settled.status : "rejected")
    })

  // ---- batched ledgers --------------------------------------------------------------------------

  interface Item {
    readonly r: RowCtx
    readonly draft: unknown
  }

  /**
   * A batch of ledger rows, parsed: references resolved from the cached lookups, the stored records
   * the rows stand for found in one or two queries (earlier batches are stored by then), then written —
   * new records with one bulk call, changed ones one by one. Rows of the batch that stand for the same
   * record as an earlier row of the batch start a new batch, so that, as row by row, the later row
   * finds the earlier one stored.
   */
  const importBatch = (kind: AnyKind, bulk: NonNullable<AnyKind["bulk"]>, items: ReadonlyArray<Item>) =>
    Effect.gen(function* () {
      for (const item of items) if (item.draft !== undefined) yield* bulk.resolve(item.draft, item.r, ctx)
      let start = 0
      while (start < items.length) {
        // the longest run without two rows of one record
        const keys = new Set<string>()
        let end = start
        for (; end < items.length; end++) {
          const item = items[end] as Item
          if (item.draft === undefined) continue
          const id = (item.draft as { id?: string }).id
          const key = id !== undefined ? `id:${id}` : bulk.draftKey(item.draft)
          if (key === undefined) continue
          if (keys.has(key) && end > start) break
          keys.add(key)
        }
        yield* writeBatch(kind, bulk, items.slice(start, end))
        start = end
      }
    })

  const writeBatch = (kind: AnyKind, bulk: NonNullable<AnyKind["bulk"]>, items: ReadonlyArray<Item>) =>
    Effect.gen(function* () {
      const collection = store.collection(kind.table)
      const ids: Array<string> = []
      const open: Array<unknown> = []
      for (const { r, draft } of items) {
        if (!r.ok || draft === undefined) continue
        const id = (draft as { id?: string }).id
        if (id !== undefined) ids.push(id)
        else if (bulk.draftKey(draft) !== undefined) open.push(draft)
      }
      const byId = new Map<string, { readonly id: string }>()
      if (ids.length > 0) {
        for (const v of yield* collection.findIn(ctx.tenantId, "id", ids)) byId.set(v.record.id, v.record)
      }
      const byKey = new Map<string, { readonly id: string }>()
      if (open.length > 0) {
        const { column, values } = bulk.candidates(open)
        for (const v of yield* collection.findIn(ctx.tenantId, column, values)) {
          // a live record before a voided one of the same key (see `settle`)
          const key = bulk.recordKey(v.record)
          const known = byKey.get(key) as { readonly voided?: unknown } | undefined
          if (known === undefined || known.voided !== undefined) byKey.set(key, v.record)
        }
      }
      const created: Array<{ readonly r: RowCtx; readonly record: { readonly id: string } }> = []
      const updated: Array<{ readonly r: RowCtx; readonly record: { readonly id: string } }> = []
      for (const { r, draft } of items) {
        if (!r.ok || draft === undefined) {
          count(r, "rejected")
          continue
        }
        const given = (draft as { id?: string }).id
        const key = given === undefined ? bulk.draftKey(draft) : undefined
        const existing =
          given !== undefined ? byId.get(given) : key === undefined ? undefined : byKey.get(key)
        const id = existing?.id ?? given ?? Id.newId()
        const encoded = yield* kind.build(draft, r, ctx, id, existing)
        if (!r.ok) {
          count(r, "rejected")
          continue
        }
        const settled = settle(kind, r, encoded, existing)
        if (settled === undefined) count(r, "rejected")
        else if (settled.status === "unchanged") count(r, "unchanged")
        else (settled.status === "created" ? created : updated).push({ r, record: settled.record })
      }
      if (created.length > 0) {
        const first = created[0] as (typeof created)[number]
        const all = yield* Effect.result(
          store.transaction(
            Effect.provideService(
              bulk.createMany(
                created.map((c) => c.record),
                ctx
              ),
              CurrentActor.CurrentActor,
              actorOf(first.r)
            )
          )
        )
        if (Result.isSuccess(all)) for (const c of created) count(c.r, "created")
        else {
          // Refused as a whole: write the rows one by one, so that each refusal names its row.
          for (const c of created)
            count(c.r, (yield* write(kind, c.r, c.record, "created")) ? "created" : "rejected")
        }
      }
      for (const u of updated)
        count(u.r, (yield* write(kind, u.r, u.record, "updated")) ? "updated" : "rejected")
      ctx.invalidate(kind.table.name)
    })

  const batchSize = 2000

  const streamRows = (
    kind: AnyKind,
    bound: BoundSheet,
    first: ReadonlyArray<RawRow>,
    rest?: AsyncIterator<ReadonlyArray<RawRow>>
  ) =>
    Effect.gen(function* () {
      const bulk = kind.bulk
      if (bulk === undefined) {
        for (const row of first) if (!stopped) yield* importRow(kind, bound, row)
        if (rest === undefined) return
        while (!stopped) {
          const chunk = yield* next(rest, bound.file)
          if (chunk.done) return
          for (const row of chunk.value) if (!stopped) yield* importRow(kind, bound, row)
        }
        return
      }
      let batch: Array<Item> = []
      const take = (rows: ReadonlyArray<RawRow>) =>
        Effect.gen(function* () {
          for (const row of rows) {
            if (stopped) return
            if (blankRow(row)) continue
            tick(bound.sheet)
            const r = new RowCtx(bound, row, timeZone)
            // cells the reader could not read (the cell checks of the row-by-row path cost too much here)
            if (row.problems !== undefined) r.checkCells()
            // a row that cannot be read rides along, so that problems are reported in row order
            batch.push({ r, draft: kind.parse(r, ctx) })
            if (batch.length >= batchSize) {
              const full = batch
              batch = []
              yield* importBatch(kind, bulk, full)
            }
          }
        })
      yield* take(first)
      if (rest !== undefined) {
        while (!stopped) {
          const chunk = yield* next(rest, bound.file)
          if (chunk.done) break
          yield* take(chunk.value)
        }
      }
      if (batch.length > 0 && !stopped) yield* importBatch(kind, bulk, batch)
    })

  // ---- buffered groups ------------------------------------------------------------------------

  const runGroup = (step: Extract<Step, { _tag: "Group" }>) =>
    Effect.gen(function* () {
      const entries: Array<Entry> = []
      const byId = new Map<string, Entry>()
      // 1. read and match every row of every register of the group; register the names
      for (const name of step.kinds) {
        const kind = kinds[name] as AnyKind
        const seen = new Map<string, number>()
        for (const sheet of buffered.get(name) ?? []) {
          for (const row of sheet.rows) {
            if (blankRow(row)) continue
            tick(sheet.bound.sheet)
            const r = new RowCtx(sheet.bound, row, timeZone)
            r.checkCells()
            const draft = kind.parse(r, ctx)
            if (draft === undefined) {
              count(r, "rejected")
              continue
            }
            const key = kind.rowKey(draft)
            const earlier = seen.get(key)
            if (earlier !== undefined) {
              r.fail(undefined, {
                zh: `与第${earlier}行是同一条记录（重复）：请合并或删除其中一行`,
                en: `the same record as row ${earlier} (a duplicate): merge the rows or delete one`
              })
              count(r, "rejected")
              continue
            }
            seen.set(key, row.number)
            const existing = yield* kind.match(draft, r, ctx)
            const id = existing?.id ?? (draft as { id?: string }).id ?? Id.newId()
            kind.register?.(draft, id, r, ctx)
            pendingRows.set(id, { sheet: sheet.bound.sheet, row: row.number })
            const entry: Entry = { kind, r, draft, id, existing, riders: [] }
            entries.push(entry)
            byId.set(id, entry)
          }
        }
      }
      // 2. child sheets: each row adds an item to its parent's list
      const childParents = new Map<KindName, Map<string, Array<RowCtx>>>()
      for (const name of step.children) {
        const child = childKinds[name]
        if (child === undefined || !buffered.has(name)) continue
        const items = new Map<string, Array<unknown>>()
        const rows = new Map<string, Array<RowCtx>>()
        const broken = new Map<string, number>()
        for (const sheet of buffered.get(name) ?? []) {
          for (const row of sheet.rows) {
            if (blankRow(row)) continue
            tick(sheet.bound.sheet)
            const r = new RowCtx(sheet.bound, row, timeZone)
            r.checkCells()
            const draft = child.parse(r, ctx)
            const parentId = draft === undefined ? undefined : yield* child.parent(draft, r, ctx)
            const item =
              parentId === undefined || !r.ok ? undefined : yield* child.item(draft, r, ctx, parentId)
            if (parentId !== undefined && (!r.ok || item === undefined)) broken.set(parentId, row.number)
            if (parentId === undefined || item === undefined || !r.ok) {
              count(r, "rejected")
              continue
            }
            items.set(parentId, [...(items.get(parentId) ?? []), item])
            rows.set(parentId, [...(rows.get(parentId) ?? []), r])
          }
        }
        for (const id of broken.keys()) items.delete(id)
        if (name === "stages") {
          // A case's stages in time order (rows may come in any order).
          for (const [id, list] of items) {
            items.set(
              id,
              [...list].sort((a, b) =>
                (a as { at: string }).at < (b as { at: string }).at
                  ? -1
                  : (a as { at: string }).at > (b as { at: string }).at
                    ? 1
                    : 0
              )
            )
          }
        }
        ctx.children.set(name, items)
        ctx.brokenChildren.set(name, broken)
        childParents.set(name, rows)
      }
      // 3. build every record; compare with what is stored
      for (const entry of entries) {
        const encoded = yield* entry.kind.build(entry.draft, entry.r, ctx, entry.id, entry.existing)
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
          entry.riders.push(...(childParents.get(name)?.get(entry.id) ?? []))
        }
        if (!entry.r.ok) {
          entry.status = "rejected"
          continue
        }
        const settled = settle(entry.kind, entry.r, encoded, entry.existing)
        if (settled === undefined) entry.status = "rejected"
        else {
          entry.record = settled.record
          entry.status = settled.status
        }
      }
      // Parents named only in a child sheet: their list is replaced, the rest kept.
      for (const name of step.children) {
        const child = childKinds[name]
        if (child === undefined) continue
        const kind = kinds[child.def.parent as KindName] as AnyKind
        for (const [parentId, rows] of childParents.get(name) ?? []) {
          if (byId.has(parentId)) continue
          const stored = yield* store.collection(kind.table).get(ctx.tenantId, parentId)
          const first = rows[0] as RowCtx
          if (stored === undefined) continue
          const encoded = {
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
          const settled = settle(kind, first, encoded, stored.record, false)
          if (settled === undefined) entry.status = "rejected"
          else {
            entry.record = settled.record
            entry.status = settled.status
          }
          entries.push(entry)
          byId.set(parentId, entry)
        }
      }
      // 4. write, parents first
      const order = entries
        .map((entry, index) => ({ entry, index }))
        .filter(({ entry }) => entry.status === "created" || entry.status === "updated")
        .sort(
          (a, b) =>
            (a.entry.kind.stage?.(a.entry.record as never, ctx) ?? 0) -
              (b.entry.kind.stage?.(b.entry.record as never, ctx) ?? 0) || a.index - b.index
        )
      for (const { entry } of order) {
        const ok = yield* write(
          entry.kind,
          entry.r,
          entry.record as { id: string },
          entry.status as "created" | "updated"
        )
        if (!ok) entry.status = "rejected"
      }
      for (const deferred of ctx.deferred.splice(0)) {
        const r = deferred.row as RowCtx
        const result = yield* Effect.result(
          Effect.provideService(deferred.effect, CurrentActor.CurrentActor, actorOf(r))
        )
        if (Result.isFailure(result)) {
          r.fail(
            undefined,
            describeWriteError(result.failure as WriteError, (id) => pendingRows.get(id))
          )
          const entry = entries.find((e) => e.r === r)
          if (entry !== undefined) entry.status = "rejected"
        }
      }
      for (const entry of entries) {
        const status = entry.status ?? "rejected"
        count(entry.r, status)
        for (const rider of entry.riders) {
          if (status === "rejected" && rider.ok) {
            rider.fail(undefined, {
              zh: `所属的${entry.kind.def.zh}记录（“${entry.r.bound.sheet}”表第${entry.r.number}行）未能导入，本行随之未导入`,
              en: `its ${entry.kind.def.en} record (sheet ${entry.r.bound.sheet}, row ${entry.r.number}) was not imported, so neither is this row`
            })
          }
          count(rider, status)
        }
      }
    })

  const runStep = (index: number) =>
    Effect.gen(function* () {
      const step = steps[index] as Step
      if (step._tag === "Group") return yield* runGroup(step)
      const kind = kinds[step.kind] as AnyKind
      for (const sheet of buffered.get(step.kind) ?? []) yield* streamRows(kind, sheet.bound, sheet.rows)
      buffered.delete(step.kind)
    })

  const runStepsThrough = (last: number) =>
    Effect.gen(function* () {
      while (stepsDone < last && !stopped) {
        stepsDone++
        yield* runStep(stepsDone)
      }
    })

  // ---- reading the unit ------------------------------------------------------------------------

  const read = new Set<string>()
  /** The sheets found to be sheets of the template (by name, or a CSV's by its name or header). */
  const recognised: Array<string> = []

  /** Whether every sheet of an earlier step has been read (so a ledger can stream now). */
  const readyFor = (kind: KindName) => {
    const list = source.sheetList()
    if (list === undefined) return false
    const step = stepOf(kind)
    return list.every((s) => {
      if (s.hidden || read.has(s.name)) return true
      const def = defForName(allSheets, s.name)
      return def === undefined || stepOf(def.kind) >= step
    })
  }

  const drain = (
    sheet: SourceRows,
    iterator: AsyncIterator<ReadonlyArray<RawRow>>,
    onRow?: (row: RawRow) => UnreadableInput | undefined
  ) =>
    Effect.gen(function* () {
      while (true) {
        const chunk = yield* next(iterator, sheet.file)
        if (chunk.done) return
        if (onRow === undefined) continue
        for (const row of chunk.value) {
          const problem = onRow(row)
          if (problem !== undefined) return yield* Effect.fail(problem)
        }
      }
    })

  /** Hold a register's row; too many make the file unreadable. */
  const hold = (rows: Array<RawRow>, row: RawRow, sheet: SourceRows): UnreadableInput | undefined => {
    if (blankRow(row)) return undefined
    rows.push(row)
    if (++held <= maxHeldRows) return undefined
    return new UnreadableInput(sheet.file, {
      zh: `名册类的表（组织、成员、项目、责任区等，需整表读入）合计超过${maxHeldRows.toLocaleString("en-US")}行的上限：请拆分成几个文件`,
      en: `the register sheets (organisations, members, projects, zones…, read whole) hold more than the limit of ${maxHeldRows.toLocaleString("en-US")} rows together: split them into several files`
    })
  }

  const sheetIssue = (
    file: string,
    sheet: string,
    severity: Issue["severity"],
    reason: Issue["reason"],
    extra: Partial<Issue> = {}
  ) => issues.push({ severity, file, sheet, reason, ...extra })

  const handleSheet = (sheet: SourceRows) =>
    Effect.gen(function* () {
      const iterator = sheet.rows[Symbol.asyncIterator]()
      if (sheet.hidden || ignoredSheetNames.includes(normalizeHeader(sheet.name)))
        return yield* drain(sheet, iterator)
      const def = sheet.def ?? defForName(allSheets, sheet.name)
      if (def === undefined) {
        sheetIssue(sheet.file, sheet.name, "warning", {
          zh: `工作表“${sheet.name}”不是模板中的表，已忽略`,
          en: `sheet "${sheet.name}" is not a sheet of the template and is ignored`
        })
        return yield* drain(sheet, iterator)
      }
      const head: Array<RawRow> = []
      let more = true
      while (more && head.length < 20) {
        const chunk = yield* next(iterator, sheet.file)
        if (chunk.done) more = false
        else head.push(...chunk.value)
      }
      const found = findHeader(sheet.file, sheet.name, def, head)
      recognised.push(sheet.name)
      if (found === undefined) {
        // An empty sheet holds nothing to import; a sheet with rows but no header cannot be read at all.
        const firstRow = head.find((row) => !blankRow(row))
        if (firstRow !== undefined) return yield* Effect.fail(noHeader(sheet.file, sheet.name, def, firstRow))
        if (more)
          yield* drain(sheet, iterator, (row) =>
            blankRow(row) ? undefined : noHeader(sheet.file, sheet.name, def, row)
          )
        return
      }
      const { bound, issues: headerIssues, missing } = found.result
      issues.push(...headerIssues)
      const rest = head.slice(found.at + 1)
      if (missing.length > 0) {
        for (const name of missing) {
          sheetIssue(
            sheet.file,
            sheet.name,
            "error",
            {
              zh: `缺少必填列“${name}”：整张表未导入`,
              en: `the required column "${name}" is missing: the sheet is not imported`
            },
            { row: bound.headerRow, column: name }
          )
        }
        let rows = rest.filter((row) => !blankRow(row)).length
        if (more)
          yield* drain(sheet, iterator, (row) => {
            rows += blankRow(row) ? 0 : 1
            return undefined
          })
        statOf(bound).rejected += rows
        return
      }
      statOf(bound)
      if (def.mode === "streamed" && readyFor(def.kind)) {
        yield* runStepsThrough(stepOf(def.kind) - 1)
        const kind = kinds[def.kind] as AnyKind
        return yield* streamRows(kind, bound, rest, more ? iterator : undefined)
      }
      // Blank rows are skipped anyway: holding them would let a sheet of empty rows fill memory.
      const rows: Array<RawRow> = []
      for (const row of rest) {
        const problem = hold(rows, row, sheet)
        if (problem !== undefined) return yield* Effect.fail(problem)
      }
      if (more) yield* drain(sheet, iterator, (row) => hold(rows, row, sheet))
      buffered.set(def.kind, [...(buffered.get(def.kind) ?? []), { bound, rows }])
    })

  const body = Effect.gen(function* () {
    options.progress.start(source.label, source.totalBytes)
    const sheetsIterator = source.open()[Symbol.asyncIterator]()
    while (true) {
      const sheet = yield* next(sheetsIterator, source.label)
      if (sheet.done) break
      yield* handleSheet(sheet.value)
      read.add(sheet.value.name)
      if (stopped) break
    }
    if (recognised.length === 0)
      return yield* Effect.fail(noSheet(source.files[0] ?? source.label, source.sheetList() ?? [], allSheets))
    yield* runStepsThrough(steps.length - 1)
    if (stopped) {
      const last = rejected[rejected.length - 1] as RejectedRow
      sheetIssue(last.bound.file, last.bound.sheet, "error", {
        zh: `拒绝的行已达${maxRejectedRows.toLocaleString("en-US")}行，已停止读取，未导入任何数据：请先改正上面这些错误`,
        en: `${maxRejectedRows.toLocaleString("en-US")} rows were rejected, so reading stopped and nothing was imported: fix these first`
      })
    }
    const report: UnitReport = {
      label: source.label,
      files: source.files,
      stats: [...stats.values()],
      issues,
      rejected,
      committed: false
    }
    const anyRejected = report.stats.some((s) => s.rejected > 0)
    return options.mode === "validate" || stopped || (anyRejected && !options.skipInvalid)
      ? yield* Effect.fail(new Rollback(report))
      : { ...report, committed: true }
  }).pipe(Effect.ensuring(Effect.sync(() => options.progress.stop())))

  return yield* store.transaction(body).pipe(
    Effect.catchIf(
      (e): e is Rollback => e instanceof Rollback,
      (e) => Effect.succeed(e.report)
    )
  )
})

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
import { Tenant, TimeZone } from "@bishui/domain"
import { Cases, MicroWishes, Organisations, Projects, ServiceEvents, Store, Zones } from "@bishui/services"
import { Effect, Schema } from "effect"
import type { UnreadableInput } from "../base/Issue.ts"
import { maxRejectedRows } from "../base/Limits.ts"
import { sheets as allSheets, childKinds, kinds, type Step, stepOf, steps } from "../kinds/index.ts"
import { Ctx } from "../model/Ctx.ts"
import type { AnyKind } from "../model/Kind.ts"
import { isBlankRow, type RawRow } from "../read/RawRow.ts"
import { defForName, noHeader, noSheet } from "../sheet/Header.ts"
import type { BoundSheet, RowCtx } from "../sheet/Row.ts"
import type { KindName } from "../sheet/Sheet.ts"
import { type ParsedRow, parseRow, RowKeys } from "./Cells.ts"
import { bindHeader, planSheet } from "./Header.ts"
import { drain, type HeldSheet, hold, next, readHead } from "./Read.ts"
import { settle } from "./Records.ts"
import {
  type Children,
  collectChildren,
  findStored,
  matchRow,
  recordId,
  recordRuns,
  resolveBatch
} from "./References.ts"
import type { SheetSource, UnitSource } from "./Sources.ts"
import { type RejectedRow, type RunOptions, type Status, type UnitReport, UnitState } from "./State.ts"
import { createAll, runDeferred, writeOrder, writeRecord } from "./Write.ts"

export type { RejectedRow, RunOptions, SheetStat, Status, UnitReport } from "./State.ts"

class Rollback {
  readonly _tag = "Rollback"
  readonly report: UnitReport
  constructor(report: UnitReport) {
    this.report = report
  }
}

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

/** Ledger rows parsed and resolved together (see `importBatch`). */
const batchSize = 2000

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
  const state = new UnitState(options.progress, source.bytesRead)
  const buffered = new Map<KindName, Array<HeldSheet>>()
  let stepsDone = -1

  /** Settle a row's built record, then write it unless unchanged; its outcome. */
  const settleAndWrite = (
    kind: AnyKind,
    r: RowCtx,
    built: unknown,
    existing: { readonly id: string } | undefined
  ) =>
    Effect.gen(function* () {
      const settled = settle(kind, r, built, existing)
      if (settled === undefined) return "rejected" as const
      if (settled.status === "unchanged") return "unchanged" as const
      const ok = yield* writeRecord(kind, r, settled.record, settled.status, ctx, state.pendingRows)
      return ok ? settled.status : ("rejected" as const)
    })

  // ---- streamed ledgers, row by row --------------------------------------------------------------

  const importRow = (kind: AnyKind, bound: BoundSheet, row: RawRow) =>
    Effect.gen(function* () {
      if (isBlankRow(row)) return
      state.tick(bound.sheet)
      const { r, draft } = parseRow(kind.parse, bound, row, timeZone, ctx, "all")
      if (draft === undefined) return state.count(r, "rejected")
      const { existing, id } = yield* matchRow(kind, draft, r, ctx)
      const built = yield* kind.build(draft, r, ctx, id, existing)
      if (!r.ok) return state.count(r, "rejected")
      state.count(r, yield* settleAndWrite(kind, r, built, existing))
    })

  // ---- streamed ledgers, in batches ---------------------------------------------------------------

  /**
   * A batch of ledger rows, parsed: references resolved from the cached lookups, then run by run (no
   * two rows of one record in a run) the stored records found in one or two queries, the records
   * built and settled, new records written with one bulk call and changed ones one by one.
   */
  const importBatch = (
    kind: AnyKind,
    bulk: NonNullable<AnyKind["bulk"]>,
    items: ReadonlyArray<ParsedRow<unknown>>
  ) =>
    Effect.gen(function* () {
      yield* resolveBatch(bulk, items, ctx)
      for (const run of recordRuns(bulk, items)) yield* writeRun(kind, bulk, run)
    })

  const writeRun = (
    kind: AnyKind,
    bulk: NonNullable<AnyKind["bulk"]>,
    items: ReadonlyArray<ParsedRow<unknown>>
  ) =>
    Effect.gen(function* () {
      const storedOf = yield* findStored(kind, bulk, items, ctx)
      const created: Array<{ readonly r: RowCtx; readonly record: { readonly id: string } }> = []
      const updated: Array<{ readonly r: RowCtx; readonly record: { readonly id: string } }> = []
      for (const { r, draft } of items) {
        if (!r.ok || draft === undefined) {
          state.count(r, "rejected")
          continue
        }
        const existing = storedOf(draft)
        const built = yield* kind.build(draft, r, ctx, recordId(existing, draft), existing)
        if (!r.ok) {
          state.count(r, "rejected")
          continue
        }
        const settled = settle(kind, r, built, existing)
        if (settled === undefined) state.count(r, "rejected")
        else if (settled.status === "unchanged") state.count(r, "unchanged")
        else (settled.status === "created" ? created : updated).push({ r, record: settled.record })
      }
      const outcomes = yield* createAll(kind, bulk, created, ctx, state.pendingRows)
      created.forEach((c, i) => {
        state.count(c.r, outcomes[i] ?? "rejected")
      })
      for (const u of updated)
        state.count(
          u.r,
          (yield* writeRecord(kind, u.r, u.record, "updated", ctx, state.pendingRows))
            ? "updated"
            : "rejected"
        )
      ctx.invalidate(kind.table.name)
    })

  const streamRows = (
    kind: AnyKind,
    bound: BoundSheet,
    first: ReadonlyArray<RawRow>,
    rest?: AsyncIterator<ReadonlyArray<RawRow>>
  ) =>
    Effect.gen(function* () {
      const bulk = kind.bulk
      if (bulk === undefined) {
        for (const row of first) if (!state.stopped) yield* importRow(kind, bound, row)
        if (rest === undefined) return
        while (!state.stopped) {
          const chunk = yield* next(rest, bound.file)
          if (chunk.done) return
          for (const row of chunk.value) if (!state.stopped) yield* importRow(kind, bound, row)
        }
        return
      }
      let batch: Array<ParsedRow<unknown>> = []
      const take = (rows: ReadonlyArray<RawRow>) =>
        Effect.gen(function* () {
          for (const row of rows) {
            if (state.stopped) return
            if (isBlankRow(row)) continue
            state.tick(bound.sheet)
            // a row that cannot be read rides along, so that problems are reported in row order
            batch.push(parseRow(kind.parse, bound, row, timeZone, ctx, "unread"))
            if (batch.length >= batchSize) {
              const full = batch
              batch = []
              yield* importBatch(kind, bulk, full)
            }
          }
        })
      yield* take(first)
      if (rest !== undefined) {
        while (!state.stopped) {
          const chunk = yield* next(rest, bound.file)
          if (chunk.done) break
          yield* take(chunk.value)
        }
      }
      if (batch.length > 0 && !state.stopped) yield* importBatch(kind, bulk, batch)
    })

  // ---- register groups, read whole ------------------------------------------------------------------

  const runGroup = (step: Extract<Step, { _tag: "Group" }>) =>
    Effect.gen(function* () {
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
      while (stepsDone < last && !state.stopped) {
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

  const handleSheet = (sheet: SheetSource) =>
    Effect.gen(function* () {
      const iterator = sheet.rows[Symbol.asyncIterator]()
      const plan = planSheet(sheet, allSheets)
      if (plan._tag === "Unknown") state.issues.push(plan.warning)
      if (plan._tag !== "Template") return yield* drain(sheet.file, iterator)
      const def = plan.def
      const { head, more } = yield* readHead(iterator, sheet.file)
      const header = bindHeader(sheet.file, sheet.name, def, head)
      recognised.push(sheet.name)
      // An empty sheet holds nothing to import; a sheet with rows but no header cannot be read at all.
      if (header._tag === "NoHeader") return yield* Effect.fail(header.error)
      if (header._tag === "Empty") {
        if (more)
          yield* drain(sheet.file, iterator, (row) =>
            isBlankRow(row) ? undefined : noHeader(sheet.file, sheet.name, def, row)
          )
        return
      }
      const { bound, rest } = header
      state.issues.push(...header.issues)
      if (header.rejected) {
        // A required column is missing: every row of the sheet is rejected.
        let rows = rest.filter((row) => !isBlankRow(row)).length
        if (more)
          yield* drain(sheet.file, iterator, (row) => {
            rows += isBlankRow(row) ? 0 : 1
            return undefined
          })
        state.statOf(bound).rejected += rows
        return
      }
      state.statOf(bound)
      if (def.mode === "streamed" && readyFor(def.kind)) {
        yield* runStepsThrough(stepOf(def.kind) - 1)
        const kind = kinds[def.kind] as AnyKind
        return yield* streamRows(kind, bound, rest, more ? iterator : undefined)
      }
      const rows: Array<RawRow> = []
      const holdRow = (row: RawRow): UnreadableInput | undefined => hold(state, rows, row, sheet.file)
      for (const row of rest) {
        const problem = holdRow(row)
        if (problem !== undefined) return yield* Effect.fail(problem)
      }
      if (more) yield* drain(sheet.file, iterator, holdRow)
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
      if (state.stopped) break
    }
    if (recognised.length === 0)
      return yield* Effect.fail(noSheet(source.files[0] ?? source.label, source.sheetList() ?? [], allSheets))
    yield* runStepsThrough(steps.length - 1)
    if (state.stopped) {
      const last = state.rejected[state.rejected.length - 1] as RejectedRow
      state.sheetIssue(last.bound.file, last.bound.sheet, "error", {
        zh: `拒绝的行已达${maxRejectedRows.toLocaleString("en-US")}行，已停止读取，未导入任何数据：请先改正上面这些错误`,
        en: `${maxRejectedRows.toLocaleString("en-US")} rows were rejected, so reading stopped and nothing was imported: fix these first`
      })
    }
    const report = state.report(source.label, source.files)
    const anyRejected = report.stats.some((s) => s.rejected > 0)
    return options.mode === "validate" || state.stopped || (anyRejected && !options.skipInvalid)
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

/** A group's record settled: its record and status, or rejected. */
const settleEntry = (entry: Entry, settled: ReturnType<typeof settle>) => {
  if (settled === undefined) entry.status = "rejected"
  else {
    entry.record = settled.record
    entry.status = settled.status
  }
}

/**
 * Importing one unit — a workbook, or the CSV files named together — in one transaction.
 *
 * Sheets are read once, in the file's order: each through the read and header stages (`Read.ts`,
 * `Header.ts`). Registers (organisations, projects, members, zones, posts, campaigns; teams and cases)
 * are held whole and imported as a group (`Group.ts`): every row is read and matched first, so rows may
 * refer to rows anywhere in the group, then the records are built, compared with what is stored, and
 * written parents first. Ledgers (patrol logs, events, wishes) are streamed (`Ledger.ts`) once the
 * registers they refer to are in. Every row is checked — cells, references, the services' rules — and
 * every problem is collected in the unit's state (`State.ts`). A unit with a rejected row rolls back
 * whole (unless `skipInvalid`); `validate` always rolls back. Interrupted (Ctrl-C) or killed, the
 * transaction never commits, so the database is as it was.
 */
import { Tenant, TimeZone } from "@bishui/domain"
import { Cases, MicroWishes, Organisations, Projects, ServiceEvents, Store, Zones } from "@bishui/services"
import { Effect } from "effect"
import type { UnreadableInput } from "../base/Issue.ts"
import { maxRejectedRows } from "../base/Limits.ts"
import { sheets as allSheets, kinds, type Step, stepOf, steps } from "../kinds/index.ts"
import { Ctx } from "../model/Ctx.ts"
import type { AnyKind } from "../model/Kind.ts"
import { isBlankRow, type RawRow } from "../read/RawRow.ts"
import { defForName, noHeader, noSheet } from "../sheet/Header.ts"
import type { KindName } from "../sheet/Sheet.ts"
import { runGroup } from "./Group.ts"
import { bindHeader, planSheet } from "./Header.ts"
import { streamRows } from "./Ledger.ts"
import { drain, type HeldSheet, hold, next, readHead } from "./Read.ts"
import type { SheetSource, UnitSource } from "./Sources.ts"
import { type RejectedRow, type RunOptions, type UnitEnv, type UnitReport, UnitState } from "./State.ts"

export type { RejectedRow, RunOptions, SheetStat, Status, UnitReport } from "./State.ts"

class Rollback {
  readonly _tag = "Rollback"
  readonly report: UnitReport
  constructor(report: UnitReport) {
    this.report = report
  }
}

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
  const env: UnitEnv = { state, ctx, timeZone }
  const buffered = new Map<KindName, Array<HeldSheet>>()
  let stepsDone = -1

  const runStep = (index: number) =>
    Effect.gen(function* () {
      const step = steps[index] as Step
      if (step._tag === "Group") return yield* runGroup(env, step, buffered)
      const kind = kinds[step.kind] as AnyKind
      for (const sheet of buffered.get(step.kind) ?? []) yield* streamRows(env, kind, sheet.bound, sheet.rows)
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
        return yield* streamRows(env, kind, bound, rest, more ? iterator : undefined)
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

  return yield* store.load(body).pipe(
    Effect.catchIf(
      (e): e is Rollback => e instanceof Rollback,
      (e) => Effect.succeed(e.report)
    )
  )
})

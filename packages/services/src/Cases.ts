/**
 * Cases from first report to verified fix — routine ones and emergencies with their timeline. A case
 * moves only through `Lifecycle.advanceCase`, so its timeline is always a valid one.
 *
 * A case gets its due times when it is written first (opened or imported): from the response policy
 * in force for its branch then (`ResponsePolicies`), counted from its first stage in the tenant's
 * local time. It keeps them — a later change of policy re-times no case — unless a correction
 * (`update`) changes its kind, severity or opening time; a case stored before due times existed gets
 * them at its next write. A resident's report opened through `open` gets a receipt code (unique in
 * the tenant; a collision draws again). A resident's report can be closed as spam or as a duplicate of
 * another case (`close`), without the workflow: it then counts in no figure and is never overdue.
 */
import { Case, Errors, Lifecycle, type Receipt, ResponsePolicy } from "@bishui/domain"
import { Context, Effect, Result } from "effect"
import { layersOf } from "./internal/layers.ts"
import { drawReceipt, receiptAttempts } from "./internal/receipts.ts"
import {
  makeRecords,
  type NewRecord,
  newId,
  now,
  type UpdateError,
  type WriteError
} from "./internal/records.ts"
import { policyInForce } from "./internal/responsePolicy.ts"
import { listInTenantZone, timeZoneOf } from "./internal/tenantZone.ts"
import type { ListQuery, Page, Versioned } from "./Store.ts"
import * as Tables from "./Tables.ts"

export { ReceiptRandomBytes } from "./internal/receipts.ts"

/** A new case: its first stage is the kind's first (`reported` or `found`), timed now unless given. */
export type OpenCase = Omit<
  NewRecord<Case.Case>,
  "stages" | "deadlines" | "receipt" | "closure" | "followers"
> & {
  readonly at?: Case.CaseStage["at"]
  readonly actorId?: Case.CaseStage["actorId"]
  readonly note?: string
}

/** The next step of a case; `at` defaults to now. */
export type CaseStep = Omit<Case.CaseStage, "at"> & { readonly at?: Case.CaseStage["at"] }

/** Closing a resident's report as spam or a duplicate; `at` defaults to now. */
export type CloseCase = Omit<Case.CaseClosure, "at"> & { readonly at?: Case.CaseClosure["at"] }

/** A list request; `overdue` keeps the cases past a due time at the `Clock`'s now (or those that are not). */
export interface CaseListQuery extends ListQuery {
  readonly overdue?: boolean | undefined
}

/**
 * A resident's problem report on a zone's signboard — the one intake the signboard pages, the public
 * API and Open311 share. The zone is named by its code (what its QR code carries); the title is the
 * category's words when none is given; `reopens` is the receipt code of a case closed as fixed that
 * the resident says is not (the new report takes its category and title unless given others).
 */
export interface ResidentReport {
  readonly tenantId: string
  readonly zoneCode: string
  readonly category?: Case.ProblemCategory | undefined
  readonly title?: string | undefined
  readonly description: string
  readonly location?: string | undefined
  readonly reporter?: Case.Reporter | undefined
  readonly reopens?: Receipt.ReceiptCode | undefined
}

/** How many duplicates a chain is followed through before it is taken as a loop. */
const maxChain = 64

export class Cases extends Context.Service<
  Cases,
  {
    /** Open a case timed by its branch's policy; a resident's report gets a receipt code. */
    readonly open: (input: OpenCase) => Effect.Effect<Versioned<Case.Case>, WriteError>
    /** Import a case with its whole timeline (checked stage by stage), timed by its branch's policy. */
    readonly importCase: (c: NewRecord<Case.Case>) => Effect.Effect<Versioned<Case.Case>, WriteError>
    /**
     * Replace a case whole with its timeline (a corrected ledger), checked stage by stage as on import.
     * Its receipt, closure, followers and `reopens` stay as stored (its category too, unless given); its due times too, unless kind, severity or opening changed.
     */
    readonly update: (
      c: Case.Case,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Case.Case>, UpdateError>
    readonly advance: (
      tenantId: string,
      caseId: string,
      step: CaseStep,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Case.Case>, UpdateError>
    /**
     * Close a resident's report as spam, or as a duplicate of another case of the tenant (which must
     * exist, not be spam, and not lead back to this one), without walking the workflow.
     */
    readonly close: (
      tenantId: string,
      caseId: string,
      closure: CloseCase,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Case.Case>, UpdateError>
    readonly get: (tenantId: string, id: string) => Effect.Effect<Versioned<Case.Case>, Errors.NotFound>
    /** The case with a receipt code (`NotFound` names the code). */
    readonly byReceipt: (
      tenantId: string,
      code: Receipt.ReceiptCode
    ) => Effect.Effect<Versioned<Case.Case>, Errors.NotFound>
    readonly list: (tenantId: string, query: CaseListQuery) => Effect.Effect<Page<Case.Case>>
    /**
     * Open a resident's report on a zone (by its code) with a receipt code, medium severity, routine.
     * `NotFound` for a zone or a reopened receipt that does not exist; `InvariantViolation` for a report
     * with neither title nor category, or one that reopens a case not closed as fixed.
     */
    readonly report: (input: ResidentReport) => Effect.Effect<Versioned<Case.Case>, WriteError>
    /**
     * "Me too": one more resident follows an open case (counted in `followers`). A case that is fixed,
     * closed or not the tenant's cannot be followed. Limiting how often one client may do this is the
     * adapter's (it knows the client).
     */
    readonly follow: (tenantId: string, caseId: string) => Effect.Effect<Versioned<Case.Case>, UpdateError>
    /** The cases that report `caseId` again as not fixed, oldest first. */
    readonly reportsAgain: (tenantId: string, caseId: string) => Effect.Effect<ReadonlyArray<Case.Case>>
  }
>()("@bishui/services/Cases") {
  private static readonly layers = layersOf(
    this,
    Effect.suspend(() => make)
  )
  /** Needs a `Store`. */
  static readonly layer = this.layers.layer
  /** Over its own in-memory Store. */
  static readonly layerMemory = this.layers.layerMemory
  /** Over the SQL Store: needs only an `SqlClient`. */
  static readonly layerNoDeps = this.layers.layerNoDeps
}

const make = Effect.gen(function* () {
  const records = yield* makeRecords
  const { store } = records
  const collection = store.collection(Tables.cases)

  const checkRefs = (c: Case.Case) =>
    Effect.gen(function* () {
      yield* records.ensure(Tables.organisations, c.tenantId, c.branchId)
      yield* records.ensure(Tables.zones, c.tenantId, c.zoneId)
      yield* records.ensure(Tables.patrolLogs, c.tenantId, c.patrolLogId)
    })

  const checkStageRefs = (tenantId: string, step: { readonly [K in keyof Case.CaseStage]?: unknown }) =>
    Effect.gen(function* () {
      yield* records.ensure(Tables.members, tenantId, step.actorId as string | undefined)
      yield* records.ensure(Tables.members, tenantId, step.assigneeId as string | undefined)
      yield* records.ensure(Tables.teams, tenantId, step.teamId as string | undefined)
      yield* records.ensure(Tables.organisations, tenantId, step.contractorId as string | undefined)
    })

  /** The due times the policy in force for the case's branch gives it now. */
  const deadlinesOf = (c: Case.Case) =>
    Effect.gen(function* () {
      const inForce = yield* policyInForce(records, c.tenantId, c.branchId)
      const timeZone = yield* timeZoneOf(store, c.tenantId)
      return ResponsePolicy.deadlinesFor(
        inForce.policy,
        { kind: c.kind, severity: c.severity, openedAt: c.stages[0].at },
        timeZone
      )
    })

  const create = (c: Case.Case) =>
    records.create(Tables.cases, c, { change: "case.open", check: Lifecycle.checkCaseTimeline })

  const importCase = Effect.fn("Cases.importCase")(function* (input: NewRecord<Case.Case>) {
    const given = { ...input, id: input.id ?? newId() } as Case.Case
    yield* checkRefs(given)
    for (const step of given.stages) yield* checkStageRefs(given.tenantId, step)
    if (given.closure !== undefined) {
      yield* checkStageRefs(given.tenantId, given.closure)
      yield* records.ensure(Tables.cases, given.tenantId, given.closure.duplicateOf)
    }
    const c: Case.Case =
      given.deadlines === undefined ? { ...given, deadlines: yield* deadlinesOf(given) } : given
    return yield* create(c)
  })

  /** Create a resident's report with a fresh receipt code, drawing again when the code is taken. */
  const createWithReceipt = (c: Case.Case) =>
    Effect.gen(function* () {
      for (let attempt = 1; ; attempt++) {
        const receipt = yield* drawReceipt
        const created = yield* Effect.result(create({ ...c, receipt }))
        if (Result.isSuccess(created)) return created.success
        const error = created.failure
        if (error._tag !== "AlreadyExists" || error.key !== receipt || attempt >= receiptAttempts) {
          return yield* Effect.fail(error)
        }
      }
    })

  /** The case a duplicate points to, and on through the duplicates it is one of, until one is not. */
  const chainFrom = (tenantId: string, targetId: string) =>
    Effect.gen(function* () {
      const chain: Array<Case.Case> = [(yield* records.get(Tables.cases, tenantId, targetId)).record]
      while (chain.length < maxChain) {
        const next = chain[chain.length - 1]?.closure?.duplicateOf
        if (next === undefined || chain.some((c) => c.id === next)) break
        const found = yield* collection.get(tenantId, next)
        if (found === undefined) break
        chain.push(found.record)
      }
      return chain
    })

  const open = Effect.fn("Cases.open")(function* (input: OpenCase) {
    // due times, a receipt and a closure are set here, whatever an untyped caller sent
    const {
      at,
      actorId,
      note,
      deadlines: _deadlines,
      receipt: _receipt,
      closure: _closure,
      followers: _followers,
      ...rest
    } = input as OpenCase & Partial<Pick<Case.Case, "deadlines" | "receipt" | "closure" | "followers">>
    const first: Case.CaseStage = {
      stage: rest.kind === "emergency" ? "found" : "reported",
      at: at ?? (yield* now),
      ...(actorId === undefined ? {} : { actorId }),
      ...(note === undefined ? {} : { note })
    }
    const c: Case.Case = { ...rest, id: (rest.id ?? newId()) as Case.Case["id"], stages: [first] }
    yield* checkRefs(c)
    yield* checkStageRefs(c.tenantId, first)
    const timed: Case.Case = { ...c, deadlines: yield* deadlinesOf(c) }
    return yield* c.source === "resident" ? createWithReceipt(timed) : create(timed)
  })

  const broken = (rule: string, message: string, entityId?: string) =>
    new Errors.InvariantViolation({
      entity: "case",
      rule,
      message,
      ...(entityId === undefined ? {} : { entityId })
    })

  /** The cases that report `caseId` again, oldest first. */
  const reportsAgain = Effect.fn("Cases.reportsAgain")(function* (tenantId: string, caseId: string) {
    const first = yield* Effect.option(records.get(Tables.cases, tenantId, caseId))
    if (first._tag === "None" || first.value.record.zoneId === undefined) return []
    // A report again is on the same zone: its cases are few, the zone column is indexed.
    const again: Array<Case.Case> = []
    let after: string | undefined
    do {
      const page = yield* collection.list(tenantId, {
        where: { zone_id: first.value.record.zoneId },
        limit: 500,
        ...(after === undefined ? {} : { after })
      })
      again.push(...page.items.map((v) => v.record).filter((c) => c.reopens === caseId))
      after = page.next
    } while (after !== undefined)
    return again
  })

  const report = Effect.fn("Cases.report")(function* (input: ResidentReport) {
    const zones = store.collection(Tables.zones)
    const [zone] = (yield* zones.list(input.tenantId, { where: { code: input.zoneCode }, limit: 1 })).items
    if (zone === undefined) return yield* new Errors.NotFound({ entity: "zone", id: input.zoneCode })
    let reopens: Case.Case | undefined
    if (input.reopens !== undefined) {
      reopens = (yield* byReceipt(input.tenantId, input.reopens)).record
      if (!Case.canReportAgain(reopens)) {
        return yield* broken(
          "reopens_a_fixed_case",
          "只有已处理完毕的问题才能再次反映；还在处理中的请等待进度 / only a problem closed as fixed can be reported again; one still being handled is followed on its status",
          reopens.id
        )
      }
      // One report again at a time: while one is being handled, it is the one to follow.
      const pending = (yield* reportsAgain(input.tenantId, reopens.id)).find(Case.isOpenReport)
      if (pending !== undefined) {
        return yield* broken(
          "reported_again_already",
          `这个问题已被再次反映，正在处理，请查看回执 ${pending.receipt ?? ""} / it was reported again already and is being handled: follow receipt ${pending.receipt ?? ""}`,
          reopens.id
        )
      }
    }
    // Reported again: the first report's category and title, unless the resident gives others.
    const category = input.category ?? reopens?.category
    const title =
      input.title?.trim() ||
      (category === undefined ? undefined : Case.categoryLabels[category].zh) ||
      reopens?.title ||
      ""
    if (title === "") {
      return yield* broken(
        "title_or_category",
        "请选择问题类别或填写标题 / choose a category or give a title"
      )
    }
    const reporter = input.reporter
    return yield* open({
      tenantId: zone.record.tenantId,
      branchId: zone.record.branchId,
      kind: "routine",
      title,
      description: input.description,
      source: "resident",
      severity: "medium",
      zoneId: zone.record.id,
      ...(category === undefined ? {} : { category }),
      ...(input.location === undefined ? {} : { location: input.location }),
      ...(reporter === undefined || (reporter.name === undefined && reporter.phone === undefined)
        ? {}
        : { reporter }),
      ...(reopens === undefined ? {} : { reopens: reopens.id })
    } as OpenCase)
  })

  const byReceipt = Effect.fn("Cases.byReceipt")(function* (tenantId: string, code: Receipt.ReceiptCode) {
    const [found] = yield* collection.findIn(tenantId, "receipt_code", [code])
    if (found === undefined) return yield* new Errors.NotFound({ entity: "case", id: code })
    return found
  })

  return Cases.of({
    open,
    report,
    follow: Effect.fn("Cases.follow")(function* (tenantId: string, caseId: string) {
      return yield* records.update(Tables.cases, tenantId, caseId, {
        change: "case.follow",
        step: (c) =>
          Case.isClosed(c) || Case.isHandled(c)
            ? Effect.fail(
                broken(
                  "follow_an_open_case",
                  "这个问题已处理，不能再“我也遇到” / this problem is already handled: there is nothing to follow",
                  c.id
                )
              )
            : Effect.succeed({ ...c, followers: (c.followers ?? 0) + 1 })
      })
    }),
    reportsAgain,
    importCase,
    update: Effect.fn("Cases.update")(function* (c: Case.Case, expectedVersion?: number) {
      yield* checkRefs(c)
      for (const step of c.stages) yield* checkStageRefs(c.tenantId, step)
      return yield* records.update<Case.Case, Errors.InvalidTransition | Errors.NotFound>(
        Tables.cases,
        c.tenantId,
        c.id,
        {
          change: "case.update",
          expectedVersion,
          check: Lifecycle.checkCaseTimeline,
          step: (stored) =>
            Effect.gen(function* () {
              const {
                receipt: _receipt,
                closure: _closure,
                deadlines: _deadlines,
                followers: _followers,
                reopens: _reopens,
                ...given
              } = c
              const retimed =
                stored.deadlines === undefined ||
                stored.kind !== c.kind ||
                stored.severity !== c.severity ||
                stored.stages[0].at !== c.stages[0].at
              const corrected: Case.Case = {
                ...given,
                deadlines: retimed ? yield* deadlinesOf(c) : (stored.deadlines ?? []),
                ...(stored.receipt === undefined ? {} : { receipt: stored.receipt }),
                ...(stored.closure === undefined ? {} : { closure: stored.closure }),
                ...(stored.followers === undefined ? {} : { followers: stored.followers }),
                // what the resident's intake set: the link to the report it reports again, and its
                // category unless the correction gives one (a ledger re-imported has neither column)
                ...(stored.reopens === undefined ? {} : { reopens: stored.reopens }),
                ...(given.category === undefined && stored.category !== undefined
                  ? { category: stored.category }
                  : {})
              }
              return corrected
            })
        }
      )
    }),
    advance: Effect.fn("Cases.advance")(function* (
      tenantId: string,
      caseId: string,
      input: CaseStep,
      expectedVersion?: number
    ) {
      const step: Case.CaseStage = { ...input, at: input.at ?? (yield* now) }
      yield* checkStageRefs(tenantId, step)
      return yield* records.update(Tables.cases, tenantId, caseId, {
        change: `case.${step.stage}`,
        action: "transition",
        expectedVersion,
        step: (c) =>
          Effect.gen(function* () {
            const timed: Case.Case =
              c.deadlines === undefined ? { ...c, deadlines: yield* deadlinesOf(c) } : c
            return yield* Effect.fromResult(Lifecycle.advanceCase(timed, step))
          })
      })
    }),
    close: Effect.fn("Cases.close")(function* (
      tenantId: string,
      caseId: string,
      input: CloseCase,
      expectedVersion?: number
    ) {
      const closure: Case.CaseClosure = { ...input, at: input.at ?? (yield* now) }
      yield* checkStageRefs(tenantId, closure)
      return yield* records.update(Tables.cases, tenantId, caseId, {
        change: `case.closed_as_${closure.as}`,
        action: "transition",
        expectedVersion,
        step: (c) =>
          Effect.gen(function* () {
            const closed = yield* Effect.fromResult(Lifecycle.closeCase(c, closure))
            if (closure.duplicateOf === undefined) return closed
            const chain = yield* chainFrom(tenantId, closure.duplicateOf)
            return yield* Effect.fromResult(Lifecycle.checkDuplicateChain(closed, chain))
          })
      })
    }),
    get: (tenantId, id) => records.get(Tables.cases, tenantId, id),
    byReceipt,
    list: Effect.fn("Cases.list")(function* (tenantId: string, query: CaseListQuery) {
      const { overdue, ...rest } = query
      if (overdue === undefined) return yield* listInTenantZone(store, Tables.cases, tenantId, rest)
      const at = yield* now
      return yield* listInTenantZone(
        store,
        Tables.cases,
        tenantId,
        overdue ? { ...rest, lessThan: { next_due_at: at } } : { ...rest, notLessThan: { next_due_at: at } }
      )
    })
  })
})

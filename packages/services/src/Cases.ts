/**
 * Cases from first report to verified fix — routine ones and emergencies with their timeline. A case
 * moves only through `Lifecycle.advanceCase`, so its timeline is always a valid one.
 */
import { type Case, type Errors, Lifecycle } from "@bishui/domain"
import { Context, Effect } from "effect"
import { layersOf } from "./internal/layers.ts"
import {
  makeRecords,
  type NewRecord,
  newId,
  now,
  type UpdateError,
  type WriteError
} from "./internal/records.ts"
import { listInTenantZone } from "./internal/tenantZone.ts"
import type { ListQuery, Page, Versioned } from "./Store.ts"
import * as Tables from "./Tables.ts"

/** A new case: its first stage is the kind's first (`reported` or `found`), timed now unless given. */
export type OpenCase = Omit<NewRecord<Case.Case>, "stages"> & {
  readonly at?: Case.CaseStage["at"]
  readonly actorId?: Case.CaseStage["actorId"]
  readonly note?: string
}

/** The next step of a case; `at` defaults to now. */
export type CaseStep = Omit<Case.CaseStage, "at"> & { readonly at?: Case.CaseStage["at"] }

export class Cases extends Context.Service<
  Cases,
  {
    readonly open: (input: OpenCase) => Effect.Effect<Versioned<Case.Case>, WriteError>
    /** Import a case with its whole timeline (checked stage by stage). */
    readonly importCase: (c: NewRecord<Case.Case>) => Effect.Effect<Versioned<Case.Case>, WriteError>
    /** Replace a case whole with its timeline (a corrected ledger), checked stage by stage as on import. */
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
    readonly get: (tenantId: string, id: string) => Effect.Effect<Versioned<Case.Case>, Errors.NotFound>
    readonly list: (tenantId: string, query: ListQuery) => Effect.Effect<Page<Case.Case>>
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

  const checkRefs = (c: Case.Case) =>
    Effect.gen(function* () {
      yield* records.ensure(Tables.organisations, c.tenantId, c.branchId)
      yield* records.ensure(Tables.zones, c.tenantId, c.zoneId)
      yield* records.ensure(Tables.patrolLogs, c.tenantId, c.patrolLogId)
    })

  const checkStageRefs = (tenantId: string, step: Case.CaseStage) =>
    Effect.gen(function* () {
      yield* records.ensure(Tables.members, tenantId, step.actorId)
      yield* records.ensure(Tables.members, tenantId, step.assigneeId)
      yield* records.ensure(Tables.teams, tenantId, step.teamId)
      yield* records.ensure(Tables.organisations, tenantId, step.contractorId)
    })

  const importCase = Effect.fn("Cases.importCase")(function* (input: NewRecord<Case.Case>) {
    const c = { ...input, id: input.id ?? newId() } as Case.Case
    yield* checkRefs(c)
    for (const step of c.stages) yield* checkStageRefs(c.tenantId, step)
    return yield* records.create(Tables.cases, c, { change: "case.open", check: Lifecycle.checkCaseTimeline })
  })

  return Cases.of({
    open: Effect.fn("Cases.open")(function* (input: OpenCase) {
      const { at, actorId, note, ...rest } = input
      const first: Case.CaseStage = {
        stage: rest.kind === "emergency" ? "found" : "reported",
        at: at ?? (yield* now),
        ...(actorId === undefined ? {} : { actorId }),
        ...(note === undefined ? {} : { note })
      }
      return yield* importCase({ ...rest, stages: [first] })
    }),
    importCase,
    update: Effect.fn("Cases.update")(function* (c: Case.Case, expectedVersion?: number) {
      yield* checkRefs(c)
      for (const step of c.stages) yield* checkStageRefs(c.tenantId, step)
      return yield* records.update(Tables.cases, c.tenantId, c.id, {
        change: "case.update",
        expectedVersion,
        check: Lifecycle.checkCaseTimeline,
        step: () => Effect.succeed(c)
      })
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
        step: (c) => Lifecycle.advanceCase(c, step)
      })
    }),
    get: (tenantId, id) => records.get(Tables.cases, tenantId, id),
    list: (tenantId, query) => listInTenantZone(store, Tables.cases, tenantId, query)
  })
})

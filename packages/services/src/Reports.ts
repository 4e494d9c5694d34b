/**
 * Reports computed from stored records by the domain's pure folds: the annual branch report with
 * every figure traceable to the records behind it.
 */
import { Errors, Report } from "@bishui/domain"
import { Context, Effect } from "effect"
import { layersOf } from "./internal/layers.ts"
import { makeRecords } from "./internal/records.ts"
import * as Tables from "./Tables.ts"

export class Reports extends Context.Service<
  Reports,
  {
    readonly annualBranchReport: (
      tenantId: string,
      branchId: string,
      year: number
    ) => Effect.Effect<Report.AnnualBranchReport, Errors.NotFound | Errors.InvariantViolation>
  }
>()("@bishui/services/Reports") {
  static readonly layer = layersOf(
    this,
    Effect.suspend(() => make)
  ).layer
  static readonly layerMemory = layersOf(
    this,
    Effect.suspend(() => make)
  ).layerMemory
  static readonly layerNoDeps = layersOf(
    this,
    Effect.suspend(() => make)
  ).layerNoDeps
}

const make = Effect.gen(function* () {
  const records = yield* makeRecords
  const { store } = records

  return Reports.of({
    annualBranchReport: Effect.fn("Reports.annualBranchReport")(function* (
      tenantId: string,
      branchId: string,
      year: number
    ) {
      const branch = (yield* records.get(Tables.organisations, tenantId, branchId)).record
      if (branch._tag !== "StandingBranch") {
        return yield* new Errors.InvariantViolation({
          entity: "organisation",
          entityId: branchId,
          rule: "report_on_standing_branch",
          message: `the annual report is made for a standing branch; ${branchId} is a ${branch._tag}`
        })
      }
      // Reads run in one transaction so the figures come from one consistent snapshot.
      const input = yield* store.transaction(
        Effect.all(
          {
            organisations: store.collection(Tables.organisations).all(tenantId),
            zones: store.collection(Tables.zones).all(tenantId),
            pioneerPosts: store.collection(Tables.pioneerPosts).all(tenantId),
            events: store.collection(Tables.serviceEvents).all(tenantId),
            wishes: store.collection(Tables.microWishes).all(tenantId),
            cases: store.collection(Tables.cases).all(tenantId)
          },
          { concurrency: 1 }
        )
      )
      return Report.annualBranchReport({ ...input, branch, year })
    })
  })
})

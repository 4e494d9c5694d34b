/**
 * Reports computed from stored records by the domain's pure folds: the annual branch report with
 * every figure traceable to the records behind it, and for any period the figures of each zone and
 * the participation of each member of a branch's subtree.
 */
import {
  type Calendar,
  Case,
  Errors,
  type Ids,
  Report,
  type ServiceEvent,
  type TimeZone,
  Tree,
  ZoneReport
} from "@bishui/domain"
import { Context, Effect } from "effect"
import { layersOf } from "./internal/layers.ts"
import { allPages } from "./internal/pages.ts"
import { makeRecords, now } from "./internal/records.ts"
import { timeZoneOf } from "./internal/tenantZone.ts"
import * as Tables from "./Tables.ts"

/**
 * The counts a branch's dashboard charts for a period: its subtree's events per month and category,
 * patrols per zone and cases open, overdue and closed — counted by the store (in SQL, `GROUP BY`), so
 * their cost does not grow with the ledger's rows read and decoded.
 */
export interface BranchCounts {
  readonly branchId: string
  readonly from: Calendar.LocalDate
  readonly to: Calendar.LocalDate
  readonly timeZone: TimeZone.TimeZone
  /** Live events of the subtree by local month (`YYYY-MM`) and category, months in order; none counted 0 left out. */
  readonly events: ReadonlyArray<{
    readonly month: string
    readonly category: ServiceEvent.EventCategory
    readonly count: number
  }>
  /** Every zone of the subtree, by code (as in the zone figures), with its live patrols of the period. */
  readonly zones: ReadonlyArray<{
    readonly zoneId: string
    readonly code: string
    readonly name: string
    readonly patrols: number
  }>
  /**
   * The subtree's live cases opened in the period: closed (verified, or closed as spam or a
   * duplicate), overdue (not closed, a due time passed by now — the `Clock`'s — without its stage
   * reached) and open (the rest).
   */
  readonly cases: { readonly open: number; readonly overdue: number; readonly closed: number }
}

export class Reports extends Context.Service<
  Reports,
  {
    readonly annualBranchReport: (
      tenantId: string,
      branchId: string,
      year: number
    ) => Effect.Effect<Report.AnnualBranchReport, Errors.NotFound | Errors.InvariantViolation>
    /**
     * Per zone of the subtree of a Party organisation (branch, temporary branch or Party group), for
     * the local days `from`–`to` (inclusive) of the tenant's zone: patrols, cases found and resolved,
     * cases found that met every due time and those that missed one (by now, the `Clock`'s), median
     * hours to resolve, litter collected. Cases closed as spam or duplicates count nowhere.
     * `InvariantViolation` when the organisation is not a Party one or `from > to`.
     */
    readonly zoneFigures: (
      tenantId: string,
      branchId: string,
      from: Calendar.LocalDate,
      to: Calendar.LocalDate
    ) => Effect.Effect<ZoneReport.ZoneFiguresReport, Errors.NotFound | Errors.InvariantViolation>
    /** Per member of the subtree, for the local days `from`–`to`: events, patrols, wishes fulfilled, zones. */
    readonly memberParticipation: (
      tenantId: string,
      branchId: string,
      from: Calendar.LocalDate,
      to: Calendar.LocalDate
    ) => Effect.Effect<ZoneReport.MemberParticipationReport, Errors.NotFound | Errors.InvariantViolation>
    /**
     * The dashboard's counts of a Party organisation's subtree for the local days `from`–`to`
     * (`BranchCounts`). `InvariantViolation` when the organisation is not a Party one or `from > to`.
     */
    readonly counts: (
      tenantId: string,
      branchId: string,
      from: Calendar.LocalDate,
      to: Calendar.LocalDate
    ) => Effect.Effect<BranchCounts, Errors.NotFound | Errors.InvariantViolation>
  }
>()("@bishui/services/Reports") {
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

/** The event categories the annual report counts (see `Report.annualBranchReport`). */
const reportedCategories = [
  "volunteer_labour",
  "publicity_campaign",
  "book_donation",
  "community_investment"
] as const

/** Text order, as the domain's reports sort zones (by code, then id). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Results computed from a tenant's records, kept with the tenant's revision they were computed at:
 * while the revision is unchanged nothing they read changed, so they are the results still. At most
 * `capacity` are kept, the least recently used dropped first.
 */
const keptAtRevision = <V>(capacity: number) => {
  const kept = new Map<string, { readonly revision: number; readonly value: V }>()
  return {
    /** The value kept under `key`, when it was computed at `revision`. */
    get: (key: string, revision: number | undefined): V | undefined => {
      const found = kept.get(key)
      if (revision === undefined || found === undefined || found.revision !== revision) return undefined
      kept.delete(key)
      kept.set(key, found)
      return found.value
    },
    /** Keeps a value read at `revision`, when that is still `before` (nothing changed while it was read). */
    keep: (key: string, revision: number | undefined, before: number | undefined, value: V): void => {
      if (revision === undefined || revision !== before) return
      kept.delete(key)
      kept.set(key, { revision, value })
      if (kept.size > capacity) kept.delete(kept.keys().next().value as string)
    }
  }
}

const make = Effect.gen(function* () {
  const records = yield* makeRecords
  const { store } = records
  /** Computed annual reports by tenant, branch and year. */
  const annualReports = keptAtRevision<Report.AnnualBranchReport>(32)

  /**
   * The counts of a subtree's ledgers for a period, in one snapshot with the tenant's revision: events by
   * category and day, patrols by zone, cases by status (what does not change with the clock alone).
   */
  const countLedgers = (
    tenantId: string,
    branchId: string,
    range: { readonly from: string; readonly to: string; readonly timeZone: TimeZone.TimeZone }
  ) =>
    store.transaction(
      Effect.gen(function* () {
        const organisations = yield* store.collection(Tables.organisations).all(tenantId)
        const branchIds = Tree.subtreeIds(organisations, branchId)
        const zones = (yield* store.collection(Tables.zones).all(tenantId))
          .filter((z) => branchIds.has(z.branchId))
          .sort((a, b) => byText(a.code, b.code) || byText(a.id, b.id))
        const within = { branch_id: [...branchIds] }
        return {
          revision: yield* store.revision(tenantId),
          counted: {
            branchIds,
            zones,
            events: yield* store
              .collection(Tables.serviceEvents)
              .countBy(tenantId, { where: within, ...range }, ["category", "date"]),
            patrols: yield* store
              .collection(Tables.patrolLogs)
              .countBy(tenantId, { where: { zone_id: zones.map((z) => z.id) }, ...range }, ["zone_id"]),
            cases: yield* store
              .collection(Tables.cases)
              .countBy(tenantId, { where: within, ...range }, ["status"])
          }
        }
      })
    )
  /** The dashboard's ledger counts by tenant, branch and period. */
  const ledgerCounts = keptAtRevision<Effect.Success<ReturnType<typeof countLedgers>>["counted"]>(64)

  /** The subtree's root, which must be a Party organisation, and the period, which must not run backwards. */
  const checkPeriod = Effect.fn("Reports.checkPeriod")(function* (
    tenantId: string,
    branchId: string,
    from: Calendar.LocalDate,
    to: Calendar.LocalDate
  ) {
    const branch = yield* records.referenced(Tables.organisations, tenantId, branchId)
    if (
      branch._tag !== "StandingBranch" &&
      branch._tag !== "TemporaryBranch" &&
      branch._tag !== "PartyGroup"
    ) {
      return yield* new Errors.InvariantViolation({
        entity: "organisation",
        entityId: branchId,
        rule: "report_on_party_organisation",
        message: `zone and member reports are made for a Party organisation; ${branchId} is a ${branch._tag}`
      })
    }
    if (from > to) {
      return yield* new Errors.InvariantViolation({
        entity: "organisation",
        entityId: branchId,
        rule: "period_from_not_after_to",
        message: `a report's period runs forwards; ${from} is after ${to}`
      })
    }
    const period: ZoneReport.Period = { from, to, timeZone: yield* timeZoneOf(store, tenantId) }
    return { branchId: branch.id as Ids.OrganisationId, period }
  })

  return Reports.of({
    annualBranchReport: Effect.fn("Reports.annualBranchReport")(function* (
      tenantId: string,
      branchId: string,
      year: number
    ) {
      // A report computed at the tenant's current revision is still the report: nothing it reads changed.
      const key = `${tenantId}\u0000${branchId}\u0000${year}`
      const before = yield* store.revision(tenantId)
      const cached = annualReports.get(key, before)
      if (cached !== undefined) return cached
      const branch = yield* records.referenced(Tables.organisations, tenantId, branchId)
      if (branch._tag !== "StandingBranch") {
        return yield* new Errors.InvariantViolation({
          entity: "organisation",
          entityId: branchId,
          rule: "report_on_standing_branch",
          message: `the annual report is made for a standing branch; ${branchId} is a ${branch._tag}`
        })
      }
      // Reads run in one transaction so the figures come from one consistent snapshot. Only the
      // records the fold can count are read, by indexed column — community events of the four
      // categories it counts in the report's year, the wishes fulfilled and the emergencies fixed in
      // the UTC range of the year's local days —: reading every event, wish and case made the
      // report's cost grow with all of the tenant's records and history (the fold counts the year's).
      const events = store.collection(Tables.serviceEvents)
      const days = { from: `${year}-01-01`, to: `${year}-12-31` }
      const { revision, ...input } = yield* store.transaction(
        Effect.gen(function* () {
          const timeZone = yield* timeZoneOf(store, tenantId)
          return yield* Effect.all(
            {
              revision: store.revision(tenantId),
              timeZone: Effect.succeed(timeZone),
              organisations: store.collection(Tables.organisations).all(tenantId),
              zones: store.collection(Tables.zones).all(tenantId),
              pioneerPosts: store.collection(Tables.pioneerPosts).all(tenantId),
              events: Effect.map(
                Effect.forEach(
                  reportedCategories,
                  (category) => allPages(events, tenantId, { where: { category }, ...days, timeZone }),
                  { concurrency: 1 }
                ),
                (lists) => lists.flat()
              ),
              wishes: allPages(store.collection(Tables.microWishes), tenantId, {
                orderBy: "fulfilled_at",
                ...days,
                timeZone
              }),
              cases: allPages(store.collection(Tables.cases), tenantId, {
                where: { kind: "emergency" },
                orderBy: "fixed_at",
                ...days,
                timeZone
              })
            },
            { concurrency: 1 }
          )
        })
      )
      const report = Report.annualBranchReport({ ...input, branch, year })
      // Some counts are sums of the records' counts (boats, crew, books): past 2^53 − 1 they are not
      // exact numbers any more, and the report could not be sent. Say which figure, not fail blindly.
      const inexact = report.figures.find(
        (f) => f.value._tag === "Count" && !Number.isSafeInteger(f.value.count)
      )
      if (inexact !== undefined) {
        return yield* new Errors.InvariantViolation({
          entity: "organisation",
          entityId: branchId,
          rule: "figure_is_exact",
          message: `the figure ${inexact.key} adds up to more than the largest exact count (2^53 − 1); correct the records behind it`
        })
      }
      // Kept only when nothing changed since `before` (the branch was read outside the snapshot).
      annualReports.keep(key, revision, before, report)
      return report
    }),
    zoneFigures: Effect.fn("Reports.zoneFigures")(function* (
      tenantId: string,
      branchId: string,
      from: Calendar.LocalDate,
      to: Calendar.LocalDate
    ) {
      const scope = yield* checkPeriod(tenantId, branchId, from, to)
      // Patrols — the ledger that grows by the million — are read by the UTC range of the period's days.
      const input = yield* store.transaction(
        Effect.all(
          {
            organisations: store.collection(Tables.organisations).all(tenantId),
            zones: store.collection(Tables.zones).all(tenantId),
            patrols: allPages(store.collection(Tables.patrolLogs), tenantId, scope.period),
            cases: store.collection(Tables.cases).all(tenantId)
          },
          { concurrency: 1 }
        )
      )
      // overdue: a due time passed before now (the `Clock`'s) without its stage reached
      return ZoneReport.zoneFigures({ ...input, ...scope, asOf: yield* now })
    }),
    counts: Effect.fn("Reports.counts")(function* (
      tenantId: string,
      branchId: string,
      from: Calendar.LocalDate,
      to: Calendar.LocalDate
    ) {
      const scope = yield* checkPeriod(tenantId, branchId, from, to)
      const asOf = yield* now
      const timeZone = scope.period.timeZone as TimeZone.TimeZone
      const range = { from, to, timeZone }
      // The ledgers' counts at the tenant's current revision are still the counts: nothing they read
      // changed (a page kept seconds and rendered again then costs no scan of the year's ledgers).
      // What turns with the clock alone — which cases are overdue — is counted every time.
      const key = `${tenantId}\u0000${scope.branchId}\u0000${from}\u0000${to}\u0000${timeZone}`
      const before = yield* store.revision(tenantId)
      let ledgers = ledgerCounts.get(key, before)
      if (ledgers === undefined) {
        const fresh = yield* countLedgers(tenantId, scope.branchId, range)
        ledgerCounts.keep(key, fresh.revision, before, fresh.counted)
        ledgers = fresh.counted
      }
      const cases = store.collection(Tables.cases)
      const counted = {
        ...ledgers,
        // overdue as the case list's filter reads it: the earliest due time still to be met is past
        overdue: yield* cases.countBy(
          tenantId,
          { where: { branch_id: [...ledgers.branchIds] }, ...range, lessThan: { next_due_at: asOf } },
          ["status"]
        )
      }
      // events by local day and category, added up by month (the day's first seven characters)
      const byMonth = new Map<string, number>()
      for (const { values, count } of counted.events) {
        const key = `${(values[1] ?? "").slice(0, 7)}\u0000${values[0] ?? ""}`
        byMonth.set(key, (byMonth.get(key) ?? 0) + count)
      }
      const events = [...byMonth]
        .map(([key, count]) => {
          const [month = "", category = ""] = key.split("\u0000")
          return { month, category: category as ServiceEvent.EventCategory, count }
        })
        .sort((a, b) => byText(a.month, b.month) || byText(a.category, b.category))
      const patrols = new Map(counted.patrols.map((row) => [row.values[0], row.count]))
      const isClosed = (status: string | undefined) => status !== undefined && Case.isClosedStatus(status)
      let total = 0
      let closed = 0
      let overdue = 0
      for (const { values, count } of counted.cases) {
        total += count
        if (isClosed(values[0])) closed += count
      }
      for (const { values, count } of counted.overdue) if (!isClosed(values[0])) overdue += count
      return {
        branchId: scope.branchId,
        from,
        to,
        timeZone,
        events,
        zones: counted.zones.map((z) => ({
          zoneId: z.id as string,
          code: z.code,
          name: z.name,
          patrols: patrols.get(z.id) ?? 0
        })),
        cases: { open: total - closed - overdue, overdue, closed }
      }
    }),
    memberParticipation: Effect.fn("Reports.memberParticipation")(function* (
      tenantId: string,
      branchId: string,
      from: Calendar.LocalDate,
      to: Calendar.LocalDate
    ) {
      const scope = yield* checkPeriod(tenantId, branchId, from, to)
      const input = yield* store.transaction(
        Effect.all(
          {
            organisations: store.collection(Tables.organisations).all(tenantId),
            members: store.collection(Tables.members).all(tenantId),
            zones: store.collection(Tables.zones).all(tenantId),
            patrols: allPages(store.collection(Tables.patrolLogs), tenantId, scope.period),
            events: allPages(store.collection(Tables.serviceEvents), tenantId, scope.period),
            wishes: allPages(store.collection(Tables.microWishes), tenantId, {
              ...scope.period,
              orderBy: "fulfilled_at"
            })
          },
          { concurrency: 1 }
        )
      )
      return ZoneReport.memberParticipation({ ...input, ...scope })
    })
  })
})

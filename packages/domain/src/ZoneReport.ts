/**
 * Figures for a period (from/to, local days of the tenant's zone, both inclusive) over a branch's
 * subtree, as pure folds: per responsibility zone — patrols, cases found and resolved, the cases that
 * met their due times and those that missed one, the median time to resolve and the litter collected
 * — and per member — events taken part in, patrols made, wishes fulfilled and zones they are
 * responsible for. Every figure lists the ids of the records behind it.
 */
import { BigDecimal, Schema } from "effect"
import { type Instant, LocalDate, millisBetween } from "./Calendar.ts"
import { type Case, counts, fixedAt } from "./Case.ts"
import { metEveryDeadline, missedADeadline } from "./CaseTiming.ts"
import { ServiceFigures, serviceOf } from "./CommunityService.ts"
import { MemberId, OrganisationId, ZoneId } from "./Ids.ts"
import type { Member } from "./Member.ts"
import type { MicroWish } from "./MicroWish.ts"
import type { Organisation } from "./Organisation.ts"
import { Count, Kilograms } from "./Quantity.ts"
import type { ServiceEvent } from "./ServiceEvent.ts"
import { defaultTimeZone, localDaysRange, TimeZone } from "./TimeZone.ts"
import { subtreeIds } from "./Tree.ts"
import type { PatrolLog, Zone } from "./Zone.ts"

const Ids = Schema.Array(Schema.String)

export const ZoneFigures = Schema.Struct({
  zoneId: ZoneId,
  code: Schema.String,
  name: Schema.String,
  branchId: OrganisationId,
  /** Patrols of the zone started in the period. */
  patrols: Count,
  /** Cases of the zone opened (first stage) in the period. */
  casesFound: Count,
  /** Cases of the zone fixed (`Case.fixedAt`: resolved or repaired) in the period. */
  casesResolved: Count,
  /** Of the cases found in the period, those that reached every stage with a due time by that time. */
  casesOnTime: Count,
  /**
   * Of the cases found in the period, those that missed a due time: reached its stage late, or had not
   * reached it when the report was made (`asOf`) although the time had passed. Cases still within
   * their time, and cases without due times, are in neither count.
   */
  casesOverdue: Count,
  /** Median hours from opening to fixing, over the cases resolved in the period; null when none. */
  medianHoursToResolve: Schema.NullOr(Schema.Finite),
  /** Exact sum of the litter recorded on the zone's patrols of the period. */
  litterCollected: Kilograms,
  basis: Schema.Struct({
    patrolIds: Ids,
    casesFoundIds: Ids,
    casesResolvedIds: Ids,
    casesOnTimeIds: Ids,
    casesOverdueIds: Ids
  })
})
export type ZoneFigures = typeof ZoneFigures.Type

export const ZoneFiguresReport = Schema.Struct({
  branchId: OrganisationId,
  from: LocalDate,
  to: LocalDate,
  /** The zone the days were cut in: the tenant's. */
  timeZone: TimeZone,
  /** The zones of the branch's subtree, by code. */
  zones: Schema.Array(ZoneFigures)
})
export type ZoneFiguresReport = typeof ZoneFiguresReport.Type

export const MemberParticipation = Schema.Struct({
  memberId: MemberId,
  name: Schema.String,
  homeBranchId: OrganisationId,
  /** Service events of the subtree in the period that list the member as a participant. */
  eventsParticipated: Count,
  /** Patrols the member started in the period in zones of the subtree. */
  patrols: Count,
  /** Wishes of the subtree the member claimed and that were fulfilled in the period. */
  wishesFulfilled: Count,
  /** Zones of the subtree the member is responsible for (now: zones keep no history). */
  zonesResponsible: Count,
  /**
   * Community service (在职党员报到 and the branch's work in communities): the events above linked to
   * a community, and the exact sum of the hours recorded for the member on them (`CommunityService`).
   */
  communityService: ServiceFigures,
  basis: Schema.Struct({ eventIds: Ids, patrolIds: Ids, wishIds: Ids, zoneIds: Ids })
})
export type MemberParticipation = typeof MemberParticipation.Type

export const MemberParticipationReport = Schema.Struct({
  branchId: OrganisationId,
  from: LocalDate,
  to: LocalDate,
  /** The zone the days were cut in: the tenant's. */
  timeZone: TimeZone,
  /** Members whose home branch or a temporary branch of theirs lies in the subtree, by name. */
  members: Schema.Array(MemberParticipation)
})
export type MemberParticipationReport = typeof MemberParticipationReport.Type

/**
 * A period of whole local days, both ends inclusive, in a time zone (the tenant's; Beijing time when
 * absent): an instant is in it when its local day is.
 */
export interface Period {
  readonly from: LocalDate
  readonly to: LocalDate
  readonly timeZone?: TimeZone | undefined
}

/** The UTC range of each period's local days, computed once per period (the folds ask per record). */
const ranges = new WeakMap<Period, { readonly start: string; readonly end: string }>()
const rangeOf = (period: Period) => {
  let range = ranges.get(period)
  if (range === undefined) {
    range = localDaysRange(period.from, period.to, period.timeZone ?? defaultTimeZone)
    ranges.set(period, range)
  }
  return range
}

/**
 * Whether a day (`YYYY-MM-DD`) or an instant (by its local day in the period's zone) falls in the
 * period. Instants compare as text with the UTC range of the period's days: no date arithmetic per record.
 */
export const inPeriod = (period: Period, value: string): boolean => {
  if (value.length === 10) return period.from <= value && value <= period.to
  const { end, start } = rangeOf(period)
  return start <= value && value < end
}

/** The median of numbers (the mean of the two middle ones for an even count); null for none. */
export const median = (values: ReadonlyArray<number>): number | null => {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

const millisPerHour = 3_600_000

/** Hours from a case's opening (its first stage) to its fixing; undefined while it is not fixed. */
export const hoursToResolve = (c: Case): number | undefined => {
  const fixed = fixedAt(c)
  return fixed === undefined ? undefined : millisBetween(c.stages[0].at, fixed) / millisPerHour
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const ids = (records: ReadonlyArray<{ readonly id: string }>) => records.map((r) => r.id)
const kilogramsOf = (patrols: ReadonlyArray<PatrolLog>): BigDecimal.BigDecimal => {
  let total = BigDecimal.fromBigInt(0n)
  for (const p of patrols)
    if (p.litterCollected !== undefined) total = BigDecimal.sum(total, p.litterCollected)
  return BigDecimal.normalize(total)
}

export interface ZoneFiguresInput {
  readonly branchId: OrganisationId
  readonly period: Period
  readonly organisations: ReadonlyArray<Organisation>
  readonly zones: ReadonlyArray<Zone>
  readonly patrols: ReadonlyArray<PatrolLog>
  readonly cases: ReadonlyArray<Case>
  /** When the report is made: a due time passed before it and not met makes a case overdue. */
  readonly asOf: Instant
}

/**
 * Per zone of the branch's subtree, its figures for the period. Records of other zones are ignored,
 * and so are cases closed as spam or duplicates (`Case.counts`): they count nowhere.
 */
export const zoneFigures = (input: ZoneFiguresInput): ZoneFiguresReport => {
  const { period } = input
  const branchIds = subtreeIds(input.organisations, input.branchId)
  const zones = input.zones
    .filter((z) => branchIds.has(z.branchId))
    .sort((a, b) => byText(a.code, b.code) || byText(a.id, b.id))
  const figures = zones.map((zone): ZoneFigures => {
    const patrols = input.patrols.filter((p) => p.zoneId === zone.id && inPeriod(period, p.startedAt))
    const cases = input.cases.filter((c) => c.zoneId === zone.id && counts(c))
    const found = cases.filter((c) => inPeriod(period, c.stages[0].at))
    const onTime = found.filter(metEveryDeadline)
    const overdue = found.filter((c) => missedADeadline(c, input.asOf))
    const resolved = cases.filter((c) => {
      const fixed = fixedAt(c)
      return fixed !== undefined && inPeriod(period, fixed)
    })
    return {
      zoneId: zone.id,
      code: zone.code,
      name: zone.name,
      branchId: zone.branchId,
      patrols: patrols.length,
      casesFound: found.length,
      casesResolved: resolved.length,
      casesOnTime: onTime.length,
      casesOverdue: overdue.length,
      medianHoursToResolve: median(resolved.map((c) => hoursToResolve(c) as number)),
      litterCollected: kilogramsOf(patrols),
      basis: {
        patrolIds: ids(patrols),
        casesFoundIds: ids(found),
        casesResolvedIds: ids(resolved),
        casesOnTimeIds: ids(onTime),
        casesOverdueIds: ids(overdue)
      }
    }
  })
  return {
    branchId: input.branchId,
    from: period.from,
    to: period.to,
    timeZone: period.timeZone ?? defaultTimeZone,
    zones: figures
  }
}

export interface MemberParticipationInput {
  readonly branchId: OrganisationId
  readonly period: Period
  readonly organisations: ReadonlyArray<Organisation>
  readonly members: ReadonlyArray<Member>
  readonly zones: ReadonlyArray<Zone>
  readonly patrols: ReadonlyArray<PatrolLog>
  readonly events: ReadonlyArray<ServiceEvent>
  readonly wishes: ReadonlyArray<MicroWish>
}

/** Per member of the branch's subtree, what they took part in during the period within the subtree. */
export const memberParticipation = (input: MemberParticipationInput): MemberParticipationReport => {
  const { period } = input
  const branchIds = subtreeIds(input.organisations, input.branchId)
  const inBranch = (record: { readonly branchId: string }) => branchIds.has(record.branchId)
  const zones = input.zones.filter(inBranch)
  const zoneIds = new Set(zones.map((z) => z.id))
  const events = input.events.filter((e) => inBranch(e) && inPeriod(period, e.date))
  const patrols = input.patrols.filter((p) => zoneIds.has(p.zoneId) && inPeriod(period, p.startedAt))
  const fulfilled = input.wishes.filter(
    (w) => inBranch(w) && w.state._tag === "Fulfilled" && inPeriod(period, w.state.fulfilledAt)
  )
  const members = input.members
    .filter(
      (m) => branchIds.has(m.homeBranchId) || m.temporaryMemberships.some((t) => branchIds.has(t.branchId))
    )
    .sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id))
  const rows = members.map((member): MemberParticipation => {
    const own = {
      events: events.filter((e) => e.participantIds.includes(member.id)),
      patrols: patrols.filter((p) => p.memberId === member.id),
      wishes: fulfilled.filter((w) => w.state._tag === "Fulfilled" && w.state.claimantId === member.id),
      zones: zones.filter((z) => z.responsibleMemberId === member.id)
    }
    return {
      memberId: member.id,
      name: member.name,
      homeBranchId: member.homeBranchId,
      eventsParticipated: own.events.length,
      patrols: own.patrols.length,
      wishesFulfilled: own.wishes.length,
      zonesResponsible: own.zones.length,
      communityService: serviceOf(member.id, own.events),
      basis: {
        eventIds: ids(own.events),
        patrolIds: ids(own.patrols),
        wishIds: ids(own.wishes),
        zoneIds: ids(own.zones)
      }
    }
  })
  return {
    branchId: input.branchId,
    from: period.from,
    to: period.to,
    timeZone: period.timeZone ?? defaultTimeZone,
    members: rows
  }
}

/** The figures of one zone of a report, by id. */
export const zoneOf = (report: ZoneFiguresReport, zoneId: string): ZoneFigures | undefined =>
  report.zones.find((z) => z.zoneId === zoneId)

/** The participation of one member of a report, by id. */
export const memberOf = (
  report: MemberParticipationReport,
  memberId: string
): MemberParticipation | undefined => report.members.find((m) => m.memberId === memberId)

/**
 * 在职党员到社区报到: a member in employment registers with the residential community they live in
 * (`Member.communityRegistration`) and serves there. The service is recorded as participation in
 * events linked to the community, with the hours each participant served where they were recorded
 * (`ServiceEvent.participantHours`); a member's own service is an event of its own
 * (`community_service`) with the member as its only participant. Here: who is registered where,
 * the rule for recording a member's service, and the count of a member's sessions and hours.
 */
import { type BigDecimal, Result, Schema } from "effect"
import type { LocalDate } from "./Calendar.ts"
import { InvariantViolation } from "./Errors.ts"
import { type MemberId, type OrganisationId, ServiceEventId, type TenantId } from "./Ids.ts"
import type { Member, SanZhangRole } from "./Member.ts"
import type { Community } from "./Organisation.ts"
import { Count, Hours, sumHours } from "./Quantity.ts"
import { hoursOf, type ParticipantHours, type ServiceEvent } from "./ServiceEvent.ts"

/** The part-time 三长 roles in words. */
export const sanZhangLabels: Record<SanZhangRole, { readonly zh: string; readonly en: string }> = {
  building_head: { zh: "楼长", en: "building head" },
  unit_head: { zh: "单元长", en: "unit head" },
  grid_head: { zh: "网格长", en: "grid head" }
}

/** A member's service in a set of events: sessions taken part in, and the hours recorded for them. */
export const ServiceFigures = Schema.Struct({
  /** Events linked to a community that list the member as a participant. */
  sessions: Count,
  /** Exact sum of the hours recorded for the member on those events. */
  hours: Hours,
  /** Sessions whose hours were not recorded (they add no hours). */
  sessionsWithoutHours: Count,
  eventIds: Schema.Array(ServiceEventId)
})
export type ServiceFigures = typeof ServiceFigures.Type

/**
 * A member's community service in `events`: the events linked to a community (any, or `communityId`)
 * that list the member, and the hours recorded for the member on them. The caller chooses the events
 * (a period, a branch subtree).
 */
export const serviceOf = (
  memberId: string,
  events: ReadonlyArray<ServiceEvent>,
  communityId?: string
): ServiceFigures => {
  const sessions = events.filter(
    (e) =>
      e.links.communityId !== undefined &&
      (communityId === undefined || e.links.communityId === communityId) &&
      e.participantIds.includes(memberId as MemberId)
  )
  const hours: Array<BigDecimal.BigDecimal> = []
  let withoutHours = 0
  for (const e of sessions) {
    const h = hoursOf(e, memberId)
    if (h === undefined) withoutHours++
    else hours.push(h)
  }
  return {
    sessions: sessions.length,
    hours: sumHours(hours),
    sessionsWithoutHours: withoutHours,
    eventIds: sessions.map((e) => e.id)
  }
}

/** Whether a member is registered at a community (on a day: registered on or before it). */
export const isRegisteredAt = (member: Member, communityId: string, on?: LocalDate): boolean => {
  const registration = member.communityRegistration
  return (
    registration !== undefined &&
    registration.communityId === communityId &&
    (on === undefined || registration.registeredOn <= on)
  )
}

/** A member records service at the community they are registered with, from the day they registered. */
export const checkServiceAt = (
  member: Member,
  communityId: string,
  date: LocalDate
): Result.Result<Member, InvariantViolation> => {
  if (isRegisteredAt(member, communityId, date)) return Result.succeed(member)
  const registration = member.communityRegistration
  return Result.fail(
    new InvariantViolation({
      entity: "member",
      entityId: member.id,
      rule: "service_at_registered_community",
      message:
        registration === undefined
          ? `${member.name} is not registered with a community (在职党员报到); register first`
          : registration.communityId !== communityId
            ? `${member.name} is registered with ${registration.communityId}, not ${communityId}`
            : `${member.name} registered with ${communityId} on ${registration.registeredOn}, after ${date}`
    })
  )
}

/** What a member's own service at their community says: when, how long, what (optional). */
export interface ServiceRecord {
  readonly id: ServiceEventId
  readonly member: Member
  readonly community: Community
  readonly date: LocalDate
  readonly hours: ParticipantHours["hours"]
  readonly title?: string | undefined
  readonly place?: string | undefined
  readonly notes?: string | undefined
}

/**
 * The event that records a member's own service at their community: category `community_service`,
 * under the member's home branch, linked to the community, the member its one participant with the
 * hours served. The title defaults to 「<社区>在职党员报到服务」.
 */
export const serviceEvent = (record: ServiceRecord): ServiceEvent => ({
  id: record.id,
  tenantId: record.member.tenantId as TenantId,
  branchId: record.member.homeBranchId as OrganisationId,
  category: "community_service",
  title: record.title ?? `${record.community.name}在职党员报到服务`,
  date: record.date,
  ...(record.place === undefined ? {} : { place: record.place }),
  links: { communityId: record.community.id },
  participantIds: [record.member.id],
  participantHours: [{ memberId: record.member.id, hours: record.hours }],
  outcomes: [],
  ...(record.notes === undefined ? {} : { notes: record.notes })
})

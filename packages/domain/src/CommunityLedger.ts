/**
 * The pairing ledger of a community (结对共建台账) for a year, as a pure fold: the events held there,
 * by category; the money invested and the books donated, counted as the annual report counts them
 * (money on `community_investment` events, books on `book_donation` events), exact and the way the
 * article writes them (2.3万元, 80余本); the community's micro-wishes posted and fulfilled in the year;
 * and the members registered there (在职党员报到), each with the service they did there in the year.
 *
 * Dates of events are local days already; instants (wishes) are cut in the tenant's time zone. A
 * scope of branches limits every record to those branches' (events, wishes, and members by home
 * branch), so a reader sees only what they may read.
 */
import { Schema } from "effect"
import { LocalDate, yearOf } from "./Calendar.ts"
import { ServiceFigures, sanZhangLabels, serviceOf } from "./CommunityService.ts"
import { MemberId, MicroWishId, OrganisationId, ServiceEventId } from "./Ids.ts"
import { type Member, SanZhangRole } from "./Member.ts"
import type { MicroWish } from "./MicroWish.ts"
import type { Community } from "./Organisation.ts"
import { presentCny, presentCnyExact, presentCount, presentExact } from "./Presentation.ts"
import { Cny, Count, Hours, sumCny, sumHours } from "./Quantity.ts"
import { EventCategory, eventCategories, type ServiceEvent } from "./ServiceEvent.ts"
import { localYearOf, TimeZone } from "./TimeZone.ts"

const Words = Schema.Struct({ zh: Schema.String, en: Schema.String })

/** Event categories in English, for the ledger's bilingual tallies. */
export const categoryEnglish: Record<EventCategory, string> = {
  theme_party_day: "theme Party day",
  litter_clearing: "litter clearing",
  tree_planting: "tree planting",
  regulation_publicity: "regulation publicity",
  site_lecture: "lecture on a project site",
  summer_cooling: "summer cooling supplies",
  safety_education: "safety education",
  volunteer_labour: "volunteer labour",
  publicity_campaign: "publicity campaign",
  book_donation: "book donation",
  community_investment: "investment in community facilities",
  pioneer_post_duty: "pioneer-post duty",
  community_service: "service by registered members",
  other: "other"
}

export const LedgerEvent = Schema.Struct({
  id: ServiceEventId,
  branchId: OrganisationId,
  date: LocalDate,
  category: EventCategory,
  title: Schema.String
})
export type LedgerEvent = typeof LedgerEvent.Type

export const CategoryTally = Schema.Struct({
  category: EventCategory,
  label: Words,
  count: Count,
  /** `23次` */
  exact: Schema.String,
  /** `20余次` */
  presented: Schema.String,
  eventIds: Schema.Array(ServiceEventId)
})
export type CategoryTally = typeof CategoryTally.Type

export const RegisteredMember = Schema.Struct({
  memberId: MemberId,
  name: Schema.String,
  homeBranchId: OrganisationId,
  registeredOn: LocalDate,
  sanZhangRole: Schema.optionalKey(SanZhangRole),
  /** The 三长 role in words: 网格长 / grid head. */
  sanZhangLabel: Schema.optionalKey(Words),
  /** Registered during the year (not before it). */
  newThisYear: Schema.Boolean,
  /**
   * The member's sessions and hours at this community in the year. Figures about a person: left out
   * for a reader who may not see the member's personal data.
   */
  service: Schema.optionalKey(ServiceFigures)
})
export type RegisteredMember = typeof RegisteredMember.Type

export const CommunityLedger = Schema.Struct({
  communityId: OrganisationId,
  name: Schema.String,
  district: Schema.String,
  pairedBranchIds: Schema.Array(OrganisationId),
  year: Schema.Int,
  timeZone: TimeZone,
  /** The events linked to the community in the year, by date. */
  events: Schema.Array(LedgerEvent),
  /** The same events counted per category (only categories that occur), in the taxonomy's order. */
  byCategory: Schema.Array(CategoryTally),
  /** Money recorded on the year's `community_investment` events here. */
  invested: Schema.Struct({
    amount: Cny,
    /** `23,000元` */
    exact: Schema.String,
    /** `2.3万元` */
    presented: Schema.String,
    eventIds: Schema.Array(ServiceEventId)
  }),
  /** Books recorded on the year's `book_donation` events here. */
  booksDonated: Schema.Struct({
    count: Count,
    exact: Schema.String,
    presented: Schema.String,
    /** Whether any record holds an approximate figure (a ledger's 80余本). */
    fromApproximateRecords: Schema.Boolean,
    eventIds: Schema.Array(ServiceEventId)
  }),
  /** The community's micro-wishes posted in the year, and those fulfilled in it (local time). */
  wishes: Schema.Struct({
    posted: Count,
    postedIds: Schema.Array(MicroWishId),
    fulfilled: Count,
    fulfilledIds: Schema.Array(MicroWishId)
  }),
  /** Members registered here by the end of the year (在职党员报到), by name. */
  members: Schema.Struct({
    registered: Count,
    newlyRegistered: Count,
    list: Schema.Array(RegisteredMember)
  }),
  /** Every participant's service in the year's events here: member-sessions and the hours recorded. */
  service: Schema.Struct({ memberSessions: Count, hours: Hours })
})
export type CommunityLedger = typeof CommunityLedger.Type

export interface CommunityLedgerInput {
  readonly community: Community
  readonly year: number
  readonly timeZone: TimeZone
  /** Events to look at; those of other communities or years are ignored. */
  readonly events: ReadonlyArray<ServiceEvent>
  /** Wishes to look at; those of other communities are ignored. */
  readonly wishes: ReadonlyArray<MicroWish>
  /** Members to look at; those not registered here are ignored. */
  readonly members: ReadonlyArray<Member>
  /** The branches whose records count (events and wishes by branch, members by home branch); all when absent. */
  readonly branchIds?: ReadonlySet<string> | undefined
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const categoryOrder = Object.keys(eventCategories) as ReadonlyArray<EventCategory>

/** Fold a community's records into its ledger for a year. */
export const communityLedger = (input: CommunityLedgerInput): CommunityLedger => {
  const { community, year, timeZone, branchIds } = input
  const inScope = (branchId: string) => branchIds === undefined || branchIds.has(branchId)
  const events = input.events
    .filter((e) => e.links.communityId === community.id && yearOf(e.date) === year && inScope(e.branchId))
    .sort((a, b) => byText(a.date, b.date) || byText(a.id, b.id))
  const ofCategory = (category: EventCategory) => events.filter((e) => e.category === category)

  const byCategory = categoryOrder.flatMap((category): Array<CategoryTally> => {
    const found = ofCategory(category)
    if (found.length === 0) return []
    return [
      {
        category,
        label: { zh: eventCategories[category], en: categoryEnglish[category] },
        count: found.length,
        exact: presentExact(found.length, "次"),
        presented: presentCount(found.length, "次"),
        eventIds: found.map((e) => e.id)
      }
    ]
  })

  const investments = ofCategory("community_investment")
  const amount = sumCny(
    investments.flatMap((e) =>
      e.outcomes.flatMap((o) => (o.quantity._tag === "Money" ? [o.quantity.amount] : []))
    )
  )
  const donations = ofCategory("book_donation")
  const bookOutcomes = donations.flatMap((e) => e.outcomes.filter((o) => o.quantity._tag === "Books"))
  const books = bookOutcomes.reduce((n, o) => n + (o.quantity._tag === "Books" ? o.quantity.count : 0), 0)

  const wishes = input.wishes.filter((w) => w.communityId === community.id && inScope(w.branchId))
  const posted = wishes.filter((w) => localYearOf(w.postedAt, timeZone) === year)
  const fulfilled = wishes.filter(
    (w) => w.state._tag === "Fulfilled" && localYearOf(w.state.fulfilledAt, timeZone) === year
  )

  const yearEnd = `${String(year).padStart(4, "0")}-12-31`
  const yearStart = `${String(year).padStart(4, "0")}-01-01`
  const registered = input.members
    .filter(
      (m) =>
        m.communityRegistration?.communityId === community.id &&
        m.communityRegistration.registeredOn <= yearEnd &&
        inScope(m.homeBranchId)
    )
    .sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id))
  const list = registered.map((m): RegisteredMember => {
    const registration = m.communityRegistration as NonNullable<Member["communityRegistration"]>
    return {
      memberId: m.id,
      name: m.name,
      homeBranchId: m.homeBranchId,
      registeredOn: registration.registeredOn,
      ...(registration.sanZhangRole === undefined
        ? {}
        : {
            sanZhangRole: registration.sanZhangRole,
            sanZhangLabel: sanZhangLabels[registration.sanZhangRole]
          }),
      newThisYear: registration.registeredOn >= yearStart,
      service: serviceOf(m.id, events, community.id)
    }
  })

  return {
    communityId: community.id,
    name: community.name,
    district: community.district,
    pairedBranchIds: community.pairedBranchIds,
    year,
    timeZone,
    events: events.map((e) => ({
      id: e.id,
      branchId: e.branchId,
      date: e.date,
      category: e.category,
      title: e.title
    })),
    byCategory,
    invested: {
      amount,
      exact: presentCnyExact(amount),
      presented: presentCny(amount),
      eventIds: investments.map((e) => e.id)
    },
    booksDonated: {
      count: books,
      exact: presentExact(books, "本"),
      presented: presentCount(books, "本"),
      fromApproximateRecords: bookOutcomes.some((o) => o.approximate === true),
      eventIds: donations.map((e) => e.id)
    },
    wishes: {
      posted: posted.length,
      postedIds: posted.map((w) => w.id),
      fulfilled: fulfilled.length,
      fulfilledIds: fulfilled.map((w) => w.id)
    },
    members: {
      registered: list.length,
      newlyRegistered: list.filter((m) => m.newThisYear).length,
      list
    },
    service: {
      memberSessions: events.reduce((n, e) => n + e.participantIds.length, 0),
      hours: sumHours(events.flatMap((e) => (e.participantHours ?? []).map((h) => h.hours)))
    }
  }
}

/**
 * The ledger for a reader: each registered member's service figures kept only where `maySee` says
 * the reader may see that member's personal data (by home branch), as member reports are.
 */
export const forReader = (
  ledger: CommunityLedger,
  maySee: (homeBranchId: string) => boolean
): CommunityLedger => ({
  ...ledger,
  members: {
    ...ledger.members,
    list: ledger.members.list.map((m) => {
      if (maySee(m.homeBranchId)) return m
      const { service: _service, ...rest } = m
      return rest
    })
  }
})

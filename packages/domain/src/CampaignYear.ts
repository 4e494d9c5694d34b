/**
 * A branch's recurring campaigns in one year (every November, the river regulations): for each campaign
 * running that year, whether it was **done**, is still **due**, or was **missed** — a pure fold of the
 * campaigns, the events and the moment now in the tenant's time zone.
 *
 * The rule: a campaign is done when an event that carries it out (`ServiceEvent.campaignId`) is dated
 * in the campaign's month of that year and that day has come (today or earlier, local time); while the
 * month has not ended (local time), it is due; once the month has ended with no such event, it was
 * missed. Only the link counts: an event of the same category in the month that names no campaign is
 * listed beside it as unlinked, for the secretary to link, but does not make the campaign done — a
 * second regulation publicity that month may well be another campaign's or none.
 */
import { Schema } from "effect"
import { Instant, LocalDate } from "./Calendar.ts"
import { CampaignId, OrganisationId, ServiceEventId } from "./Ids.ts"
import type { Organisation } from "./Organisation.ts"
import { Count } from "./Quantity.ts"
import {
  type Campaign,
  EventCategory,
  eventCategories,
  isCampaignDueIn,
  type ServiceEvent
} from "./ServiceEvent.ts"
import { localDateOf, TimeZone } from "./TimeZone.ts"
import { subtreeIds } from "./Tree.ts"

export const CampaignStatus = Schema.Literals(["done", "due", "missed"])
export type CampaignStatus = typeof CampaignStatus.Type

const Words = Schema.Struct({ zh: Schema.String, en: Schema.String })

/** The statuses in words. */
export const campaignStatusLabels: Record<CampaignStatus, typeof Words.Type> = {
  done: { zh: "已开展", en: "done" },
  due: { zh: "待开展", en: "due" },
  missed: { zh: "未开展", en: "missed" }
}

const monthNames = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December"
] as const

/** An event as a campaign's year lists it. */
export const CampaignEvent = Schema.Struct({
  id: ServiceEventId,
  title: Schema.String,
  date: LocalDate,
  /** Whether its day has come (today or earlier in the tenant's time zone). */
  happened: Schema.Boolean
})
export type CampaignEvent = typeof CampaignEvent.Type

export const CampaignInYear = Schema.Struct({
  campaignId: CampaignId,
  name: Schema.String,
  branchId: OrganisationId,
  category: EventCategory,
  /** The category in the article's words: 法规宣传. */
  categoryLabel: Schema.String,
  /** The month (1–12) the campaign recurs in. */
  month: Schema.Int,
  /** The first and last day of that month in the year. */
  from: LocalDate,
  to: LocalDate,
  status: CampaignStatus,
  /** The status in words: 已开展 / done. */
  label: Words,
  /** One line: 2023年11月已开展（1次） / November 2023: done (1 event). */
  summary: Words,
  /** The events of the campaign dated in its month of the year, by date. */
  events: Schema.Array(CampaignEvent),
  /** Events of the branch's subtree of the campaign's category in the month that carry out no campaign. */
  unlinkedEvents: Schema.Array(CampaignEvent)
})
export type CampaignInYear = typeof CampaignInYear.Type

export const CampaignYear = Schema.Struct({
  branchId: OrganisationId,
  year: Schema.Int,
  /** The moment the statuses were decided at, and its local day in the tenant's zone. */
  asOf: Instant,
  today: LocalDate,
  timeZone: TimeZone,
  /** The campaigns of the branch's subtree running in the year (started by it, not ended before it). */
  campaigns: Schema.Array(CampaignInYear),
  totals: Schema.Struct({ done: Count, due: Count, missed: Count })
})
export type CampaignYear = typeof CampaignYear.Type

export interface CampaignYearInput {
  readonly branchId: OrganisationId
  readonly year: number
  readonly organisations: ReadonlyArray<Organisation>
  readonly campaigns: ReadonlyArray<Campaign>
  /** The events to look at; those outside the subtree, the campaigns' months or the year are ignored. */
  readonly events: ReadonlyArray<ServiceEvent>
  readonly now: Instant
  readonly timeZone: TimeZone
}

const pad2 = (n: number) => String(n).padStart(2, "0")
const pad4 = (n: number) => String(n).padStart(4, "0")
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

/** The first and last day of a month of a year. */
export const monthDays = (
  year: number,
  month: number
): { readonly from: LocalDate; readonly to: LocalDate } => ({
  from: `${pad4(year)}-${pad2(month)}-01` as LocalDate,
  to: `${pad4(year)}-${pad2(month)}-${pad2(daysIn(year, month))}` as LocalDate
})

/**
 * The status of a campaign's month from the days of its events and today (all local days): done when
 * one of them has come, else due until the month's last day has passed, else missed.
 */
export const statusOf = (
  month: { readonly to: LocalDate },
  eventDates: ReadonlyArray<LocalDate>,
  today: LocalDate
): CampaignStatus => (eventDates.some((d) => d <= today) ? "done" : today <= month.to ? "due" : "missed")

const byDate = (a: ServiceEvent, b: ServiceEvent) =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

const summaryOf = (
  status: CampaignStatus,
  year: number,
  month: number,
  done: number,
  planned: number
): typeof Words.Type => {
  const zhMonth = `${year}年${month}月`
  const enMonth = `${monthNames[month - 1]} ${year}`
  switch (status) {
    case "done":
      return {
        zh: `${zhMonth}已开展（${done}次）`,
        en: `${enMonth}: done (${done} ${done === 1 ? "event" : "events"})`
      }
    case "due":
      return planned > 0
        ? {
            zh: `${zhMonth}待开展（已安排${planned}次）`,
            en: `${enMonth}: due (${planned} planned ${planned === 1 ? "event" : "events"})`
          }
        : { zh: `${zhMonth}待开展`, en: `${enMonth}: due` }
    case "missed":
      return { zh: `${zhMonth}未开展`, en: `${enMonth}: missed (no event of the campaign)` }
  }
}

/** The campaigns of a branch's subtree in a year, each done, due or missed as of `now`. */
export const campaignYear = (input: CampaignYearInput): CampaignYear => {
  const { year } = input
  const branchIds = subtreeIds(input.organisations, input.branchId)
  const today = localDateOf(input.now, input.timeZone)
  const campaigns = input.campaigns
    .filter((c) => branchIds.has(c.branchId) && isCampaignDueIn(c, year))
    .sort(
      (a, b) =>
        a.recursInMonth - b.recursInMonth ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    )
  const listed = (e: ServiceEvent): CampaignEvent => ({
    id: e.id,
    title: e.title,
    date: e.date,
    happened: e.date <= today
  })
  const rows = campaigns.map((campaign): CampaignInYear => {
    const month = monthDays(year, campaign.recursInMonth)
    const inMonth = (e: ServiceEvent) => e.date >= month.from && e.date <= month.to
    const events = input.events.filter((e) => e.campaignId === campaign.id && inMonth(e)).sort(byDate)
    const unlinked = input.events
      .filter(
        (e) =>
          e.campaignId === undefined &&
          e.category === campaign.category &&
          branchIds.has(e.branchId) &&
          inMonth(e)
      )
      .sort(byDate)
    const status = statusOf(
      month,
      events.map((e) => e.date),
      today
    )
    const happened = events.filter((e) => e.date <= today).length
    return {
      campaignId: campaign.id,
      name: campaign.name,
      branchId: campaign.branchId,
      category: campaign.category,
      categoryLabel: eventCategories[campaign.category],
      month: campaign.recursInMonth,
      from: month.from,
      to: month.to,
      status,
      label: campaignStatusLabels[status],
      summary: summaryOf(status, year, campaign.recursInMonth, happened, events.length - happened),
      events: events.map(listed),
      unlinkedEvents: unlinked.map(listed)
    }
  })
  const count = (status: CampaignStatus) => rows.filter((r) => r.status === status).length
  return {
    branchId: input.branchId,
    year,
    asOf: input.now,
    today,
    timeZone: input.timeZone,
    campaigns: rows,
    totals: { done: count("done"), due: count("due"), missed: count("missed") }
  }
}

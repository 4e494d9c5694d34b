/**
 * The annual branch report as a pure fold from records to figures. Every figure carries its exact
 * value, the article's presentation (20余次, 2.3万元) and the basis it was computed from: which kind of
 * record, which filter, and the ids of the records behind it — so a reader can check any figure.
 */
import { type BigDecimal, Schema } from "effect"
import { yearOf } from "./Calendar.ts"
import { type Case, counts, fixedAt } from "./Case.ts"
import { describeStageDurations } from "./CaseTiming.ts"
import { EntityKind } from "./Errors.ts"
import type { MicroWish } from "./MicroWish.ts"
import { type Organisation, type StandingBranch, wasActiveInYear } from "./Organisation.ts"
import { type PioneerPost, wasOpenDuring } from "./PioneerPost.ts"
import {
  presentCnyExact,
  presentCount,
  presentExact,
  roundDownCny,
  roundDownTwoSignificant
} from "./Presentation.ts"
import { Cny, Count, sumCny } from "./Quantity.ts"
import type { EventCategory, ServiceEvent } from "./ServiceEvent.ts"
import { localYearOf, TimeZone } from "./TimeZone.ts"
import { subtreeIds } from "./Tree.ts"
import type { Zone } from "./Zone.ts"

export const FigureKey = Schema.Literals([
  "responsibility_zones",
  "salvage_boats",
  "salvage_workers",
  "temporary_branches",
  "pioneer_posts",
  "volunteer_labour_sessions",
  "publicity_campaigns",
  "micro_wishes_fulfilled",
  "books_donated",
  "community_investment",
  "emergencies_handled"
])
export type FigureKey = typeof FigureKey.Type

export const FigureValue = Schema.Union([
  Schema.TaggedStruct("Count", { count: Count }),
  Schema.TaggedStruct("Money", { amount: Cny })
])
export type FigureValue = typeof FigureValue.Type

/** The records a figure was computed from: the kind, a filter a list endpoint understands, and their ids. */
export const FigureBasis = Schema.Struct({
  entity: EntityKind,
  description: Schema.String,
  filter: Schema.Record(Schema.String, Schema.String),
  recordIds: Schema.Array(Schema.String)
})
export type FigureBasis = typeof FigureBasis.Type

export const Figure = Schema.Struct({
  key: FigureKey,
  label: Schema.Struct({ zh: Schema.String, en: Schema.String }),
  value: FigureValue,
  /** The exact value with its unit: `23次`, `23,000元`. */
  exact: Schema.String,
  /** The article's presentation: `20余次`, `2.3万元`. */
  presented: Schema.String,
  /** Whether the presentation dropped something (it carries 余: 20余次, 2.5万余元). */
  rounded: Schema.Boolean,
  /** Whether any record behind the figure holds an approximate quantity (a ledger's 80余本). */
  fromApproximateRecords: Schema.Boolean,
  basis: FigureBasis
})
export type Figure = typeof Figure.Type

export const AnnualBranchReport = Schema.Struct({
  branchId: Schema.String,
  branchName: Schema.String,
  year: Schema.Int,
  /** The zone the year was cut in: the tenant's (a Beijing-time year by default). */
  timeZone: TimeZone,
  figures: Schema.Array(Figure)
})
export type AnnualBranchReport = typeof AnnualBranchReport.Type

/**
 * Everything the report reads. Records outside the branch's subtree or the year are ignored. The
 * year is the tenant's local one: an instant (a wish's fulfilment, an emergency's repair) counts in
 * the year its local day falls in, in `timeZone`.
 */
export interface ReportInput {
  readonly branch: StandingBranch
  readonly year: number
  readonly timeZone: TimeZone
  readonly organisations: ReadonlyArray<Organisation>
  readonly zones: ReadonlyArray<Zone>
  readonly pioneerPosts: ReadonlyArray<PioneerPost>
  readonly events: ReadonlyArray<ServiceEvent>
  readonly wishes: ReadonlyArray<MicroWish>
  readonly cases: ReadonlyArray<Case>
}

/**
 * How a count is presented. The article rounds tallies of activity ("20余次", "80余本") but prints
 * inventories exactly ("16条打捞船、32名打捞人员"), so each figure says which it is.
 */
type CountStyle = "tally" | "inventory"

const countFigure = (
  key: FigureKey,
  label: { zh: string; en: string },
  unit: string,
  count: number,
  basis: FigureBasis,
  style: CountStyle,
  fromApproximateRecords = false
): Figure => {
  const rounded = style === "tally" && roundDownTwoSignificant(count).approximate
  return {
    key,
    label,
    value: { _tag: "Count", count },
    exact: presentExact(count, unit),
    presented: style === "tally" ? presentCount(count, unit) : presentExact(count, unit),
    rounded,
    fromApproximateRecords,
    basis
  }
}

const moneyFigure = (
  key: FigureKey,
  label: { zh: string; en: string },
  amount: BigDecimal.BigDecimal,
  basis: FigureBasis
): Figure => {
  const { approximate, text } = roundDownCny(amount)
  return {
    key,
    label,
    value: { _tag: "Money", amount },
    exact: presentCnyExact(amount),
    presented: text,
    rounded: approximate,
    fromApproximateRecords: false,
    basis
  }
}

const ids = (records: ReadonlyArray<{ readonly id: string }>) => records.map((r) => r.id)

/** Fold a branch's records into its annual report. */
export const annualBranchReport = (input: ReportInput): AnnualBranchReport => {
  const { branch, timeZone, year } = input
  const branchIds = subtreeIds(input.organisations, branch.id)
  const inBranch = (record: { readonly branchId: string }) => branchIds.has(record.branchId)
  const from = `${year}-01-01`
  const to = `${year}-12-31`
  // Every filter is one the list endpoints understand, so a figure's records are listed exactly:
  // `within` is the branch's subtree; day ranges on instants are cut in the tenant's zone.
  const scope = { within: branch.id }
  const period = { ...scope, from, to }

  const zones = input.zones.filter(inBranch)
  const temporaryBranches = input.organisations.filter(
    (o) => o._tag === "TemporaryBranch" && branchIds.has(o.parentId) && wasActiveInYear(o, year)
  )
  const posts = input.pioneerPosts.filter((p) => inBranch(p) && wasOpenDuring(p, from, to))
  const communityEvents = (category: EventCategory) =>
    input.events.filter(
      (e) =>
        inBranch(e) && e.category === category && yearOf(e.date) === year && e.links.communityId !== undefined
    )
  const labour = communityEvents("volunteer_labour")
  const publicity = communityEvents("publicity_campaign")
  const bookEvents = communityEvents("book_donation")
  const investmentEvents = communityEvents("community_investment")
  const fulfilled = input.wishes.filter(
    (w) => inBranch(w) && w.state._tag === "Fulfilled" && localYearOf(w.state.fulfilledAt, timeZone) === year
  )
  const emergencies = input.cases.filter((c) => {
    const fixed = fixedAt(c)
    return (
      inBranch(c) &&
      counts(c) &&
      c.kind === "emergency" &&
      fixed !== undefined &&
      localYearOf(fixed, timeZone) === year
    )
  })

  const bookOutcomes = bookEvents.flatMap((e) => e.outcomes.filter((o) => o.quantity._tag === "Books"))
  const books = bookOutcomes.reduce((n, o) => n + (o.quantity._tag === "Books" ? o.quantity.count : 0), 0)
  const invested = sumCny(
    investmentEvents.flatMap((e) =>
      e.outcomes.flatMap((o) => (o.quantity._tag === "Money" ? [o.quantity.amount] : []))
    )
  )

  const figures: Array<Figure> = [
    countFigure(
      "responsibility_zones",
      { zh: "责任区", en: "responsibility zones" },
      "个",
      zones.length,
      {
        entity: "zone",
        description: "zones of the branch",
        filter: scope,
        recordIds: ids(zones)
      },
      "inventory"
    ),
    countFigure(
      "salvage_boats",
      { zh: "打捞船", en: "salvage boats" },
      "条",
      zones.reduce((n, z) => n + z.resources.boats, 0),
      {
        entity: "zone",
        description: "sum of boats over the branch's zones",
        filter: scope,
        recordIds: ids(zones)
      },
      "inventory"
    ),
    countFigure(
      "salvage_workers",
      { zh: "打捞人员", en: "salvage workers" },
      "人",
      zones.reduce((n, z) => n + z.resources.crew, 0),
      {
        entity: "zone",
        description: "sum of boat crew over the branch's zones",
        filter: scope,
        recordIds: ids(zones)
      },
      "inventory"
    ),
    countFigure(
      "temporary_branches",
      { zh: "临时党支部", en: "temporary branches on project sites" },
      "个",
      temporaryBranches.length,
      {
        entity: "organisation",
        description: `temporary branches under the branch active during ${year}`,
        filter: { ...scope, kind: "TemporaryBranch", activeFrom: from, activeTo: to },
        recordIds: ids(temporaryBranches)
      },
      "inventory"
    ),
    countFigure(
      "pioneer_posts",
      { zh: "党员先锋岗", en: "pioneer posts" },
      "个",
      posts.length,
      {
        entity: "pioneer_post",
        description: `pioneer posts of the branch open during ${year}`,
        filter: { ...scope, openFrom: from, openTo: to },
        recordIds: ids(posts)
      },
      "inventory"
    ),
    countFigure(
      "volunteer_labour_sessions",
      { zh: "志愿服务劳动", en: "community volunteer-labour sessions" },
      "次",
      labour.length,
      {
        entity: "service_event",
        description: `volunteer-labour events in communities during ${year}`,
        filter: { ...period, category: "volunteer_labour", linkedTo: "community" },
        recordIds: ids(labour)
      },
      "tally"
    ),
    countFigure(
      "publicity_campaigns",
      { zh: "社区宣传活动", en: "publicity campaigns in communities" },
      "次",
      publicity.length,
      {
        entity: "service_event",
        description: `publicity campaigns in communities during ${year}`,
        filter: { ...period, category: "publicity_campaign", linkedTo: "community" },
        recordIds: ids(publicity)
      },
      "tally"
    ),
    countFigure(
      "micro_wishes_fulfilled",
      { zh: "微心愿", en: "micro-wishes fulfilled" },
      "个",
      fulfilled.length,
      {
        entity: "micro_wish",
        description: `micro-wishes fulfilled during ${year} (${timeZone})`,
        filter: { ...scope, fulfilledFrom: from, fulfilledTo: to },
        recordIds: ids(fulfilled)
      },
      "tally"
    ),
    countFigure(
      "books_donated",
      { zh: "捐赠图书", en: "books donated" },
      "本",
      books,
      {
        entity: "service_event",
        description: `books counted in book-donation events in communities during ${year}`,
        filter: { ...period, category: "book_donation", linkedTo: "community" },
        recordIds: ids(bookEvents)
      },
      "tally",
      bookOutcomes.some((o) => o.approximate === true)
    ),
    moneyFigure(
      "community_investment",
      { zh: "社区投资建设", en: "investment in community facilities" },
      invested,
      {
        entity: "service_event",
        description: `money recorded on community-investment events during ${year}`,
        filter: { ...period, category: "community_investment", linkedTo: "community" },
        recordIds: ids(investmentEvents)
      }
    ),
    countFigure(
      "emergencies_handled",
      { zh: "应急抢险", en: "emergency incidents handled" },
      "起",
      emergencies.length,
      {
        entity: "case",
        description: emergencyDescription(year, emergencies),
        filter: { ...scope, kind: "emergency", fixedFrom: from, fixedTo: to },
        recordIds: ids(emergencies)
      },
      "tally"
    )
  ]
  return { branchId: branch.id, branchName: branch.name, year, timeZone, figures }
}

/**
 * The emergencies of a year with the time each stage took, Chinese first, then English:
 * `2023年完成抢修的险情：<title>（发现险情 → 报告局党组: 25 分钟; …）` / `Emergency cases repaired
 * during 2023: <title> (found → reported to the bureau: 25 min; …)`.
 */
const emergencyDescription = (year: number, emergencies: ReadonlyArray<Case>): string => {
  const described = emergencies.map((c) => ({ title: c.title, ...describeStageDurations(c) }))
  const zh = described.map((d) => `${d.title}（${d.zh}）`).join("；")
  const en = described.map((d) => `${d.title} (${d.en})`).join("; ")
  return `${year}年完成抢修的险情：${zh === "" ? "无" : zh}\nEmergency cases repaired during ${year}: ${en === "" ? "none" : en}`
}

/** A figure of a report by key. */
export const figureOf = (report: AnnualBranchReport, key: FigureKey): Figure | undefined =>
  report.figures.find((f) => f.key === key)

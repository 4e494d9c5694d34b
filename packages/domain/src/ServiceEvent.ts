/**
 * Service events: one taxonomy for every activity the branch does — theme Party days, tree planting,
 * regulation publicity, lectures on project sites, summer cooling supplies, safety education, volunteer
 * labour in communities, publicity campaigns, book donations, investment in community facilities —
 * each with its date and place, the records it is about, who took part (and for how many hours, where
 * recorded: the service of members registered at a community), and typed outcomes.
 * Recurring campaigns (every November, the river regulations) group the events that carry them out.
 */
import { BigDecimal, Schema } from "effect"
import { LocalDate } from "./Calendar.ts"
import {
  CampaignId,
  MemberId,
  OrganisationId,
  PioneerPostId,
  ProjectId,
  ServiceEventId,
  TenantId,
  ZoneId
} from "./Ids.ts"
import { Count, Hours, Outcome } from "./Quantity.ts"
import { voidedField } from "./Void.ts"

/** The kinds of activity, each with the article's wording it stands for. */
export const eventCategories = {
  theme_party_day: "主题党日",
  litter_clearing: "清理垃圾",
  tree_planting: "义务植树",
  regulation_publicity: "法规宣传",
  site_lecture: "宣讲进工地",
  summer_cooling: "夏日送清凉",
  safety_education: "安全教育",
  volunteer_labour: "志愿服务劳动",
  publicity_campaign: "社区宣传",
  book_donation: "捐赠图书",
  community_investment: "社区投资建设",
  pioneer_post_duty: "先锋岗值守",
  community_service: "在职党员社区服务",
  other: "其他"
} as const
export const EventCategory = Schema.Literals(
  Object.keys(eventCategories) as [keyof typeof eventCategories, ...Array<keyof typeof eventCategories>]
)
export type EventCategory = typeof EventCategory.Type

/** Publicity themes the seed names. */
export const publicityThemes = {
  party_congress_spirit: "二十大精神",
  water_saving: "节约用水",
  integrity: "廉洁",
  honesty: "诚信",
  river_chief_system: "河长制",
  changing_customs: "移风易俗",
  law_popularisation: "普法",
  river_regulations: "河道管理条例",
  work_safety: "安全生产"
} as const
export const PublicityTheme = Schema.Literals(
  Object.keys(publicityThemes) as [keyof typeof publicityThemes, ...Array<keyof typeof publicityThemes>]
)
export type PublicityTheme = typeof PublicityTheme.Type

/** Channels publicity goes through. */
export const publicityChannels = {
  banner: "条幅",
  poster: "海报",
  proposal_letter: "倡议书",
  brochure: "宣传册",
  wechat_short_video: "微信群短视频",
  lecture: "宣讲",
  film: "宣传片"
} as const
export const PublicityChannel = Schema.Literals(
  Object.keys(publicityChannels) as [keyof typeof publicityChannels, ...Array<keyof typeof publicityChannels>]
)
export type PublicityChannel = typeof PublicityChannel.Type

export const Publicity = Schema.Struct({
  themes: Schema.Array(PublicityTheme),
  channels: Schema.Array(PublicityChannel)
})
export type Publicity = typeof Publicity.Type

/** What an event is about; every link is optional. */
export const EventLinks = Schema.Struct({
  projectId: Schema.optionalKey(ProjectId),
  zoneId: Schema.optionalKey(ZoneId),
  communityId: Schema.optionalKey(OrganisationId),
  pioneerPostId: Schema.optionalKey(PioneerPostId),
  /** A temporary branch that held the event jointly. */
  partnerBranchId: Schema.optionalKey(OrganisationId)
})
export type EventLinks = typeof EventLinks.Type

/**
 * The hours a participant served at an event (在职党员到社区服务的时长): more than nothing, at most a day
 * (an event happens on one day). The member must be one of the event's participants.
 */
export const ParticipantHours = Schema.Struct({
  memberId: MemberId,
  hours: Hours.check(
    Schema.isGreaterThanBigDecimal(BigDecimal.fromBigInt(0n), { expected: "more than 0 hours" }),
    Schema.isLessThanOrEqualToBigDecimal(BigDecimal.fromBigInt(24n), {
      expected: "at most 24 hours (an event is one day)"
    })
  )
})
export type ParticipantHours = typeof ParticipantHours.Type

export const ServiceEvent = Schema.Struct({
  id: ServiceEventId,
  tenantId: TenantId,
  branchId: OrganisationId,
  category: EventCategory,
  title: Schema.NonEmptyString,
  date: LocalDate,
  place: Schema.optionalKey(Schema.String),
  links: EventLinks,
  participantIds: Schema.Array(MemberId),
  /** Hours some participants served, for those whose hours were recorded (each listed once). */
  participantHours: Schema.optionalKey(Schema.Array(ParticipantHours)),
  /** People who took part who are not members (volunteers, residents). */
  otherParticipants: Schema.optionalKey(Count),
  outcomes: Schema.Array(Outcome),
  publicity: Schema.optionalKey(Publicity),
  campaignId: Schema.optionalKey(CampaignId),
  notes: Schema.optionalKey(Schema.String),
  illustrative: Schema.optionalKey(Schema.Boolean),
  /** 作废: set when the record was voided (see `Void`). */
  voided: voidedField
})
export type ServiceEvent = typeof ServiceEvent.Type

/** A campaign the branch repeats, e.g. river-regulation publicity every November. */
export const Campaign = Schema.Struct({
  id: CampaignId,
  tenantId: TenantId,
  branchId: OrganisationId,
  name: Schema.NonEmptyString,
  category: EventCategory,
  themes: Schema.Array(PublicityTheme),
  /** The month (1–12) the campaign recurs in every year. */
  recursInMonth: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 12 })),
  startedYear: Schema.Int,
  endedYear: Schema.optionalKey(Schema.Int),
  illustrative: Schema.optionalKey(Schema.Boolean),
  /** 作废: set when the record was voided (see `Void`). */
  voided: voidedField
})
export type Campaign = typeof Campaign.Type

/** The hours a member served at an event, when recorded. */
export const hoursOf = (event: ServiceEvent, memberId: string): BigDecimal.BigDecimal | undefined =>
  event.participantHours?.find((h) => h.memberId === memberId)?.hours

/** Whether a campaign is due in a year. */
export const isCampaignDueIn = (campaign: Campaign, year: number): boolean =>
  campaign.startedYear <= year && (campaign.endedYear === undefined || campaign.endedYear >= year)

/** Enumerations shared by several sheets: event categories, publicity themes and channels. */
import { ServiceEvent } from "@bishui/domain"
import type { Choice } from "../sheet/Column.ts"

const english: Record<string, string> = {
  theme_party_day: "theme Party day",
  litter_clearing: "litter clearing",
  tree_planting: "tree planting",
  regulation_publicity: "regulation publicity",
  site_lecture: "lecture on site",
  summer_cooling: "summer cooling",
  safety_education: "safety education",
  volunteer_labour: "volunteer labour",
  publicity_campaign: "publicity campaign",
  book_donation: "book donation",
  community_investment: "community investment",
  pioneer_post_duty: "pioneer post duty",
  other: "other",
  party_congress_spirit: "Party congress spirit",
  water_saving: "water saving",
  integrity: "integrity",
  honesty: "honesty",
  river_chief_system: "river chief system",
  changing_customs: "changing customs",
  law_popularisation: "law popularisation",
  river_regulations: "river regulations",
  work_safety: "work safety",
  banner: "banner",
  poster: "poster",
  proposal_letter: "proposal letter",
  brochure: "brochure",
  wechat_short_video: "WeChat short video",
  lecture: "lecture",
  film: "film"
}

const choicesOf = (labels: Readonly<Record<string, string>>): ReadonlyArray<Choice> =>
  Object.entries(labels).map(([value, zh]) => ({ value, zh, en: english[value] ?? value }))

export const categoryChoices = choicesOf(ServiceEvent.eventCategories)
export const themeChoices = choicesOf(ServiceEvent.publicityThemes)
export const channelChoices = choicesOf(ServiceEvent.publicityChannels)

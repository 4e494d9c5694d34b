/**
 * What kind of problem a resident reports on a river: the categories a report form offers and an
 * Open311 client sees as services (`GET /open311/v2/{tenantId}/services.json`). A category names the
 * problem, not who fixes it; a case without one (found on patrol, or reported before categories
 * existed) is simply uncategorised.
 */
import { Schema } from "effect"

/** A category's code: short, stable, ASCII — it is what a 311 client sends as `service_code`. */
export const categoryCodes = ["litter", "sewage", "water_quality", "damage", "encroachment", "other"] as const

export const ProblemCategory = Schema.Literals(categoryCodes)
export type ProblemCategory = typeof ProblemCategory.Type

/** What each category is called (Chinese first) and what it covers. */
export const categories: Readonly<
  Record<
    ProblemCategory,
    {
      readonly zh: string
      readonly en: string
      readonly covers: { readonly zh: string; readonly en: string }
    }
  >
> = {
  litter: {
    zh: "河面垃圾",
    en: "Litter on the water",
    covers: { zh: "漂浮物、岸边垃圾、死鱼", en: "floating litter, rubbish on the bank, dead fish" }
  },
  sewage: {
    zh: "排污口排污",
    en: "Sewage discharge",
    covers: { zh: "排污口、管道向河道排放污水", en: "outfalls or pipes discharging sewage into the river" }
  },
  water_quality: {
    zh: "水质异常",
    en: "Water quality",
    covers: { zh: "水体变色、发臭、油污", en: "discoloured or foul-smelling water, oil" }
  },
  damage: {
    zh: "设施损坏",
    en: "Damaged facilities",
    covers: { zh: "堤岸、护栏、步道、闸门、警示牌损坏", en: "banks, railings, paths, gates or signs damaged" }
  },
  encroachment: {
    zh: "侵占河道",
    en: "Encroachment",
    covers: {
      zh: "违法采砂、乱占乱建、乱堆乱放",
      en: "illegal sand mining, building or dumping in the river"
    }
  },
  other: {
    zh: "其他问题",
    en: "Other",
    covers: { zh: "以上未列的河湖问题", en: "any other problem on the river" }
  }
}

/** 活动计划 — campaigns the branch repeats every year in one month (every November, the river regulations). */
import type { ServiceEvent } from "@bishui/domain"
import { Tables } from "@bishui/services"
import { Effect } from "effect"
import type { Kind } from "../model/Kind.ts"
import { branchColumn, column, idColumn, labelOf, same } from "../sheet/Column.ts"
import type { SheetDef } from "../sheet/Sheet.ts"
import { categoryChoices, themeChoices } from "./choices.ts"
import { byId, list, num, opt, text, use } from "./common.ts"

export const def: SheetDef = {
  kind: "campaigns",
  zh: "活动计划",
  en: "campaigns",
  aliases: ["常态化活动"],
  mode: "buffered",
  note: {
    zh: "每年固定月份开展的活动（如每年11月的《四平市河道管理条例》宣传），活动台账可注明属于哪个活动计划",
    en: "campaigns repeated every year in a given month; events in the ledger may name the campaign they carry out"
  },
  identity: { zh: "按活动计划名称匹配", en: "matched by the campaign's name" },
  columns: [
    idColumn,
    branchColumn,
    column({
      key: "name",
      zh: "名称",
      en: "name",
      required: true,
      type: "text",
      note: { zh: "活动计划名称，在本租户内唯一", en: "the campaign's name, unique in the tenant" },
      width: 30
    }),
    column({
      key: "category",
      zh: "类别",
      en: "category",
      required: true,
      type: "choice",
      choices: categoryChoices,
      note: { zh: "活动类别（与活动台账相同）", en: "the category (as in the events ledger)" },
      width: 14
    }),
    column({
      key: "themes",
      field: "themes",
      zh: "宣传主题",
      en: "themes",
      required: false,
      type: "choiceList",
      choices: themeChoices,
      note: { zh: "宣传主题，多个用顿号分隔", en: "publicity themes, separated by 、" },
      width: 20
    }),
    column({
      key: "month",
      zh: "每年月份",
      en: "month",
      required: true,
      type: "count",
      note: { zh: "每年开展的月份（1–12）", en: "the month it recurs in (1–12)" },
      width: 10
    }),
    column({
      key: "startedYear",
      zh: "开始年份",
      en: "started year",
      required: true,
      type: "count",
      note: { zh: "从哪一年开始", en: "the first year" },
      width: 10
    }),
    column({
      key: "endedYear",
      field: "endedYear",
      zh: "结束年份",
      en: "ended year",
      required: false,
      type: "count",
      note: { zh: "到哪一年结束（仍在开展的留空）", en: "the last year (blank while it goes on)" },
      width: 10
    })
  ]
}

interface Draft {
  readonly id?: string | undefined
  readonly branch?: string | undefined
  readonly name: string
  readonly category: ServiceEvent.EventCategory
  readonly themes: ReadonlyArray<ServiceEvent.PublicityTheme>
  readonly month: number
  readonly startedYear: number
  readonly endedYear?: number | undefined
}

export const kind: Kind<ServiceEvent.Campaign, Draft> = {
  def,
  table: Tables.campaigns,
  parse: (r) => {
    const id = r.id()
    const branch = r.text("branch")
    const name = r.text("name", { required: true })
    const category = r.choice<ServiceEvent.EventCategory>("category", true)
    const themes = r.choiceList<ServiceEvent.PublicityTheme>("themes")
    const month = r.exactCount("month", true)
    const startedYear = r.exactCount("startedYear", true)
    const endedYear = r.exactCount("endedYear")
    if (month !== undefined && (month < 1 || month > 12)) {
      r.fail("month", { zh: "月份应在1到12之间", en: "the month must be 1 to 12" })
    }
    if (startedYear !== undefined && endedYear !== undefined && endedYear < startedYear) {
      r.fail("endedYear", { zh: "结束年份早于开始年份", en: "it ends before it starts" })
    }
    if (name === undefined || category === undefined || month === undefined || startedYear === undefined)
      return undefined
    return { id, branch, name, category, themes, month, startedYear, endedYear }
  },
  rowKey: (d) => (d.id !== undefined ? `id:${d.id}` : d.name),
  match: (d, _r, ctx) =>
    d.id !== undefined
      ? Effect.map(byId(ctx, Tables.campaigns, d.id), (v) => v?.record)
      : ctx.find(Tables.campaigns, (c) => same(c.name, d.name)),
  register: (d, id, _r, ctx) => ctx.registerNamed("campaigns", { id, name: d.name }),
  build: (d, r, ctx, id) =>
    Effect.gen(function* () {
      const branchId = use(r, "branch", yield* ctx.branch(d.branch))
      return {
        id,
        tenantId: ctx.tenantId,
        branchId,
        name: d.name,
        category: d.category,
        themes: d.themes,
        recursInMonth: d.month,
        startedYear: d.startedYear,
        ...opt("endedYear", d.endedYear)
      }
    }),
  stage: () => 6,
  create: (c, ctx) => ctx.services.events.createCampaign(c),
  update: (c, ctx) => ctx.services.events.updateCampaign(c),
  toRow: (c, names) => ({
    id: text(c.id),
    branch: text(names.org(c.branchId)),
    name: text(c.name),
    category: text(labelOf(categoryChoices, c.category)),
    themes: list(c.themes.map((t) => labelOf(themeChoices, t))),
    month: num(c.recursInMonth),
    startedYear: num(c.startedYear),
    endedYear: num(c.endedYear)
  })
}

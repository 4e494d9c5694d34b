/**
 * 活动台账 — the activity ledger: every service event with its date, category, place, what it is about
 * (community, zone, project, pioneer post, partner temporary branch, campaign), who took part and the
 * hours they served, and its outcomes (books, money, items, trees, litter, people served) and publicity.
 */
import { Cell, type Quantity, ServiceEvent } from "@bishui/domain"
import { Tables } from "@bishui/services"
import { BigDecimal, Effect, Result } from "effect"
import type { Ctx, Ref } from "../model/Ctx.ts"
import type { Kind } from "../model/Kind.ts"
import { branchColumn, column, fold, idColumn, illustrativeColumn, labelOf, same } from "../sheet/Column.ts"
import type { RowCtx } from "../sheet/Row.ts"
import type { SheetDef } from "../sheet/Sheet.ts"
import { categoryChoices, channelChoices, themeChoices } from "./choices.ts"
import {
  bigDecimalText,
  byId,
  count,
  date,
  decimal,
  illustrative,
  list,
  num,
  opt,
  optionalRef,
  text,
  use,
  yes
} from "./common.ts"

export const def: SheetDef = {
  kind: "events",
  zh: "活动台账",
  en: "service events",
  aliases: ["活动", "events"],
  mode: "streamed",
  note: {
    zh: "支部开展的各类活动：日期、类别、标题、地点，所涉社区/责任区/项目/先锋岗，参加党员，以及成果（图书、资金、物品、植树、垃圾、服务群众）和宣传主题、方式",
    en: "every activity: date, category, title, place, what it is about, who took part, and its outcomes and publicity"
  },
  identity: {
    zh: "按日期+标题+社区匹配（改这三项请用编号列）",
    en: "matched by date + title + community (use the id column to change these)"
  },
  columns: [
    idColumn,
    branchColumn,
    column({
      key: "date",
      zh: "日期",
      en: "date",
      required: true,
      type: "date",
      note: { zh: "活动日期，如2023-11-05或2023年11月5日", en: "the day, e.g. 2023-11-05" },
      width: 12
    }),
    column({
      key: "category",
      zh: "类别",
      en: "category",
      required: true,
      type: "choice",
      choices: categoryChoices,
      note: { zh: "活动类别（下拉选择）", en: "the kind of activity (drop-down)" },
      width: 14
    }),
    column({
      key: "title",
      zh: "标题",
      en: "title",
      aliases: ["活动名称"],
      required: true,
      type: "text",
      note: { zh: "活动名称", en: "the event's title" },
      width: 30
    }),
    column({
      key: "place",
      field: "place",
      zh: "地点",
      en: "place",
      required: false,
      type: "text",
      note: { zh: "活动地点", en: "where it took place" },
      width: 24
    }),
    column({
      key: "community",
      zh: "社区",
      en: "community",
      required: false,
      type: "reference",
      note: {
        zh: "在结对社区开展时填社区名称；重名写“名称（所在区）”",
        en: 'the community, when held in one; "name（district）" when names repeat'
      },
      width: 12
    }),
    column({
      key: "zone",
      field: "links.zoneId",
      zh: "责任区编码",
      en: "zone code",
      aliases: ["责任区"],
      required: false,
      type: "reference",
      note: { zh: "所涉责任区编码", en: "the zone's code" },
      width: 12
    }),
    column({
      key: "project",
      field: "links.projectId",
      zh: "项目",
      en: "project",
      aliases: ["所属项目"],
      required: false,
      type: "reference",
      note: { zh: "所涉项目名称", en: "the project" },
      width: 24
    }),
    column({
      key: "post",
      field: "links.pioneerPostId",
      zh: "先锋岗",
      en: "pioneer post",
      required: false,
      type: "reference",
      note: { zh: "所涉先锋岗名称", en: "the pioneer post" },
      width: 18
    }),
    column({
      key: "partner",
      field: "links.partnerBranchId",
      zh: "联合临时支部",
      en: "partner branch",
      required: false,
      type: "reference",
      note: { zh: "联合开展活动的临时党支部名称", en: "a temporary branch that held it jointly" },
      width: 28
    }),
    column({
      key: "campaign",
      field: "campaignId",
      zh: "活动计划",
      en: "campaign",
      required: false,
      type: "reference",
      note: {
        zh: "所属活动计划名称（须在活动计划表中，日期须在其月份）",
        en: "the campaign it carries out (in its month)"
      },
      width: 24
    }),
    column({
      key: "participants",
      field: "participantIds",
      zh: "参加党员",
      en: "participants",
      required: false,
      type: "referenceList",
      note: {
        zh: "参加的成员姓名，用顿号分隔；重名写“姓名（手机号）”",
        en: 'members who took part, separated by 、; "name（phone）" for namesakes'
      },
      width: 30
    }),
    column({
      key: "hours",
      field: "participantHours",
      zh: "服务时长(小时)",
      en: "hours",
      aliases: ["服务时长", "时长", "hours served"],
      required: false,
      type: "list",
      note: {
        zh: "参加党员每人的服务时长（小时，如2或1.5，最多两位小数，不超过24）：填一个数即每人相同；每人不同时按参加党员的顺序用顿号分隔，未记时长的写“-”",
        en: "hours each participant served (e.g. 2 or 1.5, at most 24): one number for everyone, or one per participant in their order separated by 、, with - for one whose hours were not recorded"
      },
      width: 14
    }),
    column({
      key: "others",
      field: "otherParticipants",
      zh: "其他参加人数",
      en: "other participants",
      required: false,
      type: "count",
      note: {
        zh: "参加的非党员人数（志愿者、居民）",
        en: "people who are not members (volunteers, residents)"
      },
      width: 10
    }),
    column({
      key: "books",
      field: "outcomes",
      zh: "图书(本)",
      en: "books",
      aliases: ["图书", "捐赠图书"],
      required: false,
      type: "count",
      note: { zh: "捐赠的图书册数；约数可写80余本", en: "books donated; 80余本 for an approximate figure" },
      width: 10
    }),
    column({
      key: "money",
      field: "outcomes",
      zh: "资金(元)",
      en: "money",
      aliases: ["资金", "金额", "投入资金", "money cny"],
      required: false,
      type: "cny",
      note: {
        zh: "投入的资金，元；可写23000、23,000元或2.3万元",
        en: "money spent in CNY: 23000, 23,000元 or 2.3万元"
      },
      width: 12
    }),
    column({
      key: "items",
      field: "outcomes",
      zh: "物品数量",
      en: "items",
      required: false,
      type: "count",
      note: { zh: "发放的物品件数", en: "items handed out" },
      width: 10
    }),
    column({
      key: "itemsNote",
      field: "outcomes",
      zh: "物品说明",
      en: "items description",
      required: false,
      type: "text",
      note: { zh: "物品是什么（如防暑降温物资）", en: "what the items were" },
      width: 24
    }),
    column({
      key: "trees",
      field: "outcomes",
      zh: "植树(棵)",
      en: "trees",
      aliases: ["植树"],
      required: false,
      type: "count",
      note: { zh: "种植的树木棵数", en: "trees planted" },
      width: 10
    }),
    column({
      key: "litter",
      field: "outcomes",
      zh: "清理垃圾(公斤)",
      en: "litter kg",
      aliases: ["清理垃圾", "litter"],
      required: false,
      type: "decimal",
      note: { zh: "清理的垃圾重量，公斤", en: "litter collected, kg" },
      width: 12
    }),
    column({
      key: "served",
      field: "outcomes",
      zh: "服务群众(人)",
      en: "people served",
      aliases: ["服务群众"],
      required: false,
      type: "count",
      note: { zh: "服务或覆盖的群众人数", en: "people served or reached" },
      width: 10
    }),
    column({
      key: "themes",
      field: "publicity",
      zh: "宣传主题",
      en: "publicity themes",
      aliases: ["主题"],
      required: {
        zh: "宣传类活动（法规宣传、宣讲进工地、社区宣传）必填",
        en: "required for publicity events"
      },
      type: "choiceList",
      choices: themeChoices,
      note: { zh: "宣传主题，多个用顿号分隔", en: "publicity themes, separated by 、" },
      width: 20
    }),
    column({
      key: "channels",
      field: "publicity",
      zh: "宣传方式",
      en: "publicity channels",
      aliases: ["方式"],
      required: false,
      type: "choiceList",
      choices: channelChoices,
      note: {
        zh: "条幅、海报、倡议书、宣传册、微信群短视频、宣讲、宣传片，多个用顿号分隔",
        en: "publicity channels, separated by 、"
      },
      width: 20
    }),
    column({
      key: "notes",
      field: "notes",
      zh: "备注",
      en: "notes",
      required: false,
      type: "text",
      note: { zh: "其他说明", en: "anything else" },
      width: 30
    }),
    illustrativeColumn
  ]
}

interface Draft {
  readonly id?: string | undefined
  readonly branch?: string | undefined
  readonly date: string
  readonly category: ServiceEvent.EventCategory
  readonly title: string
  readonly place?: string | undefined
  readonly community?: string | undefined
  readonly zone?: string | undefined
  readonly project?: string | undefined
  readonly post?: string | undefined
  readonly partner?: string | undefined
  readonly campaign?: string | undefined
  readonly participants: ReadonlyArray<string>
  /** Hours per participant, in their order (`undefined`: not recorded), or one for all; absent: no column value. */
  readonly hours?: ReadonlyArray<string | undefined> | undefined
  readonly others?: number | undefined
  readonly outcomes: ReadonlyArray<Record<string, unknown>>
  readonly themes: ReadonlyArray<ServiceEvent.PublicityTheme>
  readonly channels: ReadonlyArray<ServiceEvent.PublicityChannel>
  readonly notes?: string | undefined
  readonly illustrative?: boolean | undefined
  communityId?: string | undefined
}

const outcomeOrder: ReadonlyArray<Quantity.Quantity["_tag"]> = [
  "Books",
  "Money",
  "Items",
  "Litter",
  "Trees",
  "PeopleServed"
]

const approx = (c: { readonly approximate: boolean }) => (c.approximate ? { approximate: true } : {})

/** Outcomes in the template's order, `approximate: false` left out: how two events are compared. */
const canonicalOutcomes = (outcomes: ReadonlyArray<Record<string, unknown>>) =>
  [...outcomes]
    .map((o) => (o.approximate === false ? { quantity: o.quantity } : o))
    .sort(
      (a, b) =>
        outcomeOrder.indexOf((a.quantity as { _tag: Quantity.Quantity["_tag"] })._tag) -
        outcomeOrder.indexOf((b.quantity as { _tag: Quantity.Quantity["_tag"] })._tag)
    )

/**
 * The community, the only reference the match needs (the others are resolved when building); from
 * what is already resolved when it can, without an effect.
 */
const resolve = (d: Draft, r: RowCtx, ctx: Ctx): Effect.Effect<void> => {
  if (d.community === undefined) {
    d.communityId = undefined
    return Effect.void
  }
  const known = ctx.peekCommunity(d.community)
  if (known !== undefined) {
    d.communityId = use(r, "community", known)
    return Effect.void
  }
  return Effect.map(
    optionalRef(r, "community", d.community, (t) => ctx.community(t)),
    (id) => {
      d.communityId = id
    }
  )
}

interface Refs {
  readonly branch: Ref
  readonly zone: Ref | undefined
  readonly project: Ref | undefined
  readonly post: Ref | undefined
  readonly partner: Ref | undefined
  readonly campaign: Ref | undefined
  readonly participants: ReadonlyArray<Ref>
}

const partnerKinds = ["TemporaryBranch", "StandingBranch"] as const
const partnerNoun = { zh: "临时党支部", en: "temporary branch" }

/**
 * The references of a row if every one is already resolved (the hot path of a long ledger, which
 * names the same few records on every row), else `undefined`: then they are resolved with effects.
 */
const peekRefs = (d: Draft, ctx: Ctx): Refs | undefined => {
  const branch = ctx.peekBranch(d.branch)
  if (branch === undefined) return undefined
  const peek = (text: string | undefined, f: (t: string) => Ref | undefined): Ref | undefined | null =>
    text === undefined ? undefined : (f(text) ?? null)
  const zone = peek(d.zone, (t) => ctx.peekNamed("zones", t))
  const project = peek(d.project, (t) => ctx.peekNamed("projects", t))
  const post = peek(d.post, (t) => ctx.peekNamed("posts", t))
  const partner = peek(d.partner, (t) => ctx.peekOrg(t, partnerKinds, partnerNoun))
  const campaign = peek(d.campaign, (t) => ctx.peekNamed("campaigns", t))
  if (zone === null || project === null || post === null || partner === null || campaign === null)
    return undefined
  const scope = branch.ok ? branch.id : undefined
  const participants: Array<Ref> = []
  for (const t of d.participants) {
    const member = ctx.peekMember(t, scope)
    if (member === undefined) return undefined
    participants.push(member)
  }
  return { branch, zone, project, post, partner, campaign, participants }
}

const resolveRefs = (d: Draft, ctx: Ctx): Effect.Effect<Refs> =>
  Effect.gen(function* () {
    const branch = yield* ctx.branch(d.branch)
    const ref = (text: string | undefined, f: (t: string) => Effect.Effect<Ref>) =>
      text === undefined ? Effect.succeed(undefined) : f(text)
    const zone = yield* ref(d.zone, (t) => ctx.named("zones", t))
    const project = yield* ref(d.project, (t) => ctx.named("projects", t))
    const post = yield* ref(d.post, (t) => ctx.named("posts", t))
    const partner = yield* ref(d.partner, (t) => ctx.org(t, partnerKinds, partnerNoun))
    const campaign = yield* ref(d.campaign, (t) => ctx.named("campaigns", t))
    const scope = branch.ok ? branch.id : undefined
    const participants: Array<Ref> = []
    for (const t of d.participants) participants.push(yield* ctx.member(t, scope))
    return { branch, zone, project, post, partner, campaign, participants }
  })

const noHours = "-"
const hoursLimit = BigDecimal.fromBigInt(24n)

/**
 * The hours cell: one number for every participant, or one per participant in their order (`-` for
 * one whose hours were not recorded). Each is more than 0 and at most 24, with at most two decimals.
 */
const parseHours = (r: RowCtx, participants: number): ReadonlyArray<string | undefined> | undefined => {
  const items = r.list("hours")
  if (items.length === 0) return undefined
  const hours: Array<string | undefined> = []
  for (const item of items) {
    if (item === noHours) {
      hours.push(undefined)
      continue
    }
    const parsed = Cell.parseDecimal(item)
    if (Result.isFailure(parsed)) return r.fail("hours", parsed.failure)
    const value = BigDecimal.normalize(parsed.success)
    if (!BigDecimal.isPositive(value) || BigDecimal.Order(value, hoursLimit) > 0 || value.scale > 2) {
      return r.fail("hours", {
        zh: `服务时长${item}不对：应大于0、不超过24小时，最多两位小数（如2或1.5）`,
        en: `${item} hours: give more than 0 and at most 24 hours, with at most two decimals (e.g. 2 or 1.5)`
      })
    }
    hours.push(BigDecimal.format(value))
  }
  if (participants === 0) {
    return r.fail("hours", {
      zh: "填写了服务时长，请同时填写参加党员",
      en: "hours are given: name the participants who served them"
    })
  }
  if (hours.length !== 1 && hours.length !== participants) {
    return r.fail("hours", {
      zh: `服务时长有${hours.length}个，参加党员有${participants}人：填一个数（每人相同）或每人一个`,
      en: `${hours.length} hours for ${participants} participants: give one number for everyone, or one per participant`
    })
  }
  return hours.length === 1 && participants > 1 ? Array.from({ length: participants }, () => hours[0]) : hours
}

/** Hours in the order of the event's participants, so two events compare alike whatever order they were added in. */
const orderedHours = (e: Record<string, unknown>) => {
  const participants = (e.participantIds ?? []) as ReadonlyArray<string>
  const hours = e.participantHours as ReadonlyArray<{ readonly memberId: string }> | undefined
  return hours === undefined
    ? {}
    : {
        participantHours: [...hours].sort(
          (a, b) => participants.indexOf(a.memberId) - participants.indexOf(b.memberId)
        )
      }
}

/** The hours cell of an event: one number when every participant served the same, else one per participant. */
const hoursCell = (e: ServiceEvent.ServiceEvent) => {
  if (e.participantHours === undefined || e.participantHours.length === 0) return undefined
  const texts = e.participantIds.map((memberId) => {
    const hours = ServiceEvent.hoursOf(e, memberId)
    return hours === undefined ? noHours : bigDecimalText(hours)
  })
  return texts.every((t) => t === texts[0] && t !== noHours) ? decimal(texts[0]) : list(texts)
}

/** The event of a row, its references resolved; a reference that does not resolve fails its cell. */
const assemble = (d: Draft, r: RowCtx, ctx: Ctx, id: string, refs: Refs) => {
  const branchId = use(r, "branch", refs.branch)
  const ref = (key: string, found: Ref | undefined) => (found === undefined ? undefined : use(r, key, found))
  const zoneId = ref("zone", refs.zone)
  const projectId = ref("project", refs.project)
  const pioneerPostId = ref("post", refs.post)
  const partnerBranchId = ref("partner", refs.partner)
  const campaignId = ref("campaign", refs.campaign)
  const participantIds: Array<string> = []
  const participantHours: Array<{ readonly memberId: string; readonly hours: string }> = []
  refs.participants.forEach((found, i) => {
    if (found.ok) {
      if (participantIds.includes(found.id)) return
      participantIds.push(found.id)
      const hours = d.hours?.[i]
      if (hours !== undefined) participantHours.push({ memberId: found.id, hours })
    } else r.fail("participants", found.reason, d.participants[i])
  })
  return {
    id,
    tenantId: ctx.tenantId,
    branchId,
    category: d.category,
    title: d.title,
    date: d.date,
    ...opt("place", d.place),
    links: {
      ...opt("projectId", projectId),
      ...opt("zoneId", zoneId),
      ...opt("communityId", d.communityId),
      ...opt("pioneerPostId", pioneerPostId),
      ...opt("partnerBranchId", partnerBranchId)
    },
    participantIds,
    ...(participantHours.length === 0 ? {} : { participantHours }),
    ...opt("otherParticipants", d.others),
    outcomes: d.outcomes,
    ...(d.themes.length === 0 && d.channels.length === 0
      ? {}
      : { publicity: { themes: d.themes, channels: d.channels } }),
    ...opt("campaignId", campaignId),
    ...opt("notes", d.notes),
    ...illustrative(d.illustrative)
  }
}

export const kind: Kind<ServiceEvent.ServiceEvent, Draft> = {
  def,
  table: Tables.serviceEvents,
  parse: (r) => {
    const id = r.id()
    const branch = r.text("branch")
    const eventDate = r.date("date", true)
    const category = r.choice<ServiceEvent.EventCategory>("category", true)
    const title = r.text("title", { required: true })
    const outcomes: Array<Record<string, unknown>> = []
    const books = r.count("books")
    if (books !== undefined)
      outcomes.push({ quantity: { _tag: "Books", count: books.value }, ...approx(books) })
    const money = r.cny("money")
    if (money !== undefined) outcomes.push({ quantity: { _tag: "Money", amount: money } })
    const items = r.count("items")
    const itemsNote = r.text("itemsNote")
    if (items !== undefined) {
      outcomes.push({
        quantity: { _tag: "Items", count: items.value, description: itemsNote ?? "" },
        ...approx(items)
      })
    } else if (itemsNote !== undefined) {
      r.fail("items", {
        zh: "填写了物品说明，请同时填写物品数量",
        en: "the items are described: give their number too"
      })
    }
    const litter = r.decimal("litter")
    if (litter !== undefined) outcomes.push({ quantity: { _tag: "Litter", kilograms: litter } })
    const trees = r.count("trees")
    if (trees !== undefined)
      outcomes.push({ quantity: { _tag: "Trees", count: trees.value }, ...approx(trees) })
    const served = r.count("served")
    if (served !== undefined)
      outcomes.push({ quantity: { _tag: "PeopleServed", count: served.value }, ...approx(served) })
    const participants = r.list("participants")
    const rest = {
      place: r.text("place"),
      community: r.text("community"),
      zone: r.text("zone"),
      project: r.text("project"),
      post: r.text("post"),
      partner: r.text("partner"),
      campaign: r.text("campaign"),
      participants,
      hours: parseHours(r, participants.length),
      others: r.exactCount("others"),
      themes: r.choiceList<ServiceEvent.PublicityTheme>("themes"),
      channels: r.choiceList<ServiceEvent.PublicityChannel>("channels"),
      notes: r.text("notes"),
      illustrative: r.bool("illustrative")
    }
    if (
      category !== undefined &&
      ["publicity_campaign", "regulation_publicity", "site_lecture"].includes(category) &&
      rest.themes.length === 0 &&
      r.blank("themes")
    ) {
      r.fail("themes", {
        zh: "宣传类活动（法规宣传、宣讲进工地、社区宣传）须填写至少一个宣传主题",
        en: "a publicity event names at least one publicity theme"
      })
    }
    if (eventDate === undefined || category === undefined || title === undefined) return undefined
    return { id, branch, date: eventDate, category, title, outcomes, ...rest }
  },
  rowKey: (d) => (d.id !== undefined ? `id:${d.id}` : `${d.date}:${d.title}:${d.community ?? ""}`),
  match: (d, r, ctx) =>
    Effect.gen(function* () {
      yield* resolve(d, r, ctx)
      if (d.id !== undefined) return (yield* byId(ctx, Tables.serviceEvents, d.id))?.record
      if (d.community !== undefined && d.communityId === undefined) return undefined
      return yield* ctx.onDay(
        Tables.serviceEvents,
        d.communityId === undefined ? {} : { community_id: d.communityId },
        d.date,
        (e) => e.date === d.date && same(e.title, d.title) && e.links.communityId === d.communityId
      )
    }),
  build: (d, r, ctx, id) => {
    const known = peekRefs(d, ctx)
    return known !== undefined
      ? Effect.succeed(assemble(d, r, ctx, id, known))
      : Effect.map(resolveRefs(d, ctx), (refs) => assemble(d, r, ctx, id, refs))
  },
  canonical: (e) => ({
    ...e,
    outcomes: canonicalOutcomes(e.outcomes as ReadonlyArray<Record<string, unknown>>),
    ...orderedHours(e)
  }),
  create: (e, ctx) => ctx.services.events.record(e),
  update: (e, ctx) => ctx.services.events.update(e),
  bulk: {
    resolve,
    recordKey: (e) => `${e.date}\u0000${fold(e.title)}\u0000${e.links.communityId ?? ""}`,
    draftKey: (d) =>
      d.community !== undefined && d.communityId === undefined
        ? undefined
        : `${d.date}\u0000${fold(d.title)}\u0000${d.communityId ?? ""}`,
    candidates: (drafts) => ({ column: "date", values: drafts.map((d) => d.date) }),
    createMany: (events, ctx) => ctx.services.events.recordMany(events, { audit: ctx.bulkAudit })
  },
  toRow: (e, names) => {
    const outcome = <T extends Quantity.Quantity["_tag"]>(tag: T) =>
      e.outcomes.find((o) => o.quantity._tag === tag) as
        | (Quantity.Outcome & { quantity: Extract<Quantity.Quantity, { _tag: T }> })
        | undefined
    const books = outcome("Books")
    const money = outcome("Money")
    const items = outcome("Items")
    const litter = outcome("Litter")
    const trees = outcome("Trees")
    const served = outcome("PeopleServed")
    return {
      id: text(e.id),
      branch: text(names.org(e.branchId)),
      date: date(e.date),
      category: text(labelOf(categoryChoices, e.category)),
      title: text(e.title),
      place: text(e.place),
      community: e.links.communityId === undefined ? undefined : text(names.org(e.links.communityId)),
      zone: e.links.zoneId === undefined ? undefined : text(names.zone(e.links.zoneId)),
      project: e.links.projectId === undefined ? undefined : text(names.project(e.links.projectId)),
      post: e.links.pioneerPostId === undefined ? undefined : text(names.post(e.links.pioneerPostId)),
      partner: e.links.partnerBranchId === undefined ? undefined : text(names.org(e.links.partnerBranchId)),
      campaign: e.campaignId === undefined ? undefined : text(names.campaign(e.campaignId)),
      participants: list(e.participantIds.map(names.member)),
      hours: hoursCell(e),
      others: num(e.otherParticipants),
      books: count(books?.quantity.count, books?.approximate),
      money: money === undefined ? undefined : decimal(bigDecimalText(money.quantity.amount)),
      items: count(items?.quantity.count, items?.approximate),
      itemsNote: text(items?.quantity.description),
      trees: count(trees?.quantity.count, trees?.approximate),
      litter: litter === undefined ? undefined : decimal(bigDecimalText(litter.quantity.kilograms)),
      served: count(served?.quantity.count, served?.approximate),
      themes: list(e.publicity?.themes.map((t) => labelOf(themeChoices, t))),
      channels: list(e.publicity?.channels.map((c) => labelOf(channelChoices, c))),
      notes: text(e.notes),
      illustrative: yes(e.illustrative)
    }
  }
}

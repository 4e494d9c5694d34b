/** 先锋岗 — Party-member pioneer posts, and their child sheet 先锋岗值守, the duty roster. */
import type { PioneerPost } from "@bishui/domain"
import { Tables } from "@bishui/services"
import { Effect } from "effect"
import type { ChildKind, Kind } from "../model/Kind.ts"
import { branchColumn, column, idColumn, illustrativeColumn, labelOf, same } from "../sheet/Column.ts"
import type { SheetDef } from "../sheet/Sheet.ts"
import { byId, date, illustrative, list, opt, optionalRef, text, use, yes } from "./common.ts"

const dutyChoices = [
  { value: "keep_order", zh: "维持秩序", en: "keep order" },
  { value: "protect_environment", zh: "保护环境", en: "protect the environment" },
  { value: "clean_water_surface", zh: "水面清洁", en: "clean the water surface" },
  { value: "maintain_facilities", zh: "设施维护", en: "maintain facilities" },
  { value: "other", zh: "其他", en: "other" }
] as const

export const def: SheetDef = {
  kind: "posts",
  zh: "先锋岗",
  en: "pioneer posts",
  aliases: ["党员先锋岗", "posts"],
  mode: "buffered",
  note: {
    zh: "党员先锋岗：地点、所属项目和责任区、职责、设立和撤销日期",
    en: "pioneer posts: place, project and zone, duties, established and closed"
  },
  identity: { zh: "按先锋岗名称匹配", en: "matched by the post's name" },
  columns: [
    idColumn,
    branchColumn,
    column({
      key: "name",
      zh: "名称",
      en: "name",
      required: true,
      type: "text",
      note: { zh: "先锋岗名称，在本租户内唯一", en: "the post's name, unique in the tenant" },
      width: 20
    }),
    column({
      key: "place",
      zh: "地点",
      en: "place",
      required: true,
      type: "text",
      note: { zh: "先锋岗所在地点", en: "where the post is" },
      width: 30
    }),
    column({
      key: "project",
      field: "projectId",
      zh: "所属项目",
      en: "project",
      required: false,
      type: "reference",
      note: { zh: "所在项目名称（须在项目表中）", en: "the project (in the projects sheet)" },
      width: 24
    }),
    column({
      key: "zone",
      field: "zoneId",
      zh: "责任区编码",
      en: "zone code",
      aliases: ["责任区"],
      required: false,
      type: "reference",
      note: { zh: "所在责任区编码（须在责任区表中）", en: "the zone's code (in the zones sheet)" },
      width: 12
    }),
    column({
      key: "duties",
      field: "duties",
      zh: "职责",
      en: "duties",
      required: false,
      type: "choiceList",
      choices: dutyChoices,
      note: {
        zh: "维持秩序、保护环境、水面清洁、设施维护、其他，多个用顿号分隔",
        en: "duties, separated by 、"
      },
      width: 30
    }),
    column({
      key: "dutyNotes",
      field: "dutyNotes",
      zh: "职责说明",
      en: "duty notes",
      required: false,
      type: "text",
      note: { zh: "职责的文字说明", en: "the duties in words" },
      width: 30
    }),
    column({
      key: "establishedOn",
      zh: "设立日期",
      en: "established on",
      required: true,
      type: "date",
      note: { zh: "先锋岗设立的日期", en: "the day the post was set up" },
      width: 12
    }),
    column({
      key: "closedOn",
      field: "closedOn",
      zh: "撤销日期",
      en: "closed on",
      required: false,
      type: "date",
      note: { zh: "撤销的日期（仍在的留空）", en: "the day it closed (blank while open)" },
      width: 12
    }),
    illustrativeColumn
  ]
}

interface Draft {
  readonly id?: string | undefined
  readonly branch?: string | undefined
  readonly name: string
  readonly place: string
  readonly project?: string | undefined
  readonly zone?: string | undefined
  readonly duties: ReadonlyArray<PioneerPost.PostDuty>
  readonly dutyNotes?: string | undefined
  readonly establishedOn: string
  readonly closedOn?: string | undefined
  readonly illustrative?: boolean | undefined
}

export const kind: Kind<PioneerPost.PioneerPost, Draft> = {
  def,
  table: Tables.pioneerPosts,
  parse: (r) => {
    const id = r.id()
    const branch = r.text("branch")
    const name = r.text("name", { required: true })
    const place = r.text("place", { required: true })
    const rest = {
      project: r.text("project"),
      zone: r.text("zone"),
      duties: r.choiceList<PioneerPost.PostDuty>("duties"),
      dutyNotes: r.text("dutyNotes"),
      closedOn: r.date("closedOn"),
      illustrative: r.bool("illustrative")
    }
    const establishedOn = r.date("establishedOn", true)
    if (name === undefined || place === undefined || establishedOn === undefined) return undefined
    return { id, branch, name, place, establishedOn, ...rest }
  },
  rowKey: (d) => (d.id !== undefined ? `id:${d.id}` : d.name),
  match: (d, _r, ctx) =>
    d.id !== undefined
      ? Effect.map(byId(ctx, Tables.pioneerPosts, d.id), (v) => v?.record)
      : ctx.find(Tables.pioneerPosts, (p) => same(p.name, d.name)),
  register: (d, id, _r, ctx) => ctx.registerNamed("posts", { id, name: d.name }),
  build: (d, r, ctx, id, existing) =>
    Effect.gen(function* () {
      const branchId = use(r, "branch", yield* ctx.branch(d.branch))
      const projectId = yield* optionalRef(r, "project", d.project, (t) => ctx.named("projects", t))
      const zoneId = yield* optionalRef(r, "zone", d.zone, (t) => ctx.named("zones", t))
      const roster = ctx.children.get("roster")?.get(id)
      return {
        id,
        tenantId: ctx.tenantId,
        branchId,
        name: d.name,
        place: d.place,
        ...opt("projectId", projectId),
        ...opt("zoneId", zoneId),
        duties: d.duties,
        ...opt("dutyNotes", d.dutyNotes),
        roster: roster ?? existing?.roster ?? [],
        establishedOn: d.establishedOn,
        ...opt("closedOn", d.closedOn),
        ...illustrative(d.illustrative)
      }
    }),
  stage: () => 5,
  create: (p, ctx) => ctx.services.projects.createPost(p),
  update: (p, ctx) => ctx.services.projects.updatePost(p),
  toRow: (p, names) => ({
    id: text(p.id),
    branch: text(names.org(p.branchId)),
    name: text(p.name),
    place: text(p.place),
    project: p.projectId === undefined ? undefined : text(names.project(p.projectId)),
    zone: p.zoneId === undefined ? undefined : text(names.zone(p.zoneId)),
    duties: list(p.duties.map((duty) => labelOf(dutyChoices, duty))),
    dutyNotes: text(p.dutyNotes),
    establishedOn: date(p.establishedOn),
    closedOn: date(p.closedOn),
    illustrative: yes(p.illustrative)
  })
}

// ---- 先锋岗值守 ---------------------------------------------------------------------------------

const onDutyChoices = [
  { value: "MemberOnDuty", zh: "党员", en: "member" },
  { value: "VolunteerOnDuty", zh: "志愿者", en: "volunteer" }
] as const

export const rosterDef: SheetDef = {
  kind: "roster",
  zh: "先锋岗值守",
  en: "pioneer post roster",
  aliases: ["值守名单", "roster"],
  mode: "buffered",
  parent: "posts",
  note: {
    zh: "先锋岗的值守名单：一行一人。某先锋岗在此表中有行时，其值守名单以此表为准",
    en: "the duty roster of pioneer posts, one row per person. A post with rows here has exactly this roster"
  },
  identity: {
    zh: "按先锋岗归组，整体替换该先锋岗的值守名单",
    en: "grouped by post; replaces that post's roster"
  },
  columns: [
    column({
      key: "post",
      zh: "先锋岗",
      en: "pioneer post",
      aliases: ["post"],
      required: true,
      type: "reference",
      note: { zh: "先锋岗名称（须在先锋岗表中）", en: "the post's name (in the pioneer posts sheet)" },
      width: 20
    }),
    column({
      key: "kind",
      zh: "身份",
      en: "kind",
      required: true,
      type: "choice",
      choices: onDutyChoices,
      note: { zh: "党员或志愿者", en: "member or volunteer" },
      width: 8
    }),
    column({
      key: "name",
      zh: "姓名",
      en: "name",
      required: true,
      type: "text",
      note: {
        zh: "党员写成员姓名（重名时写“姓名（手机号）”）；志愿者写其姓名",
        en: "a member's name (\"name（phone）\" for namesakes), or the volunteer's name"
      },
      width: 14
    }),
    column({
      key: "phone",
      zh: "手机号",
      en: "phone",
      required: false,
      type: "text",
      note: { zh: "志愿者的手机号（党员不填）", en: "a volunteer's phone (not for members)" },
      width: 14
    }),
    column({
      key: "since",
      zh: "上岗日期",
      en: "since",
      required: true,
      type: "date",
      note: { zh: "开始值守的日期", en: "the day they started" },
      width: 12
    })
  ]
}

interface RosterDraft {
  readonly post: string
  readonly kind: "MemberOnDuty" | "VolunteerOnDuty"
  readonly name: string
  readonly phone?: string | undefined
  readonly since: string
}

export const roster: ChildKind<RosterDraft, unknown> = {
  def: rosterDef,
  field: "roster",
  parse: (r) => {
    const post = r.text("post", { required: true })
    const onDuty = r.choice<"MemberOnDuty" | "VolunteerOnDuty">("kind", true)
    const name = r.text("name", { required: true })
    const phone = r.phone("phone")
    const since = r.date("since", true)
    if (post === undefined || onDuty === undefined || name === undefined || since === undefined)
      return undefined
    return { post, kind: onDuty, name, phone, since }
  },
  parent: (d, r, ctx) => Effect.map(ctx.named("posts", d.post), (ref) => use(r, "post", ref)),
  item: (d, r, ctx) =>
    d.kind === "MemberOnDuty"
      ? Effect.map(ctx.member(d.phone === undefined ? d.name : `${d.name}（${d.phone}）`), (ref) => {
          const memberId = use(r, "name", ref)
          return { _tag: "MemberOnDuty", memberId, since: d.since }
        })
      : Effect.succeed({ _tag: "VolunteerOnDuty", name: d.name, ...opt("phone", d.phone), since: d.since }),
  toRows: (parent, names) => {
    const p = parent as PioneerPost.PioneerPost
    return p.roster.map((entry) =>
      entry._tag === "MemberOnDuty"
        ? {
            post: text(p.name),
            kind: text("党员"),
            name: text(names.member(entry.memberId)),
            since: date(entry.since)
          }
        : {
            post: text(p.name),
            kind: text("志愿者"),
            name: text(entry.name),
            phone: text(entry.phone),
            since: date(entry.since)
          }
    )
  }
}

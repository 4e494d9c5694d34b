/**
 * 案件 — problems on the river, from first report to verified fix (routine cases and emergencies), and
 * the child sheet 案件进程 with each case's timeline, one row per stage.
 */
import type { Calendar, Case } from "@bishui/domain"
import { Tables } from "@bishui/services"
import { Effect } from "effect"
import type { ChildKind, Kind } from "../model/Kind.ts"
import { branchColumn, column, idColumn, illustrativeColumn, labelOf, same } from "../sheet/Column.ts"
import type { SheetDef } from "../sheet/Sheet.ts"
import { byId, illustrative, instant, opt, optionalRef, text, use, yes } from "./common.ts"

const kindChoices = [
  { value: "routine", zh: "一般问题", en: "routine", aliases: ["一般", "日常"] },
  { value: "emergency", zh: "突发险情", en: "emergency", aliases: ["险情", "应急"] }
] as const

const sourceChoices = [
  { value: "patrol", zh: "巡河发现", en: "patrol", aliases: ["巡河"] },
  { value: "supervision", zh: "督导检查", en: "supervision" },
  { value: "resident", zh: "群众反映", en: "resident", aliases: ["群众举报", "居民反映"] },
  { value: "bureau", zh: "上级交办", en: "bureau", aliases: ["局交办"] }
] as const

const severityChoices = [
  { value: "low", zh: "低", en: "low", aliases: ["一般"] },
  { value: "medium", zh: "中", en: "medium", aliases: ["较重"] },
  { value: "high", zh: "高", en: "high", aliases: ["严重"] },
  { value: "critical", zh: "危急", en: "critical", aliases: ["紧急", "特别严重"] }
] as const

const stageChoices = [
  { value: "reported", zh: "上报", en: "reported", aliases: ["报告"] },
  { value: "acknowledged", zh: "受理", en: "acknowledged" },
  { value: "assigned", zh: "指派", en: "assigned", aliases: ["交办"] },
  { value: "resolved", zh: "办结", en: "resolved", aliases: ["处置完成", "已解决"] },
  { value: "verified", zh: "复核", en: "verified", aliases: ["验收", "复查"] },
  { value: "found", zh: "发现险情", en: "found", aliases: ["发现"] },
  { value: "reported_to_bureau", zh: "报告局党组", en: "reported to bureau", aliases: ["报告上级"] },
  { value: "team_formed", zh: "组建突击队", en: "team formed" },
  { value: "assessed", zh: "会商研判", en: "assessed" },
  { value: "plan_made", zh: "制定方案", en: "plan made" },
  { value: "contractor_engaged", zh: "协调施工单位", en: "contractor engaged" },
  { value: "repaired", zh: "抢修完成", en: "repaired" }
] as const

export const def: SheetDef = {
  kind: "cases",
  zh: "案件",
  en: "cases",
  aliases: ["问题台账", "险情"],
  mode: "buffered",
  note: {
    zh: "河道上的问题（一般问题和突发险情），各环节写在“案件进程”表中",
    en: "problems on the river (routine cases and emergencies); their stages go in the 案件进程 (case stages) sheet"
  },
  identity: { zh: "按所属支部+标题匹配", en: "matched by branch + title" },
  columns: [
    idColumn,
    branchColumn,
    column({
      key: "kind",
      zh: "类型",
      en: "kind",
      required: true,
      type: "choice",
      choices: kindChoices,
      note: { zh: "一般问题或突发险情", en: "routine or emergency" },
      width: 10
    }),
    column({
      key: "title",
      zh: "标题",
      en: "title",
      required: true,
      type: "text",
      note: { zh: "问题的简要标题，在支部内唯一", en: "a short title, unique in the branch" },
      width: 30
    }),
    column({
      key: "description",
      field: "description",
      zh: "描述",
      en: "description",
      required: false,
      type: "text",
      note: { zh: "问题的详细描述", en: "the problem in detail" },
      width: 40
    }),
    column({
      key: "source",
      zh: "来源",
      en: "source",
      required: true,
      type: "choice",
      choices: sourceChoices,
      note: { zh: "巡河发现、督导检查、群众反映或上级交办", en: "patrol, supervision, resident or bureau" },
      width: 10
    }),
    column({
      key: "severity",
      zh: "严重程度",
      en: "severity",
      required: true,
      type: "choice",
      choices: severityChoices,
      note: { zh: "低、中、高或危急", en: "low, medium, high or critical" },
      width: 8
    }),
    column({
      key: "zone",
      field: "zoneId",
      zh: "责任区编码",
      en: "zone code",
      aliases: ["责任区"],
      required: false,
      type: "reference",
      note: { zh: "问题所在的责任区编码", en: "the zone's code" },
      width: 12
    }),
    column({
      key: "location",
      field: "location",
      zh: "位置",
      en: "location",
      required: false,
      type: "text",
      note: { zh: "具体位置", en: "where exactly" },
      width: 20
    }),
    column({
      key: "patrol",
      field: "patrolLogId",
      zh: "发现巡河时间",
      en: "patrol started at",
      required: false,
      type: "instant",
      note: {
        zh: "发现该问题的巡河记录的开始时间（同一责任区，须在巡河记录表中）",
        en: "the start of the patrol that found it (same zone, in the patrol logs sheet)"
      },
      width: 17
    }),
    column({
      key: "reporterName",
      field: "reporter",
      zh: "反映人",
      en: "reporter",
      required: false,
      type: "text",
      note: { zh: "反映问题的群众称呼（个人信息）", en: "the resident who reported it (personal data)" },
      width: 10
    }),
    column({
      key: "reporterPhone",
      field: "reporter",
      zh: "反映人电话",
      en: "reporter phone",
      required: false,
      type: "text",
      note: { zh: "反映人的电话（个人信息）", en: "the reporter's phone (personal data)" },
      width: 14
    }),
    illustrativeColumn
  ]
}

interface Draft {
  readonly id?: string | undefined
  readonly branch?: string | undefined
  readonly kind: Case.CaseKind
  readonly title: string
  readonly description?: string | undefined
  readonly source: Case.CaseSource
  readonly severity: Case.Severity
  readonly zone?: string | undefined
  readonly location?: string | undefined
  readonly patrol?: Calendar.Instant | undefined
  readonly reporterName?: string | undefined
  readonly reporterPhone?: string | undefined
  readonly illustrative?: boolean | undefined
  branchId?: string | undefined
}

export const kind: Kind<Case.Case, Draft> = {
  def,
  table: Tables.cases,
  parse: (r) => {
    const id = r.id()
    const branch = r.text("branch")
    const caseKind = r.choice<Case.CaseKind>("kind", true)
    const title = r.text("title", { required: true })
    const source = r.choice<Case.CaseSource>("source", true)
    const severity = r.choice<Case.Severity>("severity", true)
    const rest = {
      description: r.text("description"),
      zone: r.text("zone"),
      location: r.text("location"),
      patrol: r.instant("patrol"),
      reporterName: r.text("reporterName", { maxLength: 50 }),
      reporterPhone: r.phone("reporterPhone"),
      illustrative: r.bool("illustrative")
    }
    if (rest.patrol !== undefined && rest.zone === undefined) {
      r.fail("zone", {
        zh: "填写了发现巡河时间，请同时填写责任区编码",
        en: "a patrol is named: give the zone too"
      })
    }
    if (caseKind === undefined || title === undefined || source === undefined || severity === undefined)
      return undefined
    return { id, branch, kind: caseKind, title, source, severity, ...rest }
  },
  rowKey: (d) => (d.id !== undefined ? `id:${d.id}` : `${d.branch ?? ""}:${d.title}`),
  match: (d, r, ctx) =>
    Effect.gen(function* () {
      d.branchId = use(r, "branch", yield* ctx.branch(d.branch))
      if (d.id !== undefined) return (yield* byId(ctx, Tables.cases, d.id))?.record
      return yield* ctx.find(Tables.cases, (c) => same(c.title, d.title) && c.branchId === d.branchId)
    }),
  register: (d, id, _r, ctx) => ctx.registerNamed("cases", { id, name: d.title, branchId: d.branchId }),
  build: (d, r, ctx, id, existing) =>
    Effect.gen(function* () {
      const zoneId = yield* optionalRef(r, "zone", d.zone, (t) => ctx.named("zones", t))
      const patrolLogId =
        d.patrol === undefined || zoneId === undefined
          ? undefined
          : use(r, "patrol", yield* ctx.patrol(zoneId, d.patrol))
      const stages = ctx.children.get("stages")?.get(id) ?? existing?.stages
      if (stages === undefined || stages.length === 0) {
        r.fail(undefined, {
          zh: "新案件至少要有一个环节：请在“案件进程”表中为它填写环节（如上报或发现险情）",
          en: "a new case needs at least one stage: add its stages to the 案件进程 (case stages) sheet"
        })
      }
      const reporter = { ...opt("name", d.reporterName), ...opt("phone", d.reporterPhone) }
      return {
        id,
        tenantId: ctx.tenantId,
        branchId: d.branchId,
        kind: d.kind,
        title: d.title,
        description: d.description ?? "",
        source: d.source,
        severity: d.severity,
        ...opt("zoneId", zoneId),
        ...opt("location", d.location),
        ...opt("patrolLogId", patrolLogId),
        ...(Object.keys(reporter).length === 0 ? {} : { reporter }),
        stages,
        // kept by the service, never in the sheet: the due times, a resident's receipt, a closure
        ...opt("deadlines", existing?.deadlines),
        ...opt("receipt", existing?.receipt),
        ...opt("closure", existing?.closure),
        ...illustrative(d.illustrative)
      }
    }),
  stage: () => 1,
  create: (c, ctx) => Effect.tap(ctx.services.cases.importCase(c), () => linkPatrol(c, ctx)),
  update: (c, ctx) => Effect.tap(ctx.services.cases.update(c), () => linkPatrol(c, ctx)),
  toRow: (c, names) => {
    const patrolStart = c.patrolLogId === undefined ? undefined : names.patrolStart(c.patrolLogId)
    return {
      id: text(c.id),
      branch: text(names.org(c.branchId)),
      kind: text(labelOf(kindChoices, c.kind)),
      title: text(c.title),
      description: text(c.description),
      source: text(labelOf(sourceChoices, c.source)),
      severity: text(labelOf(severityChoices, c.severity)),
      zone: c.zoneId === undefined ? undefined : text(names.zone(c.zoneId)),
      location: text(c.location),
      patrol: instant(patrolStart),
      reporterName: text(c.reporter?.name),
      reporterPhone: text(c.reporter?.phone),
      illustrative: yes(c.illustrative)
    }
  }
}

/** The patrol that found a case lists the case too (the link is kept both ways, as the seed has it). */
const linkPatrol = (c: Case.Case, ctx: Parameters<typeof kind.create>[1]) =>
  Effect.gen(function* () {
    if (c.patrolLogId === undefined) return
    const patrol = yield* ctx.store.collection(Tables.patrolLogs).get(ctx.tenantId, c.patrolLogId)
    if (patrol === undefined || patrol.record.caseIds.includes(c.id)) return
    ctx.defer(
      ctx.services.zones.updatePatrol({ ...patrol.record, caseIds: [...patrol.record.caseIds, c.id] })
    )
  })

// ---- 案件进程 -----------------------------------------------------------------------------------

export const stagesDef: SheetDef = {
  kind: "stages",
  zh: "案件进程",
  en: "case stages",
  aliases: ["处置进程", "stages"],
  mode: "buffered",
  parent: "cases",
  note: {
    zh: "案件的处置环节，一行一个环节。一般问题：上报→受理→指派→办结→复核；突发险情：发现险情→报告局党组→组建突击队→会商研判→制定方案→协调施工单位→抢修完成→复核。某案件在此表中有行时，其进程以此表为准",
    en: "each case's stages, one row per stage. Routine: reported → acknowledged → assigned → resolved → verified; emergency: found → reported to bureau → team formed → assessed → plan made → contractor engaged → repaired → verified. A case with rows here has exactly these stages"
  },
  identity: { zh: "按案件归组，整体替换该案件的进程", en: "grouped by case; replaces that case's stages" },
  columns: [
    column({
      key: "case",
      zh: "案件",
      en: "case",
      required: true,
      type: "reference",
      note: { zh: "案件标题（须在案件表中）", en: "the case's title (in the cases sheet)" },
      width: 30
    }),
    column({
      key: "stage",
      zh: "环节",
      en: "stage",
      required: true,
      type: "choice",
      choices: stageChoices,
      note: { zh: "处置环节（下拉选择）", en: "the stage (drop-down)" },
      width: 12
    }),
    column({
      key: "at",
      zh: "时间",
      en: "at",
      required: true,
      type: "instant",
      note: {
        zh: "该环节的日期和时间（本单位时区，默认北京时间）",
        en: "when (the tenant's time zone, China Standard Time by default)"
      },
      width: 17
    }),
    column({
      key: "actor",
      zh: "经办人",
      en: "actor",
      required: false,
      type: "reference",
      note: { zh: "经办的成员姓名", en: "the member who acted" },
      width: 10
    }),
    column({
      key: "assignee",
      zh: "指派给",
      en: "assignee",
      required: { zh: "“指派”环节必填", en: "required for the assigned stage" },
      type: "reference",
      note: { zh: "被指派处置的成员姓名", en: "the member assigned to fix it" },
      width: 10
    }),
    column({
      key: "team",
      zh: "突击队",
      en: "team",
      required: { zh: "“组建突击队”环节必填", en: "required for the team formed stage" },
      type: "reference",
      note: { zh: "组建的突击队名称（须在队伍表中）", en: "the commando team (in the teams sheet)" },
      width: 24
    }),
    column({
      key: "contractor",
      zh: "施工单位",
      en: "contractor",
      required: { zh: "“协调施工单位”环节必填", en: "required for the contractor engaged stage" },
      type: "reference",
      note: {
        zh: "抢修施工单位名称（须在组织表中）",
        en: "the repair contractor (in the organisations sheet)"
      },
      width: 24
    }),
    column({
      key: "note",
      zh: "说明",
      en: "note",
      required: false,
      type: "text",
      note: { zh: "该环节的说明", en: "notes on the stage" },
      width: 30
    })
  ]
}

interface StageDraft {
  readonly case: string
  readonly stage: Case.CaseStageKind
  readonly at: Calendar.Instant
  readonly actor?: string | undefined
  readonly assignee?: string | undefined
  readonly team?: string | undefined
  readonly contractor?: string | undefined
  readonly note?: string | undefined
}

export const stages: ChildKind<StageDraft, unknown> = {
  def: stagesDef,
  field: "stages",
  parse: (r) => {
    const caseTitle = r.text("case", { required: true })
    const stage = r.choice<Case.CaseStageKind>("stage", true)
    const at = r.instant("at", true)
    const rest = {
      actor: r.text("actor"),
      assignee: r.text("assignee", { required: stage === "assigned" }),
      team: r.text("team", { required: stage === "team_formed" }),
      contractor: r.text("contractor", { required: stage === "contractor_engaged" }),
      note: r.text("note")
    }
    if (caseTitle === undefined || stage === undefined || at === undefined) return undefined
    return { case: caseTitle, stage, at, ...rest }
  },
  parent: (d, r, ctx) => Effect.map(ctx.named("cases", d.case), (ref) => use(r, "case", ref)),
  item: (d, r, ctx) =>
    Effect.gen(function* () {
      const actorId = yield* optionalRef(r, "actor", d.actor, (t) => ctx.member(t))
      const assigneeId = yield* optionalRef(r, "assignee", d.assignee, (t) => ctx.member(t))
      const teamId = yield* optionalRef(r, "team", d.team, (t) => ctx.named("teams", t))
      const contractorId = yield* optionalRef(r, "contractor", d.contractor, (t) =>
        ctx.org(t, ["Contractor"], { zh: "参建单位", en: "contractor" })
      )
      return {
        stage: d.stage,
        at: d.at,
        ...opt("actorId", actorId),
        ...opt("assigneeId", assigneeId),
        ...opt("teamId", teamId),
        ...opt("contractorId", contractorId),
        ...opt("note", d.note)
      }
    }),
  // Rows may come in any order; a case's stages are kept in time order.
  order: (items) =>
    [...items].sort((a, b) =>
      (a as { at: string }).at < (b as { at: string }).at
        ? -1
        : (a as { at: string }).at > (b as { at: string }).at
          ? 1
          : 0
    ),
  toRows: (parent, names) => {
    const c = parent as Case.Case
    return c.stages.map((s) => ({
      case: text(c.title),
      stage: text(labelOf(stageChoices, s.stage)),
      at: instant(s.at),
      actor: s.actorId === undefined ? undefined : text(names.member(s.actorId)),
      assignee: s.assigneeId === undefined ? undefined : text(names.member(s.assigneeId)),
      team: s.teamId === undefined ? undefined : text(names.team(s.teamId)),
      contractor: s.contractorId === undefined ? undefined : text(names.org(s.contractorId)),
      note: text(s.note)
    }))
  }
}

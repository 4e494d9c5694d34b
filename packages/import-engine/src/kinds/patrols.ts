/** 巡河记录 — patrol logs: who walked which zone when, what they found, how much litter they collected. */
import type { Calendar, Zone } from "@bishui/domain"
import { Tables } from "@bishui/services"
import { Effect } from "effect"
import type { Ctx } from "../model/Ctx.ts"
import type { Kind } from "../model/Kind.ts"
import { column, idColumn, illustrativeColumn } from "../sheet/Column.ts"
import type { RowCtx } from "../sheet/Row.ts"
import type { SheetDef } from "../sheet/Sheet.ts"
import { bigDecimalText, byId, decimal, illustrative, instant, opt, text, use, yes } from "./common.ts"
import { zoneCodeColumn } from "./zones.ts"

export const def: SheetDef = {
  kind: "patrols",
  zh: "巡河记录",
  en: "patrol logs",
  aliases: ["巡河台账", "patrols"],
  mode: "streamed",
  note: {
    zh: "巡河记录：责任区、巡河人、起止时间（本单位时区，默认北京时间）、发现的问题和清理的垃圾",
    en: "patrol logs: zone, member, start and end (the tenant's time zone, China Standard Time by default), findings and litter collected"
  },
  identity: { zh: "按责任区编码+巡河人+开始时间匹配", en: "matched by zone code + member + start time" },
  columns: [
    idColumn,
    zoneCodeColumn,
    column({
      key: "member",
      zh: "巡河人",
      en: "member",
      required: true,
      type: "reference",
      note: {
        zh: "巡河的成员姓名；重名时写成“姓名（手机号）”",
        en: 'the member who patrolled; "name（phone）" for namesakes'
      },
      width: 12
    }),
    column({
      key: "startedAt",
      zh: "开始时间",
      en: "started at",
      required: true,
      type: "instant",
      note: {
        zh: "开始巡河的日期和时间（本单位时区，默认北京时间），如2023-07-22 06:00",
        en: "start, date and time (the tenant's time zone, China Standard Time by default), e.g. 2023-07-22 06:00"
      },
      width: 17
    }),
    column({
      key: "endedAt",
      field: "endedAt",
      zh: "结束时间",
      en: "ended at",
      required: false,
      type: "instant",
      note: {
        zh: "结束的日期和时间（本单位时区，默认北京时间）",
        en: "end, date and time (the tenant's time zone, China Standard Time by default)"
      },
      width: 17
    }),
    column({
      key: "findings",
      field: "findings",
      zh: "发现问题",
      en: "findings",
      required: false,
      type: "text",
      note: { zh: "巡河发现的问题和处理情况", en: "what the patrol found and did" },
      width: 40
    }),
    column({
      key: "litter",
      field: "litterCollected",
      zh: "清理垃圾(公斤)",
      en: "litter kg",
      aliases: ["清理垃圾", "垃圾(公斤)", "litter"],
      required: false,
      type: "decimal",
      note: {
        zh: "清理的垃圾重量，单位公斤（也可写12.5公斤、25斤）",
        en: "litter collected in kg (12.5公斤 or 25斤 are read too)"
      },
      width: 12
    }),
    illustrativeColumn
  ]
}

interface Draft {
  readonly id?: string | undefined
  readonly zone: string
  readonly member: string
  readonly startedAt: Calendar.Instant
  readonly endedAt?: string | undefined
  readonly findings?: string | undefined
  readonly litter?: string | undefined
  readonly illustrative?: boolean | undefined
  zoneId?: string | undefined
  memberId?: string | undefined
}

/** The zone and member; from what is already resolved when it can, without an effect. */
const resolve = (d: Draft, r: RowCtx, ctx: Ctx): Effect.Effect<void> => {
  const zone = ctx.peekNamed("zones", d.zone)
  if (zone !== undefined) {
    const branch = zone.ok ? ctx.peekZoneBranch(zone.id) : { branchId: undefined }
    const member = branch === undefined ? undefined : ctx.peekMember(d.member, branch.branchId)
    if (member !== undefined) {
      d.zoneId = use(r, "zone", zone)
      d.memberId = use(r, "member", member)
      return Effect.void
    }
  }
  return resolveSlowly(d, r, ctx)
}

const resolveSlowly = (d: Draft, r: RowCtx, ctx: Ctx) =>
  Effect.gen(function* () {
    d.zoneId = use(r, "zone", yield* ctx.named("zones", d.zone))
    const branchId = d.zoneId === undefined ? undefined : yield* ctx.zoneBranch(d.zoneId)
    d.memberId = use(r, "member", yield* ctx.member(d.member, branchId))
  })

export const kind: Kind<Zone.PatrolLog, Draft> = {
  def,
  table: Tables.patrolLogs,
  parse: (r) => {
    const id = r.id()
    const zone = r.text("zone", { required: true })
    const member = r.text("member", { required: true })
    const startedAt = r.instant("startedAt", true)
    const endedAt = r.instant("endedAt")
    const rest = {
      findings: r.text("findings"),
      litter: r.decimal("litter"),
      illustrative: r.bool("illustrative")
    }
    if (startedAt !== undefined && endedAt !== undefined && endedAt < startedAt) {
      r.fail("endedAt", { zh: "结束时间早于开始时间", en: "the patrol ends before it starts" })
    }
    if (zone === undefined || member === undefined || startedAt === undefined) return undefined
    return { id, zone, member, startedAt, endedAt, ...rest }
  },
  rowKey: (d) => (d.id !== undefined ? `id:${d.id}` : `${d.zone}:${d.member}:${d.startedAt}`),
  match: (d, r, ctx) =>
    Effect.gen(function* () {
      yield* resolve(d, r, ctx)
      if (d.id !== undefined) return (yield* byId(ctx, Tables.patrolLogs, d.id))?.record
      if (d.zoneId === undefined || d.memberId === undefined) return undefined
      // an instant bound is exact: the patrols of the zone and member that started at this moment
      return yield* ctx.onDay(
        Tables.patrolLogs,
        { zone_id: d.zoneId, member_id: d.memberId },
        d.startedAt,
        (p) => p.startedAt === d.startedAt
      )
    }),
  build: (d, _r, ctx, id, existing) =>
    Effect.succeed({
      id,
      tenantId: ctx.tenantId,
      zoneId: d.zoneId,
      memberId: d.memberId,
      startedAt: d.startedAt,
      ...opt("endedAt", d.endedAt),
      ...opt("findings", d.findings),
      ...opt("litterCollected", d.litter),
      caseIds: existing?.caseIds ?? [],
      ...illustrative(d.illustrative)
    }),
  create: (p, ctx) => ctx.services.zones.recordPatrol(p),
  update: (p, ctx) => ctx.services.zones.updatePatrol(p),
  bulk: {
    resolve,
    recordKey: (p) => `${p.zoneId}\u0000${p.memberId}\u0000${p.startedAt}`,
    draftKey: (d) =>
      d.zoneId === undefined || d.memberId === undefined
        ? undefined
        : `${d.zoneId}\u0000${d.memberId}\u0000${d.startedAt}`,
    candidates: (drafts) => ({ column: "started_at", values: drafts.map((d) => d.startedAt) }),
    createMany: (patrols, ctx) => ctx.services.zones.recordPatrols(patrols, { audit: ctx.bulkAudit })
  },
  toRow: (p, names) => ({
    id: text(p.id),
    zone: text(names.zone(p.zoneId)),
    member: text(names.member(p.memberId)),
    startedAt: instant(p.startedAt),
    endedAt: instant(p.endedAt),
    findings: text(p.findings),
    litter: p.litterCollected === undefined ? undefined : decimal(bigDecimalText(p.litterCollected)),
    illustrative: yes(p.illustrative)
  })
}

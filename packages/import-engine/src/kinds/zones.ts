/** 责任区 — responsibility zones: code, name, river segments, the responsible member, cleaners, boats and crew. */
import { Zone } from "@bishui/domain"
import { Tables } from "@bishui/services"
import { Effect, Schema } from "effect"
import type { Kind } from "../model/Kind.ts"
import { branchColumn, column, idColumn, illustrativeColumn } from "../sheet/Column.ts"
import type { SheetDef } from "../sheet/Sheet.ts"
import { byId, illustrative, list, num, opt, optionalRef, text, use, yes } from "./common.ts"

export const zoneCodeColumn = column({
  key: "zone",
  zh: "责任区编码",
  en: "zone code",
  aliases: ["责任区", "zone"],
  required: true,
  type: "reference",
  note: {
    zh: "责任区的编码，如NH-01（须在责任区表中）",
    en: "the zone's code, e.g. NH-01 (in the zones sheet)"
  },
  width: 12
})

export const def: SheetDef = {
  kind: "zones",
  zh: "责任区",
  en: "zones",
  aliases: ["responsibility zones"],
  mode: "buffered",
  note: {
    zh: "河道责任区：编码、名称、河段、责任人，以及保洁员、打捞船和打捞人员数",
    en: "responsibility zones: code, name, river segments, responsible member, cleaners, boats and crew"
  },
  identity: { zh: "按责任区编码匹配", en: "matched by zone code" },
  columns: [
    idColumn,
    branchColumn,
    column({
      key: "code",
      zh: "责任区编码",
      en: "zone code",
      aliases: ["编码", "code"],
      required: true,
      type: "text",
      note: {
        zh: "字母、数字和短横线，如NH-01；在本租户内唯一",
        en: "letters, digits and dashes, e.g. NH-01; unique in the tenant"
      },
      width: 12
    }),
    column({
      key: "name",
      zh: "责任区名称",
      en: "name",
      aliases: ["名称"],
      required: true,
      type: "text",
      note: { zh: "责任区的名称", en: "the zone's name" },
      width: 22
    }),
    column({
      key: "segments",
      field: "riverSegments",
      zh: "河段",
      en: "river segments",
      required: false,
      type: "list",
      note: { zh: "责任区包含的河段，多个用顿号分隔", en: "the river segments it covers, separated by 、" },
      width: 30
    }),
    column({
      key: "responsible",
      field: "responsibleMemberId",
      zh: "责任人",
      en: "responsible member",
      required: false,
      type: "reference",
      note: {
        zh: "负责该责任区的成员姓名；重名时写成“姓名（手机号）”",
        en: 'the responsible member; "name（phone）" for namesakes'
      },
      width: 12
    }),
    column({
      key: "cleaners",
      field: "resources.cleaners",
      zh: "保洁员",
      en: "cleaners",
      required: false,
      type: "count",
      note: { zh: "岸上保洁员人数（留空为0）", en: "cleaners on the banks (blank is 0)" },
      width: 8
    }),
    column({
      key: "boats",
      field: "resources.boats",
      zh: "打捞船",
      en: "boats",
      required: false,
      type: "count",
      note: { zh: "打捞船数（留空为0）", en: "salvage boats (blank is 0)" },
      width: 8
    }),
    column({
      key: "crew",
      field: "resources.crew",
      zh: "打捞人员",
      en: "crew",
      required: false,
      type: "count",
      note: { zh: "打捞人员数（留空为0）", en: "salvage crew (blank is 0)" },
      width: 8
    }),
    illustrativeColumn
  ]
}

interface Draft {
  readonly id?: string | undefined
  readonly branch?: string | undefined
  readonly code: string
  readonly name: string
  readonly segments: ReadonlyArray<string>
  readonly responsible?: string | undefined
  readonly cleaners: number
  readonly boats: number
  readonly crew: number
  readonly illustrative?: boolean | undefined
}

const isCode = Schema.is(Zone.ZoneCode)

export const kind: Kind<Zone.Zone, Draft> = {
  def,
  table: Tables.zones,
  parse: (r) => {
    const id = r.id()
    const branch = r.text("branch")
    const rawCode = r.code("code", { required: true })
    const code = rawCode?.toUpperCase()
    if (code !== undefined && !isCode(code)) {
      r.fail("code", {
        zh: "责任区编码只能由字母、数字和短横线组成（最多32个），如NH-01",
        en: "a zone code has letters, digits and dashes only (at most 32), e.g. NH-01"
      })
    }
    const name = r.text("name", { required: true })
    const draft = {
      id,
      branch,
      segments: r.list("segments"),
      responsible: r.text("responsible"),
      cleaners: r.exactCount("cleaners") ?? 0,
      boats: r.exactCount("boats") ?? 0,
      crew: r.exactCount("crew") ?? 0,
      illustrative: r.bool("illustrative")
    }
    if (code === undefined || name === undefined) return undefined
    return { ...draft, code, name }
  },
  rowKey: (d) => (d.id !== undefined ? `id:${d.id}` : d.code),
  match: (d, _r, ctx) =>
    d.id !== undefined
      ? Effect.map(byId(ctx, Tables.zones, d.id), (v) => v?.record)
      : ctx.find(Tables.zones, (z) => z.code === d.code),
  register: (d, id, _r, ctx) => ctx.registerNamed("zones", { id, name: d.code }),
  build: (d, r, ctx, id) =>
    Effect.gen(function* () {
      const branchId = use(r, "branch", yield* ctx.branch(d.branch))
      const responsibleMemberId = yield* optionalRef(r, "responsible", d.responsible, (t) =>
        ctx.member(t, branchId)
      )
      return {
        id,
        tenantId: ctx.tenantId,
        branchId,
        code: d.code,
        name: d.name,
        riverSegments: d.segments,
        ...opt("responsibleMemberId", responsibleMemberId),
        resources: { cleaners: d.cleaners, boats: d.boats, crew: d.crew },
        ...illustrative(d.illustrative)
      }
    }),
  stage: () => 4,
  create: (z, ctx) => ctx.services.zones.create(z),
  update: (z, ctx) => ctx.services.zones.update(z),
  toRow: (z, names) => ({
    id: text(z.id),
    branch: text(names.org(z.branchId)),
    code: text(z.code),
    name: text(z.name),
    segments: list(z.riverSegments),
    responsible: z.responsibleMemberId === undefined ? undefined : text(names.member(z.responsibleMemberId)),
    cleaners: num(z.resources.cleaners),
    boats: num(z.resources.boats),
    crew: num(z.resources.crew),
    illustrative: yes(z.illustrative)
  })
}

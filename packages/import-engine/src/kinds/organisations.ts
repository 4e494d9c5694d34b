/** 组织 — the Party group, standing and temporary branches, paired communities and contractors. */
import type { Organisation } from "@bishui/domain"
import { Tables } from "@bishui/services"
import { Effect } from "effect"
import { kindLabels } from "../model/Ctx.ts"
import type { Kind } from "../model/Kind.ts"
import { column, idColumn, illustrativeColumn, labelOf, same } from "../sheet/Column.ts"
import type { SheetDef } from "../sheet/Sheet.ts"
import { byId, date, illustrative, list, listRefs, opt, optionalRef, text, use, yes } from "./common.ts"

type Org = Organisation.Organisation

const kindChoices = [
  { value: "PartyGroup", zh: kindLabels.PartyGroup, en: "Party group", aliases: ["党委"] },
  { value: "StandingBranch", zh: kindLabels.StandingBranch, en: "standing branch", aliases: ["支部"] },
  { value: "TemporaryBranch", zh: kindLabels.TemporaryBranch, en: "temporary branch", aliases: ["临时支部"] },
  { value: "Community", zh: kindLabels.Community, en: "community" },
  { value: "Contractor", zh: kindLabels.Contractor, en: "contractor", aliases: ["施工单位"] }
] as const

export const def: SheetDef = {
  kind: "organisations",
  zh: "组织",
  en: "organisations",
  aliases: ["organizations", "单位"],
  mode: "buffered",
  note: {
    zh: "党组、党支部、项目临时党支部，以及结对社区和参建单位",
    en: "the Party group, standing branches, temporary branches on project sites, paired communities and contractors"
  },
  identity: {
    zh: "按类型+名称匹配（社区按类型+名称+所在区）",
    en: "matched by kind + name (a community by kind + name + district)"
  },
  columns: [
    idColumn,
    column({
      key: "kind",
      zh: "类型",
      en: "kind",
      required: true,
      type: "choice",
      choices: kindChoices,
      note: {
        zh: "党组、党支部、临时党支部、社区或参建单位",
        en: "Party group, standing branch, temporary branch, community or contractor"
      },
      width: 12
    }),
    column({
      key: "name",
      zh: "名称",
      en: "name",
      required: true,
      type: "text",
      note: { zh: "组织的全称，如四平市南北河管理中心党支部", en: "the organisation's full name" },
      width: 30
    }),
    column({
      key: "parent",
      field: "parentId",
      zh: "上级组织",
      en: "parent",
      required: { zh: "党支部、临时党支部必填", en: "required for standing and temporary branches" },
      type: "reference",
      note: {
        zh: "上级党组织的名称（党支部的上级是党组，临时党支部的上级是党支部）",
        en: "the parent Party organisation's name"
      },
      width: 26
    }),
    column({
      key: "district",
      field: "district",
      zh: "所在区",
      en: "district",
      required: { zh: "社区必填", en: "required for communities" },
      type: "text",
      note: { zh: "社区所在的区，如铁西区", en: "the community's district" },
      width: 10
    }),
    column({
      key: "paired",
      field: "pairedBranchIds",
      zh: "结对支部",
      en: "paired branches",
      required: false,
      type: "referenceList",
      note: {
        zh: "社区结对共建的党支部名称，多个用顿号分隔",
        en: "the branches a community is paired with, separated by 、"
      },
      width: 26
    }),
    column({
      key: "projects",
      field: ["projectId", "projectIds"],
      zh: "所属项目",
      en: "projects",
      required: { zh: "临时党支部必填（一个项目）", en: "required for a temporary branch (one project)" },
      type: "referenceList",
      note: {
        zh: "临时党支部所在的项目（一个）；参建单位参与的项目（可多个，用顿号分隔）",
        en: "a temporary branch's project (one); the projects a contractor works on (several, separated by 、)"
      },
      width: 26
    }),
    column({
      key: "unitName",
      field: "unitName",
      zh: "单位名称",
      en: "unit name",
      required: false,
      type: "text",
      note: { zh: "党支部所在的工作单位", en: "the work unit a standing branch belongs to" },
      width: 22
    }),
    column({
      key: "brand",
      field: "brand",
      zh: "品牌",
      en: "brand",
      required: false,
      type: "text",
      note: { zh: "党建品牌，如碧水映初心", en: "the branch's brand" },
      width: 12
    }),
    column({
      key: "honours",
      field: "honours",
      zh: "荣誉",
      en: "honours",
      required: false,
      type: "list",
      note: { zh: "单位荣誉，多个用顿号分隔", en: "honours, separated by 、" },
      width: 18
    }),
    column({
      key: "supervisionPhone",
      field: "signboard",
      zh: "监督电话",
      en: "supervision phone",
      required: false,
      type: "text",
      note: {
        zh: "党支部河湖公示牌上的监督电话（公开号码，不是个人信息），如0434-3271234",
        en: "the supervision phone on a standing branch's river signboards (a public line, not personal data)"
      },
      width: 14
    }),
    column({
      key: "supervisionPhoneIllustrative",
      field: "signboard",
      zh: "监督电话为示例",
      en: "supervision phone illustrative",
      required: false,
      type: "boolean",
      choices: [
        { value: "true", zh: "是", en: "yes" },
        { value: "false", zh: "否", en: "no" }
      ],
      note: {
        zh: "是：监督电话是为示例编造的（记录本身可以是真实的）",
        en: "是 (yes): the supervision phone was invented for an example (the record itself may be real)"
      },
      width: 10
    }),
    column({
      key: "establishedOn",
      field: "establishedOn",
      zh: "成立日期",
      en: "established on",
      required: { zh: "临时党支部必填", en: "required for temporary branches" },
      type: "date",
      note: { zh: "成立的日期", en: "the day it was established" },
      width: 12
    }),
    column({
      key: "dissolvedOn",
      field: "dissolvedOn",
      zh: "撤销日期",
      en: "dissolved on",
      required: false,
      type: "date",
      note: { zh: "临时党支部随项目撤销的日期", en: "the day a temporary branch was dissolved" },
      width: 12
    }),
    illustrativeColumn
  ]
}

interface Draft {
  readonly id?: string | undefined
  readonly kind: Organisation.OrganisationKind
  readonly name: string
  readonly parent?: string | undefined
  readonly district?: string | undefined
  readonly paired: ReadonlyArray<string>
  readonly projects: ReadonlyArray<string>
  readonly unitName?: string | undefined
  readonly brand?: string | undefined
  readonly honours: ReadonlyArray<string>
  readonly supervisionPhone?: string | undefined
  readonly supervisionPhoneIllustrative?: boolean | undefined
  readonly establishedOn?: string | undefined
  readonly dissolvedOn?: string | undefined
  readonly illustrative?: boolean | undefined
}

const stages: Record<Organisation.OrganisationKind, number> = {
  PartyGroup: 0,
  StandingBranch: 0.1,
  Community: 0.2,
  Contractor: 0.3,
  TemporaryBranch: 2
}

export const kind: Kind<Org, Draft> = {
  def,
  table: Tables.organisations,
  parse: (r) => {
    const id = r.id()
    const orgKind = r.choice<Organisation.OrganisationKind>("kind", true)
    const name = r.text("name", { required: true })
    const draft = {
      id,
      parent: r.text("parent"),
      district: r.text("district", { required: orgKind === "Community" }),
      paired: r.list("paired"),
      projects: r.list("projects", orgKind === "TemporaryBranch"),
      unitName: r.text("unitName"),
      brand: r.text("brand"),
      honours: r.list("honours"),
      supervisionPhone: r.text("supervisionPhone"),
      supervisionPhoneIllustrative: r.bool("supervisionPhoneIllustrative"),
      establishedOn: r.date("establishedOn", orgKind === "TemporaryBranch"),
      dissolvedOn: r.date("dissolvedOn"),
      illustrative: r.bool("illustrative")
    }
    if (orgKind === undefined || name === undefined) return undefined
    if ((orgKind === "StandingBranch" || orgKind === "TemporaryBranch") && draft.parent === undefined) {
      r.fail("parent", { zh: `${kindLabels[orgKind]}必须填写上级组织`, en: `a ${orgKind} needs its parent` })
    }
    if (orgKind === "TemporaryBranch" && draft.projects.length > 1) {
      r.fail("projects", { zh: "临时党支部只属于一个项目", en: "a temporary branch belongs to one project" })
    }
    return { ...draft, kind: orgKind, name }
  },
  rowKey: (d) =>
    d.id !== undefined ? `id:${d.id}` : `${d.kind}:${d.name}:${d.kind === "Community" ? d.district : ""}`,
  match: (d, _r, ctx) =>
    d.id !== undefined
      ? Effect.map(byId(ctx, Tables.organisations, d.id), (v) => v?.record)
      : ctx.find(
          Tables.organisations,
          (o) =>
            o._tag === d.kind &&
            same(o.name, d.name) &&
            (o._tag !== "Community" || same(o.district, d.district))
        ),
  register: (d, id, _r, ctx) => ctx.registerOrg({ id, kind: d.kind, name: d.name, district: d.district }),
  build: (d, r, ctx, id) =>
    Effect.gen(function* () {
      const common = { id, tenantId: ctx.tenantId, name: d.name, ...illustrative(d.illustrative) }
      const parentId = yield* optionalRef(r, "parent", d.parent, (t) => ctx.partyOrg(t))
      ctx.setOrgParent(id, parentId)
      switch (d.kind) {
        case "PartyGroup":
          return { _tag: d.kind, ...common, ...opt("parentId", parentId) }
        case "StandingBranch":
          return {
            _tag: d.kind,
            ...common,
            parentId,
            ...opt("unitName", d.unitName),
            ...opt("brand", d.brand),
            honours: d.honours,
            ...opt("establishedOn", d.establishedOn),
            ...(d.supervisionPhone === undefined
              ? {}
              : {
                  signboard: {
                    supervisionPhone: d.supervisionPhone,
                    ...illustrative(d.supervisionPhoneIllustrative)
                  }
                })
          }
        case "TemporaryBranch": {
          const project = d.projects[0]
          const projectId =
            project === undefined
              ? undefined
              : use(r, "projects", yield* ctx.named("projects", project), project)
          return {
            _tag: d.kind,
            ...common,
            parentId,
            projectId,
            establishedOn: d.establishedOn,
            ...opt("dissolvedOn", d.dissolvedOn)
          }
        }
        case "Community":
          return {
            _tag: d.kind,
            ...common,
            district: d.district,
            pairedBranchIds: yield* listRefs(r, "paired", d.paired, (t) => ctx.partyOrg(t))
          }
        case "Contractor":
          return {
            _tag: d.kind,
            ...common,
            projectIds: yield* listRefs(r, "projects", d.projects, (t) => ctx.named("projects", t))
          }
      }
    }),
  stage: (o) => stages[o._tag],
  create: (o, ctx) => ctx.services.organisations.create(o),
  update: (o, ctx) => ctx.services.organisations.update(o),
  toRow: (o, names) => ({
    id: text(o.id),
    kind: text(labelOf(kindChoices, o._tag)),
    name: text(o.name),
    parent: "parentId" in o && o.parentId !== undefined ? text(names.org(o.parentId)) : undefined,
    district: o._tag === "Community" ? text(o.district) : undefined,
    paired: o._tag === "Community" ? list(o.pairedBranchIds.map(names.org)) : undefined,
    projects:
      o._tag === "TemporaryBranch"
        ? text(names.project(o.projectId))
        : o._tag === "Contractor"
          ? list(o.projectIds.map(names.project))
          : undefined,
    unitName: o._tag === "StandingBranch" ? text(o.unitName) : undefined,
    brand: o._tag === "StandingBranch" ? text(o.brand) : undefined,
    honours: o._tag === "StandingBranch" ? list(o.honours) : undefined,
    supervisionPhone: o._tag === "StandingBranch" ? text(o.signboard?.supervisionPhone) : undefined,
    supervisionPhoneIllustrative: o._tag === "StandingBranch" ? yes(o.signboard?.illustrative) : undefined,
    establishedOn:
      o._tag === "StandingBranch" || o._tag === "TemporaryBranch" ? date(o.establishedOn) : undefined,
    dissolvedOn: o._tag === "TemporaryBranch" ? date(o.dissolvedOn) : undefined,
    illustrative: yes(o.illustrative)
  })
}

/**
 * 成员 — the roster: name, home branch and role, phone, employer, community registration and 三长
 * role — and its child sheet 临时支部成员, the temporary branches members also serve in.
 */
import type { Member } from "@bishui/domain"
import { Tables } from "@bishui/services"
import { Effect } from "effect"
import { liveOrElseVoided, parseMemberRef } from "../model/Ctx.ts"
import type { ChildKind, Kind } from "../model/Kind.ts"
import { column, idColumn, illustrativeColumn, labelOf, same } from "../sheet/Column.ts"
import type { SheetDef } from "../sheet/Sheet.ts"
import { byId, date, illustrative, opt, optionalRef, text, use, yes } from "./common.ts"

export const roleChoices = [
  { value: "secretary", zh: "书记", en: "secretary", aliases: ["支部书记"] },
  { value: "deputy_secretary", zh: "副书记", en: "deputy secretary" },
  { value: "committee_member", zh: "委员", en: "committee member", aliases: ["支委", "支部委员"] },
  { value: "member", zh: "党员", en: "member" }
] as const

const sanZhangChoices = [
  { value: "building_head", zh: "楼长", en: "building head" },
  { value: "unit_head", zh: "单元长", en: "unit head" },
  { value: "grid_head", zh: "网格长", en: "grid head" }
] as const

export const def: SheetDef = {
  kind: "members",
  zh: "成员",
  en: "members",
  aliases: ["党员", "花名册", "roster"],
  mode: "buffered",
  note: {
    zh: "党员花名册：所属支部和职务、联系电话、工作单位、到社区报到情况及三长职务",
    en: "the roster: home branch and role, phone, employer, community registration and 三长 role"
  },
  identity: {
    zh: "按所属支部+姓名匹配；同一支部有同名成员时再按手机号区分（改手机号请用编号列）",
    en: "matched by home branch + name; namesakes in a branch are told apart by phone (to change a phone number, use the id column)"
  },
  columns: [
    idColumn,
    column({
      key: "name",
      zh: "姓名",
      en: "name",
      required: true,
      type: "text",
      note: { zh: "成员姓名", en: "the member's name" },
      width: 10
    }),
    column({
      key: "homeBranch",
      zh: "所属支部",
      en: "home branch",
      aliases: ["branch"],
      required: true,
      type: "reference",
      note: {
        zh: "组织关系所在的党支部（或临时党支部）名称",
        en: "the branch (or temporary branch) the member belongs to"
      },
      width: 26
    }),
    column({
      key: "role",
      zh: "职务",
      en: "role",
      required: true,
      type: "choice",
      choices: roleChoices,
      note: { zh: "书记、副书记、委员或党员", en: "secretary, deputy secretary, committee member or member" },
      width: 10
    }),
    column({
      key: "phone",
      field: "phone",
      zh: "手机号",
      en: "phone",
      aliases: ["电话", "联系电话", "手机"],
      required: false,
      type: "text",
      note: {
        zh: "手机号或电话（个人信息，对外公示时打码）",
        en: "phone number (personal data, masked in public)"
      },
      width: 14
    }),
    column({
      key: "idNumber",
      field: "idNumber",
      zh: "身份证号",
      en: "id number",
      required: false,
      type: "text",
      note: {
        zh: "18位身份证号（个人信息，可不填）",
        en: "18-character ID number (personal data, optional)"
      },
      width: 20
    }),
    column({
      key: "employer",
      field: "employerId",
      zh: "工作单位",
      en: "employer",
      required: false,
      type: "reference",
      note: {
        zh: "成员不在本单位工作时填写其单位（如参建单位），须在组织表中",
        en: "the member's employer when it is not the branch's own unit (a contractor), in the organisations sheet"
      },
      width: 24
    }),
    column({
      key: "community",
      field: "communityRegistration",
      zh: "报到社区",
      en: "community",
      required: false,
      type: "reference",
      note: {
        zh: "在职党员到社区报到的社区名称；重名社区写成“名称（所在区）”",
        en: 'the community the member registered with; write "name（district）" when names repeat'
      },
      width: 14
    }),
    column({
      key: "registeredOn",
      field: "communityRegistration",
      zh: "报到日期",
      en: "registered on",
      required: { zh: "填写报到社区时必填", en: "required with a community" },
      type: "date",
      note: { zh: "到社区报到的日期", en: "the day the member registered with the community" },
      width: 12
    }),
    column({
      key: "sanZhang",
      field: "communityRegistration.sanZhangRole",
      zh: "三长职务",
      en: "san-zhang role",
      required: false,
      type: "choice",
      choices: sanZhangChoices,
      note: { zh: "在社区兼任的楼长、单元长或网格长", en: "building, unit or grid head in the community" },
      width: 10
    }),
    illustrativeColumn
  ]
}

interface Draft {
  readonly id?: string | undefined
  readonly name: string
  readonly homeBranch: string
  readonly role: Member.BranchRole
  readonly phone?: string | undefined
  readonly idNumber?: string | undefined
  readonly employer?: string | undefined
  readonly community?: string | undefined
  readonly registeredOn?: string | undefined
  readonly sanZhang?: Member.SanZhangRole | undefined
  readonly illustrative?: boolean | undefined
  /** The home branch, resolved while matching. */
  homeBranchId?: string | undefined
}

const digits = (phone: string | undefined) => phone?.replace(/[^0-9]/g, "")

export const kind: Kind<Member.Member, Draft> = {
  def,
  table: Tables.members,
  parse: (r) => {
    const id = r.id()
    const name = r.text("name", { required: true })
    const homeBranch = r.text("homeBranch", { required: true })
    const role = r.choice<Member.BranchRole>("role", true)
    const community = r.text("community")
    const draft = {
      id,
      phone: r.phone("phone"),
      idNumber: r.idNumber("idNumber"),
      employer: r.text("employer"),
      community,
      registeredOn: r.date("registeredOn", community !== undefined),
      sanZhang: r.choice<Member.SanZhangRole>("sanZhang"),
      illustrative: r.bool("illustrative")
    }
    if (draft.sanZhang !== undefined && community === undefined) {
      r.fail("sanZhang", { zh: "三长职务须同时填写报到社区", en: "a 三长 role needs the community" })
    }
    if (name === undefined || homeBranch === undefined || role === undefined) return undefined
    return { ...draft, name, homeBranch, role }
  },
  rowKey: (d) => (d.id !== undefined ? `id:${d.id}` : `${d.homeBranch}:${d.name}:${digits(d.phone) ?? ""}`),
  match: (d, r, ctx) =>
    Effect.gen(function* () {
      const branch = yield* ctx.partyOrg(d.homeBranch)
      d.homeBranchId = use(r, "homeBranch", branch)
      if (d.id !== undefined) return (yield* byId(ctx, Tables.members, d.id))?.record
      if (d.homeBranchId === undefined) return undefined
      // live namesakes; a voided one only when none is live (the engine then reports the row)
      const namesakes = liveOrElseVoided(
        (yield* ctx.withVoided(Tables.members)).filter(
          (m) => same(m.name, d.name) && m.homeBranchId === d.homeBranchId
        )
      )
      if (namesakes.length === 0) return undefined
      const phone = digits(d.phone)
      if (phone !== undefined) {
        const same = namesakes.find((m) => digits(m.phone) === phone)
        if (same !== undefined) return same
        // One member of that name without a phone on record: this row gives theirs.
        const withoutPhone = namesakes.filter((m) => m.phone === undefined)
        return namesakes.length === 1 && withoutPhone.length === 1 ? withoutPhone[0] : undefined
      }
      if (namesakes.length === 1) return namesakes[0]
      r.fail("name", {
        zh: `所属支部有${namesakes.length}位成员名叫“${d.name}”：请填写手机号或编号来区分`,
        en: `${namesakes.length} members of the branch are named "${d.name}": give the phone number or the id to tell them apart`
      })
      return undefined
    }),
  register: (d, id, _r, ctx) =>
    ctx.registerMember({ id, name: d.name, phone: d.phone, homeBranchId: d.homeBranchId ?? "" }),
  build: (d, r, ctx, id, existing) =>
    Effect.gen(function* () {
      const employerId = yield* optionalRef(r, "employer", d.employer, (t) =>
        ctx.org(t, ["Contractor", "PartyGroup", "StandingBranch", "Community"], {
          zh: "单位",
          en: "organisation"
        })
      )
      const communityId = yield* optionalRef(r, "community", d.community, (t) => ctx.community(t))
      const memberships = ctx.children.get("memberships")?.get(id)
      return {
        id,
        tenantId: ctx.tenantId,
        name: d.name,
        homeBranchId: d.homeBranchId,
        role: d.role,
        ...opt("employerId", employerId),
        ...opt("phone", d.phone),
        ...opt("idNumber", d.idNumber),
        temporaryMemberships: memberships ?? existing?.temporaryMemberships ?? [],
        ...(communityId === undefined
          ? {}
          : {
              communityRegistration: {
                communityId,
                registeredOn: d.registeredOn,
                ...opt("sanZhangRole", d.sanZhang)
              }
            }),
        ...illustrative(d.illustrative)
      }
    }),
  stage: () => 3,
  create: (m, ctx) => ctx.services.organisations.createMember(m),
  update: (m, ctx) => ctx.services.organisations.updateMember(m),
  toRow: (m, names) => ({
    id: text(m.id),
    name: text(m.name),
    homeBranch: text(names.org(m.homeBranchId)),
    role: text(labelOf(roleChoices, m.role)),
    phone: text(m.phone),
    idNumber: text(m.idNumber),
    employer: m.employerId === undefined ? undefined : text(names.org(m.employerId)),
    community:
      m.communityRegistration === undefined
        ? undefined
        : text(names.org(m.communityRegistration.communityId)),
    registeredOn: date(m.communityRegistration?.registeredOn),
    sanZhang:
      m.communityRegistration?.sanZhangRole === undefined
        ? undefined
        : text(labelOf(sanZhangChoices, m.communityRegistration.sanZhangRole)),
    illustrative: yes(m.illustrative)
  })
}

// ---- 临时支部成员 ------------------------------------------------------------------------------

export const membershipsDef: SheetDef = {
  kind: "memberships",
  zh: "临时支部成员",
  en: "temporary memberships",
  aliases: ["temporary branch members"],
  mode: "buffered",
  parent: "members",
  note: {
    zh: "成员在项目临时党支部的任职：一行一段任职。某成员在此表中有行时，其临时支部任职以此表为准",
    en: "members serving in temporary branches, one row per membership. A member with rows here has exactly these memberships"
  },
  identity: {
    zh: "按成员归组，整体替换该成员的临时支部任职",
    en: "grouped by member; replaces that member's memberships"
  },
  columns: [
    column({
      key: "member",
      zh: "成员",
      en: "member",
      required: true,
      type: "reference",
      note: {
        zh: "成员姓名；重名时写成“姓名（手机号）”",
        en: 'the member\'s name; write "name（phone）" for namesakes'
      },
      width: 12
    }),
    column({
      key: "branch",
      zh: "临时党支部",
      en: "temporary branch",
      required: true,
      type: "reference",
      note: { zh: "临时党支部名称，须在组织表中", en: "the temporary branch, in the organisations sheet" },
      width: 30
    }),
    column({
      key: "role",
      zh: "职务",
      en: "role",
      required: false,
      type: "choice",
      choices: roleChoices,
      note: {
        zh: "在临时党支部的职务，普通党员可留空",
        en: "the role in the temporary branch; blank for a plain member"
      },
      width: 10
    }),
    column({
      key: "joinedOn",
      zh: "加入日期",
      en: "joined on",
      required: true,
      type: "date",
      note: { zh: "加入临时党支部的日期", en: "the day the member joined" },
      width: 12
    }),
    column({
      key: "leftOn",
      zh: "离开日期",
      en: "left on",
      required: false,
      type: "date",
      note: { zh: "离开的日期（仍在的留空）", en: "the day the member left (blank while serving)" },
      width: 12
    })
  ]
}

interface MembershipDraft {
  readonly member: string
  readonly branch: string
  readonly role?: Member.BranchRole | undefined
  readonly joinedOn: string
  readonly leftOn?: string | undefined
}

export const memberships: ChildKind<MembershipDraft, unknown> = {
  def: membershipsDef,
  field: "temporaryMemberships",
  parse: (r) => {
    const member = r.text("member", { required: true })
    const branch = r.text("branch", { required: true })
    const role = r.choice<Member.BranchRole>("role")
    const joinedOn = r.date("joinedOn", true)
    const leftOn = r.date("leftOn")
    if (member === undefined || branch === undefined || joinedOn === undefined) return undefined
    if (leftOn !== undefined && leftOn < joinedOn) {
      r.fail("leftOn", { zh: "离开日期早于加入日期", en: "the member left before joining" })
    }
    return { member, branch, role, joinedOn, leftOn }
  },
  parent: (d, r, ctx) => Effect.map(ctx.member(d.member), (ref) => use(r, "member", ref)),
  item: (d, r, ctx) =>
    Effect.gen(function* () {
      const branchId = use(
        r,
        "branch",
        yield* ctx.org(d.branch, ["TemporaryBranch"], { zh: "临时党支部", en: "temporary branch" })
      )
      return { branchId, ...opt("role", d.role), joinedOn: d.joinedOn, ...opt("leftOn", d.leftOn) }
    }),
  toRows: (parent, names) => {
    const m = parent as Member.Member
    return m.temporaryMemberships.map((t) => ({
      member: text(names.member(m.id)),
      branch: text(names.org(t.branchId)),
      role: t.role === undefined ? undefined : text(labelOf(roleChoices, t.role)),
      joinedOn: date(t.joinedOn),
      leftOn: date(t.leftOn)
    }))
  }
}

export { parseMemberRef }

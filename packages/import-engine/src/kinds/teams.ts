/**
 * 队伍 — the supervision & inspection group and the Party-member commando teams, with their members
 * written in one cell: `王建华（组长）、李雪梅（副组长）、刘洋`.
 */
import type { Team } from "@bishui/domain"
import { Tables } from "@bishui/services"
import { Effect } from "effect"
import { parseMemberRef } from "../model/Ctx.ts"
import type { Kind } from "../model/Kind.ts"
import {
  branchColumn,
  choiceParser,
  column,
  idColumn,
  illustrativeColumn,
  labelOf,
  same
} from "../sheet/Column.ts"
import type { SheetDef } from "../sheet/Sheet.ts"
import { byId, date, illustrative, list, opt, optionalRef, text, use, yes } from "./common.ts"

const kindChoices = [
  { value: "supervision_group", zh: "督导检查组", en: "supervision group" },
  { value: "commando_team", zh: "党员突击队", en: "commando team", aliases: ["突击队"] }
] as const

const roleChoices = [
  { value: "leader", zh: "组长", en: "leader", aliases: ["队长"] },
  { value: "deputy", zh: "副组长", en: "deputy", aliases: ["副队长"] },
  { value: "member", zh: "组员", en: "member", aliases: ["队员", "成员"] }
] as const

const readRole = choiceParser(roleChoices)

export const def: SheetDef = {
  kind: "teams",
  zh: "队伍",
  en: "teams",
  aliases: ["小组"],
  mode: "buffered",
  note: {
    zh: "督导检查组和党员突击队：成立、解散日期和成员（成员写成“王建华（组长）、李雪梅（副组长）、刘洋”）",
    en: "the supervision group and commando teams, with their members written as 王建华（组长）、李雪梅（副组长）、刘洋"
  },
  identity: { zh: "按所属支部+队伍名称匹配", en: "matched by branch + team name" },
  columns: [
    idColumn,
    branchColumn,
    column({
      key: "name",
      zh: "队伍名称",
      en: "name",
      aliases: ["名称"],
      required: true,
      type: "text",
      note: { zh: "队伍名称", en: "the team's name" },
      width: 24
    }),
    column({
      key: "kind",
      zh: "类型",
      en: "kind",
      required: true,
      type: "choice",
      choices: kindChoices,
      note: { zh: "督导检查组或党员突击队", en: "supervision group or commando team" },
      width: 12
    }),
    column({
      key: "formedOn",
      zh: "成立日期",
      en: "formed on",
      required: true,
      type: "date",
      note: { zh: "成立的日期", en: "the day it was formed" },
      width: 12
    }),
    column({
      key: "disbandedOn",
      field: "disbandedOn",
      zh: "解散日期",
      en: "disbanded on",
      required: false,
      type: "date",
      note: { zh: "解散的日期（仍在的留空）", en: "the day it was disbanded (blank while active)" },
      width: 12
    }),
    column({
      key: "members",
      zh: "成员",
      en: "members",
      required: true,
      type: "referenceList",
      note: {
        zh: "成员姓名，用顿号分隔，括号注明组长、副组长（不注明为组员）；有且只有一位组长；重名时再加“（手机号）”",
        en: "members separated by 、, with （组长） leader or （副组长） deputy in brackets (plain members need none); exactly one leader; add （phone） for namesakes"
      },
      width: 40
    }),
    column({
      key: "case",
      field: "caseId",
      zh: "所属案件",
      en: "case",
      required: false,
      type: "reference",
      note: {
        zh: "突击队为之组建的案件标题（须在案件表中）",
        en: "the case a commando team was formed for (in the cases sheet)"
      },
      width: 30
    }),
    illustrativeColumn
  ]
}

interface Draft {
  readonly id?: string | undefined
  readonly branch?: string | undefined
  readonly name: string
  readonly kind: Team.TeamKind
  readonly formedOn: string
  readonly disbandedOn?: string | undefined
  readonly members: ReadonlyArray<{ readonly ref: string; readonly role: Team.TeamRole }>
  readonly case?: string | undefined
  readonly illustrative?: boolean | undefined
  branchId?: string | undefined
}

export const kind: Kind<Team.Team, Draft> = {
  def,
  table: Tables.teams,
  parse: (r) => {
    const id = r.id()
    const branch = r.text("branch")
    const name = r.text("name", { required: true })
    const teamKind = r.choice<Team.TeamKind>("kind", true)
    const formedOn = r.date("formedOn", true)
    const disbandedOn = r.date("disbandedOn")
    const members: Array<{ ref: string; role: Team.TeamRole }> = []
    for (const item of r.list("members", true)) {
      const ref = parseMemberRef(item)
      let role: Team.TeamRole = "member"
      for (const note of ref.notes) {
        const read = readRole(note)
        if (read._tag === "Success") role = read.success as Team.TeamRole
        else
          r.fail(
            "members",
            { zh: `“${note}”不是组长、副组长或组员`, en: `"${note}" is not leader, deputy or member` },
            item
          )
      }
      members.push({ ref: ref.phone === undefined ? ref.name : `${ref.name}（${ref.phone}）`, role })
    }
    const leaders = members.filter((m) => m.role === "leader").length
    if (members.length > 0 && leaders !== 1) {
      r.fail("members", {
        zh: `队伍须有且只有一位组长（在姓名后注明“（组长）”），现有${leaders}位`,
        en: `a team has exactly one leader (mark them （组长）), this one has ${leaders}`
      })
    }
    if (formedOn !== undefined && disbandedOn !== undefined && disbandedOn < formedOn) {
      r.fail("disbandedOn", { zh: "解散日期早于成立日期", en: "disbanded before it was formed" })
    }
    const rest = { case: r.text("case"), illustrative: r.bool("illustrative") }
    if (name === undefined || teamKind === undefined || formedOn === undefined) return undefined
    return { id, branch, name, kind: teamKind, formedOn, disbandedOn, members, ...rest }
  },
  rowKey: (d) => (d.id !== undefined ? `id:${d.id}` : `${d.branch ?? ""}:${d.name}`),
  match: (d, r, ctx) =>
    Effect.gen(function* () {
      d.branchId = use(r, "branch", yield* ctx.branch(d.branch))
      if (d.id !== undefined) return (yield* byId(ctx, Tables.teams, d.id))?.record
      return yield* ctx.find(Tables.teams, (t) => same(t.name, d.name) && t.branchId === d.branchId)
    }),
  register: (d, id, _r, ctx) => ctx.registerNamed("teams", { id, name: d.name, branchId: d.branchId }),
  build: (d, r, ctx, id) =>
    Effect.gen(function* () {
      const members: Array<{ memberId: string; role: Team.TeamRole }> = []
      for (const m of d.members) {
        const memberId = use(r, "members", yield* ctx.member(m.ref, d.branchId), m.ref)
        if (memberId !== undefined) members.push({ memberId, role: m.role })
      }
      const caseId = yield* optionalRef(r, "case", d.case, (t) => ctx.named("cases", t, d.branchId))
      return {
        id,
        tenantId: ctx.tenantId,
        branchId: d.branchId,
        kind: d.kind,
        name: d.name,
        formedOn: d.formedOn,
        ...opt("disbandedOn", d.disbandedOn),
        ...opt("caseId", caseId),
        members,
        ...illustrative(d.illustrative)
      }
    }),
  stage: () => 0,
  // A team may name a case of the same workbook, written after the team: link it once the case is in.
  create: (t, ctx) =>
    Effect.flatMap(withoutUnwrittenCase(t, ctx), (team) => ctx.services.organisations.createTeam(team)),
  update: (t, ctx) =>
    Effect.flatMap(withoutUnwrittenCase(t, ctx), (team) => ctx.services.organisations.updateTeam(team)),
  toRow: (t, names) => ({
    id: text(t.id),
    branch: text(names.org(t.branchId)),
    name: text(t.name),
    kind: text(labelOf(kindChoices, t.kind)),
    formedOn: date(t.formedOn),
    disbandedOn: date(t.disbandedOn),
    members: list(
      t.members.map((m) =>
        m.role === "member"
          ? names.member(m.memberId)
          : `${names.member(m.memberId)}（${labelOf(roleChoices, m.role)}）`
      )
    ),
    case: t.caseId === undefined ? undefined : text(names.caseTitle(t.caseId)),
    illustrative: yes(t.illustrative)
  })
}

const withoutUnwrittenCase = (team: Team.Team, ctx: Parameters<typeof kind.create>[1]) =>
  Effect.gen(function* () {
    if (team.caseId === undefined) return team
    const stored = yield* ctx.store.collection(Tables.cases).get(ctx.tenantId, team.caseId)
    if (stored !== undefined) return team
    const { caseId: _later, ...rest } = team
    ctx.defer(ctx.services.organisations.updateTeam(team))
    return rest
  })

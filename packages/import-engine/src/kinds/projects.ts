/** 项目 — water projects with their contractors and dated phases (one start and one end column per phase). */
import { Project } from "@bishui/domain"
import { Id, Tables } from "@bishui/services"
import { Effect } from "effect"
import type { ChildKind, Kind } from "../model/Kind.ts"
import {
  branchColumn,
  type Column,
  column,
  idColumn,
  illustrativeColumn,
  labelOf,
  same
} from "../sheet/Column.ts"
import type { SheetDef } from "../sheet/Sheet.ts"
import { byId, date, illustrative, instant, list, listRefs, opt, text, use, yes } from "./common.ts"

const kindChoices = [
  { value: "water_environment_governance", zh: "水环境治理", en: "water environment governance" },
  { value: "water_quality_improvement", zh: "水质提升", en: "water quality improvement" },
  { value: "flood_control", zh: "防洪", en: "flood control" },
  { value: "river_regulation", zh: "河道整治", en: "river regulation" },
  { value: "other", zh: "其他", en: "other" }
] as const

const phaseLabels: Record<Project.ProjectPhaseKind, { zh: string; en: string }> = {
  preliminary_procedures: { zh: "前期手续", en: "preliminary procedures" },
  approval: { zh: "立项审批", en: "approval" },
  works_start: { zh: "开工", en: "works start" },
  land_acquisition: { zh: "征地拆迁", en: "land acquisition" },
  construction: { zh: "施工", en: "construction" },
  safety_production: { zh: "安全生产", en: "safety production" },
  completion: { zh: "竣工验收", en: "completion" }
}

const phaseColumns: ReadonlyArray<Column> = Project.projectPhases.flatMap((phase) => [
  column({
    key: `${phase}:start`,
    field: "phases",
    zh: `${phaseLabels[phase].zh}开始`,
    en: `${phaseLabels[phase].en} start`,
    required: false,
    type: "date",
    note: {
      zh: `${phaseLabels[phase].zh}阶段开始的日期`,
      en: `the day the ${phaseLabels[phase].en} phase started`
    },
    width: 12
  }),
  column({
    key: `${phase}:end`,
    field: "phases",
    zh: `${phaseLabels[phase].zh}结束`,
    en: `${phaseLabels[phase].en} end`,
    required: false,
    type: "date",
    note: {
      zh: `${phaseLabels[phase].zh}阶段结束的日期（未结束留空）`,
      en: `the day the ${phaseLabels[phase].en} phase ended (blank while it goes on)`
    },
    width: 12
  })
])

export const def: SheetDef = {
  kind: "projects",
  zh: "项目",
  en: "projects",
  mode: "buffered",
  note: {
    zh: "水利工程项目：类型、参建单位，以及各阶段的起止日期（前期手续、立项审批、开工、征地拆迁、施工、安全生产、竣工验收）",
    en: "water projects: kind, contractors, and the start and end of each phase"
  },
  identity: { zh: "按项目名称匹配", en: "matched by project name" },
  columns: [
    idColumn,
    branchColumn,
    column({
      key: "name",
      zh: "项目名称",
      en: "name",
      aliases: ["名称", "project"],
      required: true,
      type: "text",
      note: { zh: "项目全称，在本租户内唯一", en: "the project's full name, unique in the tenant" },
      width: 28
    }),
    column({
      key: "kind",
      zh: "项目类型",
      en: "kind",
      aliases: ["类型"],
      required: true,
      type: "choice",
      choices: kindChoices,
      note: { zh: "水环境治理、水质提升、防洪、河道整治或其他", en: "the kind of project" },
      width: 12
    }),
    column({
      key: "contractors",
      field: "contractorIds",
      zh: "参建单位",
      en: "contractors",
      required: false,
      type: "referenceList",
      note: {
        zh: "参建单位名称（须在组织表中），多个用顿号分隔",
        en: "contractors (in the organisations sheet), separated by 、"
      },
      width: 30
    }),
    ...phaseColumns,
    illustrativeColumn
  ]
}

interface Draft {
  readonly id?: string | undefined
  readonly branch?: string | undefined
  readonly name: string
  readonly kind: Project.ProjectKind
  readonly contractors: ReadonlyArray<string>
  readonly phases: ReadonlyArray<{ phase: Project.ProjectPhaseKind; startedOn: string; endedOn?: string }>
  readonly illustrative?: boolean | undefined
}

export const kind: Kind<Project.Project, Draft> = {
  def,
  table: Tables.projects,
  parse: (r) => {
    const id = r.id()
    const branch = r.text("branch")
    const name = r.text("name", { required: true })
    const projectKind = r.choice<Project.ProjectKind>("kind", true)
    const contractors = r.list("contractors")
    const phases: Array<{ phase: Project.ProjectPhaseKind; startedOn: string; endedOn?: string }> = []
    for (const phase of Project.projectPhases) {
      const startedOn = r.date(`${phase}:start`)
      const endedOn = r.date(`${phase}:end`)
      if (startedOn !== undefined)
        phases.push({ phase, startedOn, ...(endedOn === undefined ? {} : { endedOn }) })
      else if (endedOn !== undefined) {
        r.fail(`${phase}:start`, {
          zh: `填了${phaseLabels[phase].zh}结束日期，就要填开始日期`,
          en: `the ${phaseLabels[phase].en} phase has an end, so it needs a start`
        })
      }
    }
    const ill = r.bool("illustrative")
    if (name === undefined || projectKind === undefined) return undefined
    return { id, branch, name, kind: projectKind, contractors, phases, illustrative: ill }
  },
  rowKey: (d) => (d.id !== undefined ? `id:${d.id}` : d.name),
  match: (d, _r, ctx) =>
    d.id !== undefined
      ? Effect.map(byId(ctx, Tables.projects, d.id), (v) => v?.record)
      : ctx.find(Tables.projects, (p) => same(p.name, d.name)),
  register: (d, id, _r, ctx) => ctx.registerNamed("projects", { id, name: d.name }),
  build: (d, r, ctx, id, existing) =>
    Effect.gen(function* () {
      const branchId = use(r, "branch", yield* ctx.branch(d.branch))
      return {
        id,
        tenantId: ctx.tenantId,
        branchId,
        name: d.name,
        kind: d.kind,
        contractorIds: yield* listRefs(r, "contractors", d.contractors, (t) =>
          ctx.org(t, ["Contractor"], { zh: "参建单位", en: "contractor" })
        ),
        // Phases keep the order they were recorded in, when they were recorded before.
        phases: orderLike(d.phases, existing?.phases.map((p) => p.phase) ?? []),
        difficulties:
          ctx.children.get("difficulties")?.get(id) ??
          (existing === undefined ? [] : encodeDifficulties(existing.difficulties)),
        ...illustrative(d.illustrative)
      }
    }),
  stage: () => 1,
  create: (p, ctx) => ctx.services.projects.create(p),
  update: (p, ctx) => ctx.services.projects.update(p),
  toRow: (p, names) => {
    const row: Record<string, ReturnType<typeof text>> = {
      id: text(p.id),
      branch: text(names.org(p.branchId)),
      name: text(p.name),
      kind: text(labelOf(kindChoices, p.kind)),
      contractors: list(p.contractorIds.map(names.org)),
      illustrative: yes(p.illustrative)
    }
    for (const phase of p.phases) {
      row[`${phase.phase}:start`] = date(phase.startedOn)
      row[`${phase.phase}:end`] = date(phase.endedOn)
    }
    return row
  }
}

/** Phases in the order `previous` lists them, new ones after in the template's order. */
const orderLike = <A extends { readonly phase: string }>(
  items: ReadonlyArray<A>,
  previous: ReadonlyArray<string>
) => {
  const rank = (a: A) => {
    const i = previous.indexOf(a.phase)
    return i === -1 ? previous.length + Project.projectPhases.indexOf(a.phase as Project.ProjectPhaseKind) : i
  }
  return [...items].sort((a, b) => rank(a) - rank(b))
}

const encodeDifficulties = (difficulties: Project.Project["difficulties"]) =>
  difficulties.map((d) => ({ ...d }))

// ---- 项目难点 -----------------------------------------------------------------------------------

export const difficultiesDef: SheetDef = {
  kind: "difficulties",
  zh: "项目难点",
  en: "project difficulties",
  aliases: ["难点问题", "difficulties"],
  mode: "buffered",
  parent: "projects",
  note: {
    zh: "支部在项目上协调解决的难点问题：一行一个。某项目在此表中有行时，其难点以此表为准",
    en: "difficult problems the branch coordinated on a project, one row each. A project with rows here has exactly these difficulties"
  },
  identity: {
    zh: "按项目归组，同一项目内按难点标题对应已有难点",
    en: "grouped by project; matched to existing difficulties by title"
  },
  columns: [
    column({
      key: "id",
      zh: "编号",
      en: "id",
      required: false,
      type: "id",
      note: {
        zh: "难点的编号（导出时填写）；留空则按难点标题对应",
        en: "the difficulty's id (filled in by export); when blank, matched by title"
      },
      width: 16
    }),
    column({
      key: "project",
      zh: "项目",
      en: "project",
      required: true,
      type: "reference",
      note: { zh: "项目名称（须在项目表中）", en: "the project (in the projects sheet)" },
      width: 28
    }),
    column({
      key: "title",
      zh: "难点",
      en: "difficulty",
      aliases: ["难点问题", "title"],
      required: true,
      type: "text",
      note: { zh: "难点问题的标题，在项目内唯一", en: "the difficulty, unique in the project" },
      width: 30
    }),
    column({
      key: "phase",
      zh: "所处阶段",
      en: "phase",
      required: false,
      type: "choice",
      choices: Project.projectPhases.map((p) => ({ value: p, zh: phaseLabels[p].zh, en: phaseLabels[p].en })),
      note: { zh: "难点出现在哪个阶段", en: "the phase it arose in" },
      width: 12
    }),
    column({
      key: "openedAt",
      zh: "提出时间",
      en: "opened at",
      required: true,
      type: "instant",
      note: {
        zh: "提出的日期和时间（本单位时区，默认北京时间）",
        en: "when it was raised (the tenant's time zone, China Standard Time by default)"
      },
      width: 17
    }),
    column({
      key: "resolvedAt",
      zh: "解决时间",
      en: "resolved at",
      required: false,
      type: "instant",
      note: { zh: "解决的日期和时间（未解决留空）", en: "when it was resolved (blank while open)" },
      width: 17
    }),
    column({
      key: "resolution",
      zh: "解决办法",
      en: "resolution",
      required: false,
      type: "text",
      note: { zh: "如何解决的", en: "how it was resolved" },
      width: 40
    })
  ]
}

interface DifficultyDraft {
  readonly id?: string | undefined
  readonly project: string
  readonly title: string
  readonly phase?: Project.ProjectPhaseKind | undefined
  readonly openedAt: string
  readonly resolvedAt?: string | undefined
  readonly resolution?: string | undefined
}

export const difficulties: ChildKind<DifficultyDraft, unknown> = {
  def: difficultiesDef,
  field: "difficulties",
  parse: (r) => {
    const id = r.id()
    const project = r.text("project", { required: true })
    const title = r.text("title", { required: true })
    const phase = r.choice<Project.ProjectPhaseKind>("phase")
    const openedAt = r.instant("openedAt", true)
    const resolvedAt = r.instant("resolvedAt")
    const resolution = r.text("resolution")
    if (openedAt !== undefined && resolvedAt !== undefined && resolvedAt < openedAt) {
      r.fail("resolvedAt", { zh: "解决时间早于提出时间", en: "resolved before it was raised" })
    }
    if (project === undefined || title === undefined || openedAt === undefined) return undefined
    return { id, project, title, phase, openedAt, resolvedAt, resolution }
  },
  parent: (d, r, ctx) => Effect.map(ctx.named("projects", d.project), (ref) => use(r, "project", ref)),
  item: (d, _r, ctx, projectId) =>
    Effect.map(ctx.store.collection(Tables.projects).get(ctx.tenantId, projectId), (stored) => ({
      id: d.id ?? stored?.record.difficulties.find((x) => same(x.title, d.title))?.id ?? Id.newId(),
      title: d.title,
      ...opt("phase", d.phase),
      openedAt: d.openedAt,
      ...opt("resolvedAt", d.resolvedAt),
      ...opt("resolution", d.resolution)
    })),
  toRows: (parent) => {
    const p = parent as Project.Project
    return p.difficulties.map((d) => ({
      id: text(d.id),
      project: text(p.name),
      title: text(d.title),
      phase: d.phase === undefined ? undefined : text(phaseLabels[d.phase].zh),
      openedAt: instant(d.openedAt),
      resolvedAt: instant(d.resolvedAt),
      resolution: text(d.resolution)
    }))
  }
}

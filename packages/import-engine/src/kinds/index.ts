/**
 * Every sheet of the template in its order, and the order the importer writes them in: the registers
 * other sheets refer to first (organisations, projects, members, zones, pioneer posts, campaigns — read
 * whole, so they may refer to each other), then the patrol logs and the activity ledger (streamed), then
 * teams and cases (a commando team and its case name each other), then the micro-wishes (streamed).
 */
import type { AnyChildKind, AnyKind } from "../model/Kind.ts"
import type { KindName, SheetDef } from "../sheet/Sheet.ts"
import * as Campaigns from "./campaigns.ts"
import * as Cases from "./cases.ts"
import * as Events from "./events.ts"
import * as Members from "./members.ts"
import * as Organisations from "./organisations.ts"
import * as Patrols from "./patrols.ts"
import * as Posts from "./posts.ts"
import * as Projects from "./projects.ts"
import * as Teams from "./teams.ts"
import * as Wishes from "./wishes.ts"
import * as Zones from "./zones.ts"

const k = (kind: unknown) => kind as AnyKind
const c = (kind: unknown) => kind as AnyChildKind

export const kinds: Partial<Record<KindName, AnyKind>> = {
  organisations: k(Organisations.kind),
  projects: k(Projects.kind),
  members: k(Members.kind),
  zones: k(Zones.kind),
  teams: k(Teams.kind),
  posts: k(Posts.kind),
  campaigns: k(Campaigns.kind),
  patrols: k(Patrols.kind),
  events: k(Events.kind),
  cases: k(Cases.kind),
  wishes: k(Wishes.kind)
}

export const childKinds: Partial<Record<KindName, AnyChildKind>> = {
  difficulties: c(Projects.difficulties),
  memberships: c(Members.memberships),
  roster: c(Posts.roster),
  stages: c(Cases.stages)
}

/** The template's sheets in order (after the instructions). */
export const sheets: ReadonlyArray<SheetDef> = [
  Organisations.def,
  Projects.def,
  Projects.difficultiesDef,
  Members.def,
  Members.membershipsDef,
  Zones.def,
  Teams.def,
  Posts.def,
  Posts.rosterDef,
  Campaigns.def,
  Patrols.def,
  Events.def,
  Cases.def,
  Cases.stagesDef,
  Wishes.def
]

export type Step =
  | {
      readonly _tag: "Group"
      readonly kinds: ReadonlyArray<KindName>
      readonly children: ReadonlyArray<KindName>
    }
  | { readonly _tag: "Stream"; readonly kind: KindName }

export const steps: ReadonlyArray<Step> = [
  {
    _tag: "Group",
    kinds: ["organisations", "projects", "members", "zones", "posts", "campaigns"],
    children: ["difficulties", "memberships", "roster"]
  },
  { _tag: "Stream", kind: "patrols" },
  { _tag: "Stream", kind: "events" },
  { _tag: "Group", kinds: ["teams", "cases"], children: ["stages"] },
  { _tag: "Stream", kind: "wishes" }
]

export const stepOf = (kind: KindName): number =>
  steps.findIndex((s) =>
    s._tag === "Stream" ? s.kind === kind : s.kinds.includes(kind) || s.children.includes(kind)
  )

/**
 * Loading a branch's records (the seed, or a fixture in tests) through the services, in one
 * transaction and in dependency order, so every reference and rule is checked as for any write.
 */
import type { Team } from "@bishui/domain"
import { Effect } from "effect"
import { Cases } from "../Cases.ts"
import type { UpdateError } from "../internal/records.ts"
import { MicroWishes } from "../MicroWishes.ts"
import { Organisations } from "../Organisations.ts"
import { Projects } from "../Projects.ts"
import { ServiceEvents } from "../ServiceEvents.ts"
import { Store } from "../Store.ts"
import { Zones } from "../Zones.ts"
import type { SeedData } from "./SipingBranch.ts"

export const loadSeed = Effect.fn("Seed.load")(function* (
  data: SeedData
): Effect.fn.Return<
  void,
  UpdateError,
  Store | Organisations | Projects | Zones | ServiceEvents | Cases | MicroWishes
> {
  const store = yield* Store
  const organisations = yield* Organisations
  const projects = yield* Projects
  const zones = yield* Zones
  const events = yield* ServiceEvents
  const cases = yield* Cases
  const wishes = yield* MicroWishes

  yield* store.transaction(
    Effect.gen(function* () {
      yield* organisations.createTenant(data.tenant)
      for (const o of data.organisations) if (o._tag !== "TemporaryBranch") yield* organisations.create(o)
      for (const p of data.projects) yield* projects.create(p)
      for (const o of data.organisations) if (o._tag === "TemporaryBranch") yield* organisations.create(o)
      for (const m of data.members) yield* organisations.createMember(m)
      for (const z of data.zones) yield* zones.create(z)
      // A commando team names its case and the case's timeline names the team: create the team
      // first, the case next, then link the team to its case.
      const linkLater: Array<Team.Team> = []
      for (const t of data.teams) {
        const { caseId, ...team } = t
        yield* organisations.createTeam(team)
        if (caseId !== undefined) linkLater.push(t)
      }
      for (const p of data.pioneerPosts) yield* projects.createPost(p)
      for (const c of data.campaigns) yield* events.createCampaign(c)
      for (const e of data.events) yield* events.record(e)
      for (const p of data.patrols) yield* zones.recordPatrol(p)
      for (const c of data.cases) yield* cases.importCase(c)
      for (const t of linkLater) yield* organisations.updateTeam(t)
      for (const w of data.wishes) yield* wishes.post(w)
    })
  )
})

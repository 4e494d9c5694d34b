/**
 * The names the exporter writes for references, the same the importer resolves: an organisation by
 * name (a community with its district in brackets when another community shares its name), a member
 * by name (with the phone number in brackets when another member shares it), a zone by code, a case by
 * title, a patrol by its start time.
 */
import type { Calendar } from "@bishui/domain"
import { type Store, Tables } from "@bishui/services"
import { Effect } from "effect"

export interface Names {
  readonly org: (id: string) => string
  readonly member: (id: string) => string
  readonly project: (id: string) => string
  readonly zone: (id: string) => string
  readonly post: (id: string) => string
  readonly campaign: (id: string) => string
  readonly team: (id: string) => string
  readonly caseTitle: (id: string) => string
  readonly patrolStart: (id: string) => Calendar.Instant | undefined
}

const countBy = <A>(items: ReadonlyArray<A>, key: (a: A) => string) => {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}

export const loadNames = (store: Store.Store["Service"], tenantId: string): Effect.Effect<Names> =>
  Effect.gen(function* () {
    const all = <A extends { readonly id: string }>(table: Tables.Table<A>) =>
      store.collection(table).all(tenantId)
    const orgs = yield* all(Tables.organisations)
    const members = yield* all(Tables.members)
    const projects = yield* all(Tables.projects)
    const zones = yield* all(Tables.zones)
    const posts = yield* all(Tables.pioneerPosts)
    const campaigns = yield* all(Tables.campaigns)
    const teams = yield* all(Tables.teams)
    const cases = yield* all(Tables.cases)
    const patrolStarts = new Map<string, Calendar.Instant>()
    for (const c of cases) {
      if (c.patrolLogId === undefined) continue
      const patrol = yield* store.collection(Tables.patrolLogs).get(tenantId, c.patrolLogId)
      if (patrol !== undefined) patrolStarts.set(patrol.record.id, patrol.record.startedAt)
    }
    const communityNames = countBy(
      orgs.filter((o) => o._tag === "Community"),
      (o) => o.name
    )
    const memberNames = countBy(members, (m) => m.name)
    const orgName = new Map<string, string>(
      orgs.map((o) => [
        o.id,
        o._tag === "Community" && (communityNames.get(o.name) ?? 0) > 1
          ? `${o.name}（${o.district}）`
          : o.name
      ])
    )
    const memberName = new Map<string, string>(
      members.map((m) => [
        m.id,
        (memberNames.get(m.name) ?? 0) > 1 && m.phone !== undefined ? `${m.name}（${m.phone}）` : m.name
      ])
    )
    const byId = <A extends { readonly id: string }>(records: ReadonlyArray<A>, name: (a: A) => string) => {
      const map = new Map<string, string>(records.map((r) => [r.id, name(r)]))
      return (id: string) => map.get(id) ?? id
    }
    return {
      org: (id) => orgName.get(id) ?? id,
      member: (id) => memberName.get(id) ?? id,
      project: byId(projects, (p) => p.name),
      zone: byId(zones, (z) => z.code),
      post: byId(posts, (p) => p.name),
      campaign: byId(campaigns, (c) => c.name),
      team: byId(teams, (t) => t.name),
      caseTitle: byId(cases, (c) => c.title),
      patrolStart: (id) => patrolStarts.get(id)
    }
  })

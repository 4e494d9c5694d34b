/**
 * Three places a request can aim at, for the access matrix: the branch of the tokens under test (the
 * seed branch), another branch of the same tenant, and a branch of another tenant — each with a
 * member, a zone, a project and a paired community, and that tenant's admin token to make fresh
 * records in it.
 */
import { type Ids, Tenant } from "@bishui/domain"
import { CurrentActor, Organisations } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect } from "effect"
import { expect } from "vitest"
import type { InProcess } from "./inProcess.ts"

export type Scope = "own" | "other" | "foreign"
export const scopes: ReadonlyArray<Scope> = ["own", "other", "foreign"]

export interface World {
  readonly scope: Scope
  readonly tenantId: string
  /** An admin token of the world's tenant: it makes the records a request aims at. */
  readonly admin: string
  readonly partyGroupId: string
  readonly branchId: string
  readonly memberId: string
  readonly zoneId: string
  readonly zoneCode: string
  readonly projectId: string
  readonly communityId: string
}

let serial = 0
/** A name no other record has. */
export const unique = (stem: string) => `${stem}-${++serial}-${crypto.randomUUID().slice(0, 6)}`

export const created = async (api: InProcess, token: string, path: string, body: unknown) => {
  const reply = await api.request("POST", path, { token, body })
  expect(reply.status, `${path}: ${reply.text}`).toBeLessThan(300)
  return reply.body.data as { readonly id: string } & Record<string, unknown>
}

/** A branch with a member, a zone, a project and a paired community, made through the API. */
const furnish = async (
  api: InProcess,
  admin: string,
  tenantId: string,
  partyGroupId: string,
  scope: Scope
) => {
  const branch = await created(api, admin, "/v1/organisations", {
    _tag: "StandingBranch",
    name: unique(`${scope} 支部`),
    parentId: partyGroupId,
    honours: []
  })
  const member = await created(api, admin, "/v1/members", {
    name: unique("成员"),
    homeBranchId: branch.id,
    role: "member",
    phone: "13900000001",
    temporaryMemberships: []
  })
  const zoneCode = unique("Z").toUpperCase().slice(0, 20)
  const zone = await created(api, admin, "/v1/zones", {
    branchId: branch.id,
    code: zoneCode,
    name: unique("责任区"),
    riverSegments: ["某段"],
    resources: { cleaners: 1, boats: 1, crew: 1 }
  })
  const project = await created(api, admin, "/v1/projects", {
    branchId: branch.id,
    name: unique("工程"),
    kind: "river_regulation",
    contractorIds: [],
    phases: [],
    difficulties: []
  })
  const community = await created(api, admin, "/v1/organisations", {
    _tag: "Community",
    name: unique("社区"),
    district: "铁西区",
    pairedBranchIds: [branch.id]
  })
  const world: World = {
    scope,
    tenantId,
    admin,
    partyGroupId,
    branchId: branch.id,
    memberId: member.id,
    zoneId: zone.id,
    zoneCode,
    projectId: project.id,
    communityId: community.id
  }
  return world
}

export const makeWorlds = async (api: InProcess, ownAdmin: string): Promise<Record<Scope, World>> => {
  const own: World = {
    scope: "own",
    tenantId: Seed.seedTenantId,
    admin: ownAdmin,
    partyGroupId: "partygroup-siping-water",
    branchId: Seed.seedBranchId,
    memberId: "member-liu-yang",
    zoneId: "zone-nh-01",
    zoneCode: "NH-01",
    projectId: "project-nanhe-phase1",
    communityId: "community-zhongxing"
  }
  const other = await furnish(api, ownAdmin, Seed.seedTenantId, own.partyGroupId, "other")

  // Another tenant: made with the services (the API has no tenant endpoint), then furnished as its admin.
  const foreignTenant = "matrix-foreign-water"
  await api.runtime.runPromise(
    Effect.gen(function* () {
      const organisations = yield* Organisations.Organisations
      yield* organisations.createTenant(
        new Tenant.Tenant({ id: foreignTenant as Ids.TenantId, name: "外市水务局" })
      )
    }).pipe(Effect.provideService(CurrentActor.CurrentActor, "reliability-test"))
  )
  const foreignAdmin = await api.token({ role: "admin", tenantId: foreignTenant })
  const group = await created(api, foreignAdmin, "/v1/organisations", {
    _tag: "PartyGroup",
    name: "外市水务局党组"
  })
  const foreign = await furnish(api, foreignAdmin, foreignTenant, group.id, "foreign")
  return { own, other, foreign }
}

/**
 * Builders and assertions shared by the contract suites. Every test makes its own tenant
 * (`tenant-<uuid>`) on the shared backend, so tests never see each other's records.
 */
import {
  Calendar,
  type Case,
  type Errors,
  Ids,
  type Member,
  type MicroWish,
  type Organisation,
  type PioneerPost,
  type Project,
  Quantity,
  type ServiceEvent,
  Tenant,
  type Zone
} from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Cause, Clock, Effect, Exit, Schema } from "effect"
import type { WriteError } from "../src/internal/records.ts"
import { Organisations } from "../src/Organisations.ts"

export const uid = (): string => crypto.randomUUID()
export const date = (text: string): Calendar.LocalDate => Calendar.LocalDate.make(text)
export const instant = (text: string): Calendar.Instant => Calendar.Instant.make(text)
export const cny = Quantity.cny

// ---- assertions ---------------------------------------------------------------------------------

/** Run an effect that must fail with a typed error of `tag`; returns the error. Defects fail the test. */
export const expectFailure = <A, E extends { readonly _tag: string }, R, const Tag extends E["_tag"]>(
  effect: Effect.Effect<A, E, R>,
  tag: Tag
): Effect.Effect<Extract<E, { readonly _tag: Tag }>, never, R> =>
  Effect.flatMap(Effect.exit(effect), (exit) => {
    if (Exit.isSuccess(exit)) return Effect.die(new Error(`expected ${tag}, but it succeeded`))
    const error = Cause.findErrorOption(exit.cause)
    if (error._tag === "None")
      return Effect.die(new Error(`expected ${tag}, got ${Cause.pretty(exit.cause)}`))
    assert.strictEqual(error.value._tag, tag, `expected ${tag}, got ${JSON.stringify(error.value)}`)
    return Effect.succeed(error.value as Extract<E, { readonly _tag: Tag }>)
  })

/** Run an effect that must die (a defect, not a typed error). */
export const expectDefect = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<unknown, never, R> =>
  Effect.flatMap(Effect.exit(effect), (exit) => {
    if (Exit.isSuccess(exit)) return Effect.die(new Error("expected a defect, but it succeeded"))
    assert.isTrue(Cause.hasDies(exit.cause), `expected a defect, got ${Cause.pretty(exit.cause)}`)
    assert.isFalse(Cause.hasFails(exit.cause), `expected only a defect, got ${Cause.pretty(exit.cause)}`)
    return Effect.succeed(Cause.squash(exit.cause))
  })

/** Run an effect with the wall clock (`Clock.currentTimeMillis`, what the services read) moved by `millis`. */
export const shiftedClock = <A, E, R>(
  millis: number,
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> =>
  Clock.clockWith((clock) =>
    Effect.provideService(effect, Clock.Clock, {
      currentTimeMillisUnsafe: () => clock.currentTimeMillisUnsafe() + millis,
      currentTimeMillis: Effect.sync(() => clock.currentTimeMillisUnsafe() + millis),
      currentTimeNanosUnsafe: () => clock.currentTimeNanosUnsafe() + BigInt(millis) * 1_000_000n,
      currentTimeNanos: Effect.sync(() => clock.currentTimeNanosUnsafe() + BigInt(millis) * 1_000_000n),
      monotonicTimeNanosUnsafe: () => clock.monotonicTimeNanosUnsafe(),
      monotonicTimeNanos: clock.monotonicTimeNanos,
      sleep: (duration) => clock.sleep(duration)
    })
  )

/**
 * Two records are the same when their encoded forms are (money as decimal strings, so a `BigDecimal`
 * compares by value whatever its scale object).
 */
export const assertSameRecord = <A>(schema: Schema.Codec<A, unknown>, actual: A, expected: A): void => {
  const encode = Schema.encodeSync(schema)
  assert.deepStrictEqual(encode(actual), encode(expected))
}

// ---- a tenant with a branch ---------------------------------------------------------------------

export interface World {
  readonly tenantId: Ids.TenantId
  readonly partyGroupId: Ids.OrganisationId
  readonly branchId: Ids.OrganisationId
  /** The branch secretary. */
  readonly memberId: Ids.MemberId
  readonly communityId: Ids.OrganisationId
}

export const newTenant: Effect.Effect<Ids.TenantId, Errors.AlreadyExists, Organisations> = Effect.gen(
  function* () {
    const organisations = yield* Organisations
    const id = Ids.TenantId.make(`tenant-${uid()}`)
    yield* organisations.createTenant(new Tenant.Tenant({ id, name: `测试 ${id}` }))
    return id
  }
)

/** A new tenant with a Party group, a standing branch, its secretary and a paired community. */
export const newWorld: Effect.Effect<World, WriteError, Organisations> = Effect.gen(function* () {
  const organisations = yield* Organisations
  const tenantId = yield* newTenant
  const partyGroup = partyGroupOf(tenantId)
  yield* organisations.create(partyGroup)
  const branch = branchOf(tenantId, partyGroup.id)
  yield* organisations.create(branch)
  const member = memberOf(tenantId, branch.id, { role: "secretary", name: "王建华" })
  yield* organisations.createMember(member)
  const community = communityOf(tenantId, branch.id)
  yield* organisations.create(community)
  const world: World = {
    tenantId,
    partyGroupId: partyGroup.id,
    branchId: branch.id,
    memberId: member.id,
    communityId: community.id
  }
  return world
})

// ---- records ------------------------------------------------------------------------------------

export const partyGroupOf = (tenantId: Ids.TenantId): Organisation.PartyGroup => ({
  _tag: "PartyGroup",
  id: Ids.OrganisationId.make(`pg-${uid()}`),
  tenantId,
  name: "四平市水利局党组"
})

export const branchOf = (
  tenantId: Ids.TenantId,
  parentId: Ids.OrganisationId,
  name = "四平市南北河管理中心党支部"
): Organisation.StandingBranch => ({
  _tag: "StandingBranch",
  id: Ids.OrganisationId.make(`branch-${uid()}`),
  tenantId,
  name,
  parentId,
  unitName: "四平市南北河管理中心",
  brand: "碧水映初心",
  honours: ["省级精神文明单位"],
  establishedOn: date("2015-07-01")
})

export const communityOf = (
  tenantId: Ids.TenantId,
  branchId: Ids.OrganisationId,
  name = "中兴社区"
): Organisation.Community => ({
  _tag: "Community",
  id: Ids.OrganisationId.make(`community-${uid()}`),
  tenantId,
  name,
  district: "铁西区",
  pairedBranchIds: [branchId]
})

export const contractorOf = (tenantId: Ids.TenantId, name = "南河土建公司"): Organisation.Contractor => ({
  _tag: "Contractor",
  id: Ids.OrganisationId.make(`contractor-${uid()}`),
  tenantId,
  name,
  projectIds: []
})

export const memberOf = (
  tenantId: Ids.TenantId,
  homeBranchId: Ids.OrganisationId,
  overrides: Partial<Member.Member> = {}
): Member.Member => ({
  id: Ids.MemberId.make(`member-${uid()}`),
  tenantId,
  name: "李雪梅",
  homeBranchId,
  role: "member",
  phone: "13800000001",
  temporaryMemberships: [],
  illustrative: true,
  ...overrides
})

export const projectOf = (
  tenantId: Ids.TenantId,
  branchId: Ids.OrganisationId,
  overrides: Partial<Project.Project> = {}
): Project.Project => ({
  id: Ids.ProjectId.make(`project-${uid()}`),
  tenantId,
  branchId,
  name: `南河水环境治理一期工程 ${uid()}`,
  kind: "water_environment_governance",
  contractorIds: [],
  phases: [{ phase: "preliminary_procedures", startedOn: date("2022-03-01"), endedOn: date("2022-06-30") }],
  difficulties: [],
  ...overrides
})

export const zoneOf = (
  tenantId: Ids.TenantId,
  branchId: Ids.OrganisationId,
  code: string,
  overrides: Partial<Zone.Zone> = {}
): Zone.Zone => ({
  id: Ids.ZoneId.make(`zone-${uid()}`),
  tenantId,
  branchId,
  code,
  name: `南河 ${code}`,
  riverSegments: ["南河 紫气大路桥—六孔桥"],
  resources: { cleaners: 6, boats: 3, crew: 6 },
  ...overrides
})

export const eventOf = (
  world: World,
  overrides: Partial<ServiceEvent.ServiceEvent> = {}
): ServiceEvent.ServiceEvent => ({
  id: Ids.ServiceEventId.make(`event-${uid()}`),
  tenantId: world.tenantId,
  branchId: world.branchId,
  category: "volunteer_labour",
  title: "同心净美·共建家园",
  date: date("2023-05-20"),
  links: { communityId: world.communityId },
  participantIds: [world.memberId],
  outcomes: [],
  ...overrides
})

export const caseOf = (world: World, overrides: Partial<Case.Case> = {}): Case.Case => ({
  id: Ids.CaseId.make(`case-${uid()}`),
  tenantId: world.tenantId,
  branchId: world.branchId,
  kind: "routine",
  title: "河岸白色垃圾",
  description: "南河北岸堆积塑料袋",
  source: "patrol",
  severity: "low",
  stages: [{ stage: "reported", at: instant("2023-06-01T01:00:00.000Z") }],
  ...overrides
})

export const wishOf = (world: World, overrides: Partial<MicroWish.MicroWish> = {}): MicroWish.MicroWish => ({
  id: Ids.MicroWishId.make(`wish-${uid()}`),
  tenantId: world.tenantId,
  branchId: world.branchId,
  communityId: world.communityId,
  title: "一副老花镜",
  beneficiary: "独居老人",
  postedAt: instant("2023-04-01T02:00:00.000Z"),
  state: { _tag: "Posted" },
  ...overrides
})

export const postOf = (
  world: World,
  overrides: Partial<PioneerPost.PioneerPost> = {}
): PioneerPost.PioneerPost => ({
  id: Ids.PioneerPostId.make(`post-${uid()}`),
  tenantId: world.tenantId,
  branchId: world.branchId,
  name: `悦平滩党员先锋岗 ${uid()}`,
  place: "西湖湿地公园悦平滩",
  duties: ["keep_order", "protect_environment", "clean_water_surface", "maintain_facilities"],
  roster: [{ _tag: "MemberOnDuty", memberId: world.memberId, since: date("2023-06-01") }],
  establishedOn: date("2023-06-01"),
  ...overrides
})

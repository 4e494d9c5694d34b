/**
 * The Organisations contract, on every backend: organisations, temporary branches, members, teams.
 */
import { Ids, Member, Organisation, Team, Tenant } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { AuditLog } from "../src/AuditLog.ts"
import { Organisations } from "../src/Organisations.ts"
import { Projects } from "../src/Projects.ts"
import { forEachBackend } from "./backends.ts"
import {
  assertSameRecord,
  branchOf,
  communityOf,
  contractorOf,
  date,
  expectFailure,
  memberOf,
  newTenant,
  newWorld,
  projectOf,
  uid
} from "./fixtures.ts"

forEachBackend((it) => {
  it.effect("a tenant round-trips, and its id is unique", () =>
    Effect.gen(function* () {
      const organisations = yield* Organisations
      const tenant = new Tenant.Tenant({ id: Ids.TenantId.make(`tenant-${uid()}`), name: "四平市水利局" })
      const created = yield* organisations.createTenant(tenant)
      assert.strictEqual(created.version, 1)
      const got = yield* organisations.getTenant(tenant.id)
      assertSameRecord(Tenant.Tenant, got.record, tenant)
      assert.strictEqual(got.version, 1)
      const duplicate = yield* expectFailure(organisations.createTenant(tenant), "AlreadyExists")
      assert.strictEqual(duplicate.entity, "tenant")
      yield* expectFailure(organisations.getTenant(`tenant-${uid()}`), "NotFound")
    })
  )

  it.effect("create/get/update round-trip, versions, StaleVersion, NotFound", () =>
    Effect.gen(function* () {
      const organisations = yield* Organisations
      const world = yield* newWorld
      const branch = branchOf(world.tenantId, world.partyGroupId, "第二党支部")
      const created = yield* organisations.create(branch)
      assert.strictEqual(created.version, 1)
      assert.strictEqual(created.createdAt, created.updatedAt)
      assertSameRecord(Organisation.Organisation, created.record, branch)

      const got = yield* organisations.get(world.tenantId, branch.id)
      assertSameRecord(Organisation.Organisation, got.record, branch)
      assert.strictEqual(got.version, 1)
      assert.strictEqual(got.createdAt, created.createdAt)

      const renamed: Organisation.StandingBranch = {
        ...branch,
        name: "第二党支部（更名）",
        honours: ["先进基层党组织"]
      }
      const updated = yield* organisations.update(renamed, 1)
      assert.strictEqual(updated.version, 2)
      assert.strictEqual(updated.createdAt, created.createdAt)
      assertSameRecord(
        Organisation.Organisation,
        (yield* organisations.get(world.tenantId, branch.id)).record,
        renamed
      )

      const stale = yield* expectFailure(
        organisations.update({ ...renamed, name: "过期" }, 1),
        "StaleVersion"
      )
      assert.strictEqual(stale.expected, 1)
      assert.strictEqual(stale.actual, 2)
      const after = yield* organisations.get(world.tenantId, branch.id)
      assert.strictEqual(after.version, 2)
      assert.strictEqual(after.record.name, "第二党支部（更名）")

      // without an expected version the update applies to whatever is current
      assert.strictEqual((yield* organisations.update({ ...renamed, name: "第二党支部" })).version, 3)

      const missing = yield* expectFailure(organisations.get(world.tenantId, `org-${uid()}`), "NotFound")
      assert.strictEqual(missing.entity, "organisation")
      yield* expectFailure(
        organisations.update({ ...branch, id: Ids.OrganisationId.make(`org-${uid()}`) }),
        "NotFound"
      )
    })
  )

  it.effect("duplicate id and duplicate natural key fail with AlreadyExists", () =>
    Effect.gen(function* () {
      const organisations = yield* Organisations
      const world = yield* newWorld
      const community = communityOf(world.tenantId, world.branchId, "兴华社区")
      yield* organisations.create(community)
      const sameId = yield* expectFailure(
        organisations.create({ ...community, name: "平安社区" }),
        "AlreadyExists"
      )
      assert.strictEqual(sameId.entity, "organisation")
      assert.strictEqual(sameId.key, community.id)
      const sameName = yield* expectFailure(
        organisations.create({ ...community, id: Ids.OrganisationId.make(`org-${uid()}`) }),
        "AlreadyExists"
      )
      assert.strictEqual(sameName.key, "Community:兴华社区:铁西区")
      // the same name in another district is another community
      yield* organisations.create({
        ...community,
        id: Ids.OrganisationId.make(`org-${uid()}`),
        district: "铁东区"
      })
      // renaming onto a taken natural key fails and changes nothing
      const other = communityOf(world.tenantId, world.branchId, "平安社区")
      yield* organisations.create(other)
      yield* expectFailure(organisations.update({ ...other, name: "兴华社区" }), "AlreadyExists")
      const stored = yield* organisations.get(world.tenantId, other.id)
      assert.strictEqual(stored.record.name, "平安社区")
      assert.strictEqual(stored.version, 1)
    })
  )

  it.effect("references: a parent must exist and be a Party organisation; the kind is fixed", () =>
    Effect.gen(function* () {
      const organisations = yield* Organisations
      const world = yield* newWorld
      const orphan = branchOf(world.tenantId, Ids.OrganisationId.make(`org-${uid()}`))
      yield* expectFailure(organisations.create(orphan), "NotFound")
      yield* expectFailure(organisations.get(world.tenantId, orphan.id), "NotFound")
      const underCommunity = branchOf(world.tenantId, world.communityId)
      const violation = yield* expectFailure(organisations.create(underCommunity), "InvariantViolation")
      assert.strictEqual(violation.rule, "parent_is_a_branch")
      const own = yield* expectFailure(
        organisations.update({
          ...branchOf(world.tenantId, world.partyGroupId),
          id: world.branchId,
          parentId: world.branchId
        }),
        "InvariantViolation"
      )
      assert.strictEqual(own.rule, "not_its_own_parent")
      const kind = yield* expectFailure(
        organisations.update({ ...communityOf(world.tenantId, world.branchId), id: world.branchId }),
        "InvariantViolation"
      )
      assert.strictEqual(kind.rule, "kind_is_fixed")
      assert.strictEqual((yield* organisations.get(world.tenantId, world.branchId)).version, 1)
    })
  )

  it.effect("a temporary branch is established on its project, then dissolved once", () =>
    Effect.gen(function* () {
      const organisations = yield* Organisations
      const projects = yield* Projects
      const world = yield* newWorld
      yield* expectFailure(
        organisations.establishTemporaryBranch({
          tenantId: world.tenantId,
          name: "南河一期临时党支部",
          parentId: world.branchId,
          projectId: Ids.ProjectId.make(`project-${uid()}`),
          establishedOn: date("2023-03-01")
        }),
        "NotFound"
      )
      const project = projectOf(world.tenantId, world.branchId)
      yield* projects.create(project)
      const established = yield* organisations.establishTemporaryBranch({
        tenantId: world.tenantId,
        name: "南河一期临时党支部",
        parentId: world.branchId,
        projectId: project.id,
        establishedOn: date("2023-03-01")
      })
      const branch = established.record
      assert.strictEqual(branch._tag, "TemporaryBranch")
      assert.strictEqual(established.version, 1)
      const listed = yield* organisations.list(world.tenantId, {
        where: { kind: "TemporaryBranch", project_id: project.id }
      })
      assert.deepStrictEqual(
        listed.items.map((v) => v.record.id),
        [branch.id]
      )

      const early = yield* expectFailure(
        organisations.dissolveTemporaryBranch(world.tenantId, branch.id, date("2023-02-28")),
        "InvariantViolation"
      )
      assert.strictEqual(early.rule, "dissolved_not_before_established")
      assert.strictEqual((yield* organisations.get(world.tenantId, branch.id)).version, 1)

      yield* expectFailure(
        organisations.dissolveTemporaryBranch(world.tenantId, branch.id, date("2023-12-31"), 7),
        "StaleVersion"
      )
      const dissolved = yield* organisations.dissolveTemporaryBranch(
        world.tenantId,
        branch.id,
        date("2023-12-31"),
        1
      )
      assert.strictEqual(dissolved.version, 2)
      assert.strictEqual(
        dissolved.record._tag === "TemporaryBranch" ? dissolved.record.dissolvedOn : undefined,
        "2023-12-31"
      )
      const again = yield* expectFailure(
        organisations.dissolveTemporaryBranch(world.tenantId, branch.id, date("2024-01-31")),
        "InvalidTransition"
      )
      assert.strictEqual(again.from, "dissolved")
      const stored = yield* organisations.get(world.tenantId, branch.id)
      assert.strictEqual(stored.version, 2)
      assert.strictEqual(
        stored.record._tag === "TemporaryBranch" ? stored.record.dissolvedOn : undefined,
        "2023-12-31"
      )

      // only a temporary branch is dissolved
      yield* expectFailure(
        organisations.dissolveTemporaryBranch(world.tenantId, world.branchId, date("2023-12-31")),
        "InvalidTransition"
      )
      yield* expectFailure(
        organisations.dissolveTemporaryBranch(world.tenantId, `org-${uid()}`, date("2023-12-31")),
        "NotFound"
      )
    })
  )

  it.effect("members round-trip with their memberships, registration and personal data", () =>
    Effect.gen(function* () {
      const organisations = yield* Organisations
      const projects = yield* Projects
      const world = yield* newWorld
      const project = projectOf(world.tenantId, world.branchId)
      yield* projects.create(project)
      const temporary = yield* organisations.establishTemporaryBranch({
        tenantId: world.tenantId,
        name: "西湖湿地临时党支部",
        parentId: world.branchId,
        projectId: project.id,
        establishedOn: date("2023-04-01")
      })
      const contractor = contractorOf(world.tenantId)
      yield* organisations.create(contractor)
      const member = memberOf(world.tenantId, world.branchId, {
        name: "赵国栋",
        role: "committee_member",
        employerId: contractor.id,
        idNumber: "22030219800101123X",
        temporaryMemberships: [
          { branchId: temporary.record.id, role: "secretary", joinedOn: date("2023-04-01") }
        ],
        communityRegistration: {
          communityId: world.communityId,
          registeredOn: date("2022-09-01"),
          sanZhangRole: "grid_head"
        }
      })
      const created = yield* organisations.createMember(member)
      assert.strictEqual(created.version, 1)
      assertSameRecord(
        Member.Member,
        (yield* organisations.getMember(world.tenantId, member.id)).record,
        member
      )
      yield* expectFailure(organisations.createMember(member), "AlreadyExists")

      const moved = {
        ...member,
        temporaryMemberships: member.temporaryMemberships.map((m) => ({ ...m, leftOn: date("2023-12-31") }))
      }
      const updated = yield* organisations.updateMember(moved, 1)
      assert.strictEqual(updated.version, 2)
      assertSameRecord(
        Member.Member,
        (yield* organisations.getMember(world.tenantId, member.id)).record,
        moved
      )
      yield* expectFailure(organisations.updateMember(moved, 1), "StaleVersion")

      // every reference is checked
      yield* expectFailure(
        organisations.createMember(memberOf(world.tenantId, Ids.OrganisationId.make(`org-${uid()}`))),
        "NotFound"
      )
      yield* expectFailure(
        organisations.createMember(
          memberOf(world.tenantId, world.branchId, { employerId: Ids.OrganisationId.make(`org-${uid()}`) })
        ),
        "NotFound"
      )
      const notABranch = yield* expectFailure(
        organisations.createMember(memberOf(world.tenantId, world.communityId)),
        "InvariantViolation"
      )
      assert.strictEqual(notABranch.rule, "home_branch_is_a_branch")
      yield* expectFailure(organisations.getMember(world.tenantId, `member-${uid()}`), "NotFound")
    })
  )

  it.effect("members list by name, filtered by role and home branch", () =>
    Effect.gen(function* () {
      const organisations = yield* Organisations
      const world = yield* newWorld
      const second = branchOf(world.tenantId, world.partyGroupId, "第二党支部")
      yield* organisations.create(second)
      const names = ["周敏", "吴海峰", "郑凯", "马振宇", "何丽"]
      for (const [i, name] of names.entries()) {
        yield* organisations.createMember(
          memberOf(world.tenantId, i % 2 === 0 ? world.branchId : second.id, {
            name,
            role: i === 0 ? "committee_member" : "member"
          })
        )
      }
      const all = yield* organisations.listMembers(world.tenantId, {})
      assert.deepStrictEqual(
        all.items.map((v) => v.record.name),
        [...names, "王建华"].sort(byCodePoint)
      )
      const inSecond = yield* organisations.listMembers(world.tenantId, {
        where: { home_branch_id: second.id }
      })
      assert.deepStrictEqual(
        inSecond.items.map((v) => v.record.name),
        ["吴海峰", "马振宇"].sort(byCodePoint)
      )
      const committee = yield* organisations.listMembers(world.tenantId, {
        where: { role: "committee_member" }
      })
      assert.deepStrictEqual(
        committee.items.map((v) => v.record.name),
        ["周敏"]
      )
    })
  )

  it.effect("teams have exactly one leader and existing members", () =>
    Effect.gen(function* () {
      const organisations = yield* Organisations
      const world = yield* newWorld
      const deputy = memberOf(world.tenantId, world.branchId, { name: "陈志强", role: "committee_member" })
      yield* organisations.createMember(deputy)
      const team: Team.Team = {
        id: Ids.TeamId.make(`team-${uid()}`),
        tenantId: world.tenantId,
        branchId: world.branchId,
        kind: "supervision_group",
        name: "督导检查组",
        formedOn: date("2023-01-10"),
        members: [
          { memberId: world.memberId, role: "leader" },
          { memberId: deputy.id, role: "deputy" }
        ]
      }
      yield* organisations.createTeam(team)
      assertSameRecord(Team.Team, (yield* organisations.getTeam(world.tenantId, team.id)).record, team)

      const twoLeaders = yield* expectFailure(
        organisations.createTeam({
          ...team,
          id: Ids.TeamId.make(`team-${uid()}`),
          members: [
            { memberId: world.memberId, role: "leader" },
            { memberId: deputy.id, role: "leader" }
          ]
        }),
        "InvariantViolation"
      )
      assert.strictEqual(twoLeaders.rule, "one_leader")
      const updateTwoLeaders = yield* expectFailure(
        organisations.updateTeam({
          ...team,
          members: team.members.map((m) => ({ ...m, role: "leader" as const }))
        }),
        "InvariantViolation"
      )
      assert.strictEqual(updateTwoLeaders.rule, "one_leader")
      assert.strictEqual((yield* organisations.getTeam(world.tenantId, team.id)).version, 1)
      yield* expectFailure(
        organisations.createTeam({
          ...team,
          id: Ids.TeamId.make(`team-${uid()}`),
          members: [{ memberId: Ids.MemberId.make(`member-${uid()}`), role: "leader" }]
        }),
        "NotFound"
      )
      const disbanded = { ...team, disbandedOn: date("2023-12-31") }
      assert.strictEqual((yield* organisations.updateTeam(disbanded, 1)).version, 2)
      const teams = yield* organisations.listTeams(world.tenantId, { where: { kind: "supervision_group" } })
      assert.deepStrictEqual(
        teams.items.map((v) => v.record.id),
        [team.id]
      )
    })
  )

  it.effect("tenant isolation: another tenant sees nothing", () =>
    Effect.gen(function* () {
      const organisations = yield* Organisations
      const audit = yield* AuditLog
      const world = yield* newWorld
      const other = yield* newTenant
      yield* expectFailure(organisations.get(other, world.branchId), "NotFound")
      yield* expectFailure(organisations.getMember(other, world.memberId), "NotFound")
      assert.strictEqual((yield* organisations.list(other, {})).items.length, 0)
      assert.deepStrictEqual(yield* organisations.all(other), [])
      assert.strictEqual((yield* organisations.listMembers(other, {})).items.length, 0)
      assert.strictEqual((yield* audit.list(other, { where: { entity: "organisation" } })).items.length, 0)
      // the same names are free in another tenant
      const partyGroup = (yield* organisations.get(world.tenantId, world.partyGroupId)).record
      yield* organisations.create({ ...partyGroup, tenantId: other })
      assert.strictEqual((yield* organisations.list(other, {})).items.length, 1)
      assert.strictEqual((yield* organisations.list(world.tenantId, {})).items.length, 3)
    })
  )
})

/** Code-point order: how every backend sorts text (SQLite and PostgreSQL `COLLATE "C"` compare UTF-8 bytes). */
const byCodePoint = (a: string, b: string): number => {
  const x = [...a].map((c) => c.codePointAt(0) ?? 0)
  const y = [...b].map((c) => c.codePointAt(0) ?? 0)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0)
  }
  return x.length - y.length
}

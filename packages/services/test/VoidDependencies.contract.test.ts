/**
 * The dependencies of voiding, on every backend: live records that refer to a record — through an
 * index column or inside the JSON document — stop its void and are named (the first ten and a total);
 * live tokens stop the void of their member or branch; voided references stop a restore.
 */
import { assert } from "@effect/vitest"
import { Clock, Effect } from "effect"
import { AccessTokens } from "../src/AccessTokens.ts"
import { Cases } from "../src/Cases.ts"
import { MicroWishes } from "../src/MicroWishes.ts"
import { Organisations } from "../src/Organisations.ts"
import { Projects } from "../src/Projects.ts"
import { ServiceEvents } from "../src/ServiceEvents.ts"
import { Voiding } from "../src/Voiding.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import {
  caseOf,
  date,
  eventOf,
  expectFailure,
  instant,
  memberOf,
  newWorld,
  postOf,
  projectOf,
  shiftedClock,
  uid,
  wishOf,
  zoneOf
} from "./fixtures.ts"

forEachBackend((it) => {
  it.effect("live records that refer to a member stop its void and are named, first ten and a total", () =>
    Effect.gen(function* () {
      const voiding = yield* Voiding
      const organisations = yield* Organisations
      const projects = yield* Projects
      const zones = yield* Zones
      const events = yield* ServiceEvents
      const cases = yield* Cases
      const wishes = yield* MicroWishes
      const world = yield* newWorld
      const member = (yield* organisations.createMember(
        memberOf(world.tenantId, world.branchId, { name: "赵六" })
      )).record
      const zone = (yield* zones.create(
        zoneOf(world.tenantId, world.branchId, `NH-${uid().slice(0, 6)}`, { responsibleMemberId: member.id })
      )).record
      const team = (yield* organisations.createTeam({
        tenantId: world.tenantId,
        branchId: world.branchId,
        kind: "commando_team",
        name: "党员突击队",
        formedOn: date("2023-07-01"),
        members: [
          { memberId: world.memberId, role: "leader" },
          { memberId: member.id, role: "member" }
        ]
      })).record
      const post = (yield* projects.createPost(
        postOf(world, { roster: [{ _tag: "MemberOnDuty", memberId: member.id, since: date("2023-06-01") }] })
      )).record
      const patrol = (yield* zones.recordPatrol({
        tenantId: world.tenantId,
        zoneId: zone.id,
        memberId: member.id,
        startedAt: instant("2023-06-01T01:00:00.000Z"),
        caseIds: []
      })).record
      const assigned = (yield* cases.importCase(
        caseOf(world, {
          stages: [
            { stage: "reported", at: instant("2023-06-01T01:00:00.000Z") },
            { stage: "acknowledged", at: instant("2023-06-01T02:00:00.000Z") },
            {
              stage: "assigned",
              at: instant("2023-06-01T03:00:00.000Z"),
              assigneeId: member.id,
              actorId: member.id
            }
          ]
        })
      )).record
      const claimed = (yield* wishes.post(
        wishOf(world, {
          state: { _tag: "Claimed", claimantId: member.id, claimedAt: instant("2023-04-02T00:00:00.000Z") }
        })
      )).record
      const taking = Array.from({ length: 12 }, (_, i) =>
        eventOf(world, {
          title: `清理白色垃圾 ${i}`,
          date: date(`2023-05-${String(i + 10).padStart(2, "0")}`),
          participantIds: [world.memberId, member.id]
        })
      )
      yield* events.recordMany(taking)
      // a voided event no longer holds the member
      yield* voiding.void("service_event", world.tenantId, taking[11]?.id as string, "重复")

      const blocked = yield* expectFailure(
        voiding.void("member", world.tenantId, member.id, "误录"),
        "VoidBlocked"
      )
      assert.strictEqual(blocked.reason, "live_dependents")
      // zone 1, team 1, post 1, patrol 1, case 1 (two references, one record), wish 1, events 11
      assert.strictEqual(blocked.total, 17)
      assert.strictEqual(blocked.records.length, 10)
      const named = new Map(blocked.records.map((r) => [r.id, r]))
      assert.deepStrictEqual(named.get(zone.id), {
        entity: "zone",
        id: zone.id,
        label: `${zone.code} ${zone.name}`,
        via: "responsibleMemberId"
      })
      assert.strictEqual(named.get(team.id)?.via, "members[].memberId")
      assert.strictEqual(named.get(post.id)?.via, "roster[].memberId")
      assert.strictEqual(named.get(patrol.id)?.entity, "patrol_log")
      // the first ten in the graph's order: team, post, zone, patrol, then six of the events
      assert.strictEqual(blocked.records.filter((r) => r.entity === "service_event").length, 6)
      assert.strictEqual(named.get(taking[0]?.id as string)?.label, `2023-05-10 清理白色垃圾 0`)
      assert.include(blocked.message, "17")
      assert.match(blocked.message, /void or change them first/)

      // void them all (the case before the patrol it does not hold; the zone after its patrol), then the member
      for (const e of taking.slice(0, 11)) yield* voiding.void("service_event", world.tenantId, e.id, "重复")
      const rest = yield* voiding.dependents("member", world.tenantId, member.id)
      assert.strictEqual(rest.total, 6)
      const left = new Map(rest.records.map((r) => [r.id, r]))
      assert.strictEqual(left.get(assigned.id)?.via, "stages[].actorId, stages[].assigneeId")
      assert.strictEqual(left.get(claimed.id)?.label, claimed.title)
      yield* voiding.void("case", world.tenantId, assigned.id, "误录")
      yield* voiding.void("micro_wish", world.tenantId, claimed.id, "误录")
      yield* voiding.void("pioneer_post", world.tenantId, post.id, "误录")
      yield* voiding.void("team", world.tenantId, team.id, "误录")
      yield* voiding.void("patrol_log", world.tenantId, patrol.id, "误录")
      const zoneBlocked = yield* expectFailure(
        voiding.void("member", world.tenantId, member.id, "误录"),
        "VoidBlocked"
      )
      assert.deepStrictEqual(
        zoneBlocked.records.map((r) => r.id),
        [zone.id]
      )
      yield* voiding.void("zone", world.tenantId, zone.id, "误录")
      const voided = yield* voiding.void("member", world.tenantId, member.id, "误录")
      assert.isDefined(voided.record.voided)

      // restoring the zone first is refused: its member is voided
      const refused = yield* expectFailure(voiding.restore("zone", world.tenantId, zone.id), "VoidBlocked")
      assert.strictEqual(refused.reason, "voided_references")
      assert.deepStrictEqual(refused.records, [
        { entity: "member", id: member.id, label: "赵六", via: "responsibleMemberId" }
      ])
      assert.match(refused.message, /restore them first/)
      yield* voiding.restore("member", world.tenantId, member.id)
      yield* voiding.restore("zone", world.tenantId, zone.id)
    })
  )

  it.effect("a branch is held by its children, members, records and tokens", () =>
    Effect.gen(function* () {
      const voiding = yield* Voiding
      const organisations = yield* Organisations
      const projects = yield* Projects
      const tokens = yield* AccessTokens
      const world = yield* newWorld
      const project = (yield* projects.create(projectOf(world.tenantId, world.branchId))).record
      const temporary = (yield* organisations.establishTemporaryBranch({
        tenantId: world.tenantId,
        name: "南河临时党支部",
        parentId: world.branchId,
        projectId: project.id,
        establishedOn: date("2023-03-01")
      })).record
      const contractor = (yield* organisations.create({
        _tag: "Contractor",
        tenantId: world.tenantId,
        name: `南河土建公司 ${uid()}`,
        projectIds: [project.id]
      })).record
      // a contractor's projects are a back-link: the project does not hold it, it holds the project's
      // contractors — and the member employed by it holds it
      const worker = (yield* organisations.createMember(
        memberOf(world.tenantId, world.branchId, {
          name: "钱七",
          employerId: contractor.id,
          temporaryMemberships: [{ branchId: temporary.id, joinedOn: date("2023-03-01") }]
        })
      )).record
      const projectBlocked = yield* expectFailure(
        voiding.void("project", world.tenantId, project.id, "误录"),
        "VoidBlocked"
      )
      assert.deepStrictEqual(
        projectBlocked.records.map((r) => [r.entity, r.id, r.via]),
        [["organisation", temporary.id, "projectId"]]
      )
      const contractorBlocked = yield* expectFailure(
        voiding.void("organisation", world.tenantId, contractor.id, "误录"),
        "VoidBlocked"
      )
      assert.deepStrictEqual(
        contractorBlocked.records.map((r) => [r.id, r.via]),
        [[worker.id, "employerId"]]
      )
      const temporaryBlocked = yield* expectFailure(
        voiding.void("organisation", world.tenantId, temporary.id, "误录"),
        "VoidBlocked"
      )
      assert.deepStrictEqual(
        temporaryBlocked.records.map((r) => [r.id, r.via]),
        [[worker.id, "temporaryMemberships[].branchId"]]
      )
      const token = yield* tokens.issue({
        tenantId: world.tenantId,
        role: "member",
        branchId: world.branchId,
        memberId: worker.id,
        label: "钱七的手机"
      })
      const inAnHour = instant(new Date((yield* Clock.currentTimeMillis) + 3_600_000).toISOString())
      yield* tokens.issue({
        tenantId: world.tenantId,
        role: "member",
        branchId: world.branchId,
        memberId: worker.id,
        label: "一小时的令牌",
        expiresAt: inAnHour
      })
      const branchBlocked = yield* expectFailure(
        voiding.void("organisation", world.tenantId, world.branchId, "误录"),
        "VoidBlocked"
      )
      const kinds = new Set(branchBlocked.records.map((r) => r.entity))
      for (const kind of ["organisation", "member", "project", "access_token"])
        assert.isTrue(kinds.has(kind as never), kind)
      // the live token of the member stops its void until revoked; an expired one does not count
      const memberBlocked = yield* expectFailure(
        shiftedClock(2 * 3_600_000, voiding.void("member", world.tenantId, worker.id, "误录")),
        "VoidBlocked"
      )
      assert.deepStrictEqual(memberBlocked.records, [
        { entity: "access_token", id: token.record.record.id, label: "钱七的手机", via: "memberId" }
      ])
      yield* tokens.revoke(world.tenantId, token.record.record.id)
      yield* shiftedClock(2 * 3_600_000, voiding.void("member", world.tenantId, worker.id, "误录"))
      // and no token is issued for a voided member
      const refused = yield* expectFailure(
        tokens.issue({
          tenantId: world.tenantId,
          role: "member",
          branchId: world.branchId,
          memberId: worker.id,
          label: "again"
        }),
        "NotFound"
      )
      assert.isTrue(refused.voided)
      yield* voiding.void("organisation", world.tenantId, temporary.id, "误录")
      yield* voiding.void("project", world.tenantId, project.id, "误录")
      yield* voiding.void("organisation", world.tenantId, contractor.id, "误录")
    })
  )
})

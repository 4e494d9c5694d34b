/**
 * The Cases contract, on every backend: the routine workflow, the emergency timeline, invalid steps
 * leaving the stored case unchanged, and lists by status, kind and time.
 */
import { Case, Ids, ResponsePolicy, type Team, TimeZone } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { AuditLog } from "../src/AuditLog.ts"
import { Cases } from "../src/Cases.ts"
import { Organisations } from "../src/Organisations.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import {
  assertSameRecord,
  caseOf,
  contractorOf,
  date,
  expectFailure,
  instant,
  memberOf,
  newWorld,
  uid,
  zoneOf
} from "./fixtures.ts"

forEachBackend((it) => {
  it.effect("routine case: open → acknowledge → assign → resolve → verify", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const organisations = yield* Organisations
      const zones = yield* Zones
      const world = yield* newWorld
      const zone = zoneOf(world.tenantId, world.branchId, "NH-02")
      yield* zones.create(zone)
      const worker = memberOf(world.tenantId, world.branchId, { name: "周敏" })
      yield* organisations.createMember(worker)

      const opened = yield* cases.open({
        tenantId: world.tenantId,
        branchId: world.branchId,
        kind: "routine",
        title: "河岸白色垃圾",
        description: "北岸堆积塑料袋",
        source: "resident",
        severity: "low",
        zoneId: zone.id,
        location: "英雄大街桥北岸",
        reporter: { name: "居民", phone: "0434-1234567" },
        at: instant("2023-06-01T01:00:00.000Z"),
        note: "公示牌扫码上报"
      })
      const id = opened.record.id
      assert.strictEqual(opened.version, 1)
      assert.deepStrictEqual(
        opened.record.stages.map((s) => s.stage),
        ["reported"]
      )
      assertSameRecord(Case.Case, (yield* cases.get(world.tenantId, id)).record, opened.record)

      const acknowledged = yield* cases.advance(
        world.tenantId,
        id,
        { stage: "acknowledged", at: instant("2023-06-01T02:00:00.000Z"), actorId: world.memberId },
        1
      )
      assert.strictEqual(acknowledged.version, 2)

      // a jump past the next stage is refused and leaves the case as it was
      const jump = yield* expectFailure(
        cases.advance(world.tenantId, id, { stage: "resolved", at: instant("2023-06-01T03:00:00.000Z") }),
        "InvalidTransition"
      )
      assert.deepStrictEqual([jump.entity, jump.from, jump.to], ["case", "acknowledged", "resolved"])
      // assigning needs an assignee
      const unassigned = yield* expectFailure(
        cases.advance(world.tenantId, id, { stage: "assigned", at: instant("2023-06-01T03:00:00.000Z") }),
        "InvalidTransition"
      )
      assert.include(unassigned.message, "assigneeId")
      // a stage cannot go back in time
      yield* expectFailure(
        cases.advance(world.tenantId, id, {
          stage: "assigned",
          at: instant("2023-06-01T01:30:00.000Z"),
          assigneeId: worker.id
        }),
        "InvalidTransition"
      )
      // a stale version is refused before the step
      yield* expectFailure(
        cases.advance(
          world.tenantId,
          id,
          { stage: "assigned", at: instant("2023-06-01T03:00:00.000Z"), assigneeId: worker.id },
          1
        ),
        "StaleVersion"
      )
      // the assignee must exist
      yield* expectFailure(
        cases.advance(world.tenantId, id, {
          stage: "assigned",
          at: instant("2023-06-01T03:00:00.000Z"),
          assigneeId: Ids.MemberId.make(`member-${uid()}`)
        }),
        "NotFound"
      )
      const unchanged = yield* cases.get(world.tenantId, id)
      assert.strictEqual(unchanged.version, 2)
      assertSameRecord(Case.Case, unchanged.record, acknowledged.record)
      assert.deepStrictEqual(
        (yield* cases.list(world.tenantId, { where: { status: "acknowledged" } })).items.map(
          (v) => v.record.id
        ),
        [id]
      )

      yield* cases.advance(world.tenantId, id, {
        stage: "assigned",
        at: instant("2023-06-01T03:00:00.000Z"),
        assigneeId: worker.id
      })
      yield* cases.advance(world.tenantId, id, { stage: "resolved", at: instant("2023-06-02T03:00:00.000Z") })
      const verified = yield* cases.advance(
        world.tenantId,
        id,
        { stage: "verified", at: instant("2023-06-03T03:00:00.000Z"), actorId: world.memberId },
        4
      )
      assert.strictEqual(verified.version, 5)
      const stored = yield* cases.get(world.tenantId, id)
      assert.deepStrictEqual(
        stored.record.stages.map((s) => s.stage),
        ["reported", "acknowledged", "assigned", "resolved", "verified"]
      )
      assert.strictEqual(stored.record.stages[2]?.assigneeId, worker.id)
      const closed = yield* expectFailure(
        cases.advance(world.tenantId, id, { stage: "verified", at: instant("2023-06-04T03:00:00.000Z") }),
        "InvalidTransition"
      )
      assert.strictEqual(closed.from, "verified")
      assert.strictEqual((yield* cases.get(world.tenantId, id)).version, 5)
      yield* expectFailure(
        cases.advance(world.tenantId, `case-${uid()}`, {
          stage: "acknowledged",
          at: instant("2023-06-04T03:00:00.000Z")
        }),
        "NotFound"
      )
    })
  )

  it.effect("emergency case: the whole timeline found → … → repaired → verified, audited step by step", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const organisations = yield* Organisations
      const audit = yield* AuditLog
      const world = yield* newWorld
      const contractor = contractorOf(world.tenantId, "抢险施工公司")
      yield* organisations.create(contractor)
      const team: Team.Team = {
        id: Ids.TeamId.make(`team-${uid()}`),
        tenantId: world.tenantId,
        branchId: world.branchId,
        kind: "commando_team",
        name: "党员突击队",
        formedOn: date("2023-07-22"),
        members: [{ memberId: world.memberId, role: "leader" }]
      }
      yield* organisations.createTeam(team)
      const opened = yield* cases.open({
        tenantId: world.tenantId,
        branchId: world.branchId,
        kind: "emergency",
        title: "南河六孔桥铁路桥下浆砌石底座冲毁",
        description: "强降雨后巡河发现防洪墙部分倒塌",
        source: "patrol",
        severity: "critical",
        location: "南河六孔桥",
        at: instant("2023-07-21T22:40:00.000Z")
      })
      const id = opened.record.id
      assert.strictEqual(opened.record.stages[0]?.stage, "found")
      // an emergency does not take routine steps
      yield* expectFailure(
        cases.advance(world.tenantId, id, { stage: "acknowledged", at: instant("2023-07-21T23:00:00.000Z") }),
        "InvalidTransition"
      )
      const steps: ReadonlyArray<Omit<Case.CaseStage, "at"> & { at: string }> = [
        { stage: "reported_to_bureau", at: "2023-07-21T22:55:00.000Z", actorId: world.memberId },
        { stage: "team_formed", at: "2023-07-21T23:30:00.000Z", teamId: team.id },
        { stage: "assessed", at: "2023-07-22T01:00:00.000Z" },
        { stage: "plan_made", at: "2023-07-22T03:00:00.000Z" },
        { stage: "contractor_engaged", at: "2023-07-22T05:00:00.000Z", contractorId: contractor.id },
        { stage: "repaired", at: "2023-07-25T10:00:00.000Z" },
        { stage: "verified", at: "2023-07-26T02:00:00.000Z" }
      ]
      // team_formed needs its team, contractor_engaged its contractor
      const noTeam = yield* expectFailure(
        cases.advance(world.tenantId, id, { stage: "team_formed", at: instant("2023-07-21T23:30:00.000Z") }),
        "InvalidTransition"
      )
      assert.strictEqual(noTeam.from, "found")
      for (const [i, step] of steps.entries()) {
        if (step.stage === "contractor_engaged") {
          const e = yield* expectFailure(
            cases.advance(world.tenantId, id, { stage: "contractor_engaged", at: instant(step.at) }),
            "InvalidTransition"
          )
          assert.include(e.message, "contractorId")
        }
        const advanced = yield* cases.advance(world.tenantId, id, { ...step, at: instant(step.at) }, i + 1)
        assert.strictEqual(advanced.version, i + 2)
      }
      const stored = (yield* cases.get(world.tenantId, id)).record
      assert.deepStrictEqual(
        stored.stages.map((s) => s.stage),
        [...Case.emergencyStages]
      )
      assert.strictEqual(Case.fixedAt(stored), "2023-07-25T10:00:00.000Z")
      assert.strictEqual(stored.stages[2]?.teamId, team.id)
      assert.strictEqual(stored.stages[5]?.contractorId, contractor.id)

      // link the team to its case, as the seed does
      yield* organisations.updateTeam({ ...team, caseId: stored.id })
      const linked = yield* organisations.listTeams(world.tenantId, { where: { case_id: stored.id } })
      assert.deepStrictEqual(
        linked.items.map((v) => v.record.id),
        [team.id]
      )

      const entries = yield* audit.list(world.tenantId, { where: { entity_id: id }, limit: 100 })
      assert.deepStrictEqual(
        entries.items.map((v) => v.record.change).sort(),
        ["case.open", ...steps.map((s) => `case.${s.stage}`)].sort()
      )
      assert.deepStrictEqual(
        entries.items.map((v) => v.record.action).sort(),
        ["create", ...steps.map(() => "transition")].sort()
      )
    })
  )

  it.effect("importing a case checks its whole timeline and its references", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const world = yield* newWorld
      const good = caseOf(world, {
        stages: [
          { stage: "reported", at: instant("2023-06-01T01:00:00.000Z") },
          { stage: "acknowledged", at: instant("2023-06-01T02:00:00.000Z") }
        ]
      })
      yield* cases.importCase(good)
      // stored with the due times the default policy gives a low routine case opened then
      const deadlines = ResponsePolicy.deadlinesFor(
        ResponsePolicy.defaultPolicy,
        { kind: "routine", severity: "low", openedAt: good.stages[0].at },
        TimeZone.defaultTimeZone
      )
      assertSameRecord(Case.Case, (yield* cases.get(world.tenantId, good.id)).record, { ...good, deadlines })
      yield* expectFailure(cases.importCase(good), "AlreadyExists")
      const wrongStart = yield* expectFailure(
        cases.importCase(
          caseOf(world, { stages: [{ stage: "acknowledged", at: instant("2023-06-01T01:00:00.000Z") }] })
        ),
        "InvalidTransition"
      )
      assert.strictEqual(wrongStart.from, "(new)")
      yield* expectFailure(
        cases.importCase(
          caseOf(world, {
            stages: [
              { stage: "reported", at: instant("2023-06-01T01:00:00.000Z") },
              { stage: "resolved", at: instant("2023-06-01T02:00:00.000Z") }
            ]
          })
        ),
        "InvalidTransition"
      )
      yield* expectFailure(
        cases.importCase(caseOf(world, { zoneId: Ids.ZoneId.make(`zone-${uid()}`) })),
        "NotFound"
      )
      yield* expectFailure(
        cases.importCase(caseOf(world, { patrolLogId: Ids.PatrolLogId.make(`patrol-${uid()}`) })),
        "NotFound"
      )
      yield* expectFailure(
        cases.importCase(caseOf(world, { branchId: Ids.OrganisationId.make(`org-${uid()}`) })),
        "NotFound"
      )
      assert.deepStrictEqual(
        (yield* cases.list(world.tenantId, {})).items.map((v) => v.record.id),
        [good.id]
      )
    })
  )

  it.effect("cases list by status and kind, in opening order, within an instant range", () =>
    Effect.gen(function* () {
      const cases = yield* Cases
      const world = yield* newWorld
      const at = (day: string) => instant(`2023-${day}T08:00:00.000Z`)
      const reported = caseOf(world, { stages: [{ stage: "reported", at: at("03-02") }] })
      const acknowledged = caseOf(world, {
        stages: [
          { stage: "reported", at: at("03-01") },
          { stage: "acknowledged", at: at("03-05") }
        ]
      })
      const found = caseOf(world, {
        kind: "emergency",
        severity: "high",
        // the last moment of 3 March in Beijing time
        stages: [{ stage: "found", at: instant("2023-03-03T15:59:59.999Z") }]
      })
      const late = caseOf(world, { stages: [{ stage: "reported", at: at("04-01") }] })
      for (const c of [reported, acknowledged, found, late]) yield* cases.importCase(c)
      const ids = (items: ReadonlyArray<{ readonly record: Case.Case }>) => items.map((v) => v.record.id)

      assert.deepStrictEqual(ids((yield* cases.list(world.tenantId, {})).items), [
        acknowledged.id,
        reported.id,
        found.id,
        late.id
      ])
      assert.deepStrictEqual(
        ids((yield* cases.list(world.tenantId, { where: { status: "reported" } })).items),
        [reported.id, late.id]
      )
      assert.deepStrictEqual(
        ids((yield* cases.list(world.tenantId, { where: { kind: "emergency" } })).items),
        [found.id]
      )
      // opened_at is an instant: the range covers whole local days of the tenant (Beijing time), both inclusive
      assert.deepStrictEqual(
        ids((yield* cases.list(world.tenantId, { from: "2023-03-02", to: "2023-03-03" })).items),
        [reported.id, found.id]
      )
      // advancing moves a case between statuses
      yield* cases.advance(world.tenantId, reported.id, { stage: "acknowledged", at: at("03-06") })
      assert.deepStrictEqual(
        ids((yield* cases.list(world.tenantId, { where: { status: "acknowledged" } })).items),
        [acknowledged.id, reported.id]
      )
      assert.deepStrictEqual(
        ids((yield* cases.list(world.tenantId, { where: { status: "reported" } })).items),
        [late.id]
      )
      const other = yield* newWorld
      yield* expectFailure(cases.get(other.tenantId, reported.id), "NotFound")
      assert.strictEqual((yield* cases.list(other.tenantId, {})).items.length, 0)
    })
  )
})

/**
 * The Projects contract, on every backend: projects with phases and difficulties, pioneer posts and
 * their duty rosters.
 */
import { Ids, PioneerPost, Project } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { Organisations } from "../src/Organisations.ts"
import { Projects } from "../src/Projects.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import {
  assertSameRecord,
  contractorOf,
  date,
  expectFailure,
  instant,
  memberOf,
  newWorld,
  postOf,
  projectOf,
  uid,
  zoneOf
} from "./fixtures.ts"

forEachBackend((it) => {
  it.effect("create/get/update round-trip, versions, StaleVersion, NotFound, unique name", () =>
    Effect.gen(function* () {
      const projects = yield* Projects
      const organisations = yield* Organisations
      const world = yield* newWorld
      const contractor = contractorOf(world.tenantId)
      yield* organisations.create(contractor)
      const project = projectOf(world.tenantId, world.branchId, {
        contractorIds: [contractor.id],
        difficulties: [
          {
            id: Ids.DifficultyId.make(`difficulty-${uid()}`),
            title: "征地拆迁进度滞后",
            phase: "land_acquisition",
            openedAt: instant("2022-05-01T01:00:00.000Z"),
            resolvedAt: instant("2022-05-20T01:00:00.000Z"),
            resolution: "支部书记牵头协调"
          }
        ],
        illustrative: true
      })
      const created = yield* projects.create(project)
      assert.strictEqual(created.version, 1)
      assertSameRecord(Project.Project, (yield* projects.get(world.tenantId, project.id)).record, project)

      const later = { ...project, kind: "water_quality_improvement" as const }
      assert.strictEqual((yield* projects.update(later, 1)).version, 2)
      assertSameRecord(Project.Project, (yield* projects.get(world.tenantId, project.id)).record, later)
      yield* expectFailure(projects.update(project, 1), "StaleVersion")
      yield* expectFailure(projects.get(world.tenantId, `project-${uid()}`), "NotFound")

      const sameName = yield* expectFailure(
        projects.create({ ...project, id: Ids.ProjectId.make(`project-${uid()}`) }),
        "AlreadyExists"
      )
      assert.deepStrictEqual([sameName.entity, sameName.key], ["project", project.name])
      yield* expectFailure(
        projects.create(projectOf(world.tenantId, Ids.OrganisationId.make(`org-${uid()}`))),
        "NotFound"
      )
      yield* expectFailure(
        projects.create(
          projectOf(world.tenantId, world.branchId, {
            contractorIds: [Ids.OrganisationId.make(`org-${uid()}`)]
          })
        ),
        "NotFound"
      )
      const twice = yield* expectFailure(
        projects.update({
          ...later,
          phases: [...later.phases, { phase: "preliminary_procedures", startedOn: date("2022-07-01") }]
        }),
        "InvariantViolation"
      )
      assert.strictEqual(twice.rule, "phase_once")
      assert.strictEqual((yield* projects.get(world.tenantId, project.id)).version, 2)
    })
  )

  it.effect("phases are recorded once each; a difficulty is opened, then resolved once", () =>
    Effect.gen(function* () {
      const projects = yield* Projects
      const world = yield* newWorld
      const project = projectOf(world.tenantId, world.branchId)
      yield* projects.create(project)
      yield* projects.recordPhase(world.tenantId, project.id, {
        phase: "approval",
        startedOn: date("2022-07-01")
      })
      const phased = yield* projects.recordPhase(world.tenantId, project.id, {
        phase: "approval",
        startedOn: date("2022-07-01"),
        endedOn: date("2022-08-15")
      })
      assert.strictEqual(phased.version, 3)
      assert.deepStrictEqual(
        phased.record.phases.map((p): ReadonlyArray<string | undefined> => [p.phase, p.endedOn]),
        [
          ["preliminary_procedures", "2022-06-30"],
          ["approval", "2022-08-15"]
        ]
      )
      const backwards = yield* expectFailure(
        projects.recordPhase(world.tenantId, project.id, {
          phase: "construction",
          startedOn: date("2023-05-01"),
          endedOn: date("2023-04-01")
        }),
        "InvariantViolation"
      )
      assert.strictEqual(backwards.rule, "phase_ends_after_start")

      const opened = yield* projects.openDifficulty(world.tenantId, project.id, {
        title: "施工便道占用河堤",
        phase: "construction"
      })
      assert.strictEqual(opened.version, 4)
      const difficulty = opened.record.difficulties[0]
      assert.isDefined(difficulty)
      if (difficulty === undefined) return
      assert.strictEqual(difficulty.resolvedAt, undefined)
      assert.deepStrictEqual(
        (yield* projects.get(world.tenantId, project.id)).record.difficulties.map((d) => d.title),
        ["施工便道占用河堤"]
      )

      const resolved = yield* projects.resolveDifficulty(
        world.tenantId,
        project.id,
        difficulty.id,
        "协调改线"
      )
      assert.strictEqual(resolved.version, 5)
      const stored = (yield* projects.get(world.tenantId, project.id)).record.difficulties[0]
      assert.strictEqual(stored?.resolution, "协调改线")
      assert.isTrue(stored?.resolvedAt !== undefined && stored.resolvedAt >= difficulty.openedAt)

      const again = yield* expectFailure(
        projects.resolveDifficulty(world.tenantId, project.id, difficulty.id, "再次"),
        "InvalidTransition"
      )
      assert.strictEqual(again.from, "resolved")
      yield* expectFailure(
        projects.resolveDifficulty(world.tenantId, project.id, `difficulty-${uid()}`, "?"),
        "InvalidTransition"
      )
      const after = yield* projects.get(world.tenantId, project.id)
      assert.strictEqual(after.version, 5)
      assert.strictEqual(after.record.difficulties[0]?.resolution, "协调改线")
      yield* expectFailure(
        projects.openDifficulty(world.tenantId, `project-${uid()}`, { title: "?" }),
        "NotFound"
      )
    })
  )

  it.effect("pioneer posts: round-trip, references, unique name, roster add and remove", () =>
    Effect.gen(function* () {
      const projects = yield* Projects
      const zones = yield* Zones
      const organisations = yield* Organisations
      const world = yield* newWorld
      const project = projectOf(world.tenantId, world.branchId, { name: "西湖湿地水质提升工程" })
      yield* projects.create(project)
      const zone = zoneOf(world.tenantId, world.branchId, "XH-01")
      yield* zones.create(zone)
      const post = postOf(world, {
        name: "悦平滩党员先锋岗",
        projectId: project.id,
        zoneId: zone.id,
        dutyNotes: "维护秩序、保护环境、清理水面、维护设施",
        roster: [
          { _tag: "MemberOnDuty", memberId: world.memberId, since: date("2023-06-01") },
          { _tag: "VolunteerOnDuty", name: "志愿者甲", phone: "13800000009", since: date("2023-06-01") }
        ]
      })
      yield* projects.createPost(post)
      assertSameRecord(
        PioneerPost.PioneerPost,
        (yield* projects.getPost(world.tenantId, post.id)).record,
        post
      )
      const sameName = yield* expectFailure(
        projects.createPost({ ...post, id: Ids.PioneerPostId.make(`post-${uid()}`) }),
        "AlreadyExists"
      )
      assert.strictEqual(sameName.key, "悦平滩党员先锋岗")
      yield* expectFailure(
        projects.createPost(postOf(world, { zoneId: Ids.ZoneId.make(`zone-${uid()}`) })),
        "NotFound"
      )
      yield* expectFailure(
        projects.createPost(postOf(world, { projectId: Ids.ProjectId.make(`project-${uid()}`) })),
        "NotFound"
      )

      const newcomer = memberOf(world.tenantId, world.branchId, { name: "杨帆" })
      yield* organisations.createMember(newcomer)
      const added = yield* projects.addToRoster(world.tenantId, post.id, {
        _tag: "MemberOnDuty",
        memberId: newcomer.id,
        since: date("2023-07-01")
      })
      assert.strictEqual(added.version, 2)
      yield* expectFailure(
        projects.addToRoster(world.tenantId, post.id, {
          _tag: "MemberOnDuty",
          memberId: Ids.MemberId.make(`member-${uid()}`),
          since: date("2023-07-01")
        }),
        "NotFound"
      )
      const rosterOf = (p: PioneerPost.PioneerPost) =>
        p.roster.map((r) => (r._tag === "MemberOnDuty" ? r.memberId : r.name))
      assert.deepStrictEqual(rosterOf((yield* projects.getPost(world.tenantId, post.id)).record), [
        world.memberId,
        "志愿者甲",
        newcomer.id
      ])
      yield* projects.removeFromRoster(world.tenantId, post.id, { memberId: world.memberId })
      const removed = yield* projects.removeFromRoster(world.tenantId, post.id, { volunteerName: "志愿者甲" })
      assert.strictEqual(removed.version, 4)
      assert.deepStrictEqual(rosterOf((yield* projects.getPost(world.tenantId, post.id)).record), [
        newcomer.id
      ])

      const closed = {
        ...(yield* projects.getPost(world.tenantId, post.id)).record,
        closedOn: date("2023-10-31")
      }
      yield* expectFailure(projects.updatePost(closed, 3), "StaleVersion")
      assert.strictEqual((yield* projects.updatePost(closed, 4)).version, 5)
      const byZone = yield* projects.listPosts(world.tenantId, { where: { zone_id: zone.id } })
      assert.deepStrictEqual(
        byZone.items.map((v) => v.record.id),
        [post.id]
      )
      const byProject = yield* projects.list(world.tenantId, { where: { branch_id: world.branchId } })
      assert.deepStrictEqual(
        byProject.items.map((v) => v.record.id),
        [project.id]
      )
    })
  )
})

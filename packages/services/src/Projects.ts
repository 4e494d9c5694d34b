/**
 * Water projects and the branch's pioneer posts: phases with dates, the difficulties coordinated on
 * site (opened → resolved), and the duty roster of each post.
 */
import { Errors, Invariants, type PioneerPost, type Project } from "@bishui/domain"
import { Context, Effect, Result } from "effect"
import { layersOf } from "./internal/layers.ts"
import {
  makeRecords,
  type NewRecord,
  newId,
  now,
  type UpdateError,
  type WriteError
} from "./internal/records.ts"
import type { ListQuery, Page, Versioned } from "./Store.ts"
import * as Tables from "./Tables.ts"

export class Projects extends Context.Service<
  Projects,
  {
    readonly create: (
      project: NewRecord<Project.Project>
    ) => Effect.Effect<Versioned<Project.Project>, WriteError>
    readonly update: (
      project: Project.Project,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Project.Project>, UpdateError>
    readonly recordPhase: (
      tenantId: string,
      projectId: string,
      phase: Project.ProjectPhase
    ) => Effect.Effect<Versioned<Project.Project>, UpdateError>
    readonly openDifficulty: (
      tenantId: string,
      projectId: string,
      input: { readonly title: string; readonly phase?: Project.ProjectPhaseKind }
    ) => Effect.Effect<Versioned<Project.Project>, UpdateError>
    readonly resolveDifficulty: (
      tenantId: string,
      projectId: string,
      difficultyId: string,
      resolution: string
    ) => Effect.Effect<Versioned<Project.Project>, UpdateError>
    readonly get: (tenantId: string, id: string) => Effect.Effect<Versioned<Project.Project>, Errors.NotFound>
    readonly list: (tenantId: string, query: ListQuery) => Effect.Effect<Page<Project.Project>>

    readonly createPost: (
      post: NewRecord<PioneerPost.PioneerPost>
    ) => Effect.Effect<Versioned<PioneerPost.PioneerPost>, WriteError>
    readonly updatePost: (
      post: PioneerPost.PioneerPost,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<PioneerPost.PioneerPost>, UpdateError>
    readonly addToRoster: (
      tenantId: string,
      postId: string,
      entry: PioneerPost.RosterEntry
    ) => Effect.Effect<Versioned<PioneerPost.PioneerPost>, UpdateError>
    /** Remove a member (by id) or a volunteer (by name) from the roster. */
    readonly removeFromRoster: (
      tenantId: string,
      postId: string,
      who: { readonly memberId: string } | { readonly volunteerName: string }
    ) => Effect.Effect<Versioned<PioneerPost.PioneerPost>, UpdateError>
    readonly getPost: (
      tenantId: string,
      id: string
    ) => Effect.Effect<Versioned<PioneerPost.PioneerPost>, Errors.NotFound>
    readonly listPosts: (tenantId: string, query: ListQuery) => Effect.Effect<Page<PioneerPost.PioneerPost>>
  }
>()("@bishui/services/Projects") {
  private static readonly layers = layersOf(
    this,
    Effect.suspend(() => make)
  )
  /** Needs a `Store`. */
  static readonly layer = this.layers.layer
  /** Over its own in-memory Store. */
  static readonly layerMemory = this.layers.layerMemory
  /** Over the SQL Store: needs only an `SqlClient`. */
  static readonly layerNoDeps = this.layers.layerNoDeps
}

const make = Effect.gen(function* () {
  const records = yield* makeRecords
  const { store } = records

  const checkProjectRefs = (project: Project.Project) =>
    Effect.gen(function* () {
      yield* records.ensure(Tables.organisations, project.tenantId, project.branchId)
      for (const id of project.contractorIds)
        yield* records.ensure(Tables.organisations, project.tenantId, id)
    })

  const changeProject = (
    tenantId: string,
    id: string,
    change: string,
    step: (
      p: Project.Project
    ) => Effect.Effect<Project.Project, UpdateError> | Result.Result<Project.Project, UpdateError>,
    expectedVersion?: number
  ) =>
    records.update(Tables.projects, tenantId, id, {
      change,
      step,
      check: Invariants.checkProject,
      expectedVersion
    })

  const checkPostRefs = (post: PioneerPost.PioneerPost) =>
    Effect.gen(function* () {
      yield* records.ensure(Tables.organisations, post.tenantId, post.branchId)
      yield* records.ensure(Tables.projects, post.tenantId, post.projectId)
      yield* records.ensure(Tables.zones, post.tenantId, post.zoneId)
      for (const entry of post.roster) {
        if (entry._tag === "MemberOnDuty")
          yield* records.ensure(Tables.members, post.tenantId, entry.memberId)
      }
    })

  const updatePost = Effect.fn("Projects.updatePost")(function* (
    post: PioneerPost.PioneerPost,
    expectedVersion?: number
  ) {
    yield* checkPostRefs(post)
    return yield* records.update(Tables.pioneerPosts, post.tenantId, post.id, {
      change: "pioneer_post.update",
      expectedVersion,
      step: () => Result.succeed(post)
    })
  })

  return Projects.of({
    create: Effect.fn("Projects.create")(function* (input: NewRecord<Project.Project>) {
      const project = { ...input, id: input.id ?? newId() } as Project.Project
      yield* checkProjectRefs(project)
      return yield* records.create(Tables.projects, project, {
        change: "project.create",
        check: Invariants.checkProject
      })
    }),
    update: Effect.fn("Projects.update")(function* (project: Project.Project, expectedVersion?: number) {
      yield* checkProjectRefs(project)
      return yield* changeProject(
        project.tenantId,
        project.id,
        "project.update",
        () => Result.succeed(project),
        expectedVersion
      )
    }),
    recordPhase: Effect.fn("Projects.recordPhase")(
      (tenantId: string, projectId: string, phase: Project.ProjectPhase) =>
        changeProject(tenantId, projectId, "project.phase", (p) =>
          Result.succeed({ ...p, phases: [...p.phases.filter((x) => x.phase !== phase.phase), phase] })
        )
    ),
    openDifficulty: Effect.fn("Projects.openDifficulty")(
      (
        tenantId: string,
        projectId: string,
        input: { readonly title: string; readonly phase?: Project.ProjectPhaseKind }
      ) =>
        changeProject(tenantId, projectId, "project.difficulty.open", (p) =>
          Effect.map(now, (openedAt) => ({
            ...p,
            difficulties: [
              ...p.difficulties,
              {
                id: newId() as Project.Difficulty["id"],
                title: input.title,
                openedAt,
                ...(input.phase === undefined ? {} : { phase: input.phase })
              }
            ]
          }))
        )
    ),
    resolveDifficulty: Effect.fn("Projects.resolveDifficulty")(
      (tenantId: string, projectId: string, difficultyId: string, resolution: string) =>
        changeProject(tenantId, projectId, "project.difficulty.resolve", (p) =>
          Effect.gen(function* () {
            const difficulty = p.difficulties.find((d) => d.id === difficultyId)
            if (difficulty === undefined || difficulty.resolvedAt !== undefined) {
              return yield* new Errors.InvalidTransition({
                entity: "project",
                entityId: projectId,
                from: difficulty === undefined ? "(missing)" : "resolved",
                to: "resolved",
                message:
                  difficulty === undefined
                    ? `no difficulty ${difficultyId} on this project`
                    : "the difficulty is already resolved"
              })
            }
            const resolvedAt = yield* now
            return {
              ...p,
              difficulties: p.difficulties.map((d) =>
                d.id === difficultyId ? { ...d, resolvedAt, resolution } : d
              )
            }
          })
        )
    ),
    get: (tenantId, id) => records.get(Tables.projects, tenantId, id),
    list: (tenantId, query) => store.collection(Tables.projects).list(tenantId, query),

    createPost: Effect.fn("Projects.createPost")(function* (input: NewRecord<PioneerPost.PioneerPost>) {
      const post = { ...input, id: input.id ?? newId() } as PioneerPost.PioneerPost
      yield* checkPostRefs(post)
      return yield* records.create(Tables.pioneerPosts, post, { change: "pioneer_post.create" })
    }),
    updatePost,
    addToRoster: Effect.fn("Projects.addToRoster")(function* (
      tenantId: string,
      postId: string,
      entry: PioneerPost.RosterEntry
    ) {
      if (entry._tag === "MemberOnDuty") yield* records.ensure(Tables.members, tenantId, entry.memberId)
      return yield* records.update(Tables.pioneerPosts, tenantId, postId, {
        change: "pioneer_post.roster.add",
        step: (post) => Result.succeed({ ...post, roster: [...post.roster, entry] })
      })
    }),
    removeFromRoster: Effect.fn("Projects.removeFromRoster")(
      (
        tenantId: string,
        postId: string,
        who: { readonly memberId: string } | { readonly volunteerName: string }
      ) =>
        records.update(Tables.pioneerPosts, tenantId, postId, {
          change: "pioneer_post.roster.remove",
          step: (post) =>
            Result.succeed({
              ...post,
              roster: post.roster.filter((entry) =>
                "memberId" in who
                  ? !(entry._tag === "MemberOnDuty" && entry.memberId === who.memberId)
                  : !(entry._tag === "VolunteerOnDuty" && entry.name === who.volunteerName)
              )
            })
        })
    ),
    getPost: (tenantId, id) => records.get(Tables.pioneerPosts, tenantId, id),
    listPosts: (tenantId, query) => store.collection(Tables.pioneerPosts).list(tenantId, query)
  })
})

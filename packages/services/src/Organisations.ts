/**
 * Organisations and people: the tenant's tree of Party group, branches, temporary branches on project
 * sites, paired communities and contractors; the members of the branches; and their teams.
 */
import {
  type Calendar,
  Errors,
  Invariants,
  Lifecycle,
  type Member,
  type Organisation,
  type Team,
  Tenant
} from "@bishui/domain"
import { Context, Effect, Result } from "effect"
import { layersOf } from "./internal/layers.ts"
import { makeRecords, type NewRecord, newId, type UpdateError, type WriteError } from "./internal/records.ts"
import type { ListQuery, Page, Versioned, VoidedOption } from "./Store.ts"
import * as Tables from "./Tables.ts"

export interface EstablishTemporaryBranch {
  readonly tenantId: Organisation.TemporaryBranch["tenantId"]
  readonly id?: Organisation.TemporaryBranch["id"]
  readonly name: string
  readonly parentId: Organisation.TemporaryBranch["parentId"]
  readonly projectId: Organisation.TemporaryBranch["projectId"]
  readonly establishedOn: Calendar.LocalDate
  readonly illustrative?: boolean
}

export class Organisations extends Context.Service<
  Organisations,
  {
    readonly createTenant: (
      tenant: Tenant.Tenant
    ) => Effect.Effect<Versioned<Tenant.Tenant>, Errors.AlreadyExists>
    readonly getTenant: (id: string) => Effect.Effect<Versioned<Tenant.Tenant>, Errors.NotFound>
    /**
     * Replace the tenant's record (its name, its time zone), audited. A new zone changes which local
     * year, month and day every instant of its records falls in, and so its reports.
     */
    readonly updateTenant: (
      tenant: ConstructorParameters<typeof Tenant.Tenant>[0],
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Tenant.Tenant>, UpdateError>
    /** Party groups, standing branches, communities and contractors. Temporary branches are established. */
    readonly create: (
      organisation: NewRecord<Organisation.Organisation>
    ) => Effect.Effect<Versioned<Organisation.Organisation>, WriteError>
    readonly establishTemporaryBranch: (
      input: EstablishTemporaryBranch
    ) => Effect.Effect<Versioned<Organisation.Organisation>, WriteError>
    readonly dissolveTemporaryBranch: (
      tenantId: string,
      id: string,
      on: Calendar.LocalDate,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Organisation.Organisation>, UpdateError>
    readonly update: (
      organisation: Organisation.Organisation,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Organisation.Organisation>, UpdateError>
    readonly get: (
      tenantId: string,
      id: string
    ) => Effect.Effect<Versioned<Organisation.Organisation>, Errors.NotFound>
    readonly list: (tenantId: string, query: ListQuery) => Effect.Effect<Page<Organisation.Organisation>>
    /** The tenant's organisations; voided ones too when asked (a token's subtree keeps them readable). */
    readonly all: (
      tenantId: string,
      options?: VoidedOption
    ) => Effect.Effect<ReadonlyArray<Organisation.Organisation>>

    readonly createMember: (
      member: NewRecord<Member.Member>
    ) => Effect.Effect<Versioned<Member.Member>, WriteError>
    readonly updateMember: (
      member: Member.Member,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Member.Member>, UpdateError>
    readonly getMember: (
      tenantId: string,
      id: string
    ) => Effect.Effect<Versioned<Member.Member>, Errors.NotFound>
    readonly listMembers: (tenantId: string, query: ListQuery) => Effect.Effect<Page<Member.Member>>

    readonly createTeam: (team: NewRecord<Team.Team>) => Effect.Effect<Versioned<Team.Team>, WriteError>
    readonly updateTeam: (
      team: Team.Team,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Team.Team>, UpdateError>
    readonly getTeam: (tenantId: string, id: string) => Effect.Effect<Versioned<Team.Team>, Errors.NotFound>
    readonly listTeams: (tenantId: string, query: ListQuery) => Effect.Effect<Page<Team.Team>>
  }
>()("@bishui/services/Organisations") {
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

  const requireBranch = (tenantId: string, id: string, entity: Errors.EntityKind, role: string) =>
    Effect.flatMap(records.referenced(Tables.organisations, tenantId, id), (record) =>
      record._tag === "StandingBranch" || record._tag === "TemporaryBranch" || record._tag === "PartyGroup"
        ? Effect.succeed(record)
        : Effect.fail(
            new Errors.InvariantViolation({
              entity,
              rule: `${role}_is_a_branch`,
              message: `${role} ${id} is a ${record._tag}, not a Party organisation`
            })
          )
    )

  /** The organisation's references exist in its tenant: its parent, and a community's paired branches. */
  const checkParent = (organisation: Organisation.Organisation) =>
    Effect.gen(function* () {
      if ("parentId" in organisation && organisation.parentId !== undefined) {
        yield* requireBranch(organisation.tenantId, organisation.parentId, "organisation", "parent")
      }
      if (organisation._tag === "Community") {
        for (const id of organisation.pairedBranchIds) {
          yield* requireBranch(organisation.tenantId, id, "organisation", "paired_branch")
        }
      }
    })

  const create = Effect.fn("Organisations.create")(function* (input: NewRecord<Organisation.Organisation>) {
    const organisation = { ...input, id: input.id ?? newId() } as Organisation.Organisation
    if (organisation._tag === "TemporaryBranch") {
      yield* records.ensure(Tables.projects, organisation.tenantId, organisation.projectId)
    }
    yield* checkParent(organisation)
    return yield* records.create(Tables.organisations, organisation, {
      change: "organisation.create",
      check: Invariants.checkOrganisation
    })
  })

  const establishTemporaryBranch = Effect.fn("Organisations.establishTemporaryBranch")(function* (
    input: EstablishTemporaryBranch
  ) {
    yield* records.ensure(Tables.projects, input.tenantId, input.projectId)
    yield* requireBranch(input.tenantId, input.parentId, "organisation", "parent")
    const branch: Organisation.TemporaryBranch = {
      _tag: "TemporaryBranch",
      id: input.id ?? (newId() as Organisation.TemporaryBranch["id"]),
      tenantId: input.tenantId,
      name: input.name,
      parentId: input.parentId,
      projectId: input.projectId,
      establishedOn: input.establishedOn,
      ...(input.illustrative === undefined ? {} : { illustrative: input.illustrative })
    }
    return yield* records.create(Tables.organisations, branch as Organisation.Organisation, {
      change: "temporary_branch.establish",
      check: Invariants.checkOrganisation
    })
  })

  const dissolveTemporaryBranch = Effect.fn("Organisations.dissolveTemporaryBranch")(
    (tenantId: string, id: string, on: Calendar.LocalDate, expectedVersion?: number) =>
      records.update(Tables.organisations, tenantId, id, {
        change: "temporary_branch.dissolve",
        action: "transition",
        expectedVersion,
        step: (
          current
        ): Result.Result<Organisation.Organisation, Errors.InvalidTransition | Errors.InvariantViolation> =>
          current._tag === "TemporaryBranch"
            ? Lifecycle.dissolveTemporaryBranch(current, on)
            : Result.fail(
                new Errors.InvalidTransition({
                  entity: "organisation",
                  entityId: id,
                  from: current._tag,
                  to: "dissolved",
                  message: "only a temporary branch is dissolved"
                })
              )
      })
  )

  const update = Effect.fn("Organisations.update")(function* (
    organisation: Organisation.Organisation,
    expectedVersion?: number
  ) {
    yield* checkParent(organisation)
    return yield* records.update(Tables.organisations, organisation.tenantId, organisation.id, {
      change: "organisation.update",
      expectedVersion,
      check: Invariants.checkOrganisation,
      step: (current): Result.Result<Organisation.Organisation, Errors.InvariantViolation> =>
        current._tag === organisation._tag
          ? Result.succeed(organisation)
          : Result.fail(
              new Errors.InvariantViolation({
                entity: "organisation",
                entityId: organisation.id,
                rule: "kind_is_fixed",
                message: `a ${current._tag} cannot become a ${organisation._tag}`
              })
            )
    })
  })

  const checkMemberRefs = (member: Member.Member) =>
    Effect.gen(function* () {
      yield* requireBranch(member.tenantId, member.homeBranchId, "member", "home_branch")
      for (const membership of member.temporaryMemberships) {
        yield* requireBranch(member.tenantId, membership.branchId, "member", "temporary_branch")
      }
      if (member.communityRegistration !== undefined) {
        yield* records.ensure(Tables.organisations, member.tenantId, member.communityRegistration.communityId)
      }
      yield* records.ensure(Tables.organisations, member.tenantId, member.employerId)
    })

  const createMember = Effect.fn("Organisations.createMember")(function* (input: NewRecord<Member.Member>) {
    const member = { ...input, id: input.id ?? newId() } as Member.Member
    yield* checkMemberRefs(member)
    return yield* records.create(Tables.members, member, { change: "member.create" })
  })

  const updateMember = Effect.fn("Organisations.updateMember")(function* (
    member: Member.Member,
    expectedVersion?: number
  ) {
    yield* checkMemberRefs(member)
    return yield* records.update(Tables.members, member.tenantId, member.id, {
      change: "member.update",
      expectedVersion,
      step: () => Result.succeed(member)
    })
  })

  const checkTeamRefs = (team: Team.Team) =>
    Effect.gen(function* () {
      yield* requireBranch(team.tenantId, team.branchId, "team", "branch")
      for (const m of team.members) yield* records.ensure(Tables.members, team.tenantId, m.memberId)
      yield* records.ensure(Tables.cases, team.tenantId, team.caseId)
    })

  const createTeam = Effect.fn("Organisations.createTeam")(function* (input: NewRecord<Team.Team>) {
    const team = { ...input, id: input.id ?? newId() } as Team.Team
    yield* checkTeamRefs(team)
    return yield* records.create(Tables.teams, team, { change: "team.create", check: Invariants.checkTeam })
  })

  const updateTeam = Effect.fn("Organisations.updateTeam")(function* (
    team: Team.Team,
    expectedVersion?: number
  ) {
    yield* checkTeamRefs(team)
    return yield* records.update(Tables.teams, team.tenantId, team.id, {
      change: "team.update",
      expectedVersion,
      check: Invariants.checkTeam,
      step: () => Result.succeed(team)
    })
  })

  const organisations = store.collection(Tables.organisations)
  return Organisations.of({
    createTenant: (tenant) =>
      records
        .create(Tables.tenants, tenant, { change: "tenant.create" })
        .pipe(Effect.withSpan("Organisations.createTenant")),
    getTenant: (id) => records.get(Tables.tenants, id, id),
    updateTenant: (tenant, expectedVersion) =>
      records
        .update(Tables.tenants, tenant.id, tenant.id, {
          change: "tenant.update",
          step: () => Result.succeed(new Tenant.Tenant(tenant)),
          expectedVersion
        })
        .pipe(Effect.withSpan("Organisations.updateTenant")),
    create,
    establishTemporaryBranch,
    dissolveTemporaryBranch,
    update,
    get: (tenantId, id) => records.get(Tables.organisations, tenantId, id),
    list: (tenantId, query) => organisations.list(tenantId, query),
    all: (tenantId, options) => organisations.all(tenantId, undefined, options),
    createMember,
    updateMember,
    getMember: (tenantId, id) => records.get(Tables.members, tenantId, id),
    listMembers: (tenantId, query) => store.collection(Tables.members).list(tenantId, query),
    createTeam,
    updateTeam,
    getTeam: (tenantId, id) => records.get(Tables.teams, tenantId, id),
    listTeams: (tenantId, query) => store.collection(Tables.teams).list(tenantId, query)
  })
})

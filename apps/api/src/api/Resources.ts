/**
 * The endpoints of the branch's records, one group per kind, defined from the domain's schemas.
 * Reads list (with filters and cursor pagination) and get; writes create and update with
 * `Idempotency-Key` and `If-Match`; workflows are explicit actions (`POST …/{id}/assign`).
 */
import {
  Case,
  Member,
  MicroWish,
  Organisation,
  PioneerPost,
  Project,
  ServiceEvent,
  Team,
  Zone
} from "@bishui/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { idempotencyKey, ifMatch, listQuery, PageOf, Stored } from "./Envelope.ts"
import { Conflict, Forbidden, NotFound, PreconditionFailed, Unprocessable } from "./Problems.ts"
import { Authentication } from "./Security.ts"

const Id = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(120))
const Filter = Schema.optionalKey(Id)
const writeErrors = [NotFound, Conflict, PreconditionFailed, Unprocessable, Forbidden] as const

const withEtag = <S extends Schema.Top>(schema: S, status = 200) =>
  HttpApiSchema.WithHeaders(schema.pipe(HttpApiSchema.status(status)), { etag: Schema.String })

/**
 * list / get / create / update for one kind of record. `create` takes the record without its tenant
 * (the token's) and with an optional id; `update` takes it without id (the path's) and tenant.
 */
const crud = <
  S extends Schema.Top,
  C extends Schema.Top,
  U extends Schema.Top,
  Q extends Schema.Struct.Fields
>(options: {
  readonly path: `/${string}`
  readonly record: S
  readonly create: C
  readonly update: U
  readonly filters: Q
}) =>
  [
    HttpApiEndpoint.get("list", options.path, {
      query: { ...listQuery, ...options.filters },
      success: PageOf(options.record),
      error: [Forbidden]
    }),
    HttpApiEndpoint.get("get", `${options.path}/:id`, {
      params: { id: Id },
      success: withEtag(Stored(options.record)),
      error: [NotFound, Forbidden]
    }),
    HttpApiEndpoint.post("create", options.path, {
      headers: idempotencyKey,
      payload: options.create,
      success: withEtag(Stored(options.record), 201),
      error: writeErrors
    }),
    HttpApiEndpoint.put("update", `${options.path}/:id`, {
      params: { id: Id },
      headers: ifMatch,
      payload: options.update,
      success: withEtag(Stored(options.record)),
      error: writeErrors
    })
  ] as const

export class OrganisationsGroup extends HttpApiGroup.make("organisations")
  .add(
    HttpApiEndpoint.get("list", "/organisations", {
      query: { ...listQuery, kind: Schema.optionalKey(Organisation.OrganisationKind), parentId: Filter },
      success: PageOf(Organisation.Organisation),
      error: [Forbidden]
    }),
    HttpApiEndpoint.get("get", "/organisations/:id", {
      params: { id: Id },
      success: withEtag(Stored(Organisation.Organisation)),
      error: [NotFound, Forbidden]
    }),
    HttpApiEndpoint.post("establishTemporaryBranch", "/organisations/temporary-branches", {
      headers: idempotencyKey,
      payload: Schema.Struct({
        id: Schema.optionalKey(Id),
        name: Schema.NonEmptyString,
        parentId: Id,
        projectId: Id,
        establishedOn: Schema.String
      }),
      success: withEtag(Stored(Organisation.Organisation), 201),
      error: writeErrors
    }),
    HttpApiEndpoint.post("dissolveTemporaryBranch", "/organisations/:id/dissolve", {
      params: { id: Id },
      headers: ifMatch,
      payload: Schema.Struct({ dissolvedOn: Schema.String }),
      success: withEtag(Stored(Organisation.Organisation)),
      error: writeErrors
    })
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Organisations",
      description: "Party group, branches, communities, contractors"
    })
  ) {}

export class MembersGroup extends HttpApiGroup.make("members")
  .add(
    ...crud({
      path: "/members",
      record: Member.Member,
      create: Member.Member.mapFields(({ id, tenantId, ...rest }) => ({
        ...rest,
        id: Schema.optionalKey(id)
      })),
      update: Member.Member.mapFields(({ id, tenantId, ...rest }) => rest),
      filters: { homeBranchId: Filter, role: Schema.optionalKey(Member.BranchRole) }
    })
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Members" })) {}

export class TeamsGroup extends HttpApiGroup.make("teams")
  .add(
    ...crud({
      path: "/teams",
      record: Team.Team,
      create: Team.Team.mapFields(({ id, tenantId, ...rest }) => ({ ...rest, id: Schema.optionalKey(id) })),
      update: Team.Team.mapFields(({ id, tenantId, ...rest }) => rest),
      filters: { branchId: Filter, kind: Schema.optionalKey(Team.TeamKind) }
    })
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Teams" })) {}

export class ProjectsGroup extends HttpApiGroup.make("projects")
  .add(
    ...crud({
      path: "/projects",
      record: Project.Project,
      create: Project.Project.mapFields(({ id, tenantId, ...rest }) => ({
        ...rest,
        id: Schema.optionalKey(id)
      })),
      update: Project.Project.mapFields(({ id, tenantId, ...rest }) => rest),
      filters: { branchId: Filter }
    })
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Projects" })) {}

export class PioneerPostsGroup extends HttpApiGroup.make("pioneerPosts")
  .add(
    ...crud({
      path: "/pioneer-posts",
      record: PioneerPost.PioneerPost,
      create: PioneerPost.PioneerPost.mapFields(({ id, tenantId, ...rest }) => ({
        ...rest,
        id: Schema.optionalKey(id)
      })),
      update: PioneerPost.PioneerPost.mapFields(({ id, tenantId, ...rest }) => rest),
      filters: { branchId: Filter, zoneId: Filter }
    })
  )
  .add(
    HttpApiEndpoint.post("addToRoster", "/pioneer-posts/:id/roster", {
      params: { id: Id },
      headers: ifMatch,
      payload: PioneerPost.RosterEntry,
      success: withEtag(Stored(PioneerPost.PioneerPost)),
      error: writeErrors
    })
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Pioneer posts" })) {}

export class ZonesGroup extends HttpApiGroup.make("zones")
  .add(
    ...crud({
      path: "/zones",
      record: Zone.Zone,
      create: Zone.Zone.mapFields(({ id, tenantId, ...rest }) => ({ ...rest, id: Schema.optionalKey(id) })),
      update: Zone.Zone.mapFields(({ id, tenantId, ...rest }) => rest),
      filters: { branchId: Filter, responsibleMemberId: Filter }
    })
  )
  .add(
    HttpApiEndpoint.get("listPatrols", "/patrols", {
      query: { ...listQuery, zoneId: Filter, memberId: Filter },
      success: PageOf(Zone.PatrolLog),
      error: [Forbidden, NotFound]
    }),
    HttpApiEndpoint.post("recordPatrol", "/patrols", {
      headers: idempotencyKey,
      payload: Zone.PatrolLog.mapFields(({ id, tenantId, ...rest }) => ({
        ...rest,
        id: Schema.optionalKey(id)
      })),
      success: withEtag(Stored(Zone.PatrolLog), 201),
      error: writeErrors
    })
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Zones and patrols" })) {}

export class EventsGroup extends HttpApiGroup.make("events")
  .add(
    ...crud({
      path: "/events",
      record: ServiceEvent.ServiceEvent,
      create: ServiceEvent.ServiceEvent.mapFields(({ id, tenantId, ...rest }) => ({
        ...rest,
        id: Schema.optionalKey(id)
      })),
      update: ServiceEvent.ServiceEvent.mapFields(({ id, tenantId, ...rest }) => rest),
      filters: {
        branchId: Filter,
        category: Schema.optionalKey(ServiceEvent.EventCategory),
        zoneId: Filter,
        projectId: Filter,
        communityId: Filter,
        campaignId: Filter
      }
    })
  )
  .add(
    HttpApiEndpoint.post("participate", "/events/:id/participants", {
      params: { id: Id },
      payload: Schema.Struct({ memberId: Id }),
      success: withEtag(Stored(ServiceEvent.ServiceEvent)),
      error: writeErrors
    })
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Service events" })) {}

const CaseStepPayload = Case.CaseStage.mapFields(({ stage, at, ...rest }) => ({
  ...rest,
  at: Schema.optionalKey(at)
}))

export class CasesGroup extends HttpApiGroup.make("cases")
  .add(
    HttpApiEndpoint.get("list", "/cases", {
      query: {
        ...listQuery,
        branchId: Filter,
        zoneId: Filter,
        kind: Schema.optionalKey(Case.CaseKind),
        status: Schema.optionalKey(Case.CaseStageKind)
      },
      success: PageOf(Case.Case),
      error: [Forbidden]
    }),
    HttpApiEndpoint.get("get", "/cases/:id", {
      params: { id: Id },
      success: withEtag(Stored(Case.Case)),
      error: [NotFound, Forbidden]
    }),
    HttpApiEndpoint.post("open", "/cases", {
      headers: idempotencyKey,
      payload: Case.Case.mapFields(({ id, tenantId, stages, ...rest }) => ({
        ...rest,
        id: Schema.optionalKey(id)
      })),
      success: withEtag(Stored(Case.Case), 201),
      error: writeErrors
    }),
    HttpApiEndpoint.post("advance", "/cases/:id/:stage", {
      params: { id: Id, stage: Case.CaseStageKind },
      headers: ifMatch,
      payload: CaseStepPayload,
      success: withEtag(Stored(Case.Case)),
      error: writeErrors
    })
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Cases",
      description:
        "Routine cases go reported → acknowledged → assigned → resolved → verified; emergencies found → reported_to_bureau → team_formed → assessed → plan_made → contractor_engaged → repaired → verified. Advance with POST /cases/{id}/{stage}."
    })
  ) {}

export class WishesGroup extends HttpApiGroup.make("wishes")
  .add(
    HttpApiEndpoint.get("list", "/wishes", {
      query: {
        ...listQuery,
        branchId: Filter,
        communityId: Filter,
        status: Schema.optionalKey(MicroWish.WishStatus)
      },
      success: PageOf(MicroWish.MicroWish),
      error: [Forbidden]
    }),
    HttpApiEndpoint.get("get", "/wishes/:id", {
      params: { id: Id },
      success: withEtag(Stored(MicroWish.MicroWish)),
      error: [NotFound, Forbidden]
    }),
    HttpApiEndpoint.post("post", "/wishes", {
      headers: idempotencyKey,
      payload: MicroWish.MicroWish.mapFields(({ id, tenantId, state, ...rest }) => ({
        ...rest,
        id: Schema.optionalKey(id)
      })),
      success: withEtag(Stored(MicroWish.MicroWish), 201),
      error: writeErrors
    }),
    HttpApiEndpoint.post("claim", "/wishes/:id/claim", {
      params: { id: Id },
      headers: ifMatch,
      payload: Schema.Struct({ memberId: Schema.optionalKey(Id) }),
      success: withEtag(Stored(MicroWish.MicroWish)),
      error: writeErrors
    }),
    HttpApiEndpoint.post("fulfil", "/wishes/:id/fulfil", {
      params: { id: Id },
      headers: ifMatch,
      payload: Schema.Struct({ note: Schema.optionalKey(Schema.String) }),
      success: withEtag(Stored(MicroWish.MicroWish)),
      error: writeErrors
    }),
    HttpApiEndpoint.post("withdraw", "/wishes/:id/withdraw", {
      params: { id: Id },
      headers: ifMatch,
      payload: Schema.Struct({ reason: Schema.optionalKey(Schema.String) }),
      success: withEtag(Stored(MicroWish.MicroWish)),
      error: writeErrors
    })
  )
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Micro-wishes" })) {}

/**
 * The endpoints of the branch's records, one group per kind, defined from the domain's schemas.
 * Each kind is described once (`describe`, `resource.ts`: `MembersResource`, `CasesResource`, …) and
 * its group takes list (with filters and cursor pagination), get, create and update (with
 * `Idempotency-Key` and `If-Match`), void and restore from the description (`endpoints`,
 * `corrections`); the handlers come from the same description (`server/resource.ts`). Workflows are
 * explicit actions beside them (`POST …/{id}/claim`, `POST /cases/{id}/{stage}`).
 *
 * Requests carry the domain's strict schemas. Responses of records with personal data (members,
 * cases, pioneer posts) use a view schema whose phone fields are plain strings: a reader who may not
 * see personal data gets them masked (`138****1234`), which the domain's `Phone` would refuse.
 */
import {
  Access,
  Audit,
  Calendar,
  CampaignYear,
  Case,
  CasePhoto,
  CaseTiming,
  Errors,
  Ids,
  Member,
  MicroWish,
  Organisation,
  PioneerPost,
  Project,
  Redaction,
  ServiceEvent,
  Team,
  Zone
} from "@bishui/domain"
import { Cases, MicroWishes, Organisations, Projects, ServiceEvents, Zones } from "@bishui/services"
import { Effect, Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import {
  idempotencyKey,
  ifMatch,
  listQuery,
  PageOf,
  RangeBound,
  Stored,
  voidedQuery,
  within
} from "./Envelope.ts"
import { Conflict, Forbidden, NotFound, Unprocessable } from "./Problems.ts"
import { Year } from "./Reports.ts"
import {
  changedRecord,
  corrections,
  createErrors,
  describe,
  endpoints,
  Id,
  manageAll,
  newRecord,
  type Principal,
  updateErrors,
  withEtag
} from "./resource.ts"
import { Authentication } from "./Security.ts"

const Filter = Schema.optionalKey(Id)

export { withEtag }

// ---- views of records with personal data ------------------------------------------------------

/** A phone number as a response carries it: in full, or masked for a reader without `readPersonal`. */
const ShownPhone = Schema.String.annotate({
  title: "ShownPhone",
  description: "Personal data: in full for who may see it, otherwise masked, e.g. 138****1234"
})

/** A member as the API returns it: `phone` possibly masked, `idNumber` only for who may see it. */
export const MemberView = Member.Member.mapFields((fields) => ({
  ...fields,
  phone: Schema.optionalKey(ShownPhone),
  idNumber: Schema.optionalKey(Schema.String)
})).annotate({ title: "Member" })

/**
 * A case as the API returns it: the reporter's name only for who may see it, the phone possibly
 * masked; and its `timing` when the answer was made — each due time met, missed, overdue, pending or
 * waived, whether it is overdue now, and how long each stage took.
 */
export const CaseView = Case.Case.mapFields((fields) => ({
  ...fields,
  reporter: Schema.optionalKey(
    Schema.Struct({ name: Schema.optionalKey(Schema.String), phone: Schema.optionalKey(ShownPhone) })
  ),
  timing: CaseTiming.CaseTiming
})).annotate({ title: "Case" })

const [MemberOnDuty, VolunteerOnDuty] = PioneerPost.RosterEntry.members

/** A pioneer post as the API returns it: volunteers' phones possibly masked. */
export const PioneerPostView = PioneerPost.PioneerPost.mapFields((fields) => ({
  ...fields,
  roster: Schema.Array(
    Schema.Union([
      MemberOnDuty,
      VolunteerOnDuty.mapFields((volunteer) => ({ ...volunteer, phone: Schema.optionalKey(ShownPhone) }))
    ])
  )
})).annotate({ title: "PioneerPost" })

/** A record of one branch. */
interface InBranch {
  readonly branchId: string
}

/** Records of one branch (teams, projects, zones, events, campaigns…): read there. */
const readInBranch = (record: InBranch) => [record.branchId]
/** … created, voided and restored by its secretaries… */
const manageBranch = (record: InBranch) => manageAll([record.branchId])
/** … and moved to another branch by the secretaries of both. */
const changeBranch = (current: InBranch, next: InBranch) => manageAll([current.branchId, next.branchId])

/** A record's create payload with the domain's name: the record as is, `tenantId` the token's. */
const withTenant = <P extends object>(payload: P, principal: Principal) =>
  ({ ...payload, tenantId: principal.tenantId }) as P & { readonly tenantId: Ids.TenantId }

// ---- organisations ----------------------------------------------------------------------------

const [PartyGroup, StandingBranch, TemporaryBranch, Community, Contractor] = Organisation.Organisation.members

/** A new organisation of any kind but a temporary branch (those are established). */
export const NewOrganisation = Schema.Union([
  PartyGroup.mapFields(({ id, tenantId, voided, ...rest }) => ({ ...rest, id: Schema.optionalKey(id) })),
  StandingBranch.mapFields(({ id, tenantId, voided, ...rest }) => ({ ...rest, id: Schema.optionalKey(id) })),
  Community.mapFields(({ id, tenantId, voided, ...rest }) => ({ ...rest, id: Schema.optionalKey(id) })),
  Contractor.mapFields(({ id, tenantId, voided, ...rest }) => ({ ...rest, id: Schema.optionalKey(id) }))
]).annotate({ title: "NewOrganisation" })

/** An organisation's new state; its kind cannot change. */
export const OrganisationChange = Schema.Union([
  PartyGroup.mapFields(({ id, tenantId, voided, ...rest }) => rest),
  StandingBranch.mapFields(({ id, tenantId, voided, ...rest }) => rest),
  TemporaryBranch.mapFields(({ id, tenantId, voided, ...rest }) => rest),
  Community.mapFields(({ id, tenantId, voided, ...rest }) => rest),
  Contractor.mapFields(({ id, tenantId, voided, ...rest }) => rest)
]).annotate({ title: "OrganisationChange" })

type Scope = ReadonlyArray<string | undefined>

/**
 * The branches an organisation is in the scope of: a Party organisation its own (so the secretaries
 * of it and of everything above it), a community the branches it is paired with; a contractor or an
 * unpaired community none — tenant-wide, read by all, managed by admins.
 */
export const scopeOf = (organisation: Organisation.Organisation): Scope => {
  switch (organisation._tag) {
    case "PartyGroup":
    case "StandingBranch":
    case "TemporaryBranch":
      return [organisation.id]
    case "Community":
      return organisation.pairedBranchIds.length > 0 ? organisation.pairedBranchIds : [undefined]
    case "Contractor":
      return [undefined]
  }
}

/** Who may create an organisation: a Party organisation is created by its parent (a root by an admin). */
const creationScopeOf = (organisation: Organisation.Organisation): Scope =>
  organisation._tag === "Community" || organisation._tag === "Contractor"
    ? scopeOf(organisation)
    : [organisation.parentId]

/** Whether the principal may read the organisation: one branch of its scope suffices. */
export const readable = (principal: Principal, organisation: Organisation.Organisation): boolean =>
  scopeOf(organisation).some((branchId) =>
    Access.permits(principal, "read", { tenantId: principal.tenantId, branchId }, principal.subtree)
  )

const parentOf = (o: Organisation.Organisation) => ("parentId" in o ? o.parentId : undefined)

/**
 * Organisations: read where one branch of their scope is readable, created by who manages their
 * creation scope, changed by who manages their scope before and after (and the new parent, when
 * moved); voided and restored by who may create them. The tree has no branch column: a list reads a
 * page, then leaves out what the token may not read.
 */
export const OrganisationsResource = describe({
  group: "organisations",
  path: "/organisations",
  record: Organisation.Organisation,
  view: Organisation.Organisation,
  readIn: scopeOf,
  service: Effect.map(Organisations.Organisations, (organisations) => ({
    get: organisations.get,
    list: organisations.list,
    create: organisations.create,
    update: organisations.update
  })),
  list: {
    filters: {
      kind: Schema.optionalKey(Organisation.OrganisationKind),
      parentId: Filter,
      ...within,
      /** Temporary branches active (established, not yet dissolved) on some day of the range. */
      activeFrom: Schema.optionalKey(Calendar.LocalDate),
      activeTo: Schema.optionalKey(Calendar.LocalDate)
    },
    errors: [Forbidden],
    // `within`: the organisations below it — those whose parent is in its subtree.
    scope: { filter: "parentId", within: true, scoped: false },
    query: (filters, parents) => ({ where: { kind: filters.kind, parent_id: parents } }),
    keep:
      ({ activeFrom, activeTo }, principal) =>
      (o) =>
        readable(principal, o) &&
        (o._tag !== "TemporaryBranch" ||
          (activeFrom === undefined && activeTo === undefined) ||
          Organisation.wasActiveDuring(o, activeFrom ?? "0000-01-01", activeTo ?? "9999-12-31"))
  },
  create: {
    name: "create",
    payload: NewOrganisation,
    input: (payload, principal) =>
      ({ ...payload, tenantId: principal.tenantId }) as Organisation.Organisation,
    access: (organisation) => manageAll(creationScopeOf(organisation))
  },
  update: {
    payload: OrganisationChange,
    access: (current, next) => [
      ...manageAll(scopeOf(current)),
      ...manageAll(scopeOf(next)),
      // Moving a Party organisation under another parent needs that parent too.
      ...(parentOf(next) !== parentOf(current) ? manageAll([parentOf(next)]) : [])
    ]
  },
  // Voided and restored by who may create it: a Party organisation by its parent's secretaries (a
  // temporary branch by its parent branch, as it is established), a community by those of the
  // branches it is paired with, a contractor or an unpaired community by an admin.
  voiding: { kind: "organisation", access: (organisation) => manageAll(creationScopeOf(organisation)) }
})

export class OrganisationsGroup extends HttpApiGroup.make("organisations")
  .add(...endpoints(OrganisationsResource))
  .add(
    HttpApiEndpoint.post("establishTemporaryBranch", "/organisations/temporary-branches", {
      headers: idempotencyKey,
      payload: Schema.Struct({
        id: Schema.optionalKey(Ids.OrganisationId),
        name: Schema.NonEmptyString,
        parentId: Ids.OrganisationId,
        projectId: Ids.ProjectId,
        establishedOn: Calendar.LocalDate
      }),
      success: withEtag(Stored(Organisation.Organisation), 201),
      error: createErrors
    }),
    HttpApiEndpoint.post("dissolveTemporaryBranch", "/organisations/:id/dissolve", {
      params: { id: Id },
      headers: ifMatch,
      payload: Schema.Struct({ dissolvedOn: Calendar.LocalDate }),
      success: withEtag(Stored(Organisation.Organisation)),
      error: updateErrors
    })
  )
  .add(...corrections("/organisations", Organisation.Organisation))
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Organisations",
      description:
        "Party group, branches, communities, contractors. A Party organisation is in scope of the tokens whose subtree holds it; it is created and changed by a secretary of its parent (or above) — the Party group, with no parent, by an admin. Temporary branches are established and dissolved by their parent branch. A community belongs to the branches it is paired with (a token reads it when one of them is in its subtree and manages it when all are); contractors and unpaired communities are tenant-wide: everyone reads them, an admin manages them. Lists leave out what the token may not read, so a page may hold fewer items than `limit`. An organisation is voided and restored by who may create it (its parent's secretaries; a community's paired branches; an admin for the rest)."
    })
  ) {}

// ---- members and teams ------------------------------------------------------------------------

/** A member's branches: its home branch and every temporary branch it is on. */
const branchesOfMember = (member: Pick<Member.Member, "homeBranchId" | "temporaryMemberships">) => [
  member.homeBranchId,
  ...member.temporaryMemberships.map((t) => t.branchId)
]

/**
 * Members: read in their home branch, managed (created, voided, restored) by the secretaries of their
 * home branch and of every temporary branch they are on; a change needs the home branch it had too.
 */
export const MembersResource = describe({
  group: "members",
  path: "/members",
  record: Member.Member,
  view: MemberView,
  show: (member, reader) => (reader.personal ? member : Redaction.redactMember(member)),
  personalBranch: (member) => member.homeBranchId,
  readIn: (member) => [member.homeBranchId],
  service: Effect.map(Organisations.Organisations, (organisations) => ({
    get: organisations.getMember,
    list: organisations.listMembers,
    create: organisations.createMember,
    update: organisations.updateMember
  })),
  list: {
    filters: {
      homeBranchId: Filter,
      role: Schema.optionalKey(Member.BranchRole),
      name: Filter,
      /** The community the members are registered with (在职党员报到). */
      communityId: Filter
    },
    errors: [Forbidden],
    scope: { filter: "homeBranchId", within: false },
    query: (filters, homeBranches) => ({
      where: {
        home_branch_id: homeBranches,
        role: filters.role,
        name: filters.name,
        community_id: filters.communityId
      }
    })
  },
  create: {
    name: "create",
    payload: newRecord(Member.Member),
    input: (payload, principal) => ({ ...payload, tenantId: principal.tenantId }) as Member.Member,
    access: (member) => manageAll(branchesOfMember(member))
  },
  update: {
    payload: changedRecord(Member.Member),
    access: (current, next) => manageAll([current.homeBranchId, ...branchesOfMember(next)])
  },
  voiding: { kind: "member", access: (member) => manageAll(branchesOfMember(member)) }
})

export class MembersGroup extends HttpApiGroup.make("members")
  .add(...endpoints(MembersResource))
  .add(...corrections("/members", MemberView))
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Members",
      description:
        "A member belongs to its home branch: secretaries of that branch (or above) manage it (and void or restore it), and of its temporary branches too. A member with a live access token is not voided: revoke the token first. Phone and ID numbers are shown only to who may see personal data (secretaries and admins); others get the phone masked and no ID number. `communityId` lists the members registered with a community (在职党员报到), by name."
    })
  ) {}

/** Teams: records of one branch. */
export const TeamsResource = describe({
  group: "teams",
  path: "/teams",
  record: Team.Team,
  view: Team.Team,
  readIn: readInBranch,
  service: Effect.map(Organisations.Organisations, (organisations) => ({
    get: organisations.getTeam,
    list: organisations.listTeams,
    create: organisations.createTeam,
    update: organisations.updateTeam
  })),
  list: {
    filters: { branchId: Filter, kind: Schema.optionalKey(Team.TeamKind), caseId: Filter },
    errors: [Forbidden],
    scope: { filter: "branchId", within: false },
    query: (filters, branches) => ({
      where: { branch_id: branches, kind: filters.kind, case_id: filters.caseId }
    })
  },
  create: { name: "create", payload: newRecord(Team.Team), input: withTenant, access: manageBranch },
  update: { payload: changedRecord(Team.Team), access: changeBranch },
  voiding: { kind: "team", access: manageBranch }
})

export class TeamsGroup extends HttpApiGroup.make("teams")
  .add(...endpoints(TeamsResource))
  .add(...corrections("/teams", Team.Team))
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Teams",
      description:
        "The supervision & inspection group and commando teams, each with exactly one leader among its members"
    })
  ) {}

// ---- projects and pioneer posts ---------------------------------------------------------------

/** Projects: records of one branch. */
export const ProjectsResource = describe({
  group: "projects",
  path: "/projects",
  record: Project.Project,
  view: Project.Project,
  readIn: readInBranch,
  service: Effect.map(Projects.Projects, (projects) => ({
    get: projects.get,
    list: projects.list,
    create: projects.create,
    update: projects.update
  })),
  list: {
    filters: { branchId: Filter, kind: Schema.optionalKey(Project.ProjectKind) },
    errors: [Forbidden],
    scope: { filter: "branchId", within: false },
    query: (filters, branches) => ({ where: { branch_id: branches, kind: filters.kind } })
  },
  create: { name: "create", payload: newRecord(Project.Project), input: withTenant, access: manageBranch },
  update: { payload: changedRecord(Project.Project), access: changeBranch },
  voiding: { kind: "project", access: manageBranch }
})

export class ProjectsGroup extends HttpApiGroup.make("projects")
  .add(...endpoints(ProjectsResource))
  .add(
    HttpApiEndpoint.post("recordPhase", "/projects/:id/phases", {
      params: { id: Id },
      headers: ifMatch,
      payload: Project.ProjectPhase,
      success: withEtag(Stored(Project.Project)),
      error: updateErrors
    }),
    HttpApiEndpoint.post("openDifficulty", "/projects/:id/difficulties", {
      params: { id: Id },
      headers: ifMatch,
      payload: Schema.Struct({
        title: Schema.NonEmptyString,
        phase: Schema.optionalKey(Project.ProjectPhaseKind)
      }),
      success: withEtag(Stored(Project.Project)),
      error: updateErrors
    }),
    HttpApiEndpoint.post("resolveDifficulty", "/projects/:id/difficulties/:difficultyId/resolve", {
      params: { id: Id, difficultyId: Id },
      headers: ifMatch,
      payload: Schema.Struct({ resolution: Schema.NonEmptyString }),
      success: withEtag(Stored(Project.Project)),
      error: updateErrors
    })
  )
  .add(...corrections("/projects", Project.Project))
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Projects",
      description:
        "Projects with their phases (recording a phase replaces the one of that kind) and the difficulties coordinated on site (opened → resolved). Managed by the secretaries of the project's branch."
    })
  ) {}

/** Pioneer posts: read in their branch, managed by its secretaries; volunteers' phones are personal data. */
export const PioneerPostsResource = describe({
  group: "pioneerPosts",
  path: "/pioneer-posts",
  record: PioneerPost.PioneerPost,
  view: PioneerPostView,
  show: (post, reader) => (reader.personal ? post : Redaction.redactPioneerPost(post)),
  personalBranch: (post) => post.branchId,
  readIn: (post) => [post.branchId],
  service: Effect.map(Projects.Projects, (projects) => ({
    get: projects.getPost,
    list: projects.listPosts,
    create: projects.createPost,
    update: projects.updatePost
  })),
  list: {
    filters: {
      branchId: Filter,
      zoneId: Filter,
      projectId: Filter,
      ...within,
      /** Posts open on some day of the range. */
      openFrom: Schema.optionalKey(Calendar.LocalDate),
      openTo: Schema.optionalKey(Calendar.LocalDate)
    },
    errors: [Forbidden],
    scope: { filter: "branchId", within: true },
    query: (filters, branches) => ({
      where: { branch_id: branches, zone_id: filters.zoneId, project_id: filters.projectId }
    }),
    // Open during a range: the page is read, then posts closed before it or opened after it are left out.
    keep: ({ openFrom, openTo }) =>
      openFrom === undefined && openTo === undefined
        ? () => true
        : (post) => PioneerPost.wasOpenDuring(post, openFrom ?? "0000-01-01", openTo ?? "9999-12-31")
  },
  create: {
    name: "create",
    payload: newRecord(PioneerPost.PioneerPost),
    input: (payload, principal) => ({ ...payload, tenantId: principal.tenantId }) as PioneerPost.PioneerPost,
    access: (post) => manageAll([post.branchId])
  },
  update: {
    payload: changedRecord(PioneerPost.PioneerPost),
    access: (current, next) => manageAll([current.branchId, next.branchId])
  },
  voiding: { kind: "pioneer_post", access: (post) => manageAll([post.branchId]) }
})

export class PioneerPostsGroup extends HttpApiGroup.make("pioneerPosts")
  .add(...endpoints(PioneerPostsResource))
  .add(
    HttpApiEndpoint.post("addToRoster", "/pioneer-posts/:id/roster", {
      params: { id: Id },
      headers: ifMatch,
      payload: PioneerPost.RosterEntry,
      success: withEtag(Stored(PioneerPostView)),
      error: updateErrors
    }),
    HttpApiEndpoint.delete("removeMemberFromRoster", "/pioneer-posts/:id/roster/members/:memberId", {
      params: { id: Id, memberId: Id },
      headers: ifMatch,
      success: withEtag(Stored(PioneerPostView)),
      error: updateErrors
    }),
    HttpApiEndpoint.delete("removeVolunteerFromRoster", "/pioneer-posts/:id/roster/volunteers/:name", {
      params: { id: Id, name: Id },
      headers: ifMatch,
      success: withEtag(Stored(PioneerPostView)),
      error: updateErrors
    })
  )
  .add(...corrections("/pioneer-posts", PioneerPostView))
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Pioneer posts",
      description:
        "Posts and their duty rosters, managed by the secretaries of the post's branch. Volunteers' phones are masked for who may not see personal data."
    })
  ) {}

// ---- zones and patrols ------------------------------------------------------------------------

/** Zones: records of one branch (their patrol logs are explicit endpoints of the group). */
export const ZonesResource = describe({
  group: "zones",
  path: "/zones",
  record: Zone.Zone,
  view: Zone.Zone,
  readIn: readInBranch,
  service: Effect.map(Zones.Zones, (zones) => ({
    get: zones.get,
    list: zones.list,
    create: zones.create,
    update: zones.update
  })),
  list: {
    filters: { branchId: Filter, responsibleMemberId: Filter, ...within },
    errors: [Forbidden],
    scope: { filter: "branchId", within: true },
    query: (filters, branches) => ({
      where: { branch_id: branches, responsible_member_id: filters.responsibleMemberId }
    })
  },
  create: { name: "create", payload: newRecord(Zone.Zone), input: withTenant, access: manageBranch },
  update: { payload: changedRecord(Zone.Zone), access: changeBranch },
  voiding: { kind: "zone", access: manageBranch }
})

export class ZonesGroup extends HttpApiGroup.make("zones")
  .add(...endpoints(ZonesResource))
  .add(
    HttpApiEndpoint.get("listPatrols", "/patrols", {
      query: { ...listQuery, ...voidedQuery, zoneId: Filter, memberId: Filter },
      success: PageOf(Zone.PatrolLog),
      error: [Forbidden, NotFound]
    }),
    HttpApiEndpoint.get("getPatrol", "/patrols/:id", {
      params: { id: Id },
      success: withEtag(Stored(Zone.PatrolLog)),
      error: [NotFound, Forbidden]
    }),
    HttpApiEndpoint.post("recordPatrol", "/patrols", {
      headers: idempotencyKey,
      payload: Zone.PatrolLog.mapFields(({ id, tenantId, voided, ...rest }) => ({
        ...rest,
        id: Schema.optionalKey(id)
      })),
      success: withEtag(Stored(Zone.PatrolLog), 201),
      error: createErrors
    })
  )
  .add(...corrections("/zones", Zone.Zone))
  .add(...corrections("/patrols", Zone.PatrolLog, { void: "voidPatrol", restore: "restorePatrol" }))
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Zones and patrols",
      description:
        "Responsibility zones with their river segments, responsible member and resources; patrol logs of who walked a zone and what they found. A member-role token records, voids and restores its own patrols; secretaries those of their branch's zones."
    })
  ) {}

// ---- service events and campaigns -------------------------------------------------------------

/** The index column of each kind of record an event can be linked to (`linkedTo`). */
const linkColumns = {
  community: "community_id",
  zone: "zone_id",
  project: "project_id",
  pioneer_post: "pioneer_post_id"
} as const

/** Service events: records of one branch; a page is encoded once per record (`pageEncoder`). */
export const EventsResource = describe({
  group: "events",
  path: "/events",
  record: ServiceEvent.ServiceEvent,
  view: ServiceEvent.ServiceEvent,
  readIn: readInBranch,
  service: Effect.map(ServiceEvents.ServiceEvents, (events) => ({
    get: events.get,
    list: events.list,
    create: events.record,
    update: events.update
  })),
  list: {
    filters: {
      branchId: Filter,
      category: Schema.optionalKey(ServiceEvent.EventCategory),
      zoneId: Filter,
      projectId: Filter,
      communityId: Filter,
      pioneerPostId: Filter,
      campaignId: Filter,
      ...within,
      /** Events linked to any record of a kind: `community` for every event in a community. */
      linkedTo: Schema.optionalKey(Schema.Literals(["community", "zone", "project", "pioneer_post"]))
    },
    errors: [Forbidden],
    scope: { filter: "branchId", within: true },
    range: "sorted",
    encodeOnce: true,
    query: (filters, branches) => ({
      where: {
        branch_id: branches,
        category: filters.category,
        zone_id: filters.zoneId,
        project_id: filters.projectId,
        community_id: filters.communityId,
        pioneer_post_id: filters.pioneerPostId,
        campaign_id: filters.campaignId
      },
      present: filters.linkedTo === undefined ? undefined : [linkColumns[filters.linkedTo]]
    })
  },
  create: {
    name: "create",
    payload: newRecord(ServiceEvent.ServiceEvent),
    input: withTenant,
    access: manageBranch
  },
  update: { payload: changedRecord(ServiceEvent.ServiceEvent), access: changeBranch },
  voiding: { kind: "service_event", access: manageBranch }
})

export class EventsGroup extends HttpApiGroup.make("events")
  .add(...endpoints(EventsResource))
  .add(
    HttpApiEndpoint.post("participate", "/events/:id/participants", {
      params: { id: Id },
      payload: Schema.Struct({
        /** The member who took part; a member-role token may leave it out (it is then the token's member). */
        memberId: Schema.optionalKey(Ids.MemberId),
        /** The hours they served, recorded (or replaced) with their participation. */
        hours: Schema.optionalKey(ServiceEvent.ParticipantHours.fields.hours)
      }),
      success: withEtag(Stored(ServiceEvent.ServiceEvent)),
      error: [NotFound, Conflict, Unprocessable, Forbidden]
    })
  )
  .add(...corrections("/events", ServiceEvent.ServiceEvent))
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Service events",
      description:
        "Events are recorded and changed by the secretaries of their branch. `POST /events/{id}/participants` adds a participant, with the hours they served when given (`participantHours`): a member-role token adds only its own member, a secretary adds any member. Adding someone already listed changes nothing, except their hours when given."
    })
  ) {}

/** Campaigns: records of one branch, not changed once created (voided and restored). */
export const CampaignsResource = describe({
  group: "campaigns",
  path: "/campaigns",
  record: ServiceEvent.Campaign,
  view: ServiceEvent.Campaign,
  readIn: readInBranch,
  service: Effect.map(ServiceEvents.ServiceEvents, (events) => ({
    get: events.getCampaign,
    list: events.listCampaigns,
    create: events.createCampaign
  })),
  list: {
    filters: { branchId: Filter },
    errors: [Forbidden],
    scope: { filter: "branchId", within: false },
    query: (_filters, branches) => ({ where: { branch_id: branches } })
  },
  create: {
    name: "create",
    payload: newRecord(ServiceEvent.Campaign),
    input: withTenant,
    access: manageBranch
  },
  update: undefined,
  voiding: { kind: "campaign", access: manageBranch }
})

export class CampaignsGroup extends HttpApiGroup.make("campaigns")
  .add(...endpoints(CampaignsResource))
  .add(
    HttpApiEndpoint.get("year", "/branches/:branchId/campaigns/:year", {
      params: { branchId: Id, year: Year },
      success: CampaignYear.CampaignYear,
      error: [NotFound, Forbidden, Unprocessable]
    })
  )
  .add(...corrections("/campaigns", ServiceEvent.Campaign))
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Campaigns",
      description:
        "Recurring campaigns (every November, the river regulations) that events carry out. `GET /branches/{branchId}/campaigns/{year}` gives each campaign of the branch's subtree running that year as done (an event linked to it by `campaignId` is dated in its month of the year and that day has come), due (its month has not ended) or missed (its month ended without one), in the tenant's local time; events of its category that month that carry out no campaign are listed as `unlinkedEvents` and do not count. Read by every token whose subtree holds the branch."
    })
  ) {}

// ---- cases ------------------------------------------------------------------------------------

const CaseStepPayload = Case.CaseStage.mapFields(({ stage, at, ...rest }) => ({
  ...rest,
  at: Schema.optionalKey(at)
}))

/**
 * Cases: read in their branch; opened by its secretaries, or by a member-role token in its subtree as
 * the first stage's actor; voided and restored by its secretaries. Changed only by their workflow
 * (advance, close). A response shows the reporter as the reader may see it, and the case's timing then.
 */
export const CasesResource = describe({
  group: "cases",
  path: "/cases",
  record: Case.Case,
  view: CaseView,
  show: (c, reader) => ({
    ...(reader.personal ? c : Redaction.redactCase(c)),
    timing: CaseTiming.timingOf(c, reader.now)
  }),
  personalBranch: (c) => c.branchId,
  readIn: (c) => [c.branchId],
  service: Effect.map(Cases.Cases, (cases) => ({ get: cases.get, list: cases.list, create: cases.open })),
  list: {
    filters: {
      branchId: Filter,
      zoneId: Filter,
      kind: Schema.optionalKey(Case.CaseKind),
      /** A stage, or `closed_as_spam` / `closed_as_duplicate`. */
      status: Schema.optionalKey(Case.CaseStatus),
      /** `true`: only cases past a due time without its stage reached; `false`: only the others. */
      overdue: Schema.optionalKey(Schema.Literals(["true", "false"])),
      ...within,
      /** Cases fixed (resolved, or repaired) within the range: listed in the order they were fixed. */
      fixedFrom: Schema.optionalKey(RangeBound),
      fixedTo: Schema.optionalKey(RangeBound)
    },
    errors: [Forbidden, Unprocessable],
    scope: { filter: "branchId", within: true },
    range: { orderBy: "fixed_at", names: ["fixedFrom", "fixedTo"], zh: "修复时间", en: "fixing" },
    query: (filters, branches) => ({
      where: { branch_id: branches, zone_id: filters.zoneId, kind: filters.kind, status: filters.status },
      overdue: filters.overdue === undefined ? undefined : filters.overdue === "true"
    })
  },
  create: {
    name: "open",
    // due times, a receipt, a closure and a void mark are the service's to set, never a client's
    payload: Case.Case.mapFields(
      ({ id, tenantId, voided, stages, deadlines, receipt, closure, ...rest }) => ({
        ...rest,
        id: Schema.optionalKey(id),
        /** When the first stage happened; now when absent. */
        at: Schema.optionalKey(Calendar.Instant),
        /** Who found or reported it; a member-role token's own member when absent. */
        actorId: Schema.optionalKey(Ids.MemberId),
        note: Schema.optionalKey(Schema.String)
      })
    ),
    input: (payload, principal): Cases.OpenCase => {
      const actorId = payload.actorId ?? principal.memberId
      return {
        ...payload,
        ...(actorId === undefined ? {} : { actorId }),
        tenantId: principal.tenantId
      } as Cases.OpenCase
    },
    // A member reports what it found, as the first stage's actor; secretaries open any case.
    access: (opened, principal) => [
      {
        action: principal.role === "member" ? "recordOwn" : "manage",
        branchId: opened.branchId,
        memberId: opened.actorId
      }
    ]
  },
  update: undefined,
  // A case is voided by the secretaries of its branch (a member who opened it cannot take it back).
  voiding: { kind: "case", access: (c) => manageAll([c.branchId]) }
})

export class CasesGroup extends HttpApiGroup.make("cases")
  .add(...endpoints(CasesResource))
  .add(
    HttpApiEndpoint.post("close", "/cases/:id/close", {
      params: { id: Id },
      headers: ifMatch,
      payload: Schema.Struct({
        /** `spam`: not a problem to handle; `duplicate`: the same problem as another case. */
        as: Case.ClosedAs,
        /** `duplicate`: the case of the same tenant it duplicates. */
        duplicateOf: Schema.optionalKey(Ids.CaseId),
        /** The branch's note to the resident, shown on the receipt's status. */
        note: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(500))),
        /** When it was closed; now when absent. */
        at: Schema.optionalKey(Calendar.Instant),
        /** Who closed it; the token's member when absent. */
        actorId: Schema.optionalKey(Ids.MemberId)
      }),
      success: withEtag(Stored(CaseView)),
      error: updateErrors
    }),
    HttpApiEndpoint.get("photos", "/cases/:id/photos", {
      params: { id: Id },
      success: Schema.Array(
        Schema.Struct({
          ...CasePhoto.CasePhoto.fields,
          /** The photo's bytes: GET with the same token. */
          url: Schema.String
        })
      ),
      error: [NotFound, Forbidden]
    }),
    HttpApiEndpoint.get("photo", "/cases/:id/photos/:photoId", {
      params: { id: Id, photoId: Id },
      success: Schema.Uint8Array.pipe(HttpApiSchema.asUint8Array({ contentType: "image/jpeg" })).annotate({
        description:
          "the photo as stored (re-encoded without metadata): image/jpeg, image/png or image/webp as `Content-Type` says"
      }),
      error: [NotFound, Forbidden]
    }),
    HttpApiEndpoint.post("advance", "/cases/:id/:stage", {
      params: { id: Id, stage: Case.CaseStageKind },
      headers: ifMatch,
      payload: CaseStepPayload,
      success: withEtag(Stored(CaseView)),
      error: updateErrors
    })
  )
  .add(...corrections("/cases", CaseView))
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Cases",
      description:
        "Routine cases go reported → acknowledged → assigned → resolved → verified; emergencies found → reported_to_bureau → team_formed → assessed → plan_made → contractor_engaged → repaired → verified. Advance with POST /cases/{id}/{stage}. `fixedFrom`/`fixedTo` list the cases fixed (resolved, or repaired) in a range of the tenant's local days, in the order they were fixed — what the annual report counts as emergencies handled, verified or not. Secretaries (and admins) open and advance the cases of their branch. A member-role token may open a case in its subtree — it reports what it found, as the first stage's actor — and may resolve (or repair) a case assigned to it; acknowledging, assigning, verifying, voiding and restoring stay with the secretaries. The reporter of a resident's case is shown only to who may see personal data. Each case has the due times its branch's response policy gave it when it opened (`deadlines`) and its `timing` at the time of the answer: a case past a due time without reaching the stage is overdue (`overdue=true` lists them). A resident's report has a receipt code (`receipt`), its category, how many residents said \"me too\" (`followers`), the case it reports again as not fixed (`reopens`), up to 3 photos (GET /cases/{id}/photos lists them, each with the URL of its bytes: location metadata removed), and may be closed by a secretary as spam or as a duplicate of another case (POST /cases/{id}/close): it then counts in no report and is never overdue, and lists show it with status `closed_as_spam` or `closed_as_duplicate`."
    })
  ) {}

// ---- micro-wishes -----------------------------------------------------------------------------

/**
 * Micro-wishes: read in their branch, posted, voided and restored by its secretaries; changed only by
 * their workflow (claim, fulfil, release, withdraw).
 */
export const WishesResource = describe({
  group: "wishes",
  path: "/wishes",
  record: MicroWish.MicroWish,
  view: MicroWish.MicroWish,
  readIn: (wish) => [wish.branchId],
  service: Effect.map(MicroWishes.MicroWishes, (wishes) => ({
    get: wishes.get,
    list: wishes.list,
    create: wishes.post
  })),
  list: {
    filters: {
      branchId: Filter,
      communityId: Filter,
      status: Schema.optionalKey(MicroWish.WishStatus),
      ...within,
      /** Wishes fulfilled within the range: listed in the order they were fulfilled. */
      fulfilledFrom: Schema.optionalKey(RangeBound),
      fulfilledTo: Schema.optionalKey(RangeBound)
    },
    errors: [Forbidden, Unprocessable],
    scope: { filter: "branchId", within: true },
    range: {
      orderBy: "fulfilled_at",
      names: ["fulfilledFrom", "fulfilledTo"],
      zh: "实现时间",
      en: "fulfilment"
    },
    query: (filters, branches) => ({
      where: { branch_id: branches, community_id: filters.communityId, status: filters.status }
    })
  },
  create: {
    name: "post",
    payload: MicroWish.MicroWish.mapFields(({ id, tenantId, voided, state, ...rest }) => ({
      ...rest,
      id: Schema.optionalKey(id)
    })),
    input: (payload, principal) =>
      ({ ...payload, tenantId: principal.tenantId, state: { _tag: "Posted" } }) as MicroWish.MicroWish,
    access: (wish) => manageAll([wish.branchId])
  },
  update: undefined,
  voiding: { kind: "micro_wish", access: (wish) => manageAll([wish.branchId]) }
})

export class WishesGroup extends HttpApiGroup.make("wishes")
  .add(...endpoints(WishesResource))
  .add(
    HttpApiEndpoint.post("claim", "/wishes/:id/claim", {
      params: { id: Id },
      headers: ifMatch,
      payload: Schema.Struct({
        /** Who claims it: a secretary names the member; a member-role token claims for itself. */
        memberId: Schema.optionalKey(Ids.MemberId)
      }),
      success: withEtag(Stored(MicroWish.MicroWish)),
      error: updateErrors
    }),
    HttpApiEndpoint.post("fulfil", "/wishes/:id/fulfil", {
      params: { id: Id },
      headers: ifMatch,
      payload: Schema.Struct({ note: Schema.optionalKey(Schema.String) }),
      success: withEtag(Stored(MicroWish.MicroWish)),
      error: updateErrors
    }),
    HttpApiEndpoint.post("release", "/wishes/:id/release", {
      params: { id: Id },
      headers: ifMatch,
      success: withEtag(Stored(MicroWish.MicroWish)),
      error: updateErrors
    }),
    HttpApiEndpoint.post("withdraw", "/wishes/:id/withdraw", {
      params: { id: Id },
      headers: ifMatch,
      payload: Schema.Struct({ reason: Schema.optionalKey(Schema.String) }),
      success: withEtag(Stored(MicroWish.MicroWish)),
      error: updateErrors
    })
  )
  .add(...corrections("/wishes", MicroWish.MicroWish))
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Micro-wishes",
      description:
        "Posted → claimed → fulfilled, or released (back to posted) or withdrawn. `fulfilledFrom`/`fulfilledTo` list the wishes fulfilled in a range of the tenant's local days, in the order they were fulfilled (`from`/`to` are the posting's). Secretaries post and withdraw the wishes of their branch. A member-role token claims a wish for itself; a secretary claims one on behalf of a member (`memberId`). Fulfilling and releasing are for the claimant's own token or a secretary."
    })
  ) {}

// ---- audit log --------------------------------------------------------------------------------

export class AuditGroup extends HttpApiGroup.make("audit")
  .add(
    HttpApiEndpoint.get("list", "/audit", {
      query: {
        ...listQuery,
        entity: Schema.optionalKey(Errors.EntityKind),
        entityId: Filter,
        actor: Schema.optionalKey(Audit.Actor)
      },
      success: PageOf(Audit.AuditEntry),
      error: [Forbidden]
    }),
    HttpApiEndpoint.get("get", "/audit/:id", {
      params: { id: Id },
      success: withEtag(Stored(Audit.AuditEntry)),
      error: [NotFound, Forbidden]
    })
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Audit log",
      description:
        "Every change, who made it and when, with the record before and after — in time order. Admin tokens only. Read-only: entries are written with the changes they record."
    })
  ) {}

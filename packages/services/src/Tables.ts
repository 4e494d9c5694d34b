/**
 * How each kind of record is stored: its table, its domain schema, the index columns derived from it
 * (the only fields lists can filter on), the column lists sort by, and its natural key. Both stores
 * read these definitions, so the memory and SQL backends filter and sort the same way.
 */
import {
  AccessToken,
  Audit,
  Case,
  CaseTiming,
  type Errors,
  Ids,
  Member,
  MicroWish,
  Organisation,
  PioneerPost,
  Project,
  ResponsePolicy,
  ServiceEvent,
  Team,
  Tenant,
  Zone
} from "@bishui/domain"
import { Schema } from "effect"

export interface Table<A> {
  readonly entity: Errors.EntityKind
  readonly name: string
  readonly schema: Schema.Codec<A, unknown>
  readonly tenantOf: (record: A) => string
  /** Index columns: name → value. Every column here exists in the table's migration. */
  readonly columns: Readonly<Record<string, (record: A) => string | undefined>>
  /** The column lists are ordered by (then by id); date ranges apply to it. */
  readonly sortBy?: string
  /** Unique within a tenant: a zone's code, a project's name. */
  readonly naturalKey?: (record: A) => string | undefined
  /**
   * Ids unique across tenants (an index on id alone), so a record can be found by its id alone
   * (`Collection.findById`): an access token presented without its tenant.
   */
  readonly globalIds?: boolean
}

const table = <A>(definition: Table<A>): Table<A> => definition

export const tenants = table<Tenant.Tenant>({
  entity: "tenant",
  name: "tenants",
  schema: Tenant.Tenant as Schema.Codec<Tenant.Tenant, unknown>,
  tenantOf: (t) => t.id,
  columns: {},
  naturalKey: (t) => t.name
})

export const organisations = table<Organisation.Organisation>({
  entity: "organisation",
  name: "organisations",
  schema: Organisation.Organisation as Schema.Codec<Organisation.Organisation, unknown>,
  tenantOf: (o) => o.tenantId,
  columns: {
    kind: (o) => o._tag,
    parent_id: (o) => ("parentId" in o ? o.parentId : undefined),
    project_id: (o) => (o._tag === "TemporaryBranch" ? o.projectId : undefined)
  },
  naturalKey: (o) => `${o._tag}:${o.name}${o._tag === "Community" ? `:${o.district}` : ""}`
})

export const members = table<Member.Member>({
  entity: "member",
  name: "members",
  schema: Member.Member as Schema.Codec<Member.Member, unknown>,
  tenantOf: (m) => m.tenantId,
  columns: { home_branch_id: (m) => m.homeBranchId, role: (m) => m.role, name: (m) => m.name },
  sortBy: "name"
})

export const teams = table<Team.Team>({
  entity: "team",
  name: "teams",
  schema: Team.Team as Schema.Codec<Team.Team, unknown>,
  tenantOf: (t) => t.tenantId,
  columns: { branch_id: (t) => t.branchId, kind: (t) => t.kind, case_id: (t) => t.caseId }
})

export const pioneerPosts = table<PioneerPost.PioneerPost>({
  entity: "pioneer_post",
  name: "pioneer_posts",
  schema: PioneerPost.PioneerPost as Schema.Codec<PioneerPost.PioneerPost, unknown>,
  tenantOf: (p) => p.tenantId,
  columns: { branch_id: (p) => p.branchId, project_id: (p) => p.projectId, zone_id: (p) => p.zoneId },
  naturalKey: (p) => p.name
})

export const projects = table<Project.Project>({
  entity: "project",
  name: "projects",
  schema: Project.Project as Schema.Codec<Project.Project, unknown>,
  tenantOf: (p) => p.tenantId,
  columns: { branch_id: (p) => p.branchId, kind: (p) => p.kind },
  naturalKey: (p) => p.name
})

export const zones = table<Zone.Zone>({
  entity: "zone",
  name: "zones",
  schema: Zone.Zone as Schema.Codec<Zone.Zone, unknown>,
  tenantOf: (z) => z.tenantId,
  columns: {
    branch_id: (z) => z.branchId,
    responsible_member_id: (z) => z.responsibleMemberId,
    code: (z) => z.code
  },
  sortBy: "code",
  naturalKey: (z) => z.code
})

export const patrolLogs = table<Zone.PatrolLog>({
  entity: "patrol_log",
  name: "patrol_logs",
  schema: Zone.PatrolLog as Schema.Codec<Zone.PatrolLog, unknown>,
  tenantOf: (p) => p.tenantId,
  columns: { zone_id: (p) => p.zoneId, member_id: (p) => p.memberId, started_at: (p) => p.startedAt },
  sortBy: "started_at"
})

export const serviceEvents = table<ServiceEvent.ServiceEvent>({
  entity: "service_event",
  name: "service_events",
  schema: ServiceEvent.ServiceEvent as Schema.Codec<ServiceEvent.ServiceEvent, unknown>,
  tenantOf: (e) => e.tenantId,
  columns: {
    branch_id: (e) => e.branchId,
    category: (e) => e.category,
    date: (e) => e.date,
    zone_id: (e) => e.links.zoneId,
    project_id: (e) => e.links.projectId,
    community_id: (e) => e.links.communityId,
    pioneer_post_id: (e) => e.links.pioneerPostId,
    campaign_id: (e) => e.campaignId
  },
  sortBy: "date"
})

export const campaigns = table<ServiceEvent.Campaign>({
  entity: "campaign",
  name: "campaigns",
  schema: ServiceEvent.Campaign as Schema.Codec<ServiceEvent.Campaign, unknown>,
  tenantOf: (c) => c.tenantId,
  columns: { branch_id: (c) => c.branchId },
  naturalKey: (c) => c.name
})

export const cases = table<Case.Case>({
  entity: "case",
  name: "cases",
  schema: Case.Case as Schema.Codec<Case.Case, unknown>,
  tenantOf: (c) => c.tenantId,
  columns: {
    branch_id: (c) => c.branchId,
    zone_id: (c) => c.zoneId,
    kind: (c) => c.kind,
    status: (c) => Case.statusOf(c),
    opened_at: (c) => c.stages[0].at,
    // migration 0006: the earliest due time still to be met (overdue: < now), and the receipt code
    next_due_at: (c) => CaseTiming.nextDueAt(c),
    receipt_code: (c) => c.receipt
  },
  sortBy: "opened_at",
  // a receipt code is unique in its tenant (cases without one have no natural key)
  naturalKey: (c) => c.receipt
})

/** A branch's (or Party group's) response policy; its id is the organisation's (migration 0006). */
export const responsePolicies = table<ResponsePolicy.BranchResponsePolicy>({
  entity: "response_policy",
  name: "response_policies",
  schema: ResponsePolicy.BranchResponsePolicy as Schema.Codec<ResponsePolicy.BranchResponsePolicy, unknown>,
  tenantOf: (p) => p.tenantId,
  columns: {}
})

export const microWishes = table<MicroWish.MicroWish>({
  entity: "micro_wish",
  name: "micro_wishes",
  schema: MicroWish.MicroWish as Schema.Codec<MicroWish.MicroWish, unknown>,
  tenantOf: (w) => w.tenantId,
  columns: {
    branch_id: (w) => w.branchId,
    community_id: (w) => w.communityId,
    status: (w) => w.state._tag,
    posted_at: (w) => w.postedAt
  },
  sortBy: "posted_at"
})

export const auditLog = table<Audit.AuditEntry>({
  entity: "tenant",
  name: "audit_log",
  schema: Audit.AuditEntry as Schema.Codec<Audit.AuditEntry, unknown>,
  tenantOf: (a) => a.tenantId,
  columns: { entity: (a) => a.entity, entity_id: (a) => a.entityId, actor: (a) => a.actor, at: (a) => a.at },
  sortBy: "at"
})

export const accessTokens = table<AccessToken.AccessToken>({
  entity: "access_token",
  name: "access_tokens",
  schema: AccessToken.AccessToken as Schema.Codec<AccessToken.AccessToken, unknown>,
  tenantOf: (t) => t.tenantId,
  columns: {
    role: (t) => t.role,
    branch_id: (t) => t.branchId,
    member_id: (t) => t.memberId,
    issued_at: (t) => t.createdAt
  },
  sortBy: "issued_at",
  globalIds: true
})

/**
 * An `Idempotency-Key` of a tenant (the record's id is the key's SHA-256, in hex) with the fingerprint
 * (its SHA-256 too) of the request that used it and, once that request is done, its response (status
 * and JSON body). See `Idempotency`.
 */
export const IdempotencyRecord = Schema.Struct({
  id: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(120)),
  tenantId: Ids.TenantId,
  fingerprint: Schema.String,
  response: Schema.optionalKey(
    Schema.Struct({
      status: Schema.Int.check(Schema.isBetween({ minimum: 100, maximum: 599 })),
      body: Schema.Json
    })
  )
})
export type IdempotencyRecord = typeof IdempotencyRecord.Type

export const idempotencyKeys = table<IdempotencyRecord>({
  entity: "idempotency_key",
  name: "idempotency_keys",
  schema: IdempotencyRecord as Schema.Codec<IdempotencyRecord, unknown>,
  tenantOf: (k) => k.tenantId,
  columns: {}
})

/** Every table, parents before children (the order seeds and exports use). */
export const allTables = [
  tenants,
  organisations,
  responsePolicies,
  members,
  projects,
  zones,
  teams,
  pioneerPosts,
  campaigns,
  serviceEvents,
  patrolLogs,
  cases,
  microWishes,
  accessTokens,
  idempotencyKeys,
  auditLog
] as const

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
  Invite,
  Member,
  MicroWish,
  Organisation,
  PioneerPost,
  Project,
  ResponsePolicy,
  ServiceEvent,
  Team,
  Tenant,
  TimeZone,
  type Void,
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
  /**
   * Other index columns a list may be ordered by instead (`ListQuery.orderBy`): its range and cursor
   * are then on that column, and records without a value there are left out (a wish's fulfilment).
   */
  readonly orders?: ReadonlyArray<string>
  /**
   * Index columns holding instants. A range of days on one is cut in the query's time zone (the
   * tenant's): 2024-01-01–2024-12-31 in Beijing time is 2023-12-31T16:00Z ≤ t < 2024-12-31T16:00Z.
   */
  readonly instants?: ReadonlyArray<string>
  /** Unique within a tenant: a zone's code, a project's name. */
  readonly naturalKey?: (record: A) => string | undefined
  /**
   * Ids unique across tenants (an index on id alone), so a record can be found by its id alone
   * (`Collection.findById`): an access token presented without its tenant.
   */
  readonly globalIds?: boolean
  /**
   * Records can be voided (作废, see the domain's `Void`): the table has a `voided_at` column, kept from
   * the record's mark, and lists, `all` and reports leave voided records out unless asked.
   */
  readonly voidable?: boolean
  /**
   * A readable label of a record, for messages that name it (a zone's code and name, an event's date and
   * title, a patrol's local start time in the tenant's zone).
   */
  readonly label?: (record: A, timeZone: TimeZone.TimeZone) => string
  /** The index column that holds a reference (by its name in `References`), where one does. */
  readonly referenceColumns?: Readonly<Record<string, string>>
  /**
   * Stored in columns, without a JSON document of the whole record (a lean ledger, migration 0012): each
   * field of the record's encoded form in a column of its own — the SQL Store writes a row from the
   * fields and reads the record back from them. The index columns are among them (same values). A
   * field the record holds that no column takes is a defect on write, never silently dropped.
   */
  readonly stored?: ReadonlyArray<StoredField>
  /**
   * Of a table stored in columns: the objects the record always holds, read back empty when none of
   * their fields is set (an event's `links`); any other object whose fields are all NULL is absent.
   */
  readonly storedObjects?: ReadonlyArray<string>
}

/**
 * A field of a record stored in columns (`Table.stored`): where it is in the record's encoded form, its
 * column, and what the column holds — `text` a string as it is, `integer` a whole number, `flag` a
 * boolean (1 or 0), `json` any JSON value as text (`jsonb` on PostgreSQL; a list of ids, nested
 * records). An absent optional field is NULL; an object whose fields are all NULL is absent (a live
 * record's `voided`) unless the table's `storedObjects` names it.
 */
export interface StoredField {
  readonly path: ReadonlyArray<string>
  readonly column: string
  readonly kind: "text" | "integer" | "flag" | "json"
}

const text = (path: string, column: string): StoredField => ({ path: path.split("."), column, kind: "text" })
const json = (path: string, column: string): StoredField => ({ path: path.split("."), column, kind: "json" })

/** The columns of a voidable record's mark (`voided.at` is the `voided_at` index column too). */
const voidedFields: ReadonlyArray<StoredField> = [
  text("voided.at", "voided_at"),
  text("voided.by", "voided_by"),
  text("voided.reason", "voided_reason")
]

const table = <A>(definition: Table<A>): Table<A> => definition

const voidedAt = (record: Void.Voidable) => record.voided?.at

/**
 * A table of voidable records: its `voided_at` column follows the record's mark, and a voided record
 * holds no natural key — it is as if it were not there, so a new record may take its code or name
 * (restoring it then fails with `AlreadyExists` until one of them is renamed).
 */
const voidable = <A extends Void.Voidable>(
  definition: Omit<Table<A>, "voidable" | "label"> & {
    readonly label: (record: A, timeZone: TimeZone.TimeZone) => string
  }
): Table<A> => {
  const naturalKey = definition.naturalKey
  return {
    ...definition,
    voidable: true,
    columns: { ...definition.columns, voided_at: voidedAt },
    ...(naturalKey === undefined
      ? {}
      : { naturalKey: (record: A) => (record.voided === undefined ? naturalKey(record) : undefined) })
  }
}

export const tenants = table<Tenant.Tenant>({
  entity: "tenant",
  name: "tenants",
  schema: Tenant.Tenant as Schema.Codec<Tenant.Tenant, unknown>,
  tenantOf: (t) => t.id,
  columns: {},
  naturalKey: (t) => t.name
})

export const organisations = voidable<Organisation.Organisation>({
  entity: "organisation",
  name: "organisations",
  schema: Organisation.Organisation as Schema.Codec<Organisation.Organisation, unknown>,
  tenantOf: (o) => o.tenantId,
  columns: {
    kind: (o) => o._tag,
    parent_id: (o) => ("parentId" in o ? o.parentId : undefined),
    project_id: (o) => (o._tag === "TemporaryBranch" ? o.projectId : undefined)
  },
  naturalKey: (o) => `${o._tag}:${o.name}${o._tag === "Community" ? `:${o.district}` : ""}`,
  label: (o) => o.name,
  referenceColumns: { parentId: "parent_id", projectId: "project_id" }
})

export const members = voidable<Member.Member>({
  entity: "member",
  name: "members",
  schema: Member.Member as Schema.Codec<Member.Member, unknown>,
  tenantOf: (m) => m.tenantId,
  columns: {
    home_branch_id: (m) => m.homeBranchId,
    role: (m) => m.role,
    name: (m) => m.name,
    // 在职党员报到: the community the member is registered with (migration 0007)
    community_id: (m) => m.communityRegistration?.communityId
  },
  sortBy: "name",
  label: (m) => m.name,
  referenceColumns: { homeBranchId: "home_branch_id" }
})

export const teams = voidable<Team.Team>({
  entity: "team",
  name: "teams",
  schema: Team.Team as Schema.Codec<Team.Team, unknown>,
  tenantOf: (t) => t.tenantId,
  columns: { branch_id: (t) => t.branchId, kind: (t) => t.kind, case_id: (t) => t.caseId },
  label: (t) => t.name,
  referenceColumns: { branchId: "branch_id" }
})

export const pioneerPosts = voidable<PioneerPost.PioneerPost>({
  entity: "pioneer_post",
  name: "pioneer_posts",
  schema: PioneerPost.PioneerPost as Schema.Codec<PioneerPost.PioneerPost, unknown>,
  tenantOf: (p) => p.tenantId,
  columns: { branch_id: (p) => p.branchId, project_id: (p) => p.projectId, zone_id: (p) => p.zoneId },
  naturalKey: (p) => p.name,
  label: (p) => p.name,
  referenceColumns: { branchId: "branch_id", projectId: "project_id", zoneId: "zone_id" }
})

export const projects = voidable<Project.Project>({
  entity: "project",
  name: "projects",
  schema: Project.Project as Schema.Codec<Project.Project, unknown>,
  tenantOf: (p) => p.tenantId,
  columns: { branch_id: (p) => p.branchId, kind: (p) => p.kind },
  naturalKey: (p) => p.name,
  label: (p) => p.name,
  referenceColumns: { branchId: "branch_id" }
})

export const zones = voidable<Zone.Zone>({
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
  naturalKey: (z) => z.code,
  label: (z) => `${z.code} ${z.name}`,
  referenceColumns: { branchId: "branch_id", responsibleMemberId: "responsible_member_id" }
})

export const patrolLogs = voidable<Zone.PatrolLog>({
  entity: "patrol_log",
  name: "patrol_logs",
  schema: Zone.PatrolLog as Schema.Codec<Zone.PatrolLog, unknown>,
  tenantOf: (p) => p.tenantId,
  columns: { zone_id: (p) => p.zoneId, member_id: (p) => p.memberId, started_at: (p) => p.startedAt },
  sortBy: "started_at",
  instants: ["started_at"],
  label: (p, timeZone) => `巡河 patrol ${TimeZone.toLocalMinute(p.startedAt, timeZone)}`,
  referenceColumns: { zoneId: "zone_id", memberId: "member_id" },
  // migration 0012: columns, no document
  stored: [
    text("id", "id"),
    text("tenantId", "tenant_id"),
    text("zoneId", "zone_id"),
    text("memberId", "member_id"),
    text("startedAt", "started_at"),
    text("endedAt", "ended_at"),
    text("findings", "findings"),
    text("litterCollected", "litter_collected"),
    json("caseIds", "case_ids"),
    { path: ["illustrative"], column: "illustrative", kind: "flag" },
    ...voidedFields
  ]
})

export const serviceEvents = voidable<ServiceEvent.ServiceEvent>({
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
  sortBy: "date",
  label: (e) => `${e.date} ${e.title}`,
  referenceColumns: {
    branchId: "branch_id",
    "links.projectId": "project_id",
    "links.zoneId": "zone_id",
    "links.communityId": "community_id",
    "links.pioneerPostId": "pioneer_post_id",
    campaignId: "campaign_id"
  },
  // migration 0012: columns, no document; lists and nested records as JSON of their own
  stored: [
    text("id", "id"),
    text("tenantId", "tenant_id"),
    text("branchId", "branch_id"),
    text("category", "category"),
    text("title", "title"),
    text("date", "date"),
    text("place", "place"),
    text("links.projectId", "project_id"),
    text("links.zoneId", "zone_id"),
    text("links.communityId", "community_id"),
    text("links.pioneerPostId", "pioneer_post_id"),
    text("links.partnerBranchId", "partner_branch_id"),
    json("participantIds", "participant_ids"),
    json("participantHours", "participant_hours"),
    { path: ["otherParticipants"], column: "other_participants", kind: "integer" },
    json("outcomes", "outcomes"),
    json("publicity", "publicity"),
    text("campaignId", "campaign_id"),
    text("notes", "notes"),
    { path: ["illustrative"], column: "illustrative", kind: "flag" },
    ...voidedFields
  ],
  storedObjects: ["links"]
})

export const campaigns = voidable<ServiceEvent.Campaign>({
  entity: "campaign",
  name: "campaigns",
  schema: ServiceEvent.Campaign as Schema.Codec<ServiceEvent.Campaign, unknown>,
  tenantOf: (c) => c.tenantId,
  columns: { branch_id: (c) => c.branchId },
  naturalKey: (c) => c.name,
  label: (c) => c.name,
  referenceColumns: { branchId: "branch_id" }
})

export const cases = voidable<Case.Case>({
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
    // when it was fixed (resolved or repaired): the cases a report counts as fixed in a period
    fixed_at: (c) => Case.fixedAt(c),
    // migration 0006: the earliest due time still to be met (overdue: < now), and the receipt code
    next_due_at: (c) => CaseTiming.nextDueAt(c),
    receipt_code: (c) => c.receipt
  },
  sortBy: "opened_at",
  orders: ["fixed_at"],
  instants: ["opened_at", "fixed_at", "next_due_at"],
  // a receipt code is unique in its tenant (cases without one have no natural key)
  naturalKey: (c) => c.receipt,
  label: (c) => c.title,
  referenceColumns: { branchId: "branch_id", zoneId: "zone_id" }
})

/** A branch's (or Party group's) response policy; its id is the organisation's (migration 0006). */
export const responsePolicies = table<ResponsePolicy.BranchResponsePolicy>({
  entity: "response_policy",
  name: "response_policies",
  schema: ResponsePolicy.BranchResponsePolicy as Schema.Codec<ResponsePolicy.BranchResponsePolicy, unknown>,
  tenantOf: (p) => p.tenantId,
  columns: {}
})

export const microWishes = voidable<MicroWish.MicroWish>({
  entity: "micro_wish",
  name: "micro_wishes",
  schema: MicroWish.MicroWish as Schema.Codec<MicroWish.MicroWish, unknown>,
  tenantOf: (w) => w.tenantId,
  columns: {
    branch_id: (w) => w.branchId,
    community_id: (w) => w.communityId,
    status: (w) => w.state._tag,
    posted_at: (w) => w.postedAt,
    fulfilled_at: (w) => (w.state._tag === "Fulfilled" ? w.state.fulfilledAt : undefined)
  },
  sortBy: "posted_at",
  orders: ["fulfilled_at"],
  instants: ["posted_at", "fulfilled_at"],
  label: (w) => w.title,
  referenceColumns: { branchId: "branch_id", communityId: "community_id" }
})

export const auditLog = table<Audit.AuditEntry>({
  entity: "tenant",
  name: "audit_log",
  schema: Audit.AuditEntry as Schema.Codec<Audit.AuditEntry, unknown>,
  tenantOf: (a) => a.tenantId,
  columns: { entity: (a) => a.entity, entity_id: (a) => a.entityId, actor: (a) => a.actor, at: (a) => a.at },
  sortBy: "at",
  instants: ["at"]
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
    issued_at: (t) => t.createdAt,
    // migration 11: `session` for a console sign-in, NULL for a client's token
    kind: (t) => t.kind
  },
  sortBy: "issued_at",
  instants: ["issued_at"],
  globalIds: true,
  label: (t) => t.label,
  referenceColumns: { branchId: "branch_id", memberId: "member_id" }
})

/** Invites to the console (migration 11): found by id alone, like tokens, from the link's code. */
export const invites = table<Invite.Invite>({
  entity: "invite",
  name: "invites",
  schema: Invite.Invite as Schema.Codec<Invite.Invite, unknown>,
  tenantOf: (i) => i.tenantId,
  columns: {
    role: (i) => i.role,
    branch_id: (i) => i.branchId,
    member_id: (i) => i.memberId,
    issued_at: (i) => i.createdAt
  },
  sortBy: "issued_at",
  instants: ["issued_at"],
  globalIds: true,
  label: (i) => i.label,
  referenceColumns: { branchId: "branch_id", memberId: "member_id" }
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

/** The table of each kind of record that can be voided. */
export const voidableTables = {
  organisation: organisations,
  member: members,
  team: teams,
  pioneer_post: pioneerPosts,
  project: projects,
  zone: zones,
  patrol_log: patrolLogs,
  service_event: serviceEvents,
  campaign: campaigns,
  case: cases,
  micro_wish: microWishes
} as const satisfies Record<Void.VoidableKind, { readonly voidable?: boolean }>

/** The record type of a voidable kind. */
export type VoidableRecord<K extends Void.VoidableKind> = K extends Void.VoidableKind
  ? (typeof voidableTables)[K] extends Table<infer A>
    ? A
    : never
  : never

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
  invites,
  idempotencyKeys,
  auditLog
] as const

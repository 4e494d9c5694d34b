/**
 * The nine kinds of record the console lists, each described once: which filters its list takes,
 * how its list, record, void and restore are asked of the API (through the typed client), its kind
 * in the audit log, and how a row is summed up in a list. The pages are written once against this
 * table, so every kind gets the same list, detail, audit trail and void/restore.
 */
import { type Errors, TimeZone } from "@bishui/domain"
import { BigDecimal, type Effect } from "effect"
import type { PageClient } from "../../client.ts"
import type { RecordMessages, ResourceKey } from "./i18n.ts"

/** A voided record's mark, as the API gives it. */
export interface VoidMark {
  readonly at: string
  readonly by: string
  readonly reason: string
}

/** What every record has that the pages read without knowing its kind. */
export interface RecordData {
  readonly id: string
  readonly voided?: VoidMark | undefined
}

export interface Stored<R extends RecordData = RecordData> {
  readonly data: R
  readonly version: number
}

export interface Page<R extends RecordData = RecordData> {
  readonly items: ReadonlyArray<Stored<R>>
  readonly next?: string | undefined
}

/** The filters a list page can show; each kind takes some of them. */
export type FilterKey =
  | "branch"
  | "zone"
  | "member"
  | "dates"
  | "category"
  | "status"
  | "kind"
  | "role"
  | "name"
  | "overdue"

/** A list's filters as the page's query gives them (empty values left out). */
export type ListParams = {
  /** The `passthrough` parameters given, by their API names. */
  readonly extra: Readonly<Record<string, string>>
} & Partial<Record<Exclude<FilterKey, "dates"> | "from" | "to" | "after" | "limit", string>> & {
    readonly voided: boolean
  }

/** The names of things a summary shows instead of ids: branches, zones, members. */
export interface Names {
  readonly of: (id: string | undefined) => string | undefined
  readonly timeZone: TimeZone.TimeZone
}

export interface Summary {
  readonly title: string
  readonly meta: ReadonlyArray<string>
}

/** What the client gives for one record: the body, with the answer's headers beside it. */
export interface Answer {
  readonly body: Stored
}

type Call<A> = (client: PageClient) => Effect.Effect<A, unknown>

export interface Resource {
  readonly key: ResourceKey
  /** Its kind in the audit log (`GET /v1/audit?entity=`). */
  readonly entity: Errors.EntityKind
  readonly filters: ReadonlyArray<FilterKey>
  /**
   * The list's other API parameters, taken by their API names and passed on as they are: what a
   * report figure's `records` link filters by (`within`, `fulfilledFrom`, `fixedFrom`, `linkedTo`…),
   * so its list in the console holds exactly the records the figure counts.
   */
  readonly passthrough: ReadonlyArray<string>
  readonly list: (params: ListParams) => Call<Page>
  /** One record (its ETag aside: the version is in the body). */
  readonly get: (id: string) => Call<Answer>
  readonly void: (id: string, version: number, reason: string) => Call<Answer>
  readonly restore: (id: string, version: number, reason: string | undefined) => Call<Answer>
  readonly summary: (record: RecordData, t: RecordMessages, names: Names) => Summary
}

/**
 * The filters as the endpoint's query: only those given. The typed client checks them against the
 * endpoint's schema before it sends them, so a value the API would refuse comes back as a field error
 * of the page rather than reaching it — the cast only lets page text through to that check.
 */
const query = (fields: Record<string, string | undefined>, params: ListParams): never => {
  const out: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(fields))
    if (value !== undefined && value !== "") out[name] = value
  if (params.from !== undefined) out.from = params.from
  if (params.to !== undefined) out.to = params.to
  if (params.after !== undefined) out.after = params.after
  if (params.limit !== undefined) out.limit = /^\d+$/.test(params.limit) ? Number(params.limit) : params.limit
  if (params.voided) out.include = "voided"
  for (const [name, value] of Object.entries(params.extra)) out[name] = value
  return out as never
}

/**
 * A value of a decoded record as the API wrote it: decimals (amounts, hours) back to their text,
 * everything else as it is — so a page shows `35.5`, not the decimal's inner parts.
 */
export const plain = (value: unknown): unknown => {
  if (BigDecimal.isBigDecimal(value)) return BigDecimal.format(value)
  if (Array.isArray(value)) return value.map(plain)
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plain(inner)]))
  }
  return value
}

/** The version the page showed, as `If-Match`: a change made meanwhile is refused, not overwritten. */
export const ifMatch = (version: number) => (Number.isInteger(version) ? { "if-match": `"${version}"` } : {})
const voidPayload = (reason: string) => ({ reason }) as never
const restorePayload = (reason: string | undefined) => (reason === undefined ? {} : { reason }) as never

/** A kind of record with its own record type, erased to `Resource` for the table. */
const define = <R extends RecordData>(
  resource: Omit<Resource, "summary"> & {
    readonly summary: (record: R, t: RecordMessages, names: Names) => Summary
  }
): Resource => ({ ...resource, summary: (record, t, names) => resource.summary(record as R, t, names) })

const present = (...parts: ReadonlyArray<string | undefined | false>): ReadonlyArray<string> =>
  parts.filter((part): part is string => typeof part === "string" && part !== "")

export const resources: ReadonlyArray<Resource> = [
  define<
    RecordData & {
      category: "volunteer_labour"
      title: string
      date: string
      branchId: string
      participantIds: ReadonlyArray<string>
    }
  >({
    key: "events",
    entity: "service_event",
    filters: ["branch", "zone", "dates", "category"],
    passthrough: ["within", "linkedTo", "communityId", "projectId", "pioneerPostId", "campaignId"],
    list: (p) => (c) =>
      c.events.list({ query: query({ branchId: p.branch, zoneId: p.zone, category: p.category }, p) }),
    get: (id) => (c) => c.events.get({ params: { id } }),
    void: (id, v, reason) => (c) =>
      c.events.void({ params: { id }, headers: ifMatch(v), payload: voidPayload(reason) }),
    restore: (id, v, reason) => (c) =>
      c.events.restore({ params: { id }, headers: ifMatch(v), payload: restorePayload(reason) }),
    summary: (e, t, names) => ({
      title: e.title,
      meta: present(
        e.date,
        t.categories[e.category],
        names.of(e.branchId),
        t.participantCount(e.participantIds.length)
      )
    })
  }),
  define<
    RecordData & {
      zoneId: string
      memberId: string
      startedAt: string
      findings?: string
      litterCollected?: string
    }
  >({
    key: "patrols",
    entity: "patrol_log",
    filters: ["zone", "member", "dates"],
    passthrough: [],
    list: (p) => (c) => c.zones.listPatrols({ query: query({ zoneId: p.zone, memberId: p.member }, p) }),
    get: (id) => (c) => c.zones.getPatrol({ params: { id } }),
    void: (id, v, reason) => (c) =>
      c.zones.voidPatrol({ params: { id }, headers: ifMatch(v), payload: voidPayload(reason) }),
    restore: (id, v, reason) => (c) =>
      c.zones.restorePatrol({ params: { id }, headers: ifMatch(v), payload: restorePayload(reason) }),
    summary: (p, t, names) => ({
      title: `${names.of(p.zoneId) ?? p.zoneId} · ${names.of(p.memberId) ?? p.memberId}`,
      meta: present(
        TimeZone.toLocalMinute(p.startedAt as never, names.timeZone),
        p.litterCollected !== undefined && `${t.litterCollected} ${plain(p.litterCollected)}`,
        p.findings
      )
    })
  }),
  define<
    RecordData & {
      title: string
      kind: "routine" | "emergency"
      branchId: string
      zoneId?: string
      stages: ReadonlyArray<{ stage: string; at: string }>
      closure?: { as: "spam" | "duplicate" }
    }
  >({
    key: "cases",
    entity: "case",
    filters: ["branch", "zone", "dates", "kind", "status", "overdue"],
    passthrough: ["within", "fixedFrom", "fixedTo"],
    list: (p) => (c) =>
      c.cases.list({
        query: query(
          { branchId: p.branch, zoneId: p.zone, kind: p.kind, status: p.status, overdue: p.overdue },
          p
        )
      }),
    get: (id) => (c) => c.cases.get({ params: { id } }),
    void: (id, v, reason) => (c) =>
      c.cases.void({ params: { id }, headers: ifMatch(v), payload: voidPayload(reason) }),
    restore: (id, v, reason) => (c) =>
      c.cases.restore({ params: { id }, headers: ifMatch(v), payload: restorePayload(reason) }),
    summary: (k, t, names) => {
      const last = k.stages[k.stages.length - 1]
      const status = k.closure === undefined ? last?.stage : `closed_as_${k.closure.as}`
      return {
        title: k.title,
        meta: present(
          t.caseKinds[k.kind],
          status !== undefined && (t.caseStatuses as Record<string, string>)[status],
          last !== undefined && TimeZone.toLocalMinute(last.at as never, names.timeZone),
          names.of(k.zoneId)
        )
      }
    }
  }),
  define<
    RecordData & {
      title: string
      beneficiary: string
      postedAt: string
      communityId: string
      state: { _tag: "Posted" | "Claimed" | "Fulfilled" | "Withdrawn"; claimantId?: string }
    }
  >({
    key: "wishes",
    entity: "micro_wish",
    filters: ["branch", "dates", "status"],
    passthrough: ["within", "communityId", "fulfilledFrom", "fulfilledTo"],
    list: (p) => (c) => c.wishes.list({ query: query({ branchId: p.branch, status: p.status }, p) }),
    get: (id) => (c) => c.wishes.get({ params: { id } }),
    void: (id, v, reason) => (c) =>
      c.wishes.void({ params: { id }, headers: ifMatch(v), payload: voidPayload(reason) }),
    restore: (id, v, reason) => (c) =>
      c.wishes.restore({ params: { id }, headers: ifMatch(v), payload: restorePayload(reason) }),
    summary: (w, t, names) => ({
      title: w.title,
      meta: present(
        t.wishStatuses[w.state._tag],
        w.beneficiary,
        names.of(w.communityId),
        names.of(w.state.claimantId),
        TimeZone.toLocalMinute(w.postedAt as never, names.timeZone)
      )
    })
  }),
  define<RecordData & { name: string; role: string; homeBranchId: string; phone?: string }>({
    key: "members",
    entity: "member",
    filters: ["branch", "role", "name"],
    passthrough: ["communityId"],
    list: (p) => (c) =>
      c.members.list({ query: query({ homeBranchId: p.branch, role: p.role, name: p.name }, p) }),
    get: (id) => (c) => c.members.get({ params: { id } }),
    void: (id, v, reason) => (c) =>
      c.members.void({ params: { id }, headers: ifMatch(v), payload: voidPayload(reason) }),
    restore: (id, v, reason) => (c) =>
      c.members.restore({ params: { id }, headers: ifMatch(v), payload: restorePayload(reason) }),
    summary: (m, _t, names) => ({ title: m.name, meta: present(names.of(m.homeBranchId), m.phone) })
  }),
  define<RecordData & { code: string; name: string; branchId: string; responsibleMemberId?: string }>({
    key: "zones",
    entity: "zone",
    filters: ["branch"],
    passthrough: ["within", "responsibleMemberId"],
    list: (p) => (c) => c.zones.list({ query: query({ branchId: p.branch }, p) }),
    get: (id) => (c) => c.zones.get({ params: { id } }),
    void: (id, v, reason) => (c) =>
      c.zones.void({ params: { id }, headers: ifMatch(v), payload: voidPayload(reason) }),
    restore: (id, v, reason) => (c) =>
      c.zones.restore({ params: { id }, headers: ifMatch(v), payload: restorePayload(reason) }),
    summary: (z, _t, names) => ({
      title: `${z.code} ${z.name}`,
      meta: present(names.of(z.branchId), names.of(z.responsibleMemberId))
    })
  }),
  define<
    RecordData & { name: string; place: string; branchId: string; establishedOn: string; closedOn?: string }
  >({
    key: "pioneer-posts",
    entity: "pioneer_post",
    filters: ["branch", "zone"],
    passthrough: ["within", "projectId", "openFrom", "openTo"],
    list: (p) => (c) => c.pioneerPosts.list({ query: query({ branchId: p.branch, zoneId: p.zone }, p) }),
    get: (id) => (c) => c.pioneerPosts.get({ params: { id } }),
    void: (id, v, reason) => (c) =>
      c.pioneerPosts.void({ params: { id }, headers: ifMatch(v), payload: voidPayload(reason) }),
    restore: (id, v, reason) => (c) =>
      c.pioneerPosts.restore({ params: { id }, headers: ifMatch(v), payload: restorePayload(reason) }),
    summary: (post, _t, names) => ({
      title: post.name,
      meta: present(post.place, names.of(post.branchId), `${post.establishedOn}–${post.closedOn ?? ""}`)
    })
  }),
  define<RecordData & { name: string; kind: string; branchId: string }>({
    key: "projects",
    entity: "project",
    filters: ["branch", "kind"],
    passthrough: [],
    list: (p) => (c) => c.projects.list({ query: query({ branchId: p.branch, kind: p.kind }, p) }),
    get: (id) => (c) => c.projects.get({ params: { id } }),
    void: (id, v, reason) => (c) =>
      c.projects.void({ params: { id }, headers: ifMatch(v), payload: voidPayload(reason) }),
    restore: (id, v, reason) => (c) =>
      c.projects.restore({ params: { id }, headers: ifMatch(v), payload: restorePayload(reason) }),
    summary: (project, _t, names) => ({
      title: project.name,
      meta: present(project.kind, names.of(project.branchId))
    })
  }),
  define<
    RecordData & {
      name: string
      category: "volunteer_labour"
      recursInMonth: number
      startedYear: number
      endedYear?: number
      branchId: string
    }
  >({
    key: "campaigns",
    entity: "campaign",
    filters: ["branch"],
    passthrough: [],
    list: (p) => (c) => c.campaigns.list({ query: query({ branchId: p.branch }, p) }),
    get: (id) => (c) => c.campaigns.get({ params: { id } }),
    void: (id, v, reason) => (c) =>
      c.campaigns.void({ params: { id }, headers: ifMatch(v), payload: voidPayload(reason) }),
    restore: (id, v, reason) => (c) =>
      c.campaigns.restore({ params: { id }, headers: ifMatch(v), payload: restorePayload(reason) }),
    summary: (campaign, t, names) => ({
      title: campaign.name,
      meta: present(
        t.categories[campaign.category],
        `${campaign.recursInMonth}/${campaign.startedYear}–${campaign.endedYear ?? ""}`,
        names.of(campaign.branchId)
      )
    })
  }),
  define<
    RecordData & {
      _tag: string
      name: string
      parentId?: string
      establishedOn?: string
      dissolvedOn?: string
    }
  >({
    key: "organisations",
    entity: "organisation",
    filters: ["kind"],
    passthrough: ["within", "parentId", "activeFrom", "activeTo"],
    list: (p) => (c) => c.organisations.list({ query: query({ kind: p.kind }, p) }),
    get: (id) => (c) => c.organisations.get({ params: { id } }),
    void: (id, v, reason) => (c) =>
      c.organisations.void({ params: { id }, headers: ifMatch(v), payload: voidPayload(reason) }),
    restore: (id, v, reason) => (c) =>
      c.organisations.restore({ params: { id }, headers: ifMatch(v), payload: restorePayload(reason) }),
    summary: (o, _t, names) => ({
      title: o.name,
      meta: present(
        o._tag,
        names.of(o.parentId),
        o.establishedOn !== undefined && `${o.establishedOn}–${o.dissolvedOn ?? ""}`
      )
    })
  })
]

export const resourceOf = (key: string): Resource | undefined => resources.find((r) => r.key === key)

/**
 * The authorisation matrix, generated from the API's route table (its OpenAPI document): every
 * operation × every role (admin, secretary, member, viewer, anonymous) × every scope (the token's own
 * branch, another branch of its tenant, a branch of another tenant), each answered as `expected`
 * says — written from the access rules, not from what the server does, so a wrong answer fails.
 * The secretary, member and viewer tokens are scoped to the seed branch; the member is 刘洋.
 *
 * Every write of the matrix is also checked against the audit log: a write that succeeded appended
 * exactly one entry, a refused one none — and no request of the matrix changed an entry already
 * there. Every answer that is not a success is a problem document; no success leaks a record of
 * another tenant, or — below admin — of another branch.
 */
import { type Access, ResponsePolicy } from "@bishui/domain"
import { OpenApi } from "effect/http-api"
import sharp from "sharp"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Api } from "../../src/api/Api.ts"
import { conformance } from "../support/conformance.ts"
import { type InProcess, startInProcess } from "./support/inProcess.ts"
import { created, makeWorlds, type Scope, scopes, unique, type World } from "./support/world.ts"

type Role = Access.Role | "anonymous"
const roles: ReadonlyArray<Role> = ["admin", "secretary", "member", "viewer", "anonymous"]

/**
 * Who may do it, in their own branch:
 * - `public`: anyone, any tenant, no token;
 * - `read`: every token; `personal`: admins and secretaries (figures about people);
 * - `manage`: admins and secretaries; `own`: those, and a member for itself;
 * - `administer`: admins only; `tenant`: every token, the answer filtered to what it may read.
 */
type Policy = "public" | "read" | "personal" | "manage" | "own" | "administer" | "tenant"

/**
 * How the request names its target: `lookup` — a record id in the path, read before any check (of
 * another tenant: 404, whoever asks); `named` — a branch in the body or path, checked before it is
 * read (another tenant's: 403 below admin, 404 for an admin, whose tenant has no such branch);
 * `filter` — a list's branch filter (another tenant's: 403 below admin, an empty page for an admin).
 */
type Target = "lookup" | "named" | "filter"

interface Call {
  readonly path: string
  readonly body?: unknown
  /** Send no body at all (a POST whose payload is optional). */
  readonly noBody?: boolean
  /** A photo upload: the image's bytes, sent as `image/jpeg`. */
  readonly photo?: Uint8Array
  /** A ledger upload: the multipart form's bytes and content type. */
  readonly form?: { readonly bytes: Uint8Array; readonly contentType: string }
}

/** A members ledger whose one row names no branch that exists: the check rejects it, writing nothing. */
const ledgerForm = async () => {
  const form = new FormData()
  form.append("file", new Blob(["姓名*,所属支部*,职务*\r\n钱错,不存在的支部,党员"]), "成员.csv")
  const encoded = new Response(form)
  return {
    bytes: new Uint8Array(await encoded.arrayBuffer()),
    contentType: encoded.headers.get("content-type") as string
  }
}

interface Spec {
  readonly policy: Policy
  readonly target: Target
  readonly success: 200 | 201 | 202
  /** The request `role` makes against `world` — after making, as the world's admin, what it needs. */
  readonly call: (world: World, role: Role, api: InProcess) => Promise<Call>
  /** The answer, for an operation whose rule no policy above states (sessions and invites). */
  readonly expect?: (role: Role, scope: Scope) => number
  /** Audit entries a success appends: one per record it changes (1 unless said). */
  readonly audits?: number
}

const allowed: Record<Exclude<Policy, "public" | "tenant">, ReadonlyArray<Role>> = {
  read: ["admin", "secretary", "member", "viewer"],
  personal: ["admin", "secretary"],
  manage: ["admin", "secretary"],
  own: ["admin", "secretary", "member"],
  administer: ["admin"]
}

/** The answer the access rules give. */
const expected = (spec: Spec, role: Role, scope: Scope): number => {
  if (spec.expect !== undefined) return spec.expect(role, scope)
  if (spec.policy === "public") return spec.success
  if (role === "anonymous") return 401
  if (spec.policy === "tenant") return spec.success
  if (spec.policy === "administer") {
    if (role !== "admin") return 403
    return scope === "foreign" && spec.target === "lookup" ? 404 : spec.success
  }
  if (scope === "foreign") {
    if (spec.target === "lookup") return 404
    if (role !== "admin") return 403
    return spec.target === "named" ? 404 : spec.success
  }
  if (!allowed[spec.policy].includes(role)) return 403
  if (scope === "other" && role !== "admin") return 403
  return spec.success
}

// ---- what each operation needs ------------------------------------------------------------------

const api$ = { current: undefined as unknown as InProcess }
const make = (world: World, path: string, body: unknown) => created(api$.current, world.admin, path, body)

const member = (w: World) => ({
  name: unique("新成员"),
  homeBranchId: w.branchId,
  role: "member",
  temporaryMemberships: []
})
const team = (w: World) => ({
  branchId: w.branchId,
  kind: "supervision_group",
  name: unique("督导组"),
  formedOn: "2024-01-10",
  members: [{ memberId: w.memberId, role: "leader" }]
})
const project = (w: World) => ({
  branchId: w.branchId,
  name: unique("护岸工程"),
  kind: "river_regulation",
  contractorIds: [],
  phases: [{ phase: "preliminary_procedures", startedOn: "2024-02-01" }],
  difficulties: []
})
const post = (w: World) => ({
  branchId: w.branchId,
  name: unique("先锋岗"),
  place: "码头",
  zoneId: w.zoneId,
  duties: ["keep_order"],
  roster: [
    { _tag: "VolunteerOnDuty", name: "陈小红", phone: "13700001111", since: "2024-05-01" },
    { _tag: "MemberOnDuty", memberId: w.memberId, since: "2024-05-01" }
  ],
  establishedOn: "2024-05-01"
})
const zone = (w: World) => ({
  branchId: w.branchId,
  code: unique("M").toUpperCase().slice(0, 20),
  name: unique("责任区"),
  riverSegments: ["北河"],
  resources: { cleaners: 1, boats: 0, crew: 1 }
})
const event = (w: World) => ({
  branchId: w.branchId,
  category: "litter_clearing",
  title: unique("清理"),
  date: "2024-04-12",
  links: { zoneId: w.zoneId },
  participantIds: [],
  outcomes: []
})
const campaign = (w: World) => ({
  branchId: w.branchId,
  name: unique("宣传月"),
  category: "publicity_campaign",
  themes: ["water_saving"],
  recursInMonth: 3,
  startedYear: 2024
})
const caseOf = (w: World) => ({
  branchId: w.branchId,
  kind: "routine",
  title: unique("护栏锈蚀"),
  description: "巡查发现",
  source: "patrol",
  severity: "low",
  zoneId: w.zoneId
})
const wish = (w: World) => ({
  branchId: w.branchId,
  communityId: w.communityId,
  title: unique("心愿"),
  beneficiary: "独居老人",
  postedAt: "2024-03-01T02:00:00.000Z"
})
const community = (w: World) => ({
  _tag: "Community",
  name: unique("社区"),
  district: "铁西区",
  pairedBranchIds: [w.branchId]
})
/** A record's data as an update takes it: without id and tenant. */
const changeOf = ({ id: _id, tenantId: _tenant, ...data }: Record<string, unknown>) => data
/** The member a member-role token acts as (in its own world), or the world's member. */
const actor = (w: World, role: Role) =>
  role === "member" && w.scope === "own" ? "member-liu-yang" : w.memberId

/** A wish claimed by the member `role` acts for. */
const claimedWish = async (w: World, role: Role) => {
  const posted = await make(w, "/v1/wishes", wish(w))
  const claim = await api$.current.request("POST", `/v1/wishes/${posted.id}/claim`, {
    token: w.admin,
    body: { memberId: actor(w, role) }
  })
  expect(claim.status, claim.text).toBe(200)
  return posted.id
}

const patrol = (w: World, role: Role) => ({
  zoneId: w.zoneId,
  memberId: actor(w, role),
  startedAt: "2024-05-01T01:00:00.000Z",
  litterCollected: "3.5",
  caseIds: []
})

/**
 * The void and restore actions of a kind: who may write the record may void it and restore it. The
 * record is made by the world's admin (and, for a restore, voided by it) before the request.
 */
const corrections = (
  path: string,
  made: (w: World, role: Role) => Promise<{ readonly id: string }>,
  policy: Policy = "manage"
): Record<string, Spec> => ({
  [`POST /v1${path}/{id}/void`]: {
    policy,
    target: "lookup",
    success: 200,
    call: async (w, role) => ({
      path: `/v1${path}/${(await made(w, role)).id}/void`,
      body: { reason: "误录" }
    })
  },
  [`POST /v1${path}/{id}/restore`]: {
    policy,
    target: "lookup",
    success: 200,
    call: async (w, role) => {
      const { id } = await made(w, role)
      const voided = await api$.current.request("POST", `/v1${path}/${id}/void`, {
        token: w.admin,
        body: { reason: "误录" }
      })
      expect(voided.status, voided.text).toBe(200)
      return { path: `/v1${path}/${id}/restore`, body: {} }
    }
  }
})

const specs: Record<string, Spec> = {
  // the tenant: read by every token, changed by admins (the path names no branch: every scope alike)
  "GET /v1/tenant": {
    policy: "tenant",
    target: "filter",
    success: 200,
    call: async () => ({ path: "/v1/tenant" })
  },
  "PUT /v1/tenant": {
    policy: "administer",
    target: "filter",
    success: 200,
    call: async () => ({ path: "/v1/tenant", body: { name: "四平市水利局", timeZone: "Asia/Shanghai" } })
  },
  // void and restore (作废, 恢复) of every voidable kind
  ...corrections("/organisations", (w) => make(w, "/v1/organisations", community(w))),
  ...corrections("/members", (w) => make(w, "/v1/members", member(w))),
  ...corrections("/teams", (w) => make(w, "/v1/teams", team(w))),
  ...corrections("/projects", (w) => make(w, "/v1/projects", project(w))),
  ...corrections("/pioneer-posts", (w) => make(w, "/v1/pioneer-posts", post(w))),
  ...corrections("/zones", (w) => make(w, "/v1/zones", zone(w))),
  ...corrections("/patrols", (w, role) => make(w, "/v1/patrols", patrol(w, role)), "own"),
  ...corrections("/events", (w) => make(w, "/v1/events", event(w))),
  ...corrections("/campaigns", (w) => make(w, "/v1/campaigns", campaign(w))),
  ...corrections("/cases", (w) => make(w, "/v1/cases", { ...caseOf(w), actorId: w.memberId })),
  ...corrections("/wishes", (w) => make(w, "/v1/wishes", wish(w))),
  // organisations
  "GET /v1/organisations": {
    policy: "tenant",
    target: "filter",
    success: 200,
    call: async (w) => ({ path: `/v1/organisations?parentId=${w.partyGroupId}&limit=500` })
  },
  "POST /v1/organisations": {
    policy: "manage",
    target: "named",
    success: 201,
    call: async (w) => ({ path: "/v1/organisations", body: community(w) })
  },
  "GET /v1/organisations/{id}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/organisations/${w.branchId}` })
  },
  "PUT /v1/organisations/{id}": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => {
      const made = await make(w, "/v1/organisations", community(w))
      return { path: `/v1/organisations/${made.id}`, body: changeOf(made) }
    }
  },
  "POST /v1/organisations/temporary-branches": {
    policy: "manage",
    target: "named",
    success: 201,
    call: async (w) => ({
      path: "/v1/organisations/temporary-branches",
      body: {
        name: unique("临时支部"),
        parentId: w.branchId,
        projectId: w.projectId,
        establishedOn: "2024-03-01"
      }
    })
  },
  "POST /v1/organisations/{id}/dissolve": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => {
      const made = await make(w, "/v1/organisations/temporary-branches", {
        name: unique("临时支部"),
        parentId: w.branchId,
        projectId: w.projectId,
        establishedOn: "2024-03-01"
      })
      return { path: `/v1/organisations/${made.id}/dissolve`, body: { dissolvedOn: "2024-12-31" } }
    }
  },
  // members
  "GET /v1/members": {
    policy: "read",
    target: "filter",
    success: 200,
    call: async (w) => ({ path: `/v1/members?homeBranchId=${w.branchId}` })
  },
  "POST /v1/members": {
    policy: "manage",
    target: "named",
    success: 201,
    call: async (w) => ({ path: "/v1/members", body: member(w) })
  },
  "GET /v1/members/{id}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/members/${w.memberId}` })
  },
  "PUT /v1/members/{id}": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => {
      const made = await make(w, "/v1/members", member(w))
      return { path: `/v1/members/${made.id}`, body: { ...changeOf(made), role: "committee_member" } }
    }
  },
  // teams
  "GET /v1/teams": {
    policy: "read",
    target: "filter",
    success: 200,
    call: async (w) => ({ path: `/v1/teams?branchId=${w.branchId}` })
  },
  "POST /v1/teams": {
    policy: "manage",
    target: "named",
    success: 201,
    call: async (w) => ({ path: "/v1/teams", body: team(w) })
  },
  "GET /v1/teams/{id}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/teams/${(await make(w, "/v1/teams", team(w))).id}` })
  },
  "PUT /v1/teams/{id}": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => {
      const made = await make(w, "/v1/teams", team(w))
      return { path: `/v1/teams/${made.id}`, body: { ...changeOf(made), disbandedOn: "2024-12-31" } }
    }
  },
  // projects
  "GET /v1/projects": {
    policy: "read",
    target: "filter",
    success: 200,
    call: async (w) => ({ path: `/v1/projects?branchId=${w.branchId}` })
  },
  "POST /v1/projects": {
    policy: "manage",
    target: "named",
    success: 201,
    call: async (w) => ({ path: "/v1/projects", body: project(w) })
  },
  "GET /v1/projects/{id}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/projects/${w.projectId}` })
  },
  "PUT /v1/projects/{id}": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => {
      const made = await make(w, "/v1/projects", project(w))
      return { path: `/v1/projects/${made.id}`, body: { ...changeOf(made), kind: "flood_control" } }
    }
  },
  "POST /v1/projects/{id}/phases": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => ({
      path: `/v1/projects/${(await make(w, "/v1/projects", project(w))).id}/phases`,
      body: { phase: "approval", startedOn: "2024-03-01" }
    })
  },
  "POST /v1/projects/{id}/difficulties": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => ({
      path: `/v1/projects/${(await make(w, "/v1/projects", project(w))).id}/difficulties`,
      body: { title: "征地协调" }
    })
  },
  "POST /v1/projects/{id}/difficulties/{difficultyId}/resolve": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => {
      const made = await make(w, "/v1/projects", project(w))
      const opened = await api$.current.request("POST", `/v1/projects/${made.id}/difficulties`, {
        token: w.admin,
        body: { title: "征地协调" }
      })
      expect(opened.status, opened.text).toBe(200)
      const difficulty = opened.body.data.difficulties[0].id as string
      return {
        path: `/v1/projects/${made.id}/difficulties/${difficulty}/resolve`,
        body: { resolution: "协商解决" }
      }
    }
  },
  // pioneer posts
  "GET /v1/pioneer-posts": {
    policy: "read",
    target: "filter",
    success: 200,
    call: async (w) => ({ path: `/v1/pioneer-posts?branchId=${w.branchId}` })
  },
  "POST /v1/pioneer-posts": {
    policy: "manage",
    target: "named",
    success: 201,
    call: async (w) => ({ path: "/v1/pioneer-posts", body: post(w) })
  },
  "GET /v1/pioneer-posts/{id}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/pioneer-posts/${(await make(w, "/v1/pioneer-posts", post(w))).id}` })
  },
  "PUT /v1/pioneer-posts/{id}": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => {
      const made = await make(w, "/v1/pioneer-posts", post(w))
      return { path: `/v1/pioneer-posts/${made.id}`, body: { ...changeOf(made), dutyNotes: "汛期加岗" } }
    }
  },
  "POST /v1/pioneer-posts/{id}/roster": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => ({
      path: `/v1/pioneer-posts/${(await make(w, "/v1/pioneer-posts", post(w))).id}/roster`,
      body: { _tag: "VolunteerOnDuty", name: "林晓东", phone: "13700002222", since: "2024-06-01" }
    })
  },
  "DELETE /v1/pioneer-posts/{id}/roster/members/{memberId}": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => ({
      path: `/v1/pioneer-posts/${(await make(w, "/v1/pioneer-posts", post(w))).id}/roster/members/${w.memberId}`
    })
  },
  "DELETE /v1/pioneer-posts/{id}/roster/volunteers/{name}": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => ({
      path: `/v1/pioneer-posts/${(await make(w, "/v1/pioneer-posts", post(w))).id}/roster/volunteers/${encodeURIComponent("陈小红")}`
    })
  },
  // zones and patrols
  "GET /v1/zones": {
    policy: "read",
    target: "filter",
    success: 200,
    call: async (w) => ({ path: `/v1/zones?branchId=${w.branchId}` })
  },
  "POST /v1/zones": {
    policy: "manage",
    target: "named",
    success: 201,
    call: async (w) => ({ path: "/v1/zones", body: zone(w) })
  },
  "GET /v1/zones/{id}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/zones/${w.zoneId}` })
  },
  "PUT /v1/zones/{id}": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => {
      const made = await make(w, "/v1/zones", zone(w))
      return { path: `/v1/zones/${made.id}`, body: { ...changeOf(made), responsibleMemberId: w.memberId } }
    }
  },
  "GET /v1/patrols": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/patrols?zoneId=${w.zoneId}` })
  },
  "POST /v1/patrols": {
    policy: "own",
    target: "lookup",
    success: 201,
    call: async (w, role) => ({ path: "/v1/patrols", body: patrol(w, role) })
  },
  "GET /v1/patrols/{id}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/patrols/${(await make(w, "/v1/patrols", patrol(w, "admin"))).id}` })
  },
  // events and campaigns
  "GET /v1/events": {
    policy: "read",
    target: "filter",
    success: 200,
    call: async (w) => ({ path: `/v1/events?branchId=${w.branchId}` })
  },
  "POST /v1/events": {
    policy: "manage",
    target: "named",
    success: 201,
    call: async (w) => ({ path: "/v1/events", body: event(w) })
  },
  "GET /v1/events/{id}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/events/${(await make(w, "/v1/events", event(w))).id}` })
  },
  "PUT /v1/events/{id}": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => {
      const made = await make(w, "/v1/events", event(w))
      return { path: `/v1/events/${made.id}`, body: { ...changeOf(made), title: unique("改名") } }
    }
  },
  "POST /v1/events/{id}/participants": {
    policy: "own",
    target: "lookup",
    success: 200,
    call: async (w, role) => ({
      path: `/v1/events/${(await make(w, "/v1/events", event(w))).id}/participants`,
      body: role === "member" ? {} : { memberId: w.memberId }
    })
  },
  "GET /v1/campaigns": {
    policy: "read",
    target: "filter",
    success: 200,
    call: async (w) => ({ path: `/v1/campaigns?branchId=${w.branchId}` })
  },
  "POST /v1/campaigns": {
    policy: "manage",
    target: "named",
    success: 201,
    call: async (w) => ({ path: "/v1/campaigns", body: campaign(w) })
  },
  "GET /v1/campaigns/{id}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/campaigns/${(await make(w, "/v1/campaigns", campaign(w))).id}` })
  },
  "GET /v1/branches/{branchId}/campaigns/{year}": {
    policy: "read",
    target: "named",
    success: 200,
    call: async (w) => ({ path: `/v1/branches/${w.branchId}/campaigns/2023` })
  },
  // communities
  "GET /v1/communities/{id}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/communities/${w.communityId}` })
  },
  "GET /v1/communities/{id}/ledger/{year}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/communities/${w.communityId}/ledger/2023` })
  },
  "POST /v1/communities/{id}/service": {
    // The member (read first) must be registered with the community: the seed's 刘洋 is, at 中兴社区;
    // elsewhere a member is registered first. A member-role token records for itself only.
    policy: "own",
    target: "lookup",
    success: 201,
    call: async (w, role) => {
      const registered =
        w.scope === "own"
          ? w.memberId
          : (
              await make(w, "/v1/members", {
                ...member(w),
                communityRegistration: { communityId: w.communityId, registeredOn: "2024-01-01" }
              })
            ).id
      const service = { date: "2024-05-18", hours: "2", title: unique("楼道清理") }
      return {
        path: `/v1/communities/${w.communityId}/service`,
        body: role === "member" && w.scope === "own" ? service : { ...service, memberId: registered }
      }
    }
  },
  // cases
  "GET /v1/cases": {
    policy: "read",
    target: "filter",
    success: 200,
    call: async (w) => ({ path: `/v1/cases?branchId=${w.branchId}` })
  },
  "POST /v1/cases": {
    policy: "own",
    target: "named",
    success: 201,
    call: async (w) => ({ path: "/v1/cases", body: caseOf(w) })
  },
  "GET /v1/cases/{id}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({
      path: `/v1/cases/${(await make(w, "/v1/cases", { ...caseOf(w), actorId: w.memberId })).id}`
    })
  },
  "POST /v1/cases/{id}/{stage}": {
    // A member resolves the case assigned to it; the other steps are the secretaries'.
    policy: "own",
    target: "lookup",
    success: 200,
    call: async (w, role) => {
      const opened = await make(w, "/v1/cases", { ...caseOf(w), actorId: w.memberId })
      if (role !== "member") return { path: `/v1/cases/${opened.id}/acknowledged`, body: {} }
      for (const [stage, body] of [
        ["acknowledged", {}],
        ["assigned", { assigneeId: actor(w, role) }]
      ] as const) {
        const step = await api$.current.request("POST", `/v1/cases/${opened.id}/${stage}`, {
          token: w.admin,
          body
        })
        expect(step.status, step.text).toBe(200)
      }
      return { path: `/v1/cases/${opened.id}/resolved`, body: { note: "已处理" } }
    }
  },
  "POST /v1/cases/{id}/close": {
    // A secretary closes a resident's report as spam; members and viewers may not.
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => {
      const opened = await make(w, "/v1/cases", { ...caseOf(w), source: "resident", actorId: w.memberId })
      return { path: `/v1/cases/${opened.id}/close`, body: { as: "spam", note: "广告" } }
    }
  },
  // response policies
  "GET /v1/branches/{branchId}/response-policy": {
    policy: "read",
    target: "named",
    success: 200,
    call: async (w) => ({ path: `/v1/branches/${w.branchId}/response-policy` })
  },
  "PUT /v1/branches/{branchId}/response-policy": {
    policy: "manage",
    target: "named",
    success: 200,
    call: async (w) => ({
      path: `/v1/branches/${w.branchId}/response-policy`,
      body: ResponsePolicy.defaultPolicy
    })
  },
  // wishes
  "GET /v1/wishes": {
    policy: "read",
    target: "filter",
    success: 200,
    call: async (w) => ({ path: `/v1/wishes?branchId=${w.branchId}` })
  },
  "POST /v1/wishes": {
    policy: "manage",
    target: "named",
    success: 201,
    call: async (w) => ({ path: "/v1/wishes", body: wish(w) })
  },
  "GET /v1/wishes/{id}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/wishes/${(await make(w, "/v1/wishes", wish(w))).id}` })
  },
  "POST /v1/wishes/{id}/claim": {
    policy: "own",
    target: "lookup",
    success: 200,
    call: async (w, role) => ({
      path: `/v1/wishes/${(await make(w, "/v1/wishes", wish(w))).id}/claim`,
      body: role === "member" ? {} : { memberId: w.memberId }
    })
  },
  "POST /v1/wishes/{id}/fulfil": {
    policy: "own",
    target: "lookup",
    success: 200,
    call: async (w, role) => ({
      path: `/v1/wishes/${await claimedWish(w, role)}/fulfil`,
      body: { note: "已送达" }
    })
  },
  "POST /v1/wishes/{id}/release": {
    policy: "own",
    target: "lookup",
    success: 200,
    call: async (w, role) => ({ path: `/v1/wishes/${await claimedWish(w, role)}/release`, noBody: true })
  },
  "POST /v1/wishes/{id}/withdraw": {
    policy: "manage",
    target: "lookup",
    success: 200,
    call: async (w) => ({
      path: `/v1/wishes/${(await make(w, "/v1/wishes", wish(w))).id}/withdraw`,
      body: { reason: "已解决" }
    })
  },
  // audit
  "GET /v1/audit": {
    policy: "administer",
    target: "filter",
    success: 200,
    call: async (w) => ({ path: `/v1/audit?entityId=${w.branchId}` })
  },
  "GET /v1/audit/{id}": {
    policy: "administer",
    target: "lookup",
    success: 200,
    call: async (w) => {
      // The entry of a record made for the purpose, read through the world's own admin.
      const { id } = await make(w, "/v1/zones", zone(w))
      const entries = await api$.current.request("GET", `/v1/audit?entityId=${id}`, { token: w.admin })
      return { path: `/v1/audit/${entries.body.items[0].data.id}` }
    }
  },
  // reports
  "GET /v1/branches/{branchId}/reports/annual/{year}": {
    policy: "read",
    target: "named",
    success: 200,
    call: async (w) => ({ path: `/v1/branches/${w.branchId}/reports/annual/2023` })
  },
  "GET /v1/branches/{branchId}/reports/annual/{year}/figures/{key}": {
    policy: "read",
    target: "named",
    success: 200,
    call: async (w) => ({
      path: `/v1/branches/${w.branchId}/reports/annual/2023/figures/responsibility_zones`
    })
  },
  "GET /v1/branches/{branchId}/reports/annual/{year}/csv": {
    policy: "read",
    target: "named",
    success: 200,
    call: async (w) => ({ path: `/v1/branches/${w.branchId}/reports/annual/2023/csv` })
  },
  "GET /v1/branches/{branchId}/reports/zones": {
    policy: "read",
    target: "named",
    success: 200,
    call: async (w) => ({ path: `/v1/branches/${w.branchId}/reports/zones?from=2023-01-01&to=2023-12-31` })
  },
  "GET /v1/branches/{branchId}/reports/counts": {
    policy: "read",
    target: "named",
    success: 200,
    call: async (w) => ({ path: `/v1/branches/${w.branchId}/reports/counts?from=2023-01-01&to=2023-12-31` })
  },
  "GET /v1/branches/{branchId}/reports/members": {
    policy: "personal",
    target: "named",
    success: 200,
    call: async (w) => ({ path: `/v1/branches/${w.branchId}/reports/members?from=2023-01-01&to=2023-12-31` })
  },
  // the public signboard: anyone, any tenant; a token changes nothing
  "GET /v1/public/{tenantId}": {
    policy: "public",
    target: "named",
    success: 200,
    call: async (w) => ({ path: `/v1/public/${w.tenantId}` })
  },
  "GET /v1/public/{tenantId}/zones/{code}": {
    policy: "public",
    target: "named",
    success: 200,
    call: async (w) => ({ path: `/v1/public/${w.tenantId}/zones/${encodeURIComponent(w.zoneCode)}` })
  },
  "GET /v1/public/{tenantId}/zones": {
    policy: "public",
    target: "named",
    success: 200,
    call: async (w) => ({ path: `/v1/public/${w.tenantId}/zones` })
  },
  "GET /v1/public/{tenantId}/pioneer-posts": {
    policy: "public",
    target: "named",
    success: 200,
    call: async (w) => ({ path: `/v1/public/${w.tenantId}/pioneer-posts` })
  },
  "GET /v1/public/{tenantId}/branches/{branchId}/reports/annual/{year}": {
    policy: "public",
    target: "named",
    success: 200,
    call: async (w) => ({ path: `/v1/public/${w.tenantId}/branches/${w.branchId}/reports/annual/2023` })
  },
  "POST /v1/public/{tenantId}/zones/{code}/problems": {
    policy: "public",
    target: "named",
    success: 202,
    call: async (w) => ({
      path: `/v1/public/${w.tenantId}/zones/${encodeURIComponent(w.zoneCode)}/problems`,
      body: { title: "河面漂浮垃圾", description: "桥下一片漂浮物" }
    })
  },
  "POST /v1/public/{tenantId}/zones/{code}/problems/{caseId}/follow": {
    // "me too" on a fresh report each time: one a day per client and problem
    policy: "public",
    target: "named",
    success: 200,
    call: async (w) => {
      const reported = await residentReport(w)
      return {
        path: `/v1/public/${w.tenantId}/zones/${encodeURIComponent(w.zoneCode)}/problems/${reported.caseId}/follow`,
        noBody: true
      }
    }
  },
  "POST /v1/public/{tenantId}/receipts/{code}/photos": {
    policy: "public",
    target: "named",
    success: 201,
    call: async (w) => ({ path: `${(await residentReport(w)).statusUrl}/photos`, photo: await smallJpeg })
  },
  "GET /v1/cases/{id}/photos": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: `/v1/cases/${(await reportWithPhoto(w)).caseId}/photos` })
  },
  "GET /v1/cases/{id}/photos/{photoId}": {
    policy: "read",
    target: "lookup",
    success: 200,
    call: async (w) => ({ path: (await reportWithPhoto(w)).photoUrl })
  },
  "GET /v1/public/{tenantId}/receipts/{code}": {
    policy: "public",
    target: "named",
    success: 200,
    call: async (w) => {
      const reported = await api$.current.request(
        "POST",
        `/v1/public/${w.tenantId}/zones/${encodeURIComponent(w.zoneCode)}/problems`,
        { body: { title: "河面漂浮垃圾", description: "桥下一片漂浮物" } }
      )
      expect(reported.status, reported.text).toBe(202)
      return { path: reported.body.statusUrl as string }
    }
  }
}

/** A resident's report on the world's zone: its case id and status URL. */
const residentReport = async (w: World) => {
  const reported = await api$.current.request(
    "POST",
    `/v1/public/${w.tenantId}/zones/${encodeURIComponent(w.zoneCode)}/problems`,
    { body: { category: "litter", description: "桥下一片漂浮物" } }
  )
  expect(reported.status, reported.text).toBe(202)
  return reported.body as { caseId: string; statusUrl: string }
}

/** A resident's report with a photo: its case and the photo's URL, as the world's admin lists it. */
const reportWithPhoto = async (w: World) => {
  const reported = await residentReport(w)
  const added = await api$.current.request("POST", `${reported.statusUrl}/photos`, {
    bytes: await smallJpeg,
    headers: { "content-type": "image/jpeg" }
  })
  expect(added.status, added.text).toBe(201)
  const listed = await api$.current.request("GET", `/v1/cases/${reported.caseId}/photos`, { token: w.admin })
  expect(listed.status, listed.text).toBe(200)
  return { caseId: reported.caseId, photoUrl: listed.body[0].url as string }
}

const smallJpeg = sharp({ create: { width: 8, height: 8, channels: 3, background: "#336699" } })
  .jpeg()
  .toBuffer()
  .then((buffer) => new Uint8Array(buffer))

// sessions and invites: an invite the world's admin makes (a viewer of the world's branch), and a
// session started with one — a session no token of the matrix owns
const inviteOf = async (w: World) => {
  const reply = await api$.current.request("POST", "/v1/invites", {
    token: w.admin,
    body: { role: "viewer", branchId: w.branchId, label: unique("查看者") }
  })
  expect(reply.status, reply.text).toBe(200)
  return reply.body as { readonly id: string; readonly code: string }
}
const sessionOf = async (w: World) => {
  const reply = await api$.current.request("POST", "/v1/sign-in", {
    body: { code: (await inviteOf(w)).code }
  })
  expect(reply.status, reply.text).toBe(200)
  return reply.body.session as { readonly id: string }
}
Object.assign(specs, {
  // the code is the credential: any caller, a bearer or none; the session starts and the invite is used
  "POST /v1/sign-in": {
    policy: "public",
    target: "lookup",
    success: 200,
    audits: 2,
    call: async (w) => ({ path: "/v1/sign-in", body: { code: (await inviteOf(w)).code } })
  },
  "GET /v1/session": {
    policy: "tenant",
    target: "filter",
    success: 200,
    call: async () => ({ path: "/v1/session" })
  },
  "GET /v1/sessions": {
    policy: "tenant",
    target: "filter",
    success: 200,
    call: async () => ({ path: "/v1/sessions" })
  },
  // another's session: an admin's to revoke; another tenant's is not found
  // ledgers: imports write records of any branch of the tenant — admins only; a check writes nothing
  "POST /v1/imports": {
    policy: "administer",
    target: "filter",
    success: 200,
    expect: (role) => (role === "anonymous" ? 401 : role === "admin" ? 200 : 403),
    audits: 0,
    call: async () => ({ path: "/v1/imports?mode=validate", form: await ledgerForm() })
  },
  // an errors file: its tenant's admins only; another tenant's is not found
  "GET /v1/imports/{id}/errors": {
    policy: "administer",
    target: "lookup",
    success: 200,
    expect: (role, scope) =>
      role === "anonymous" ? 401 : scope === "foreign" ? 404 : role === "admin" ? 200 : 403,
    call: async (w) => {
      const form = await ledgerForm()
      const checked = await api$.current.request("POST", "/v1/imports?mode=validate", {
        token: w.admin,
        bytes: form.bytes,
        headers: { "content-type": form.contentType }
      })
      return { path: checked.body.errorsFile }
    }
  },
  // exports: every branch's records with their personal data — admins only; the token's tenant's own
  "GET /v1/export": {
    policy: "administer",
    target: "filter",
    success: 200,
    expect: (role) => (role === "anonymous" ? 401 : role === "admin" ? 200 : 403),
    audits: 0,
    call: async () => ({ path: "/v1/export?format=csv&kind=zones" })
  },
  // another's session: an admin's to read; another tenant's is not found
  "GET /v1/sessions/{id}": {
    policy: "administer",
    target: "lookup",
    success: 200,
    expect: (role, scope) =>
      role === "anonymous" ? 401 : scope === "foreign" ? 404 : role === "admin" ? 200 : 403,
    call: async (w) => ({ path: `/v1/sessions/${(await sessionOf(w)).id}` })
  },
  "POST /v1/sessions/{id}/revoke": {
    policy: "administer",
    target: "lookup",
    success: 200,
    expect: (role, scope) =>
      role === "anonymous" ? 401 : scope === "foreign" ? 404 : role === "admin" ? 200 : 403,
    call: async (w) => ({ path: `/v1/sessions/${(await sessionOf(w)).id}/revoke`, noBody: true })
  },
  // who may make one: an admin, a secretary in their subtree (the branch is named, as a record's)
  "POST /v1/invites": {
    policy: "manage",
    target: "named",
    success: 200,
    call: async (w) => ({
      path: "/v1/invites",
      body: { role: "viewer", branchId: w.branchId, label: unique("查看者") }
    })
  },
  // an admin's list is the tenant's, a secretary's their subtree's (no branch asked for)
  "GET /v1/invites": {
    policy: "personal",
    target: "filter",
    success: 200,
    expect: (role) => (role === "anonymous" ? 401 : role === "admin" || role === "secretary" ? 200 : 403),
    call: async () => ({ path: "/v1/invites" })
  },
  // read by who may see it: an admin, a secretary of its branch's subtree
  "GET /v1/invites/{id}": {
    policy: "manage",
    target: "lookup",
    success: 200,
    expect: (role, scope) =>
      role === "anonymous"
        ? 401
        : role === "member" || role === "viewer"
          ? 403
          : scope === "foreign"
            ? 404
            : scope === "other" && role !== "admin"
              ? 403
              : 200,
    call: async (w) => ({ path: `/v1/invites/${(await inviteOf(w)).id}` })
  },
  "POST /v1/invites/{id}/revoke": {
    policy: "manage",
    target: "lookup",
    success: 200,
    expect: (role, scope) =>
      role === "anonymous"
        ? 401
        : role === "member" || role === "viewer"
          ? 403
          : scope === "foreign"
            ? 404
            : scope === "other" && role !== "admin"
              ? 403
              : 200,
    call: async (w) => ({ path: `/v1/invites/${(await inviteOf(w)).id}/revoke`, noBody: true })
  }
} satisfies Record<string, Spec>)

/** Every operation of the route table: `METHOD /path`. */
const document = OpenApi.fromApi(Api) as unknown as { paths: Record<string, Record<string, unknown>> }
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)
)

let api: InProcess
let worlds: Record<Scope, World>
let tokens: Record<Exclude<Role, "anonymous">, string>
let auditBefore: ReadonlyArray<{ id: string; doc: string }> = []
/** Every answer of the matrix is also checked against the served document (test/support/conformance.ts). */
let contract: ReturnType<typeof conformance>

const auditRows = () => api.sql<{ id: string; doc: string }>("SELECT id, doc FROM audit_log ORDER BY id")
const auditCount = async () =>
  Number((await api.sql<{ n: number }>("SELECT count(*) AS n FROM audit_log"))[0]?.n)

beforeAll(async () => {
  api = await startInProcess()
  api$.current = api
  const admin = await api.token({ role: "admin" })
  tokens = {
    admin,
    secretary: await api.token({
      role: "secretary",
      branchId: "branch-nanbeihe",
      memberId: "member-wang-jianhua"
    }),
    member: await api.token({ role: "member", branchId: "branch-nanbeihe", memberId: "member-liu-yang" }),
    viewer: await api.token({ role: "viewer", branchId: "branch-nanbeihe" })
  }
  worlds = await makeWorlds(api, admin)
  contract = conformance((await api.request("GET", "/openapi.json")).body)
  auditBefore = await auditRows()
}, 60_000)

afterAll(() => api?.dispose())

describe("the authorisation matrix", () => {
  it("covers every operation of the route table, and nothing else", () => {
    expect(operations.length).toBeGreaterThan(50)
    expect(operations.filter((op) => specs[op] === undefined)).toEqual([])
    expect(Object.keys(specs).filter((op) => !operations.includes(op))).toEqual([])
  })

  describe.each(operations)("%s", (operation) => {
    it(`answers each role in each scope as the access rules say; writes are audited once`, async () => {
      const spec = specs[operation]
      if (spec === undefined) throw new Error(`no spec for ${operation}`)
      const method = operation.split(" ")[0] as string
      const write = method !== "GET"
      const wrong: Array<string> = []
      for (const scope of scopes) {
        for (const role of roles) {
          const world = worlds[scope]
          const call = await spec.call(world, role, api)
          const before = write ? await auditCount() : 0
          const reply = await api.request(method, call.path, {
            ...(role === "anonymous" ? {} : { token: tokens[role] }),
            ...(call.noBody === true || call.body === undefined ? {} : { body: call.body }),
            ...(call.photo === undefined
              ? {}
              : { bytes: call.photo, headers: { "content-type": "image/jpeg" } }),
            ...(call.form === undefined
              ? {}
              : { bytes: call.form.bytes, headers: { "content-type": call.form.contentType } })
          })
          const want = expected(spec, role, scope)
          const cell = `${role} × ${scope}`
          wrong.push(...contract.check(method, call.path, reply))
          if (reply.status !== want)
            wrong.push(`${cell}: expected ${want}, got ${reply.status} ${reply.text.slice(0, 200)}`)
          if (reply.status >= 400) {
            if (
              reply.headers.get("content-type") !== "application/problem+json" ||
              reply.body?.status !== reply.status
            )
              wrong.push(`${cell}: ${reply.status} is not a problem document`)
          } else if (spec.policy !== "public") {
            // No success leaks another tenant's records, nor — below admin — another branch's.
            const leaks = [worlds.foreign.branchId, worlds.foreign.tenantId, worlds.foreign.memberId]
            if (role !== "admin")
              leaks.push(worlds.other.branchId, worlds.other.memberId, worlds.other.zoneId)
            for (const id of leaks) if (reply.text.includes(id)) wrong.push(`${cell}: the answer shows ${id}`)
          }
          if (write) {
            const appended = (await auditCount()) - before
            const want = reply.status < 300 ? (spec.audits ?? 1) : 0
            if (appended !== want)
              wrong.push(`${cell}: ${reply.status} appended ${appended} audit entries, not ${want}`)
          }
        }
      }
      expect(wrong).toEqual([])
    })
  })
})

describe("the matrix's answers against the served document", () => {
  it("checked every operation's success and its refusals with the independent validator", () => {
    // Runs after the matrix above (tests of a file run in order): each answer went through `contract`.
    const missing = operations.filter((operation) => {
      const statuses = contract.covered.get(operation)
      const spec = specs[operation]
      return statuses === undefined || spec === undefined || !statuses.has(spec.success)
    })
    expect(missing).toEqual([])
  })
})

describe("the audit log", () => {
  it("cannot be written, changed or deleted through the API, by anyone", async () => {
    const [first] = auditBefore
    if (first === undefined) throw new Error("no audit entries")
    const before = await auditCount()
    for (const path of ["/v1/audit", `/v1/audit/${first.id}`, "/v1/audit?entity=case"]) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        for (const role of roles) {
          const reply = await api.request(method, path, {
            ...(role === "anonymous" ? {} : { token: tokens[role] }),
            ...(method === "DELETE" ? {} : { body: { entity: "case", action: "delete", before: null } })
          })
          expect([404, 405], `${method} ${path} as ${role}: ${reply.status}`).toContain(reply.status)
          expect(reply.headers.get("content-type")).toBe("application/problem+json")
        }
      }
    }
    expect(await auditCount()).toBe(before)
  })

  it("was only appended to: every entry from before the matrix is unchanged", async () => {
    const after = new Map((await auditRows()).map((row) => [row.id, row.doc]))
    expect(after.size).toBeGreaterThan(auditBefore.length)
    const changed = auditBefore.filter((row) => after.get(row.id) !== row.doc).map((row) => row.id)
    expect(changed).toEqual([])
  })
})

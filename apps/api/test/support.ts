/**
 * In-process API tests: the Hono app over a temporary SQLite file with the seed branch, called with
 * `app.request`, and bearer tokens issued through the `AccessTokens` service on the same database.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Access, Ids } from "@bishui/domain"
import { AccessTokens } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect, ManagedRuntime } from "effect"
import { expect } from "vitest"
import { appLayer, makeServer, type ServerOptions } from "../src/server/Server.ts"

export const tenantId = Seed.seedTenantId

/** Seed ids the tests lean on. */
export const seed = {
  branch: Seed.seedBranchId as string,
  partyGroup: "partygroup-siping-water",
  tbNanhe: "tempbranch-nanhe-phase1",
  tbXihu: "tempbranch-xihu-wetland",
  zhongxing: "community-zhongxing",
  contractorRepair: "contractor-emergency-repair",
  projectNanhe: "project-nanhe-phase1",
  projectXihu: "project-xihu-wetland",
  secretary: "member-wang-jianhua",
  liu: "member-liu-yang",
  zhang: "member-zhang-wei",
  zhou: "member-zhou-min",
  zoneNh01: "zone-nh-01",
  zoneXh01: "zone-xh-01",
  post: "post-yuepingtan",
  caseSignboard: "case-2023-xh01-litter",
  campaign: "campaign-river-regulations-november"
} as const

export interface Reply {
  readonly status: number
  readonly headers: Headers
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are inspected freely in tests
  readonly body: any
}

export interface TokenRequest {
  readonly role: Access.Role
  readonly branchId?: string
  readonly memberId?: string
}

export interface TestApi {
  readonly request: (
    method: string,
    path: string,
    options?: {
      readonly token?: string | undefined
      readonly body?: unknown
      readonly headers?: Record<string, string>
    }
  ) => Promise<Reply>
  readonly get: (path: string, token?: string, headers?: Record<string, string>) => Promise<Reply>
  readonly post: (
    path: string,
    body: unknown,
    token?: string,
    headers?: Record<string, string>
  ) => Promise<Reply>
  readonly put: (
    path: string,
    body: unknown,
    token?: string,
    headers?: Record<string, string>
  ) => Promise<Reply>
  readonly del: (path: string, token?: string, headers?: Record<string, string>) => Promise<Reply>
  /** A bearer token of the seed tenant. */
  readonly token: (request: TokenRequest) => Promise<string>
  /** Tokens most tests need: admin, the seed branch's secretary, member (刘洋) and viewer. */
  readonly tokens: {
    readonly admin: string
    readonly secretary: string
    readonly member: string
    readonly viewer: string
  }
  /** The SQLite file the app serves. */
  readonly databaseUrl: string
  /** The Hono app itself, for requests the helpers above would decode (raw bytes, a socket's address). */
  readonly app: Awaited<ReturnType<typeof makeServer>>["app"]
  readonly dispose: () => Promise<void>
}

/**
 * Start the app on a fresh seeded SQLite file, or on `extra.databaseUrl` (a fresh PostgreSQL database,
 * which the caller drops). Call `dispose` in `afterAll`.
 */
export const startApi = async (extra: Partial<ServerOptions> = {}): Promise<TestApi> => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-api-test-"))
  const databaseUrl = extra.databaseUrl ?? join(dir, "bishui.db")
  const server = await makeServer({
    databaseUrl,
    seed: true,
    publicRateLimit: 1000,
    reportsPerHour: 1000,
    corsOrigins: [],
    log: () => {},
    ...extra
  })
  // Tokens are issued on their own connection to the same file, as the admin command does.
  const runtime = ManagedRuntime.make(appLayer(databaseUrl))

  const token = (request: TokenRequest) =>
    runtime.runPromise(
      Effect.gen(function* () {
        const tokens = yield* AccessTokens.AccessTokens
        const issued = yield* tokens.issue({
          tenantId,
          role: request.role,
          branchId: request.branchId as Ids.OrganisationId | undefined,
          memberId: request.memberId as Ids.MemberId | undefined,
          label: `test ${request.role}`
        })
        return issued.token
      })
    )

  const request: TestApi["request"] = async (method, path, options = {}) => {
    const headers = new Headers(options.headers)
    if (options.token !== undefined) headers.set("authorization", `Bearer ${options.token}`)
    if (options.body !== undefined) headers.set("content-type", "application/json")
    // As fetch sends a POST without a body.
    else if (method !== "GET" && method !== "DELETE") headers.set("content-length", "0")
    const response = await server.app.request(path, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) })
    })
    const text = await response.text()
    const type = response.headers.get("content-type") ?? ""
    return {
      status: response.status,
      headers: response.headers,
      body: type.includes("json") && text.length > 0 ? JSON.parse(text) : text
    }
  }

  const tokens = {
    admin: await token({ role: "admin" }),
    secretary: await token({ role: "secretary", branchId: seed.branch, memberId: seed.secretary }),
    member: await token({ role: "member", branchId: seed.branch, memberId: seed.liu }),
    viewer: await token({ role: "viewer", branchId: seed.branch })
  }

  return {
    request,
    get: (path, token, headers) => request("GET", path, { token, ...(headers ? { headers } : {}) }),
    post: (path, body, token, headers) =>
      request("POST", path, { token, body, ...(headers ? { headers } : {}) }),
    put: (path, body, token, headers) =>
      request("PUT", path, { token, body, ...(headers ? { headers } : {}) }),
    del: (path, token, headers) => request("DELETE", path, { token, ...(headers ? { headers } : {}) }),
    token,
    tokens,
    databaseUrl,
    app: server.app,
    dispose: async () => {
      await runtime.dispose()
      await server.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** A second standing branch under the Party group, with its secretary's token. */
export const otherBranch = async (api: TestApi, name = "四平市水文站党支部") => {
  const created = await api.post(
    "/v1/organisations",
    { _tag: "StandingBranch", name, parentId: seed.partyGroup, honours: [] },
    api.tokens.admin
  )
  expect(created.status).toBe(201)
  const id = created.body.data.id as string
  return { id, secretary: await api.token({ role: "secretary", branchId: id }) }
}

/** Expect an RFC 9457 problem with a status. */
export const expectProblem = (reply: Reply, status: number) => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status)
  expect(reply.headers.get("content-type")).toContain("application/problem+json")
  expect(reply.body.status).toBe(status)
  // Its type is a page of bishui's own that explains it (problem-types.test.ts serves each one).
  expect(reply.body.type).toMatch(/^\/problems\/[a-z-]+$/)
  expect(typeof reply.body.title).toBe("string")
}

/**
 * The round trip every kind of record keeps: create (201, ETag) → get (ETag) → list → update with
 * `If-Match` → stale `If-Match` 412; an `Idempotency-Key` replay returns the same record and creates
 * no second one; the same key with another body is refused; a missing record is 404; a body that
 * does not match is 422; without a token 401.
 */
export const expectCrud = async (
  api: TestApi,
  options: {
    readonly path: string
    readonly token: string
    readonly create: Record<string, unknown>
    /** The body of an update, from the created record's data (without id and tenantId). */
    readonly change: (data: Record<string, unknown>) => Record<string, unknown>
    /** A query that lists the created record. */
    readonly listQuery?: string
    /** Change a create body so it is a different, valid record (for the key reuse check). */
    readonly another?: (body: Record<string, unknown>) => Record<string, unknown>
  }
) => {
  const { path, token } = options
  const key = `key-${Math.random().toString(36).slice(2)}`
  const created = await api.post(path, options.create, token, { "idempotency-key": key })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  expect(created.headers.get("etag")).toBe('"1"')
  const id = created.body.data.id as string

  const replay = await api.post(path, options.create, token, { "idempotency-key": key })
  expect(replay.status).toBe(201)
  expect(replay.body.data.id).toBe(id)
  if (options.another !== undefined) {
    const reused = await api.post(path, options.another(options.create), token, { "idempotency-key": key })
    expectProblem(reused, 422)
  }

  const got = await api.get(`${path}/${id}`, token)
  expect(got.status).toBe(200)
  expect(got.headers.get("etag")).toBe('"1"')
  expect(got.body.data.id).toBe(id)

  const listed = await api.get(`${path}?limit=500${options.listQuery ?? ""}`, token)
  expect(listed.status).toBe(200)
  expect(listed.body.items.filter((item: { data: { id: string } }) => item.data.id === id)).toHaveLength(1)

  const { id: _id, tenantId: _tenant, ...data } = got.body.data
  const changed = options.change(data)
  const updated = await api.put(`${path}/${id}`, changed, token, { "if-match": '"1"' })
  expect(updated.status, JSON.stringify(updated.body)).toBe(200)
  expect(updated.headers.get("etag")).toBe('"2"')
  expect(updated.body.version).toBe(2)

  const stale = await api.put(`${path}/${id}`, changed, token, { "if-match": '"1"' })
  expectProblem(stale, 412)

  expectProblem(await api.get(`${path}/no-such-record`, token), 404)
  expectProblem(await api.put(`${path}/no-such-record`, changed, token), 404)
  expectProblem(await api.post(path, { nonsense: true }, token), 422)
  expectProblem(await api.get(`${path}/${id}`), 401)
  expectProblem(await api.get(path), 401)
  return { id, created: created.body, updated: updated.body }
}

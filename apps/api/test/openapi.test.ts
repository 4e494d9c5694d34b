import { Errors } from "@bishui/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { describeProblem, lintWithRedocly } from "../scripts/redocly.ts"
import { operationTexts } from "../src/api/OperationTexts.ts"
import { startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

describe("OpenAPI document", () => {
  it("has a GET by id for every kind of record", async () => {
    const doc = await api.get("/openapi.json")
    // Where each kind of record the domain names is read by its id (an idempotency key is the
    // server's own bookkeeping: never a record a client reads).
    const readAt: Record<Exclude<Errors.EntityKind, "idempotency_key">, string> = {
      tenant: "/v1/tenant",
      organisation: "/v1/organisations/{id}",
      member: "/v1/members/{id}",
      team: "/v1/teams/{id}",
      pioneer_post: "/v1/pioneer-posts/{id}",
      project: "/v1/projects/{id}",
      zone: "/v1/zones/{id}",
      patrol_log: "/v1/patrols/{id}",
      service_event: "/v1/events/{id}",
      campaign: "/v1/campaigns/{id}",
      case: "/v1/cases/{id}",
      case_photo: "/v1/cases/{id}/photos/{photoId}",
      micro_wish: "/v1/wishes/{id}",
      response_policy: "/v1/branches/{branchId}/response-policy",
      // a session; a client token is made and listed by the CLI (`./dev token`), not over the API
      access_token: "/v1/sessions/{id}",
      invite: "/v1/invites/{id}"
    }
    const kinds = Errors.EntityKind.literals.filter((kind) => kind !== "idempotency_key")
    expect(Object.keys(readAt).sort()).toEqual([...kinds].sort())
    for (const path of Object.values(readAt)) expect(doc.body.paths[path]?.get, path).toBeDefined()
    // and every community, where its ledger and its service live
    expect(doc.body.paths["/v1/communities/{id}"]?.get).toBeDefined()
  })

  it("lists every group's endpoints with their problems", async () => {
    const doc = await api.get("/openapi.json")
    expect(doc.status).toBe(200)
    const paths = Object.keys(doc.body.paths)
    for (const path of [
      "/v1/organisations",
      "/v1/organisations/temporary-branches",
      "/v1/members/{id}",
      "/v1/teams",
      "/v1/projects/{id}/difficulties/{difficultyId}/resolve",
      "/v1/pioneer-posts/{id}/roster/volunteers/{name}",
      "/v1/events/{id}/participants",
      "/v1/campaigns",
      "/v1/cases/{id}/{stage}",
      "/v1/wishes/{id}/release",
      "/v1/audit",
      "/v1/branches/{branchId}/reports/zones",
      "/v1/branches/{branchId}/reports/members"
    ]) {
      expect(paths).toContain(path)
    }
    const create = doc.body.paths["/v1/wishes"].post.responses
    expect(Object.keys(create).sort()).toEqual([
      "201",
      "401",
      "403",
      "404",
      "409",
      "413",
      "415",
      "422",
      "500"
    ])
  })

  // biome-ignore lint/suspicious/noExplicitAny: the document is walked as plain JSON
  const operationsOf = (doc: any): Array<{ path: string; method: string; operation: any }> =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      // biome-ignore lint/suspicious/noExplicitAny: as above
      Object.entries(item as Record<string, any>).map(([method, operation]) => ({ path, method, operation }))
    )

  it("gives every operation a summary and a description in Chinese and English, from a table naming only real operations", async () => {
    const doc = (await api.get("/openapi.json")).body
    const operations = operationsOf(doc)
    const chinese = /\p{Script=Han}/u
    const english = /[A-Za-z]{3,} [A-Za-z]{2,}/
    for (const { path, method, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`
      expect(operation.summary, where).toMatch(/^[^·]+ · [^·]+$/)
      const [zh, en] = operation.summary.split(" · ")
      expect(zh, where).toMatch(chinese)
      expect(en, where).toMatch(/^[A-Z][A-Za-z ]+/)
      expect(operation.description, where).toMatch(chinese)
      expect(operation.description, where).toMatch(english)
    }
    const ids = new Set(operations.map(({ operation }) => operation.operationId))
    expect(Object.keys(operationTexts).filter((id) => !ids.has(id))).toEqual([])
    // The Chinese parts differ between operations, not one text pasted everywhere.
    expect(new Set(operations.map(({ operation }) => operation.summary)).size).toBe(operations.length)
  })

  it("passes Redocly's recommended ruleset as served, and the lint fails when a rule does", async () => {
    const doc = (await api.get("/openapi.json")).body
    expect(lintWithRedocly(doc).map(describeProblem)).toEqual([])
    // The same document with one summary gone: the lint must notice (it can fail).
    const broken = structuredClone(doc)
    delete broken.paths["/v1/patrols"].post.summary
    expect(lintWithRedocly(broken).map((problem) => problem.ruleId)).toEqual(["operation-summary"])
  }, 60_000)

  it("states in request schemas the formats the server enforces", async () => {
    const doc = (await api.get("/openapi.json")).body
    const body = (path: string, method: string) =>
      doc.paths[path][method].requestBody.content["application/json"].schema
    const parameter = (path: string, name: string) =>
      // biome-ignore lint/suspicious/noExplicitAny: the document is walked as plain JSON
      doc.paths[path].get.parameters.find((p: any) => p.name === name).schema
    const day = { type: "string", format: "date", pattern: "^\\d{4}-\\d{2}-\\d{2}$" }
    expect(body("/v1/organisations/{id}/dissolve", "post").properties.dissolvedOn).toEqual(day)
    expect(body("/v1/patrols", "post").properties.startedAt.format).toBe("date-time")
    expect(body("/v1/zones", "post").properties.code.pattern).toBe("^[A-Za-z0-9][A-Za-z0-9-]{0,31}$")
    expect(body("/v1/members", "post").properties.phone.pattern).toBe("^\\+?[0-9][0-9 -]{4,18}[0-9]$")
    expect(body("/v1/public/{tenantId}/zones/{code}/problems", "post").properties.phone.pattern).toBe(
      "^\\+?[0-9][0-9 -]{4,18}[0-9]$"
    )
    expect(body("/v1/communities/{id}/service", "post").properties.hours.pattern).toBe("^[0-9]+(\\.[0-9]+)?$")
    expect(parameter("/v1/members", "limit")).toEqual({ type: "string", pattern: "^[0-9]{1,3}$" })
    expect(parameter("/v1/branches/{branchId}/reports/zones", "from")).toEqual(day)
    // What the document states, the server holds to: a limit in another notation is refused.
    expect((await api.get("/v1/members?limit=5e1", api.tokens.admin)).status).toBe(422)
    expect((await api.get("/v1/members?limit=50", api.tokens.admin)).status).toBe(200)
  })
})

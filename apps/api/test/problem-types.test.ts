/**
 * Problems and what the document says about them: every problem `type` is a page bishui serves itself
 * (HTML, Chinese and English), listed at /problems; every problem schema requires type, title and
 * status; every operation with a body declares 413 and 415; every list refuses a cursor it did not
 * give with a 422 it declares — checked over the whole served document, not a hand-picked few.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { problemTypes } from "../src/api/ProblemTypes.ts"
import { problemResponse } from "../src/http/problem.ts"
import { expectProblem, startApi, type TestApi } from "./support.ts"

let api: TestApi
// biome-ignore lint/suspicious/noExplicitAny: the served document is inspected as plain JSON
let doc: any
beforeAll(async () => {
  api = await startApi()
  doc = (await api.get("/openapi.json")).body
})
afterAll(() => api.dispose())

// biome-ignore lint/suspicious/noExplicitAny: as above
const operations = (): Array<{ method: string; path: string; op: any }> =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    // biome-ignore lint/suspicious/noExplicitAny: as above
    Object.entries(item as Record<string, any>).map(([method, op]) => ({ method, path, op }))
  )

const problemComponents = (): Array<
  [string, { properties: Record<string, { enum?: Array<unknown> }>; required: Array<string> }]
> => {
  const names = new Set<string>()
  for (const { op } of operations()) {
    for (const response of Object.values(op.responses) as Array<{
      content?: Record<string, { schema: { $ref?: string; anyOf?: Array<{ $ref?: string }> } }>
    }>) {
      const schema = response.content?.["application/problem+json"]?.schema
      for (const ref of [schema?.$ref, ...(schema?.anyOf ?? []).map((s) => s.$ref)]) {
        if (ref !== undefined) names.add(ref.replace("#/components/schemas/", ""))
      }
    }
  }
  return [...names].map((name) => [name, doc.components.schemas[name]])
}

describe("problem types", () => {
  it("every problem schema requires type, title and status, and its type is a page bishui serves", async () => {
    const components = problemComponents()
    expect(components.length).toBeGreaterThanOrEqual(10)
    for (const [name, schema] of components) {
      expect(schema.required, name).toEqual(expect.arrayContaining(["type", "title", "status"]))
      const [type] = schema.properties.type?.enum ?? []
      expect(type, name).toMatch(/^\/problems\/[a-z-]+$/)
      const page = await api.get(type as string)
      expect(page.status, `${name} → ${type}`).toBe(200)
      expect(page.headers.get("content-type")).toContain("text/html")
      expect(page.body).toContain(String(schema.properties.status?.enum?.[0]))
    }
  })

  it("/problems lists every type; each page explains it in Chinese and English", async () => {
    const index = await api.get("/problems")
    expect(index.status).toBe(200)
    for (const [slug, type] of Object.entries(problemTypes)) {
      expect(index.body).toContain(`href="/problems/${slug}"`)
      const page = await api.get(`/problems/${slug}`)
      expect(page.body).toContain(type.zh.title)
      expect(page.body).toContain(type.title)
      expect(page.body).toContain('lang="en"')
    }
    expectProblem(await api.get("/problems/no-such-thing"), 404)
  })

  it("the problems the HTTP layer answers itself point at those pages too", async () => {
    const replies = [
      await api.get("/v1/nowhere"),
      await api.request("DELETE", "/v1/members", { token: api.tokens.admin }),
      await api.request("POST", "/v1/cases", {
        token: api.tokens.admin,
        headers: { "content-type": "text/plain", "content-length": "2" }
      }),
      await api.post("/v1/cases", { description: "河".repeat(300_000) }, api.tokens.admin),
      await api.get("/v1/members")
    ]
    expect(replies.map((r) => r.status)).toEqual([404, 405, 415, 413, 401])
    for (const reply of replies) {
      expectProblem(reply, reply.status)
      expect((await api.get(reply.body.type)).status).toBe(200)
    }
  })

  it("the API's description leads to the list of problem types", () => {
    expect(doc.info.description).toContain("(/problems)")
  })
})

describe("what the document declares", () => {
  it("every operation that takes a body declares 413 and 415", () => {
    const withBody = operations().filter(({ op }) => op.requestBody !== undefined)
    expect(withBody.length).toBeGreaterThanOrEqual(30)
    for (const { method, path, op } of withBody) {
      expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(["413", "415"]))
    }
  })

  it("every list refuses a cursor it did not give, with the 422 it declares", async () => {
    const lists = operations().filter(
      ({ method, op }) =>
        method === "get" && (op.parameters ?? []).some((p: { name: string }) => p.name === "after")
    )
    expect(lists.length).toBeGreaterThanOrEqual(10)
    for (const { path, op } of lists) {
      expect(Object.keys(op.responses), path).toContain("422")
      const required = (op.parameters as Array<{ name: string; in: string; required: boolean }>)
        .filter((p) => p.in === "query" && p.required && p.name !== "after")
        .map((p) => `&${p.name}=${p.name === "zoneId" ? "zone-nh-01" : "x"}`)
      for (const bad of ["garbage", "WyJhIl0", "eyJhIjoxfQ", "WyJhIiwiYiJd!"]) {
        const reply = await api.get(
          `${path}?after=${encodeURIComponent(bad)}${required.join("")}`,
          api.tokens.admin
        )
        expectProblem(reply, 422)
        expect(reply.body.errors, `${path} after=${bad}`).toEqual([
          expect.objectContaining({ path: ["query", "after"] })
        ])
      }
    }
  })

  it("a cursor the API gave still leads to the next page", async () => {
    const first = await api.get("/v1/members?limit=2", api.tokens.admin)
    expect(first.body.next).toBeDefined()
    const second = await api.get(`/v1/members?limit=2&after=${first.body.next}`, api.tokens.admin)
    expect(second.status).toBe(200)
    expect(second.body.items[0].data.id).not.toBe(first.body.items[0].data.id)
  })
})

describe("the one helper that builds problem bodies", () => {
  it("gives a bare status the type that explains it, or about:blank when none does", async () => {
    const known = problemResponse(404, "no route")
    expect(known.status).toBe(404)
    expect(known.headers.get("content-type")).toBe("application/problem+json")
    expect(await known.json()).toEqual({
      type: "/problems/not-found",
      title: problemTypes["not-found"].title,
      status: 404,
      detail: "no route"
    })
    const bare = problemResponse(400, "unreadable")
    expect(await bare.json()).toEqual({
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "unreadable"
    })
    const typed = problemResponse("service-unavailable", "starting", { "retry-after": "5" })
    expect(typed.status).toBe(503)
    expect(typed.headers.get("retry-after")).toBe("5")
  })
})

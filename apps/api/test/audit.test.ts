import { Calendar, TimeZone } from "@bishui/domain"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectProblem, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

describe("audit log", () => {
  it("shows an admin who changed what, filtered and paged", async () => {
    const read = await api.get(`/v1/members/${seed.zhang}`, api.tokens.secretary)
    const { id: _i, tenantId: _t, ...data } = read.body.data
    const changed = await api.put(
      `/v1/members/${seed.zhang}`,
      { ...data, role: "committee_member" },
      api.tokens.secretary
    )
    expect(changed.status).toBe(200)

    const entries = await api.get(`/v1/audit?entity=member&entityId=${seed.zhang}`, api.tokens.admin)
    expect(entries.status).toBe(200)
    const last = entries.body.items.at(-1).data
    expect(last).toMatchObject({
      entity: "member",
      entityId: seed.zhang,
      action: "update",
      change: "member.update"
    })
    expect(last.actor).toMatch(/^token:/)
    expect(last.before.role).toBe("member")
    expect(last.after.role).toBe("committee_member")
    const byActor = await api.get(`/v1/audit?actor=${encodeURIComponent(last.actor)}`, api.tokens.admin)
    expect(byActor.body.items).toHaveLength(1)

    // today in the tenant's zone (Beijing time): the days of `from`/`to` are its local days
    const today = TimeZone.localDateOf(Calendar.instantFromMillis(Date.now()), TimeZone.defaultTimeZone)
    const first = await api.get(`/v1/audit?from=${today}&to=${today}&limit=2`, api.tokens.admin)
    expect(first.body.items).toHaveLength(2)
    expect(first.body.next).toBeDefined()
    const second = await api.get(
      `/v1/audit?from=${today}&to=${today}&limit=2&after=${first.body.next}`,
      api.tokens.admin
    )
    expect(second.body.items[0].data.id).not.toBe(first.body.items[1].data.id)
    const future = await api.get("/v1/audit?from=2999-01-01", api.tokens.admin)
    expect(future.body.items).toHaveLength(0)

    // Each entry is addressable by its id, for admins only.
    const one = await api.get(`/v1/audit/${last.id}`, api.tokens.admin)
    expect(one.status).toBe(200)
    expect(one.body.data).toEqual(last)
    expect(one.headers.get("etag")).toBe(`"${one.body.version}"`)
    expectProblem(await api.get(`/v1/audit/${last.id}`, api.tokens.secretary), 403)
    expectProblem(await api.get("/v1/audit/no-such-entry", api.tokens.admin), 404)
  })

  it("is for admins only and read-only", async () => {
    for (const token of [api.tokens.secretary, api.tokens.member, api.tokens.viewer]) {
      expectProblem(await api.get("/v1/audit", token), 403)
    }
    expectProblem(await api.get("/v1/audit"), 401)
    expectProblem(await api.get("/v1/audit?entity=nonsense", api.tokens.admin), 422)
    const write = await api.post("/v1/audit", { entity: "member" }, api.tokens.admin)
    expectProblem(write, 405)
    expect(write.headers.get("allow")).toBe("GET, HEAD, OPTIONS")
  })
})

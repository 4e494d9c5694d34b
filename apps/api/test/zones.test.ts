import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectCrud, expectProblem, otherBranch, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

describe("zones and patrols", () => {
  it("creates, reads, lists and updates a zone", async () => {
    await expectCrud(api, {
      path: "/v1/zones",
      token: api.tokens.secretary,
      create: {
        branchId: seed.branch,
        code: "BH-03",
        name: "北河东段",
        riverSegments: ["北河东段"],
        resources: { cleaners: 2, boats: 1, crew: 2 }
      },
      change: (data) => ({ ...data, responsibleMemberId: seed.zhang }),
      another: (body) => ({ ...body, code: "BH-04" })
    })
  })

  it("lets a member record only its own patrol", async () => {
    const patrol = {
      zoneId: seed.zoneNh01,
      memberId: seed.liu,
      startedAt: "2024-05-01T01:00:00.000Z",
      litterCollected: "3.5",
      caseIds: []
    }
    const own = await api.post("/v1/patrols", patrol, api.tokens.member)
    expect(own.status, JSON.stringify(own.body)).toBe(201)
    expect(own.body.data.litterCollected).toBe("3.5")
    expectProblem(await api.post("/v1/patrols", { ...patrol, memberId: seed.zhang }, api.tokens.member), 403)
    expectProblem(await api.post("/v1/patrols", patrol, api.tokens.viewer), 403)
    const other = await otherBranch(api)
    expectProblem(await api.post("/v1/patrols", patrol, other.secretary), 403)
    const forZhang = await api.post("/v1/patrols", { ...patrol, memberId: seed.zhang }, api.tokens.secretary)
    expect(forZhang.status).toBe(201)
  })
})

import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectCrud, expectProblem, otherBranch, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const newMember = {
  name: "孙立新",
  homeBranchId: seed.branch,
  role: "member",
  phone: "13912345678",
  idNumber: "22030219900101123X",
  temporaryMemberships: []
}

describe("members", () => {
  it("creates, reads, lists and updates a member", async () => {
    const { updated } = await expectCrud(api, {
      path: "/v1/members",
      token: api.tokens.secretary,
      create: newMember,
      change: (data) => ({ ...data, role: "committee_member" }),
      listQuery: "&role=member",
      another: (body) => ({ ...body, name: "孙立中" })
    })
    expect(updated.data.role).toBe("committee_member")
    expect(updated.data.phone).toBe("13912345678")
  })

  it("masks phone and ID numbers for a viewer and a member, not for the secretary", async () => {
    const created = await api.post("/v1/members", { ...newMember, name: "钱学文" }, api.tokens.secretary)
    expect(created.status).toBe(201)
    const id = created.body.data.id
    for (const token of [api.tokens.viewer, api.tokens.member]) {
      const seen = await api.get(`/v1/members/${id}`, token)
      expect(seen.status).toBe(200)
      expect(seen.body.data.phone).toBe("139****5678")
      expect(seen.body.data.idNumber).toBeUndefined()
      const listed = await api.get("/v1/members?limit=500", token)
      for (const item of listed.body.items) {
        if (item.data.phone !== undefined) expect(item.data.phone).toMatch(/^\d{3}\*{4}\d{4}$/)
        expect(item.data.idNumber).toBeUndefined()
      }
    }
    const secretary = await api.get(`/v1/members/${id}`, api.tokens.secretary)
    expect(secretary.body.data.phone).toBe("13912345678")
    expect(secretary.body.data.idNumber).toBe("22030219900101123X")
    const admin = await api.get(`/v1/members/${seed.liu}`, api.tokens.admin)
    expect(admin.body.data.phone).toBe("13800000105")
  })

  it("keeps writes to secretaries of the member's branches", async () => {
    const other = await otherBranch(api)
    expectProblem(await api.post("/v1/members", newMember, api.tokens.viewer), 403)
    expectProblem(await api.post("/v1/members", newMember, api.tokens.member), 403)
    expectProblem(await api.post("/v1/members", newMember, other.secretary), 403)
    expectProblem(await api.post("/v1/members", newMember), 401)
    expectProblem(await api.get(`/v1/members/${seed.liu}`, other.secretary), 403)
    expectProblem(await api.get(`/v1/members?homeBranchId=${seed.branch}`, other.secretary), 403)
    expectProblem(await api.get(`/v1/members?homeBranchId=${other.id}`, api.tokens.secretary), 403)
    const liu = await api.get(`/v1/members/${seed.liu}`, api.tokens.secretary)
    const { id: _i, tenantId: _t, ...data } = liu.body.data
    expectProblem(await api.put(`/v1/members/${seed.liu}`, data, other.secretary), 403)
    expectProblem(await api.put(`/v1/members/${seed.liu}`, data, api.tokens.viewer), 403)
    // Moving a member to another branch needs both branches.
    expectProblem(
      await api.put(`/v1/members/${seed.liu}`, { ...data, homeBranchId: other.id }, api.tokens.secretary),
      403
    )
    const other_ = await api.get("/v1/members?limit=500", other.secretary)
    expect(other_.body.items).toHaveLength(0)
  })

  it("refuses a phone that is not one and a home branch that is not a branch", async () => {
    const bad = await api.post("/v1/members", { ...newMember, phone: "call me" }, api.tokens.secretary)
    expectProblem(bad, 422)
    expect(bad.body.errors[0].path).toEqual(["body", "phone"])
    const community = await api.post(
      "/v1/members",
      { ...newMember, homeBranchId: seed.zhongxing },
      api.tokens.admin
    )
    expectProblem(community, 422)
    expect(community.body.rule).toBe("home_branch_is_a_branch")
    expectProblem(
      await api.post("/v1/members", { ...newMember, homeBranchId: "nowhere" }, api.tokens.admin),
      404
    )
  })
})

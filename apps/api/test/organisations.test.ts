import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectCrud, expectProblem, otherBranch, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

describe("organisations", () => {
  it("creates, reads, lists and updates a community paired with the branch", async () => {
    const { updated } = await expectCrud(api, {
      path: "/v1/organisations",
      token: api.tokens.secretary,
      create: { _tag: "Community", name: "新华社区", district: "铁西区", pairedBranchIds: [seed.branch] },
      change: (data) => ({ ...data, district: "铁东区" }),
      listQuery: "&kind=Community",
      another: (body) => ({ ...body, name: "东风社区" })
    })
    expect(updated.data.district).toBe("铁东区")
  })

  it("lets only an admin create a standing branch under the Party group", async () => {
    const body = { _tag: "StandingBranch", name: "测试支部", parentId: seed.partyGroup, honours: [] }
    expectProblem(await api.post("/v1/organisations", body, api.tokens.secretary), 403)
    expectProblem(await api.post("/v1/organisations", body, api.tokens.viewer), 403)
    expectProblem(await api.post("/v1/organisations", body), 401)
    const created = await api.post("/v1/organisations", body, api.tokens.admin)
    expect(created.status).toBe(201)
    expectProblem(await api.post("/v1/organisations", body, api.tokens.admin), 409)
  })

  it("refuses a temporary branch through create and a parent that is not a branch", async () => {
    expectProblem(
      await api.post(
        "/v1/organisations",
        {
          _tag: "TemporaryBranch",
          name: "x",
          parentId: seed.branch,
          projectId: seed.projectNanhe,
          establishedOn: "2024-01-01"
        },
        api.tokens.admin
      ),
      422
    )
    const notBranch = await api.post(
      "/v1/organisations",
      { _tag: "StandingBranch", name: "挂在社区下", parentId: seed.zhongxing, honours: [] },
      api.tokens.admin
    )
    expectProblem(notBranch, 422)
    expect(notBranch.body.rule).toBe("parent_is_a_branch")
  })

  it("keeps a secretary to its own subtree", async () => {
    const other = await otherBranch(api)
    expectProblem(await api.get(`/v1/organisations/${other.id}`, api.tokens.secretary), 403)
    const own = await api.get(`/v1/organisations/${seed.branch}`, other.secretary)
    expectProblem(own, 403)
    const read = await api.get(`/v1/organisations/${other.id}`, other.secretary)
    expect(read.status).toBe(200)
    const changed = await api.put(
      `/v1/organisations/${other.id}`,
      { ...read.body.data, id: undefined, tenantId: undefined, brand: "清水长流" },
      other.secretary,
      { "if-match": read.headers.get("etag") ?? "" }
    )
    expect(changed.status, JSON.stringify(changed.body)).toBe(200)
    // Moving it under the seed branch would need that branch too.
    const { id: _i, tenantId: _t, ...data } = changed.body.data
    expectProblem(
      await api.put(`/v1/organisations/${other.id}`, { ...data, parentId: seed.branch }, other.secretary),
      403
    )
    // The list leaves out what the token may not read; contractors are tenant-wide.
    const listed = await api.get("/v1/organisations?limit=500", other.secretary)
    const ids = listed.body.items.map((i: { data: { id: string } }) => i.data.id)
    expect(ids).toContain(other.id)
    expect(ids).toContain(seed.contractorRepair)
    expect(ids).not.toContain(seed.branch)
    expect(ids).not.toContain(seed.zhongxing)
    const all = await api.get("/v1/organisations?limit=500", api.tokens.admin)
    expect(all.body.items.length).toBeGreaterThan(listed.body.items.length)
  })

  it("keeps the kind of an organisation", async () => {
    const read = await api.get(`/v1/organisations/${seed.zhongxing}`, api.tokens.admin)
    const change = await api.put(
      `/v1/organisations/${seed.zhongxing}`,
      { _tag: "Contractor", name: "中兴社区", projectIds: [] },
      api.tokens.admin,
      { "if-match": read.headers.get("etag") ?? "" }
    )
    expectProblem(change, 422)
    expect(change.body.rule).toBe("kind_is_fixed")
  })

  it("establishes a temporary branch on a project and dissolves it", async () => {
    const key = "establish-tb-1"
    const body = {
      name: "西湖二期临时党支部",
      parentId: seed.branch,
      projectId: seed.projectXihu,
      establishedOn: "2024-03-01"
    }
    expectProblem(await api.post("/v1/organisations/temporary-branches", body, api.tokens.viewer), 403)
    expectProblem(await api.post("/v1/organisations/temporary-branches", body, api.tokens.member), 403)
    const established = await api.post("/v1/organisations/temporary-branches", body, api.tokens.secretary, {
      "idempotency-key": key
    })
    expect(established.status, JSON.stringify(established.body)).toBe(201)
    expect(established.body.data._tag).toBe("TemporaryBranch")
    const id = established.body.data.id
    const again = await api.post("/v1/organisations/temporary-branches", body, api.tokens.secretary, {
      "idempotency-key": key
    })
    expect(again.body.data.id).toBe(id)
    const temporaries = await api.get(
      `/v1/organisations?kind=TemporaryBranch&parentId=${seed.branch}&limit=500`,
      api.tokens.admin
    )
    expect(
      temporaries.body.items.filter((i: { data: { name: string } }) => i.data.name === body.name)
    ).toHaveLength(1)

    expectProblem(
      await api.post(`/v1/organisations/${id}/dissolve`, { dissolvedOn: "2024-02-01" }, api.tokens.secretary),
      422
    )
    expectProblem(
      await api.post(
        `/v1/organisations/${id}/dissolve`,
        { dissolvedOn: "2024-12-01" },
        api.tokens.secretary,
        {
          "if-match": '"7"'
        }
      ),
      412
    )
    const dissolved = await api.post(
      `/v1/organisations/${id}/dissolve`,
      { dissolvedOn: "2024-12-01" },
      api.tokens.secretary,
      { "if-match": '"1"' }
    )
    expect(dissolved.status).toBe(200)
    expect(dissolved.body.data.dissolvedOn).toBe("2024-12-01")
    expect(dissolved.headers.get("etag")).toBe('"2"')
    expectProblem(
      await api.post(`/v1/organisations/${id}/dissolve`, { dissolvedOn: "2024-12-02" }, api.tokens.secretary),
      409
    )
    expectProblem(
      await api.post(
        `/v1/organisations/${seed.branch}/dissolve`,
        { dissolvedOn: "2024-12-02" },
        api.tokens.admin
      ),
      409
    )
    expectProblem(
      await api.post("/v1/organisations/no-such/dissolve", { dissolvedOn: "2024-12-02" }, api.tokens.admin),
      404
    )
    expectProblem(
      await api.post(
        "/v1/organisations/temporary-branches",
        { ...body, projectId: "no-such" },
        api.tokens.admin
      ),
      404
    )
  })
})

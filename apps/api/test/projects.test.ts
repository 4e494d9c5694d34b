import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectCrud, expectProblem, otherBranch, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const newProject = {
  branchId: seed.branch,
  name: "北河生态护岸工程",
  kind: "river_regulation",
  contractorIds: [],
  phases: [{ phase: "preliminary_procedures", startedOn: "2024-02-01" }],
  difficulties: []
}

describe("projects", () => {
  it("creates, reads, lists and updates a project", async () => {
    const { updated } = await expectCrud(api, {
      path: "/v1/projects",
      token: api.tokens.secretary,
      create: newProject,
      change: (data) => ({ ...data, kind: "flood_control" }),
      listQuery: "&kind=river_regulation",
      another: (body) => ({ ...body, name: "北河二期" })
    })
    expect(updated.data.kind).toBe("flood_control")
    expectProblem(await api.post("/v1/projects", newProject, api.tokens.admin), 409)
  })

  it("records phases and walks a difficulty from opened to resolved", async () => {
    const created = await api.post("/v1/projects", { ...newProject, name: "南河清淤" }, api.tokens.secretary)
    const path = `/v1/projects/${created.body.data.id}`
    const phase = await api.post(
      `${path}/phases`,
      { phase: "approval", startedOn: "2024-03-01", endedOn: "2024-03-20" },
      api.tokens.secretary,
      { "if-match": '"1"' }
    )
    expect(phase.status).toBe(200)
    expect(phase.body.data.phases).toHaveLength(2)
    expect(phase.headers.get("etag")).toBe('"2"')
    expectProblem(
      await api.post(`${path}/phases`, { phase: "approval", startedOn: "2024-03-01" }, api.tokens.secretary, {
        "if-match": '"1"'
      }),
      412
    )

    const opened = await api.post(
      `${path}/difficulties`,
      { title: "征地补偿协调", phase: "land_acquisition" },
      api.tokens.secretary
    )
    expect(opened.status).toBe(200)
    const difficulty = opened.body.data.difficulties[0]
    expect(difficulty.title).toBe("征地补偿协调")
    expect(difficulty.resolvedAt).toBeUndefined()

    expectProblem(
      await api.post(`${path}/difficulties/${difficulty.id}/resolve`, { resolution: "x" }, api.tokens.viewer),
      403
    )
    expectProblem(
      await api.post(`${path}/difficulties/${difficulty.id}/resolve`, { resolution: "x" }, api.tokens.member),
      403
    )
    const resolved = await api.post(
      `${path}/difficulties/${difficulty.id}/resolve`,
      { resolution: "与街道联合入户协商" },
      api.tokens.secretary
    )
    expect(resolved.status).toBe(200)
    expect(resolved.body.data.difficulties[0].resolution).toBe("与街道联合入户协商")
    expect(resolved.body.data.difficulties[0].resolvedAt).toBeDefined()
    expectProblem(
      await api.post(
        `${path}/difficulties/${difficulty.id}/resolve`,
        { resolution: "again" },
        api.tokens.secretary
      ),
      409
    )
    expectProblem(
      await api.post(`${path}/difficulties/no-such/resolve`, { resolution: "x" }, api.tokens.secretary),
      409
    )
    expectProblem(
      await api.post("/v1/projects/no-such/difficulties", { title: "x" }, api.tokens.secretary),
      404
    )
    expectProblem(await api.post(`${path}/difficulties`, { title: "" }, api.tokens.secretary), 422)
  })

  it("keeps a project to its branch", async () => {
    const other = await otherBranch(api)
    expectProblem(await api.get(`/v1/projects/${seed.projectNanhe}`, other.secretary), 403)
    expectProblem(await api.post("/v1/projects", newProject, other.secretary), 403)
    expectProblem(
      await api.post(`/v1/projects/${seed.projectNanhe}/difficulties`, { title: "x" }, other.secretary),
      403
    )
    expectProblem(await api.get(`/v1/projects?branchId=${seed.branch}`, other.secretary), 403)
    expect((await api.get(`/v1/projects/${seed.projectNanhe}`, api.tokens.viewer)).status).toBe(200)
    expectProblem(await api.post("/v1/projects", newProject, api.tokens.viewer), 403)
  })
})

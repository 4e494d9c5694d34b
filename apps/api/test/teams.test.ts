import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectCrud, expectProblem, otherBranch, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const newTeam = {
  branchId: seed.branch,
  kind: "supervision_group",
  name: "北河督导小组",
  formedOn: "2024-01-10",
  members: [
    { memberId: seed.secretary, role: "leader" },
    { memberId: seed.zhang, role: "member" }
  ]
}

describe("teams", () => {
  it("creates, reads, lists and updates a team", async () => {
    const { updated } = await expectCrud(api, {
      path: "/v1/teams",
      token: api.tokens.secretary,
      create: newTeam,
      change: (data) => ({ ...data, disbandedOn: "2024-12-31" }),
      listQuery: "&kind=supervision_group",
      another: (body) => ({ ...body, name: "南河督导小组" })
    })
    expect(updated.data.disbandedOn).toBe("2024-12-31")
  })

  it("keeps the team's rules: one leader", async () => {
    const twoLeaders = await api.post(
      "/v1/teams",
      { ...newTeam, members: newTeam.members.map((m) => ({ ...m, role: "leader" })) },
      api.tokens.secretary
    )
    expectProblem(twoLeaders, 422)
    expect(twoLeaders.body.rule).toBe("one_leader")
    expectProblem(
      await api.post(
        "/v1/teams",
        { ...newTeam, members: [{ memberId: "member-nobody", role: "leader" }] },
        api.tokens.secretary
      ),
      404
    )
  })

  it("keeps writes to the team's branch", async () => {
    const other = await otherBranch(api)
    expectProblem(await api.post("/v1/teams", newTeam, other.secretary), 403)
    expectProblem(await api.post("/v1/teams", newTeam, api.tokens.viewer), 403)
    expectProblem(await api.post("/v1/teams", newTeam, api.tokens.member), 403)
    expectProblem(await api.get("/v1/teams/team-supervision", other.secretary), 403)
    const read = await api.get("/v1/teams/team-supervision", api.tokens.viewer)
    expect(read.status).toBe(200)
    const listed = await api.get("/v1/teams?caseId=case-2023-liukongqiao", api.tokens.member)
    expect(listed.body.items.map((i: { data: { id: string } }) => i.data.id)).toEqual([
      "team-commando-liukongqiao"
    ])
  })
})

import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectProblem, otherBranch, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const newCase = {
  branchId: seed.branch,
  kind: "routine",
  title: "南河西段护栏锈蚀",
  description: "巡查发现护栏多处锈蚀。",
  source: "patrol",
  severity: "low",
  zoneId: seed.zoneNh01
}

describe("cases", () => {
  it("lists and reads cases; the reporter is shown to the secretary and masked for a viewer", async () => {
    const listed = await api.get(`/v1/cases?zoneId=${seed.zoneXh01}`, api.tokens.viewer)
    expect(listed.status).toBe(200)
    const signboard = listed.body.items.find(
      (i: { data: { id: string } }) => i.data.id === seed.caseSignboard
    )
    expect(signboard.data.reporter).toEqual({ phone: "138****0301" })
    const viewer = await api.get(`/v1/cases/${seed.caseSignboard}`, api.tokens.viewer)
    expect(viewer.body.data.reporter).toEqual({ phone: "138****0301" })
    expect(viewer.headers.get("etag")).toBe('"1"')
    const member = await api.get(`/v1/cases/${seed.caseSignboard}`, api.tokens.member)
    expect(member.body.data.reporter).toEqual({ phone: "138****0301" })
    const secretary = await api.get(`/v1/cases/${seed.caseSignboard}`, api.tokens.secretary)
    expect(secretary.body.data.reporter).toEqual({ name: "林女士", phone: "13800000301" })
    const verified = await api.get("/v1/cases?status=verified&kind=emergency", api.tokens.secretary)
    expect(verified.body.items.map((i: { data: { id: string } }) => i.data.id)).toEqual([
      "case-2023-liukongqiao"
    ])
    const july = await api.get("/v1/cases?from=2023-07-01&to=2023-07-31", api.tokens.secretary)
    expect(july.body.items).toHaveLength(1)
    expectProblem(await api.get("/v1/cases/none", api.tokens.secretary), 404)
    expectProblem(await api.get("/v1/cases"), 401)
  })

  it("walks a routine case from reported to verified", async () => {
    const key = "case-open-1"
    const opened = await api.post("/v1/cases", newCase, api.tokens.secretary, { "idempotency-key": key })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(opened.body.data.stages.map((s: { stage: string }) => s.stage)).toEqual(["reported"])
    expect(opened.body.data.stages[0].actorId).toBe(seed.secretary)
    const replay = await api.post("/v1/cases", newCase, api.tokens.secretary, { "idempotency-key": key })
    expect(replay.body.data.id).toBe(opened.body.data.id)
    const same = await api.get(`/v1/cases?zoneId=${seed.zoneNh01}&status=reported`, api.tokens.secretary)
    expect(same.body.items).toHaveLength(1)
    expectProblem(
      await api.post("/v1/cases", { ...newCase, title: "换了" }, api.tokens.secretary, {
        "idempotency-key": key
      }),
      422
    )

    const path = `/v1/cases/${opened.body.data.id}`
    expectProblem(await api.post(`${path}/acknowledged`, {}, api.tokens.member), 403)
    expectProblem(await api.post(`${path}/acknowledged`, {}, api.tokens.viewer), 403)
    expectProblem(await api.post(`${path}/resolved`, {}, api.tokens.secretary), 409)
    expectProblem(await api.post(`${path}/nonsense`, {}, api.tokens.secretary), 422)
    const acknowledged = await api.post(`${path}/acknowledged`, {}, api.tokens.secretary, {
      "if-match": '"1"'
    })
    expect(acknowledged.status).toBe(200)
    expect(acknowledged.headers.get("etag")).toBe('"2"')
    expectProblem(await api.post(`${path}/assigned`, {}, api.tokens.secretary, { "if-match": '"1"' }), 412)
    const noAssignee = await api.post(`${path}/assigned`, {}, api.tokens.secretary)
    expectProblem(noAssignee, 409)
    expect(noAssignee.body.detail).toContain("assigneeId")
    expectProblem(
      await api.post(`${path}/assigned`, { assigneeId: "member-nobody" }, api.tokens.secretary),
      404
    )
    const assigned = await api.post(
      `${path}/assigned`,
      { assigneeId: seed.liu, note: "刘洋负责" },
      api.tokens.secretary
    )
    expect(assigned.status).toBe(200)

    // The assignee resolves it with its own token; another member may not.
    const zhang = await api.token({ role: "member", branchId: seed.branch, memberId: seed.zhang })
    expectProblem(await api.post(`${path}/resolved`, {}, zhang), 403)
    expectProblem(await api.post(`${path}/resolved`, { actorId: seed.zhang }, api.tokens.member), 403)
    const resolved = await api.post(`${path}/resolved`, { note: "已除锈刷漆" }, api.tokens.member)
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200)
    expect(resolved.body.data.stages.at(-1)).toMatchObject({ stage: "resolved", actorId: seed.liu })

    expectProblem(await api.post(`${path}/verified`, {}, api.tokens.member), 403)
    const verified = await api.post(`${path}/verified`, { note: "督导检查组复查" }, api.tokens.secretary)
    expect(verified.status).toBe(200)
    expect(verified.body.data.stages.map((s: { stage: string }) => s.stage)).toEqual([
      "reported",
      "acknowledged",
      "assigned",
      "resolved",
      "verified"
    ])
    expectProblem(await api.post(`${path}/verified`, {}, api.tokens.secretary), 409)
    expectProblem(await api.post("/v1/cases/none/acknowledged", {}, api.tokens.secretary), 404)
  })

  it("lets a member open a case as itself, not as another; an emergency starts found", async () => {
    const own = await api.post("/v1/cases", { ...newCase, title: "水面漂浮物" }, api.tokens.member)
    expect(own.status).toBe(201)
    expect(own.body.data.stages[0]).toMatchObject({ stage: "reported", actorId: seed.liu })
    expectProblem(await api.post("/v1/cases", { ...newCase, actorId: seed.zhang }, api.tokens.member), 403)
    expectProblem(await api.post("/v1/cases", newCase, api.tokens.viewer), 403)
    const emergency = await api.post(
      "/v1/cases",
      {
        ...newCase,
        kind: "emergency",
        severity: "critical",
        title: "堤防渗水",
        at: "2024-07-01T02:00:00.000Z"
      },
      api.tokens.secretary
    )
    expect(emergency.body.data.stages[0]).toMatchObject({ stage: "found", at: "2024-07-01T02:00:00.000Z" })
    expectProblem(await api.post(`/v1/cases/${emergency.body.data.id}/repaired`, {}, api.tokens.member), 403)
    expectProblem(await api.post("/v1/cases", { ...newCase, zoneId: "zone-none" }, api.tokens.secretary), 404)
    expectProblem(await api.post("/v1/cases", { ...newCase, severity: "huge" }, api.tokens.secretary), 422)
  })

  it("keeps a case to its branch", async () => {
    const other = await otherBranch(api)
    expectProblem(await api.get(`/v1/cases/${seed.caseSignboard}`, other.secretary), 403)
    expectProblem(await api.post("/v1/cases", newCase, other.secretary), 403)
    expectProblem(await api.post("/v1/cases/case-2023-bh02-outfall/resolved", {}, other.secretary), 403)
    const none = await api.get("/v1/cases", other.secretary)
    expect(none.body.items).toHaveLength(0)
  })
})

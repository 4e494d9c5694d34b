/**
 * Voiding (作废) through the API: a void with a reason and `If-Match` answers the record with its mark
 * and `ETag`; the record leaves lists (unless `include=voided`), the annual report, its figure details
 * and the public signboard, stays readable, refuses changes, and counts again once restored; refusals
 * are problems naming the records in the way.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectProblem, seed, startApi, type TestApi, tenantId } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const figurePath = `/v1/branches/${seed.branch}/reports/annual/2023/figures/volunteer_labour_sessions`

describe("voiding and restoring", () => {
  it("a voided event leaves lists, the report and its figure, and comes back when restored", async () => {
    const before = await api.get(figurePath, api.tokens.secretary)
    expect(before.status).toBe(200)
    const count = before.body.basis.recordIds.length as number
    const id = before.body.basis.recordIds[0] as string
    const read = await api.get(`/v1/events/${id}`, api.tokens.secretary)

    const stale = await api.post(`/v1/events/${id}/void`, { reason: "重复录入" }, api.tokens.secretary, {
      "if-match": `"${read.body.version + 1}"`
    })
    expectProblem(stale, 412)
    expectProblem(await api.post(`/v1/events/${id}/void`, { reason: "   " }, api.tokens.secretary), 422)
    expectProblem(await api.post(`/v1/events/${id}/void`, {}, api.tokens.secretary), 422)

    const voided = await api.post(`/v1/events/${id}/void`, { reason: "重复录入" }, api.tokens.secretary, {
      "if-match": read.headers.get("etag") as string
    })
    expect(voided.status).toBe(200)
    expect(voided.headers.get("etag")).toBe(`"${read.body.version + 1}"`)
    expect(voided.body.data.voided).toMatchObject({ reason: "重复录入" })
    expect(voided.body.data.voided.by).toMatch(/^token:/)

    const got = await api.get(`/v1/events/${id}`, api.tokens.viewer)
    expect(got.status).toBe(200)
    expect(got.body.data.voided.reason).toBe("重复录入")
    const listed = await api.get(`/v1/events?branchId=${seed.branch}&limit=500`, api.tokens.secretary)
    expect(listed.body.items.map((i: { data: { id: string } }) => i.data.id)).not.toContain(id)
    const all = await api.get(
      `/v1/events?branchId=${seed.branch}&limit=500&include=voided`,
      api.tokens.secretary
    )
    const shown = all.body.items.find((i: { data: { id: string } }) => i.data.id === id)
    expect(shown.data.voided.reason).toBe("重复录入")
    expectProblem(await api.get(`/v1/events?include=everything`, api.tokens.secretary), 422)

    const after = await api.get(figurePath, api.tokens.secretary)
    expect(after.body.basis.recordIds).toHaveLength(count - 1)
    expect(after.body.basis.recordIds).not.toContain(id)
    const report = await api.get(`/v1/branches/${seed.branch}/reports/annual/2023`, api.tokens.secretary)
    const figure = report.body.figures.find((f: { key: string }) => f.key === "volunteer_labour_sessions")
    expect(figure.basis.recordCount).toBe(count - 1)
    const publicFigures = await api.get(`/v1/public/${tenantId}/branches/${seed.branch}/reports/annual/2023`)
    const shownPublicly = publicFigures.body.figures.find(
      (f: { key: string }) => f.key === "volunteer_labour_sessions"
    )
    expect(shownPublicly.exact).toBe(`${count - 1}次`)

    // no change until restored; voiding twice is refused
    const change = await api.put(
      `/v1/events/${id}`,
      { ...stripIds(got.body.data), title: "改名" },
      api.tokens.secretary
    )
    expectProblem(change, 409)
    expect(change.body.detail).toMatch(/restore it first/)
    expectProblem(
      await api.post(`/v1/events/${id}/participants`, { memberId: seed.liu }, api.tokens.secretary),
      409
    )
    expectProblem(await api.post(`/v1/events/${id}/void`, { reason: "再次" }, api.tokens.secretary), 409)

    const restored = await api.post(`/v1/events/${id}/restore`, { reason: "作废错了" }, api.tokens.secretary)
    expect(restored.status).toBe(200)
    expect(restored.body.data.voided).toBeUndefined()
    expect((await api.get(figurePath, api.tokens.secretary)).body.basis.recordIds).toHaveLength(count)
    expectProblem(await api.post(`/v1/events/${id}/restore`, {}, api.tokens.secretary), 409)

    const audit = await api.get(`/v1/audit?entityId=${id}`, api.tokens.admin)
    const acts = audit.body.items
      .map((i: { data: { action: string; reason?: string } }) => i.data)
      .filter((e: { action: string }) => e.action === "void" || e.action === "restore")
    expect(acts.map((e: { action: string; reason?: string }) => [e.action, e.reason])).toEqual([
      ["void", "重复录入"],
      ["restore", "作废错了"]
    ])
  })

  it("a member with live records is not voided; the problem names them", async () => {
    const refused = await api.post(`/v1/members/${seed.liu}/void`, { reason: "误录" }, api.tokens.secretary)
    expectProblem(refused, 409)
    expect(refused.body.reason).toBe("live_dependents")
    expect(refused.body.records.length).toBeGreaterThan(0)
    expect(refused.body.records.length).toBeLessThanOrEqual(10)
    expect(refused.body.total).toBeGreaterThanOrEqual(refused.body.records.length)
    const paths: Record<string, string> = {
      zone: "zones",
      team: "teams",
      pioneer_post: "pioneer-posts",
      patrol_log: "patrols",
      service_event: "events",
      case: "cases",
      micro_wish: "wishes"
    }
    for (const record of refused.body.records) {
      expect(Object.keys(record).sort()).toEqual(["entity", "id", "label", "via"])
      // each one named is a live record that does hold the member
      const held = await api.get(`/v1/${paths[record.entity]}/${record.id}`, api.tokens.admin)
      expect(held.status, record.entity).toBe(200)
      expect(held.body.data.voided).toBeUndefined()
      expect(JSON.stringify(held.body.data)).toContain(seed.liu)
    }
    expect(refused.body.detail).toMatch(/void or change them first/)
  })

  it("references to a voided record are refused; its restore waits for what it refers to", async () => {
    const made = await api.post(
      "/v1/members",
      { name: "误录成员", homeBranchId: seed.branch, role: "member", temporaryMemberships: [] },
      api.tokens.secretary
    )
    const member = made.body.data.id as string
    const patrol = await api.post(
      "/v1/patrols",
      { zoneId: seed.zoneNh01, memberId: member, startedAt: "2024-05-01T01:00:00.000Z", caseIds: [] },
      api.tokens.secretary
    )
    expect(patrol.status).toBe(201)
    const patrolId = patrol.body.data.id as string
    const held = await api.post(`/v1/members/${member}/void`, { reason: "误录" }, api.tokens.secretary)
    expectProblem(held, 409)
    expect(held.body.records).toEqual([
      { entity: "patrol_log", id: patrolId, label: "巡河 patrol 2024-05-01 09:00", via: "memberId" }
    ])
    expect(
      (await api.post(`/v1/patrols/${patrolId}/void`, { reason: "误录" }, api.tokens.secretary)).status
    ).toBe(200)
    expect((await api.get(`/v1/patrols/${patrolId}`, api.tokens.viewer)).body.data.voided.reason).toBe("误录")
    const patrols = await api.get(`/v1/patrols?zoneId=${seed.zoneNh01}&limit=500`, api.tokens.viewer)
    expect(patrols.body.items.map((i: { data: { id: string } }) => i.data.id)).not.toContain(patrolId)
    expect(
      (await api.post(`/v1/members/${member}/void`, { reason: "误录" }, api.tokens.secretary)).status
    ).toBe(200)

    const again = await api.post(
      "/v1/patrols",
      { zoneId: seed.zoneNh01, memberId: member, startedAt: "2024-05-02T01:00:00.000Z", caseIds: [] },
      api.tokens.secretary
    )
    expectProblem(again, 404)
    expect(again.body.detail).toMatch(/已作废/)
    expect(again.body.detail).toMatch(/is voided: restore it first/)

    const waiting = await api.post(`/v1/patrols/${patrolId}/restore`, {}, api.tokens.secretary)
    expectProblem(waiting, 409)
    expect(waiting.body.reason).toBe("voided_references")
    expect(waiting.body.records).toEqual([
      { entity: "member", id: member, label: "误录成员", via: "memberId" }
    ])
    expect((await api.post(`/v1/members/${member}/restore`, {}, api.tokens.secretary)).status).toBe(200)
    expect((await api.post(`/v1/patrols/${patrolId}/restore`, {}, api.tokens.secretary)).status).toBe(200)
  })

  it("a voided zone leaves the public signboard and takes no problem reports", async () => {
    const zone = await api.post(
      "/v1/zones",
      {
        branchId: seed.branch,
        code: "VOID-01",
        name: "误建责任区",
        riverSegments: ["南河"],
        resources: { cleaners: 0, boats: 0, crew: 0 }
      },
      api.tokens.secretary
    )
    const id = zone.body.data.id as string
    const codes = async () =>
      (await api.get(`/v1/public/${tenantId}/zones`)).body.map((z: { code: string }) => z.code)
    expect(await codes()).toContain("VOID-01")
    expect((await api.post(`/v1/zones/${id}/void`, { reason: "误建" }, api.tokens.secretary)).status).toBe(
      200
    )
    expect(await codes()).not.toContain("VOID-01")
    expectProblem(
      await api.post(`/v1/public/${tenantId}/zones/VOID-01/problems`, {
        title: "漂浮物",
        description: "桥下"
      }),
      404
    )
  })
})

const stripIds = ({ id: _id, tenantId: _tenant, voided: _voided, ...data }: Record<string, unknown>) => data

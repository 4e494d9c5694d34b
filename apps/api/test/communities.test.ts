import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectProblem, otherBranch, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const ledgerPath = `/v1/communities/${seed.zhongxing}/ledger/2023`
const li = "member-li-xuemei"

describe("the community ledger", () => {
  it("gives 中兴社区's 2023: the 23,000 CNY drainage investment exact and as 2.3万元, books, wishes, members", async () => {
    const reply = await api.get(ledgerPath, api.tokens.secretary)
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    const ledger = reply.body
    expect([ledger.name, ledger.district, ledger.year]).toEqual(["中兴社区", "铁西区", 2023])
    expect(ledger.invested).toEqual({
      amount: "23000",
      exact: "23,000元",
      presented: "2.3万元",
      eventIds: ["event-2023-09-15-zhongxing-drainage"]
    })
    expect([ledger.booksDonated.count, ledger.booksDonated.presented]).toEqual([83, "80余本"])
    expect([ledger.wishes.posted, ledger.wishes.fulfilled]).toEqual([3, 2])
    expect(
      ledger.byCategory.map((c: { label: { zh: string }; count: number }) => [c.label.zh, c.count])
    ).toEqual([
      ["志愿服务劳动", 8],
      ["社区宣传", 4],
      ["捐赠图书", 1],
      ["社区投资建设", 1],
      ["在职党员社区服务", 4]
    ])
    const liu = ledger.members.list.find((m: { memberId: string }) => m.memberId === seed.liu)
    expect(liu).toMatchObject({
      name: "刘洋",
      registeredOn: "2022-03-10",
      sanZhangLabel: { zh: "单元长", en: "unit head" },
      // 8 labour sessions and 1 own with hours; 3 publicity and the book donation without
      service: { sessions: 13, hours: "19", sessionsWithoutHours: 4 }
    })
    expect(ledger.service.hours).toBe("70")
  })

  it("keeps members' sessions and hours from who may not see personal data", async () => {
    for (const token of [api.tokens.viewer, api.tokens.member]) {
      const reply = await api.get(ledgerPath, token)
      expect(reply.status).toBe(200)
      expect(reply.body.members.registered).toBe(4)
      expect(reply.body.members.list.every((m: { service?: unknown }) => m.service === undefined)).toBe(true)
      expect(reply.body.invested.presented).toBe("2.3万元")
    }
    const admin = await api.get(ledgerPath, api.tokens.admin)
    expect(admin.body.members.list.every((m: { service?: unknown }) => m.service !== undefined)).toBe(true)
  })

  it("is read by the branches paired with the community, not by others; a ledger is a community's", async () => {
    const other = await otherBranch(api, "四平市河湖长制办公室党支部")
    expectProblem(await api.get(ledgerPath, other.secretary), 403)
    expectProblem(await api.get("/v1/communities/community-nowhere/ledger/2023", api.tokens.admin), 404)
    const branch = await api.get(`/v1/communities/${seed.branch}/ledger/2023`, api.tokens.secretary)
    expectProblem(branch, 422)
    expect(branch.body.rule).toBe("is_community")
    expectProblem(await api.get(`/v1/communities/${seed.zhongxing}/ledger/1800`, api.tokens.admin), 422)
    expect((await api.get(ledgerPath)).status).toBe(401)
  })
})

describe("campaigns in a year", () => {
  it("the seed's November regulation publicity is done in 2023 and, once November 2024 is over, missed in 2024", async () => {
    const reply = await api.get(`/v1/branches/${seed.branch}/campaigns/2023`, api.tokens.viewer)
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    expect(reply.body.timeZone).toBe("Asia/Shanghai")
    expect(reply.body.campaigns).toHaveLength(1)
    expect(reply.body.campaigns[0]).toMatchObject({
      campaignId: seed.campaign,
      status: "done",
      month: 11,
      from: "2023-11-01",
      to: "2023-11-30",
      label: { zh: "已开展", en: "done" },
      summary: { zh: "2023年11月已开展（1次）", en: "November 2023: done (1 event)" },
      events: [{ id: "event-2023-11-10-river-regulations", date: "2023-11-10", happened: true }]
    })
    // the server's clock decides; November 2024 ends at 2024-11-30T16:00Z (midnight in Beijing)
    const next = await api.get(`/v1/branches/${seed.branch}/campaigns/2024`, api.tokens.viewer)
    expect(next.body.campaigns[0].status).toBe(
      Date.now() >= Date.parse("2024-11-30T16:00:00.000Z") ? "missed" : "due"
    )
    const before = await api.get(`/v1/branches/${seed.branch}/campaigns/2022`, api.tokens.viewer)
    expect(before.body.campaigns).toEqual([])
  })

  it("is read in the branch's subtree only, and made for Party organisations", async () => {
    const other = await otherBranch(api, "四平市水土保持站党支部")
    expectProblem(await api.get(`/v1/branches/${seed.branch}/campaigns/2023`, other.secretary), 403)
    const community = await api.get(`/v1/branches/${seed.zhongxing}/campaigns/2023`, api.tokens.admin)
    expectProblem(community, 422)
    expectProblem(await api.get("/v1/branches/branch-nowhere/campaigns/2023", api.tokens.admin), 404)
  })
})

describe("在职党员报到", () => {
  it("lists the members registered at a community, personal data masked for a viewer", async () => {
    const names = (body: { items: Array<{ data: { name: string } }> }) => body.items.map((m) => m.data.name)
    const secretary = await api.get(`/v1/members?communityId=${seed.zhongxing}`, api.tokens.secretary)
    expect(secretary.status).toBe(200)
    expect(names(secretary.body)).toEqual(["刘洋", "吴海峰", "李雪梅", "王建华"])
    expect(secretary.body.items[0].data.phone).toBe("13800000105")
    const viewer = await api.get(`/v1/members?communityId=${seed.zhongxing}&limit=2`, api.tokens.viewer)
    expect(names(viewer.body)).toEqual(["刘洋", "吴海峰"])
    expect(viewer.body.items[0].data.phone).toBe("138****0105")
    expect(viewer.body.next).toBeTypeOf("string")
  })

  it("a member records its own service at its community, with hours; it counts in its participation", async () => {
    const service = { date: "2025-05-17", hours: "2.5", title: "单元楼道杂物清理" }
    const headers = { "idempotency-key": "liu-service-2025-05-17" }
    const recorded = await api.post(
      `/v1/communities/${seed.zhongxing}/service`,
      service,
      api.tokens.member,
      headers
    )
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201)
    expect(recorded.body.data).toMatchObject({
      category: "community_service",
      branchId: seed.branch,
      title: "单元楼道杂物清理",
      links: { communityId: seed.zhongxing },
      participantIds: [seed.liu],
      participantHours: [{ memberId: seed.liu, hours: "2.5" }]
    })
    expect(recorded.headers.get("etag")).toBe('"1"')
    const replay = await api.post(
      `/v1/communities/${seed.zhongxing}/service`,
      service,
      api.tokens.member,
      headers
    )
    expect(replay.body.data.id).toBe(recorded.body.data.id)

    const report = await api.get(
      `/v1/branches/${seed.branch}/reports/members?from=2025-01-01&to=2025-12-31`,
      api.tokens.secretary
    )
    const row = report.body.members.find((m: { memberId: string }) => m.memberId === seed.liu)
    expect(row.communityService).toEqual({
      sessions: 1,
      hours: "2.5",
      sessionsWithoutHours: 0,
      eventIds: [recorded.body.data.id]
    })
    const seedYear = await api.get(
      `/v1/branches/${seed.branch}/reports/members?from=2023-01-01&to=2023-12-31`,
      api.tokens.secretary
    )
    const liIn2023 = seedYear.body.members.find((m: { memberId: string }) => m.memberId === li)
    expect([liIn2023.communityService.sessions, liIn2023.communityService.hours]).toEqual([15, "22.5"])
  })

  it("a secretary records it for a member; the rules and the scope are kept", async () => {
    const path = `/v1/communities/${seed.zhongxing}/service`
    const forLi = await api.post(path, { memberId: li, date: "2025-06-07", hours: "3" }, api.tokens.secretary)
    expect(forLi.status, JSON.stringify(forLi.body)).toBe(201)
    expect(forLi.body.data.title).toBe("中兴社区在职党员报到服务")
    // a member-role token records only its own service
    expectProblem(
      await api.post(path, { memberId: li, date: "2025-06-07", hours: "3" }, api.tokens.member),
      403
    )
    expectProblem(
      await api.post(path, { memberId: li, date: "2025-06-07", hours: "3" }, api.tokens.viewer),
      403
    )
    const other = await otherBranch(api, "四平市排水管理处党支部")
    expectProblem(
      await api.post(path, { memberId: li, date: "2025-06-07", hours: "3" }, other.secretary),
      403
    )
    // 张伟 is registered at 兴华社区, not here
    const elsewhere = await api.post(
      path,
      { memberId: seed.zhang, date: "2025-06-07", hours: "1" },
      api.tokens.secretary
    )
    expectProblem(elsewhere, 422)
    expect(elsewhere.body.rule).toBe("service_at_registered_community")
    // before 刘洋 registered (2022-03-10)
    expectProblem(await api.post(path, { date: "2022-03-09", hours: "1" }, api.tokens.member), 422)
    for (const hours of ["0", "25", "1.234", "two"]) {
      expectProblem(await api.post(path, { date: "2025-06-07", hours }, api.tokens.member), 422)
    }
    const unnamed = await api.post(path, { date: "2025-06-07", hours: "1" }, api.tokens.secretary)
    expectProblem(unnamed, 422)
    expectProblem(
      await api.post(
        path,
        { memberId: "member-nobody", date: "2025-06-07", hours: "1" },
        api.tokens.secretary
      ),
      404
    )
  })

  it("a participant's hours are recorded with its participation", async () => {
    const created = await api.post(
      "/v1/events",
      {
        branchId: seed.branch,
        category: "volunteer_labour",
        title: "清雪除冰",
        date: "2025-01-11",
        links: { communityId: seed.zhongxing },
        participantIds: [],
        outcomes: []
      },
      api.tokens.secretary
    )
    expect(created.status).toBe(201)
    const path = `/v1/events/${created.body.data.id}/participants`
    const own = await api.post(path, { hours: "1.5" }, api.tokens.member)
    expect(own.status, JSON.stringify(own.body)).toBe(200)
    expect(own.body.data.participantHours).toEqual([{ memberId: seed.liu, hours: "1.5" }])
    const corrected = await api.post(path, { hours: "2" }, api.tokens.member)
    expect(corrected.body.data.participantHours).toEqual([{ memberId: seed.liu, hours: "2" }])
    expectProblem(await api.post(path, { hours: "-1" }, api.tokens.member), 422)
    const stranger = await api.put(
      `/v1/events/${created.body.data.id}`,
      {
        ...created.body.data,
        id: undefined,
        tenantId: undefined,
        participantHours: [{ memberId: li, hours: "1" }]
      },
      api.tokens.secretary
    )
    expectProblem(stranger, 422)
    expect(stranger.body.rule).toBe("hours_of_participants")
  })
})

describe("a community by id", () => {
  it("is the organisation GET /organisations/{id} gives, with its ETag; another kind is 404", async () => {
    const community = await api.get(`/v1/communities/${seed.zhongxing}`, api.tokens.viewer)
    expect(community.status, JSON.stringify(community.body)).toBe(200)
    expect(community.body.data).toMatchObject({ _tag: "Community", id: seed.zhongxing, name: "中兴社区" })
    const organisation = await api.get(`/v1/organisations/${seed.zhongxing}`, api.tokens.viewer)
    expect(community.body).toEqual(organisation.body)
    expect(community.headers.get("etag")).toBe(organisation.headers.get("etag"))
    expectProblem(await api.get(`/v1/communities/${seed.branch}`, api.tokens.admin), 404)
    expectProblem(await api.get("/v1/communities/no-such-community", api.tokens.admin), 404)
    expectProblem(await api.get(`/v1/communities/${seed.zhongxing}`), 401)
    const other = await otherBranch(api)
    expectProblem(await api.get(`/v1/communities/${seed.zhongxing}`, other.secretary), 403)
  })
})

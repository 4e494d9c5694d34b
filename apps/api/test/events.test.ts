import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectCrud, expectProblem, otherBranch, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const newEvent = {
  branchId: seed.branch,
  category: "litter_clearing",
  title: "北河春季清理",
  date: "2024-04-12",
  links: { zoneId: "zone-bh-01" },
  participantIds: [seed.secretary],
  outcomes: [{ quantity: { _tag: "Litter", kilograms: "120.5" } }]
}

describe("service events", () => {
  it("creates, reads, lists and updates an event; amounts stay exact decimal strings", async () => {
    const { updated, created } = await expectCrud(api, {
      path: "/v1/events",
      token: api.tokens.secretary,
      create: newEvent,
      change: (data) => ({ ...data, outcomes: [{ quantity: { _tag: "Money", amount: "2300.50" } }] }),
      listQuery: "&zoneId=zone-bh-01&from=2024-04-01&to=2024-04-30",
      another: (body) => ({ ...body, title: "北河秋季清理" })
    })
    expect(created.data.outcomes[0].quantity.kilograms).toBe("120.5")
    expect(updated.data.outcomes[0].quantity.amount).toBe("2300.5")
    const outside = await api.get("/v1/events?zoneId=zone-bh-01&from=2024-05-01", api.tokens.secretary)
    expect(outside.body.items).toHaveLength(0)
  })

  it("refuses a broken event", async () => {
    const noTheme = await api.post(
      "/v1/events",
      { ...newEvent, category: "publicity_campaign" },
      api.tokens.secretary
    )
    expectProblem(noTheme, 422)
    expect(noTheme.body.rule).toBe("publicity_has_theme")
    expectProblem(
      await api.post(
        "/v1/events",
        { ...newEvent, outcomes: [{ quantity: { _tag: "Money", amount: "1e3" } }] },
        api.tokens.secretary
      ),
      422
    )
    expectProblem(
      await api.post("/v1/events", { ...newEvent, links: { zoneId: "zone-none" } }, api.tokens.secretary),
      404
    )
  })

  it("lets a member add only itself as a participant, a secretary anyone", async () => {
    const created = await api.post("/v1/events", { ...newEvent, title: "西湖植树" }, api.tokens.secretary)
    const path = `/v1/events/${created.body.data.id}/participants`
    const self = await api.post(path, {}, api.tokens.member)
    expect(self.status, JSON.stringify(self.body)).toBe(200)
    expect(self.body.data.participantIds).toEqual([seed.secretary, seed.liu])
    const twice = await api.post(path, { memberId: seed.liu }, api.tokens.member)
    expect(twice.body.data.participantIds).toEqual([seed.secretary, seed.liu])
    expectProblem(await api.post(path, { memberId: seed.zhang }, api.tokens.member), 403)
    expectProblem(await api.post(path, { memberId: seed.zhang }, api.tokens.viewer), 403)
    expectProblem(await api.post(path, {}, api.tokens.secretary), 422)
    expectProblem(await api.post(path, { memberId: "member-nobody" }, api.tokens.secretary), 404)
    expectProblem(
      await api.post("/v1/events/none/participants", { memberId: seed.zhang }, api.tokens.secretary),
      404
    )
    const added = await api.post(path, { memberId: seed.zhang }, api.tokens.secretary)
    expect(added.body.data.participantIds).toContain(seed.zhang)
    expectProblem(await api.post(path, {}), 401)

    const other = await otherBranch(api)
    expectProblem(await api.post(path, { memberId: seed.zhou }, other.secretary), 403)
    expectProblem(await api.get(`/v1/events/${created.body.data.id}`, other.secretary), 403)
  })

  it("keeps campaigns: list, get, create, and events in the campaign's month", async () => {
    const listed = await api.get(`/v1/campaigns?branchId=${seed.branch}`, api.tokens.viewer)
    expect(listed.body.items.map((i: { data: { id: string } }) => i.data.id)).toContain(seed.campaign)
    const got = await api.get(`/v1/campaigns/${seed.campaign}`, api.tokens.member)
    expect(got.headers.get("etag")).toBe('"1"')
    const campaign = {
      branchId: seed.branch,
      name: "世界水日宣传",
      category: "publicity_campaign",
      themes: ["water_saving"],
      recursInMonth: 3,
      startedYear: 2024
    }
    expectProblem(await api.post("/v1/campaigns", campaign, api.tokens.viewer), 403)
    const created = await api.post("/v1/campaigns", campaign, api.tokens.secretary, {
      "idempotency-key": "camp-1"
    })
    expect(created.status).toBe(201)
    const replay = await api.post("/v1/campaigns", campaign, api.tokens.secretary, {
      "idempotency-key": "camp-1"
    })
    expect(replay.body.data.id).toBe(created.body.data.id)
    expectProblem(await api.post("/v1/campaigns", campaign, api.tokens.secretary), 409)
    expectProblem(
      await api.post("/v1/campaigns", { ...campaign, recursInMonth: 13 }, api.tokens.secretary),
      422
    )
    expectProblem(await api.get("/v1/campaigns/none", api.tokens.secretary), 404)

    const publicity = {
      ...newEvent,
      category: "publicity_campaign",
      publicity: { themes: ["water_saving"], channels: ["banner"] },
      campaignId: created.body.data.id
    }
    const wrongMonth = await api.post("/v1/events", publicity, api.tokens.secretary)
    expectProblem(wrongMonth, 422)
    expect(wrongMonth.body.rule).toBe("campaign_month")
    const inMonth = await api.post("/v1/events", { ...publicity, date: "2024-03-22" }, api.tokens.secretary)
    expect(inMonth.status).toBe(201)
    const ofCampaign = await api.get(`/v1/events?campaignId=${created.body.data.id}`, api.tokens.viewer)
    expect(ofCampaign.body.items).toHaveLength(1)

    const other = await otherBranch(api, "四平市水政监察支队党支部")
    expectProblem(await api.get(`/v1/campaigns/${seed.campaign}`, other.secretary), 403)
    expectProblem(await api.get(`/v1/campaigns?branchId=${seed.branch}`, other.secretary), 403)
  })
})

/**
 * Deadlines through the API: a case answers with its due times and timing, the list filters overdue
 * cases, a branch's response policy is read and set (audited, `If-Match`), a secretary closes a
 * resident's report as spam or a duplicate, and the annual report's emergency figure gives each
 * stage's duration — 25 分钟 from found to reported for the seed's 六孔桥.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectProblem, otherBranch, seed, startApi, type TestApi, tenantId } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const ids = (reply: { body: { items: ReadonlyArray<{ data: { id: string } }> } }) =>
  reply.body.items.map((i) => i.data.id)

const strict = {
  routine: {
    low: { acknowledge: { minutes: 10 }, fix: { workingDays: 1 } },
    medium: { acknowledge: { minutes: 10 }, fix: { workingDays: 1 } },
    high: { acknowledge: { minutes: 10 }, fix: { minutes: 60 } },
    critical: { acknowledge: { minutes: 5 }, fix: { minutes: 30 } }
  },
  emergency: { reportToBureau: { minutes: 15 }, formTeam: { minutes: 60 }, repair: { workingDays: 5 } }
}

describe("case deadlines", () => {
  it("the 六孔桥 case shows its due times met and 25 minutes from found to reported", async () => {
    const reply = await api.get("/v1/cases/case-2023-liukongqiao", api.tokens.viewer)
    expect(reply.status).toBe(200)
    expect(reply.body.data.deadlines.map((d: { stage: string }) => d.stage)).toEqual([
      "reported_to_bureau",
      "team_formed",
      "repaired"
    ])
    expect(reply.body.data.timing.overdue).toBe(false)
    expect(reply.body.data.timing.deadlines.map((d: { state: string }) => d.state)).toEqual([
      "met",
      "met",
      "met"
    ])
    expect(reply.body.data.timing.stageDurations[0]).toEqual({
      from: "found",
      to: "reported_to_bureau",
      minutes: 25
    })
  })

  it("overdue=true lists the seed's open outfall case, overdue=false the others", async () => {
    const overdue = await api.get("/v1/cases?overdue=true", api.tokens.secretary)
    expect(overdue.status).toBe(200)
    expect(ids(overdue)).toEqual(["case-2023-bh02-outfall"])
    expect(overdue.body.items[0].data.timing).toMatchObject({ overdue: true })
    const onTime = await api.get("/v1/cases?overdue=false&limit=500", api.tokens.secretary)
    expect(ids(onTime)).toContain("case-2023-liukongqiao")
    expect(ids(onTime)).not.toContain("case-2023-bh02-outfall")
    expectProblem(await api.get("/v1/cases?overdue=maybe", api.tokens.secretary), 422)
  })

  it("the annual report's emergency figure gives each stage's duration, Chinese first", async () => {
    const reply = await api.get(`/v1/branches/${seed.branch}/reports/annual/2023`, api.tokens.viewer)
    const emergencies = reply.body.figures.find((f: { key: string }) => f.key === "emergencies_handled")
    expect(emergencies.basis.description).toContain("发现险情 → 报告局党组: 25 分钟")
    expect(emergencies.basis.description).toContain("found → reported to the bureau: 25 min")
  })

  it("zone figures count the cases on time and overdue", async () => {
    const reply = await api.get(
      `/v1/branches/${seed.branch}/reports/zones?from=2023-01-01&to=2023-12-31`,
      api.tokens.viewer
    )
    expect(reply.status).toBe(200)
    const byCode = Object.fromEntries(
      reply.body.zones.map((z: { code: string; casesOnTime: number; casesOverdue: number }) => [
        z.code,
        [z.casesOnTime, z.casesOverdue]
      ])
    )
    expect(byCode["NH-02"]).toEqual([1, 0])
    expect(byCode["BH-02"]).toEqual([0, 1])
  })

  it("a branch's response policy: defaults, set by its secretary with If-Match, audited, timing new cases", async () => {
    const path = `/v1/branches/${seed.branch}/response-policy`
    const initial = await api.get(path, api.tokens.viewer)
    expect(initial.status).toBe(200)
    expect(initial.body).toMatchObject({ branchId: seed.branch, source: "default", version: 0 })
    expect(initial.body.policy.routine.medium).toEqual({
      acknowledge: { minutes: 1440 },
      fix: { workingDays: 7 }
    })
    expect(initial.headers.get("etag")).toBe('"0"')

    expectProblem(await api.put(path, strict, api.tokens.viewer), 403)
    expectProblem(await api.put(path, strict, api.tokens.member), 403)
    const invalid = await api.put(
      path,
      { ...strict, emergency: { reportToBureau: { minutes: 0 } } },
      api.tokens.secretary
    )
    expectProblem(invalid, 422)
    expectProblem(await api.put(path, strict, api.tokens.secretary, { "if-match": '"3"' }), 412)
    const set = await api.put(path, strict, api.tokens.secretary, { "if-match": '"0"' })
    expect(set.status, JSON.stringify(set.body)).toBe(200)
    expect(set.body).toMatchObject({ source: "own", version: 1, policy: strict })
    expect(set.headers.get("etag")).toBe('"1"')
    expectProblem(await api.put(path, strict, api.tokens.secretary, { "if-match": '"0"' }), 412)

    // a temporary branch under it inherits it; another branch's secretary may not touch it
    const inherited = await api.get(`/v1/branches/${seed.tbNanhe}/response-policy`, api.tokens.secretary)
    expect(inherited.body).toMatchObject({ source: "inherited", fromId: seed.branch, version: 0 })
    const other = await otherBranch(api, "水文站党支部（时限）")
    expectProblem(await api.put(path, strict, other.secretary), 403)
    expectProblem(await api.get(path, other.secretary), 403)
    expectProblem(
      await api.put(`/v1/branches/${seed.zhongxing}/response-policy`, strict, api.tokens.admin),
      422
    )
    expectProblem(await api.get("/v1/branches/org-none/response-policy", api.tokens.admin), 404)

    const audit = await api.get(`/v1/audit?entity=response_policy&entityId=${seed.branch}`, api.tokens.admin)
    expect(audit.body.items.map((i: { data: { change: string } }) => i.data.change)).toEqual([
      "response_policy.set"
    ])

    // a case opened now is timed by it: acknowledge within 10 minutes of reporting
    const opened = await api.post(
      "/v1/cases",
      {
        branchId: seed.branch,
        kind: "routine",
        title: "护岸松动",
        description: "巡查发现",
        source: "patrol",
        severity: "high",
        at: "2031-03-03T01:00:00.000Z"
      },
      api.tokens.secretary
    )
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(opened.body.data.deadlines).toEqual([
      { stage: "acknowledged", due: "2031-03-03T01:10:00.000Z" },
      { stage: "resolved", due: "2031-03-03T02:00:00.000Z" }
    ])
    expect(opened.body.data.timing).toMatchObject({ overdue: false, nextDueAt: "2031-03-03T01:10:00.000Z" })
  })

  it("a secretary closes a resident's report as spam or a duplicate; it counts nowhere but stays listed", async () => {
    const reported = async (title: string) => {
      const reply = await api.post(`/v1/public/${tenantId}/zones/NH-01/problems`, {
        title,
        description: "桥下"
      })
      expect(reply.status).toBe(202)
      return reply.body.caseId as string
    }
    const first = await reported("河面垃圾（一）")
    const second = await reported("河面垃圾（二）")
    const spam = await reported("广告信息")

    expectProblem(await api.post(`/v1/cases/${spam}/close`, { as: "spam" }, api.tokens.member), 403)
    expectProblem(await api.post(`/v1/cases/${spam}/close`, { as: "spam" }, api.tokens.viewer), 403)
    expectProblem(await api.post(`/v1/cases/${spam}/close`, { as: "rubbish" }, api.tokens.secretary), 422)
    expectProblem(await api.post(`/v1/cases/${second}/close`, { as: "duplicate" }, api.tokens.secretary), 409)
    expectProblem(
      await api.post(
        `/v1/cases/${second}/close`,
        { as: "duplicate", duplicateOf: second },
        api.tokens.secretary
      ),
      409
    )
    expectProblem(
      await api.post(
        `/v1/cases/${second}/close`,
        { as: "duplicate", duplicateOf: "case-none" },
        api.tokens.secretary
      ),
      404
    )
    expectProblem(
      await api.post("/v1/cases/case-2023-liukongqiao/close", { as: "spam" }, api.tokens.secretary),
      409
    )
    expectProblem(
      await api.post(`/v1/cases/${spam}/close`, { as: "spam" }, api.tokens.secretary, { "if-match": '"7"' }),
      412
    )
    const closed = await api.post(
      `/v1/cases/${spam}/close`,
      { as: "spam", note: "广告" },
      api.tokens.secretary,
      {
        "if-match": '"1"'
      }
    )
    expect(closed.status, JSON.stringify(closed.body)).toBe(200)
    expect(closed.headers.get("etag")).toBe('"2"')
    expect(closed.body.data.closure).toMatchObject({ as: "spam", actorId: seed.secretary, note: "广告" })
    expect(closed.body.data.timing.overdue).toBe(false)
    expect(closed.body.data.timing.deadlines.map((d: { state: string }) => d.state)).toEqual([
      "waived",
      "waived"
    ])
    const dup = await api.post(
      `/v1/cases/${second}/close`,
      { as: "duplicate", duplicateOf: first },
      api.tokens.secretary
    )
    expect(dup.status, JSON.stringify(dup.body)).toBe(200)
    expectProblem(await api.post(`/v1/cases/${second}/acknowledged`, {}, api.tokens.secretary), 409)

    const listed = async (query: string) =>
      ids(await api.get(`/v1/cases?${query}&limit=500`, api.tokens.secretary))
    expect(await listed("status=closed_as_spam")).toEqual([spam])
    expect(await listed("status=closed_as_duplicate")).toEqual([second])
    expect(await listed("zoneId=zone-nh-01")).toEqual(expect.arrayContaining([first, second, spam]))

    // a client cannot open a case already closed, nor choose its receipt or due times: the contract
    // has no such keys, and a body with them is refused, naming them
    const opened = {
      branchId: seed.branch,
      kind: "routine",
      title: "电话反映的垃圾",
      description: "居民来电",
      source: "resident",
      severity: "medium"
    }
    const sneaky = await api.post(
      "/v1/cases",
      {
        ...opened,
        receipt: "2222-2222-22",
        deadlines: [{ stage: "acknowledged", due: "2099-01-01T00:00:00.000Z" }],
        closure: { as: "spam", at: "2099-01-01T00:00:00.000Z" }
      },
      api.tokens.secretary
    )
    expectProblem(sneaky, 422)
    expect(sneaky.body.errors.map((e: { path: Array<string> }) => e.path.join("."))).toEqual([
      "body.receipt",
      "body.deadlines",
      "body.closure"
    ])
    const plain = await api.post("/v1/cases", opened, api.tokens.secretary)
    expect(plain.status, JSON.stringify(plain.body)).toBe(201)
    expect(plain.body.data.closure).toBeUndefined()
    expect(plain.body.data.receipt).toMatch(/^[2-9A-HJKMNP-Z]{4}-/)
    expect(plain.body.data.deadlines[0].due).not.toBe("2099-01-01T00:00:00.000Z")

    const audit = await api.get(`/v1/audit?entityId=${second}`, api.tokens.admin)
    expect(audit.body.items.map((i: { data: { change: string } }) => i.data.change)).toEqual([
      "case.open",
      "case.closed_as_duplicate"
    ])
  })
})

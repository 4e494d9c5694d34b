import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectProblem, otherBranch, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const zones = `/v1/branches/${seed.branch}/reports/zones?from=2023-01-01&to=2023-12-31`
const members = `/v1/branches/${seed.branch}/reports/members?from=2023-01-01&to=2023-12-31`

describe("the annual report", () => {
  const annual = `/v1/branches/${seed.branch}/reports/annual/2023`

  it("counts the records behind each figure and links to the figure that names them", async () => {
    const report = await api.get(annual, api.tokens.viewer)
    expect(report.status, JSON.stringify(report.body)).toBe(200)
    expect(report.body.figures).toHaveLength(11)
    for (const figure of report.body.figures) {
      expect(figure.basis.recordIds, figure.key).toBeUndefined()
      expect(figure.detail).toBe(`${annual}/figures/${figure.key}`)
      const detail = await api.get(figure.detail, api.tokens.viewer)
      expect(detail.status, JSON.stringify(detail.body)).toBe(200)
      expect(detail.body).toMatchObject({
        key: figure.key,
        branchId: seed.branch,
        year: 2023,
        value: figure.value,
        exact: figure.exact,
        records: figure.records
      })
      expect(detail.body.basis).toMatchObject({
        entity: figure.basis.entity,
        filter: figure.basis.filter
      })
      expect(detail.body.basis.recordIds).toHaveLength(figure.basis.recordCount)
    }
    const zonesFigure = report.body.figures.find((f: { key: string }) => f.key === "responsibility_zones")
    expect(zonesFigure.basis.recordCount).toBe(5)
    const volunteer = await api.get(`${annual}/figures/volunteer_labour_sessions`, api.tokens.viewer)
    expect(volunteer.body.presented).toBe("20余次")
    expect(new Set(volunteer.body.basis.recordIds).size).toBe(volunteer.body.value.count)
  })

  it("answers problems for an unknown figure, branch or year", async () => {
    expectProblem(await api.get(`${annual}/figures/rivers_cleaned`, api.tokens.viewer), 422)
    expectProblem(await api.get(`${annual}/figures/responsibility_zones`), 401)
    const other = await otherBranch(api, "四平市河湖保护中心党支部")
    expectProblem(await api.get(`${annual}/figures/responsibility_zones`, other.secretary), 403)
    expectProblem(
      await api.get(`/v1/branches/nowhere/reports/annual/2023/figures/pioneer_posts`, api.tokens.admin),
      404
    )
    expectProblem(await api.get(`/v1/branches/${seed.branch}/reports/annual/1800`, api.tokens.admin), 422)
  })
})

describe("zone and member reports", () => {
  it("gives the figures of each zone for a period, amounts as decimal strings", async () => {
    const report = await api.get(zones, api.tokens.viewer)
    expect(report.status, JSON.stringify(report.body)).toBe(200)
    expect(report.body).toMatchObject({ branchId: seed.branch, from: "2023-01-01", to: "2023-12-31" })
    expect(report.body.zones).toHaveLength(5)
    for (const zone of report.body.zones) expect(typeof zone.litterCollected).toBe("string")
    const nh02 = report.body.zones.find((z: { zoneId: string }) => z.zoneId === "zone-nh-02")
    expect(nh02.casesFound).toBe(1)
    expect(nh02.basis.casesFoundIds).toEqual(["case-2023-liukongqiao"])
  })

  it("gives member participation to secretaries and admins only", async () => {
    const report = await api.get(members, api.tokens.secretary)
    expect(report.status).toBe(200)
    const liu = report.body.members.find((m: { memberId: string }) => m.memberId === seed.liu)
    expect(liu.eventsParticipated).toBeGreaterThan(0)
    expect((await api.get(members, api.tokens.admin)).status).toBe(200)
    expectProblem(await api.get(members, api.tokens.viewer), 403)
    expectProblem(await api.get(members, api.tokens.member), 403)
    expectProblem(await api.get(members), 401)
  })

  it("answers problems for a wrong branch or period", async () => {
    const other = await otherBranch(api)
    expectProblem(await api.get(zones, other.secretary), 403)
    expectProblem(await api.get(members, other.secretary), 403)
    const backwards = await api.get(
      `/v1/branches/${seed.branch}/reports/zones?from=2023-12-31&to=2023-01-01`,
      api.tokens.admin
    )
    expectProblem(backwards, 422)
    expect(backwards.body.rule).toBe("period_from_not_after_to")
    const community = await api.get(
      `/v1/branches/${seed.zhongxing}/reports/zones?from=2023-01-01&to=2023-12-31`,
      api.tokens.admin
    )
    expectProblem(community, 422)
    expectProblem(
      await api.get(`/v1/branches/nowhere/reports/members?from=2023-01-01&to=2023-12-31`, api.tokens.admin),
      404
    )
    expectProblem(
      await api.get(`/v1/branches/${seed.branch}/reports/zones?from=2023-01-01`, api.tokens.admin),
      422
    )
    expectProblem(
      await api.get(
        `/v1/branches/${seed.branch}/reports/zones?from=2023-02-30&to=2023-03-01`,
        api.tokens.admin
      ),
      422
    )
    const empty = await api.get(
      `/v1/branches/${other.id}/reports/zones?from=2023-01-01&to=2023-12-31`,
      other.secretary
    )
    expect(empty.body.zones).toEqual([])
  })
})

describe("the dashboard's counts", () => {
  const counts = `/v1/branches/${seed.branch}/reports/counts?from=2023-01-01&to=2023-12-31`

  /** Every item of a list, page by page. */
  const everything = async (path: string) => {
    const items: Array<{ data: Record<string, unknown> & { timing?: { overdue: boolean } } }> = []
    let next: string | undefined = path
    while (next !== undefined) {
      const page: { status: number; body: { items: typeof items; next?: string } } = await api.get(
        next,
        api.tokens.secretary
      )
      expect(page.status, JSON.stringify(page.body)).toBe(200)
      items.push(...page.body.items)
      next = page.body.next === undefined ? undefined : `${path}&after=${encodeURIComponent(page.body.next)}`
    }
    return items
  }

  it("are what the lists hold, counted one by one: events per month and category, patrols per zone, cases", async () => {
    const reply = await api.get(counts, api.tokens.secretary)
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    const within = `within=${seed.branch}&from=2023-01-01&to=2023-12-31&limit=500`
    const events = new Map<string, number>()
    for (const { data } of await everything(`/v1/events?${within}`)) {
      const key = `${String(data.date).slice(0, 7)} ${String(data.category)}`
      events.set(key, (events.get(key) ?? 0) + 1)
    }
    expect(events.size).toBeGreaterThan(1)
    expect(
      new Map(
        reply.body.events.map((e: { month: string; category: string; count: number }) => [
          `${e.month} ${e.category}`,
          e.count
        ])
      )
    ).toEqual(events)
    const figures = (await api.get(zones, api.tokens.secretary)).body
    expect(reply.body.zones.map((z: { code: string; patrols: number }) => [z.code, z.patrols])).toEqual(
      figures.zones.map((z: { code: string; patrols: number }) => [z.code, z.patrols])
    )
    const cases = await everything(`/v1/cases?${within}`)
    const closed = cases.filter(
      ({ data }) =>
        data.closure !== undefined || (data.stages as Array<{ stage: string }>).at(-1)?.stage === "verified"
    ).length
    const overdue = cases.filter(
      ({ data }) =>
        data.closure === undefined &&
        (data.stages as Array<{ stage: string }>).at(-1)?.stage !== "verified" &&
        data.timing?.overdue === true
    ).length
    expect(cases.length).toBeGreaterThan(0)
    expect(reply.body.cases).toEqual({ open: cases.length - closed - overdue, overdue, closed })
  })

  it("are refused for a period that runs backwards, and to a token of another branch", async () => {
    const backwards = await api.get(
      `/v1/branches/${seed.branch}/reports/counts?from=2023-12-31&to=2023-01-01`,
      api.tokens.secretary
    )
    expectProblem(backwards, 422)
    expect(backwards.body.rule).toBe("period_from_not_after_to")
    const other = await otherBranch(api, "四平市河道管理处党支部")
    expectProblem(await api.get(counts, other.secretary), 403)
  })
})

/**
 * Periods in the tenant's local time through the API: RFC 3339 with any offset in, canonical UTC out;
 * the tenant's zone read and changed (admins, audited); and every figure of the annual report linking
 * exactly the records it counts — the list behind each link, followed page by page, holds
 * `recordCount` records, the ones the figure names — across the edges of a Beijing year.
 */
import { Ids, type MicroWish } from "@bishui/domain"
import { CurrentActor, MicroWishes } from "@bishui/services"
import { Effect, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { appLayer } from "../src/server/Server.ts"
import { expectProblem, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

/** Every id of a list, following `next` to the last page, a few records a page. */
const listAll = async (link: string, token: string): Promise<Array<string>> => {
  const ids: Array<string> = []
  let after: string | undefined
  do {
    const url = new URL(link, "http://x")
    url.searchParams.set("limit", "2")
    if (after !== undefined) url.searchParams.set("after", after)
    const page = await api.get(`${url.pathname}${url.search}`, token)
    expect(page.status, `${link}: ${JSON.stringify(page.body)}`).toBe(200)
    for (const item of page.body.items) ids.push(item.data.id)
    after = page.body.next
  } while (after !== undefined)
  return ids
}

/** Wishes fulfilled at given instants, written through the services (the API fulfils at "now"). */
const fulfilledWishes = async (specs: ReadonlyArray<{ readonly at: string; readonly branchId: string }>) => {
  const runtime = ManagedRuntime.make(appLayer(api.databaseUrl))
  try {
    return await runtime.runPromise(
      Effect.forEach(specs, ({ at, branchId }) =>
        Effect.gen(function* () {
          const wishes = yield* MicroWishes.MicroWishes
          const wish: MicroWish.MicroWish = {
            id: Ids.MicroWishId.make(`wish-${crypto.randomUUID()}`),
            tenantId: Ids.TenantId.make("siping-water"),
            branchId: Ids.OrganisationId.make(branchId),
            communityId: Ids.OrganisationId.make(seed.zhongxing),
            title: "一副老花镜",
            beneficiary: "独居老人",
            postedAt: "2023-06-01T00:00:00.000Z" as MicroWish.MicroWish["postedAt"],
            state: {
              _tag: "Fulfilled",
              claimantId: Ids.MemberId.make(seed.liu),
              claimedAt: "2023-06-02T00:00:00.000Z" as MicroWish.MicroWish["postedAt"],
              fulfilledAt: at as MicroWish.MicroWish["postedAt"]
            }
          }
          return (yield* wishes.post(wish)).record.id
        }).pipe(Effect.provideService(CurrentActor.CurrentActor, "test"))
      )
    )
  } finally {
    await runtime.dispose()
  }
}

describe("instants in and out", () => {
  it("takes RFC 3339 with any offset in bodies and gives the canonical UTC form back", async () => {
    const opened = await api.post(
      "/v1/cases",
      {
        branchId: seed.branch,
        kind: "emergency",
        title: "元旦凌晨南河护岸坍塌",
        description: "巡查发现护岸局部坍塌",
        source: "patrol",
        severity: "high",
        zoneId: seed.zoneNh01,
        at: "2024-01-01T00:10:00+08:00"
      },
      api.tokens.secretary
    )
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    expect(opened.body.data.stages[0].at).toBe("2023-12-31T16:10:00.000Z")
    expect(opened.body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    const bad = await api.post(
      "/v1/patrols",
      { zoneId: seed.zoneNh01, memberId: seed.liu, startedAt: "2024-01-01 07:30", caseIds: [] },
      api.tokens.secretary
    )
    expectProblem(bad, 422)
    expect(JSON.stringify(bad.body)).toContain("RFC 3339")
  })

  it("takes a date-time with an offset as an exact bound of a list, a day as a local day", async () => {
    const patrol = await api.post(
      "/v1/patrols",
      { zoneId: seed.zoneNh01, memberId: seed.liu, startedAt: "2024-01-01T00:30:00+08:00", caseIds: [] },
      api.tokens.secretary
    )
    expect(patrol.status, JSON.stringify(patrol.body)).toBe(201)
    expect(patrol.body.data.startedAt).toBe("2023-12-31T16:30:00.000Z")
    const ids = async (query: string) =>
      (await api.get(`/v1/patrols?zoneId=${seed.zoneNh01}&${query}`, api.tokens.secretary)).body.items.map(
        (i: { data: { id: string } }) => i.data.id
      )
    expect(await ids("from=2024-01-01&to=2024-01-01")).toEqual([patrol.body.data.id])
    expect(await ids("from=2023-12-31&to=2023-12-31")).toEqual([])
    const exact = encodeURIComponent("2024-01-01T00:30:00+08:00")
    expect(await ids(`from=${exact}&to=${exact}`)).toEqual([patrol.body.data.id])
    expectProblem(
      await api.get(`/v1/patrols?zoneId=${seed.zoneNh01}&from=yesterday`, api.tokens.secretary),
      422
    )
  })
})

describe("the tenant's zone", () => {
  it("is read by every token and changed by admins only, audited", async () => {
    const read = await api.get("/v1/tenant", api.tokens.viewer)
    expect(read.status, JSON.stringify(read.body)).toBe(200)
    expect(read.body.data).toMatchObject({
      id: "siping-water",
      timeZone: "Asia/Shanghai",
      timeZoneIsDefault: true
    })
    const etag = read.headers.get("etag") as string
    expectProblem(await api.get("/v1/tenant"), 401)
    expectProblem(await api.put("/v1/tenant", { name: "x", timeZone: "UTC" }, api.tokens.secretary), 403)
    const invalid = await api.put(
      "/v1/tenant",
      { name: read.body.data.name, timeZone: "Beijing" },
      api.tokens.admin
    )
    expectProblem(invalid, 422)
    expectProblem(
      await api.put("/v1/tenant", { name: read.body.data.name, timeZone: "UTC" }, api.tokens.admin, {
        "if-match": '"999"'
      }),
      412
    )
    const changed = await api.put(
      "/v1/tenant",
      { name: read.body.data.name, timeZone: "Asia/Urumqi" },
      api.tokens.admin,
      { "if-match": etag }
    )
    expect(changed.status, JSON.stringify(changed.body)).toBe(200)
    expect(changed.body.data).toMatchObject({ timeZone: "Asia/Urumqi", timeZoneIsDefault: false })
    const audit = await api.get("/v1/audit?entity=tenant&entityId=siping-water", api.tokens.admin)
    const change = audit.body.items.find(
      (i: { data: { change: string } }) => i.data.change === "tenant.update"
    )
    expect(change?.data.after).toMatchObject({ timeZone: "Asia/Urumqi" })
    const back = await api.put("/v1/tenant", { name: read.body.data.name }, api.tokens.admin)
    expect(back.body.data).toMatchObject({ timeZone: "Asia/Shanghai", timeZoneIsDefault: true })
  })
})

describe("every figure links exactly the records it counts", () => {
  const figuresOf = async (year: number) => {
    const report = await api.get(`/v1/branches/${seed.branch}/reports/annual/${year}`, api.tokens.admin)
    expect(report.status, JSON.stringify(report.body)).toBe(200)
    return report.body
  }

  it("each list behind a link holds recordCount records, those the figure names, at both edges of a year", async () => {
    // 23:30 on 31 December 2023 and 07:30 on 1 January 2024, Beijing time; one in a temporary branch
    const [eve, morning, temporary] = await fulfilledWishes([
      { at: "2023-12-31T15:30:00.000Z", branchId: seed.branch },
      { at: "2023-12-31T23:30:00.000Z", branchId: seed.branch },
      { at: "2023-12-31T15:00:00.000Z", branchId: seed.tbXihu }
    ])
    // an emergency repaired at 07:30 on 1 January 2024 Beijing time, then verified
    const open = await api.post(
      "/v1/cases",
      {
        branchId: seed.branch,
        kind: "emergency",
        title: "跨年抢险",
        description: "除夕夜巡查发现堤防渗漏",
        source: "patrol",
        severity: "critical",
        at: "2023-12-31T22:00:00+08:00"
      },
      api.tokens.secretary
    )
    expect(open.status, JSON.stringify(open.body)).toBe(201)
    const emergency = open.body.data.id
    let version = open.body.version
    for (const [stage, at, extra] of [
      ["reported_to_bureau", "2023-12-31T22:20:00+08:00", {}],
      ["team_formed", "2023-12-31T22:40:00+08:00", { teamId: "team-commando-liukongqiao" }],
      ["assessed", "2023-12-31T23:30:00+08:00", {}],
      ["plan_made", "2024-01-01T00:30:00+08:00", {}],
      ["contractor_engaged", "2024-01-01T01:00:00+08:00", { contractorId: seed.contractorRepair }],
      ["repaired", "2024-01-01T07:30:00+08:00", {}],
      ["verified", "2024-01-02T10:00:00+08:00", {}]
    ] as const) {
      const step = await api.post(`/v1/cases/${emergency}/${stage}`, { at, ...extra }, api.tokens.secretary, {
        "if-match": `"${version}"`
      })
      expect(step.status, `${stage}: ${JSON.stringify(step.body)}`).toBe(200)
      version = step.body.version
    }

    const y2023 = await figuresOf(2023)
    const y2024 = await figuresOf(2024)
    expect(y2023.timeZone).toBe("Asia/Shanghai")
    for (const report of [y2023, y2024]) {
      expect(report.figures).toHaveLength(11)
      for (const figure of report.figures) {
        const listed = await listAll(figure.records, api.tokens.admin)
        const detail = await api.get(figure.detail, api.tokens.admin)
        expect(listed, `${report.year} ${figure.key}: ${figure.records}`).toHaveLength(
          figure.basis.recordCount
        )
        expect([...listed].sort(), `${report.year} ${figure.key}`).toEqual(
          [...detail.body.basis.recordIds].sort()
        )
        // the secretary of the branch follows the same links to the same records
        expect((await listAll(figure.records, api.tokens.secretary)).sort()).toEqual([...listed].sort())
      }
    }
    const idsOf = async (
      report: { figures: ReadonlyArray<{ key: string; detail: string }> },
      key: string
    ) => {
      const figure = report.figures.find((f) => f.key === key)
      return (await api.get(figure?.detail as string, api.tokens.admin)).body.basis.recordIds as Array<string>
    }
    const wishes2023 = await idsOf(y2023, "micro_wishes_fulfilled")
    expect(wishes2023).toContain(eve)
    expect(wishes2023).toContain(temporary)
    expect(wishes2023).not.toContain(morning)
    expect(await idsOf(y2024, "micro_wishes_fulfilled")).toEqual([morning])
    // verified, it still counts: it was fixed in 2024
    expect(await idsOf(y2024, "emergencies_handled")).toEqual([emergency])
    expect(await idsOf(y2023, "emergencies_handled")).not.toContain(emergency)
  })

  it("a report cut in another zone says so, and counts by it", async () => {
    const tenant = await api.get("/v1/tenant", api.tokens.admin)
    await api.put("/v1/tenant", { name: tenant.body.data.name, timeZone: "UTC" }, api.tokens.admin)
    try {
      const y2024 = await figuresOf(2024)
      expect(y2024.timeZone).toBe("UTC")
      const wishes = y2024.figures.find((f: { key: string }) => f.key === "micro_wishes_fulfilled")
      // 23:30 UTC on 31 December 2023 is 2023 in UTC
      expect(wishes.basis.recordCount).toBe(0)
      expect((await listAll(wishes.records, api.tokens.admin)).length).toBe(0)
      const csv = await api.get(`/v1/branches/${seed.branch}/reports/annual/2024/csv`, api.tokens.admin)
      expect(csv.body.split("\r\n")[0]).toBe(
        "key,figure,figure_en,value,exact,presented,records,year,time_zone"
      )
      expect(csv.body.split("\r\n")[1]).toMatch(/,2024,UTC$/)
    } finally {
      await api.put("/v1/tenant", { name: tenant.body.data.name }, api.tokens.admin)
    }
  })
})

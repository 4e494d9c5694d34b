/**
 * The console's record pages in process (`app.request`, no browser), mounted as the lead mounts them
 * (`/console`) over the real API on a seeded SQLite file, signed in with real access tokens (the test's
 * `bearerOf` reads them from a header) and with a CSRF token (from a cookie): lists with filters and
 * paging, a form that records an event and its errors next to the fields, void with a reason (gone from
 * the list, marked with include=voided, its audit trail) and restore, a 409 naming the records in the
 * way, a patrol in local time, a case stage, a wish claimed and fulfilled, the CSV download, and the
 * 401 / 403 / 404 pages.
 */
import { Hono } from "hono"
import { getCookie } from "hono/cookie"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makePageClient } from "../src/pages/client.ts"
import { consoleRecordRoutes } from "../src/pages/console/records/routes.tsx"
import { seed, startApi, type TestApi } from "./support.ts"

describe("the console's record pages, in process", () => {
  let api: TestApi
  let app: Hono
  let client: ReturnType<typeof makePageClient>
  const csrf = "csrf-token-of-this-session"

  beforeAll(async () => {
    api = await startApi()
    client = makePageClient((request) => Promise.resolve(api.app.fetch(request)))
    app = new Hono()
    app.route(
      "/console",
      consoleRecordRoutes({
        client: () => client,
        bearerOf: (c) => {
          const token = c.req.header("x-test-token")
          return token === undefined ? undefined : `Bearer ${token}`
        },
        csrf: { field: "_csrf", tokenOf: (c) => getCookie(c, "csrf") }
      })
    )
  }, 120_000)
  afterAll(async () => {
    await api?.dispose()
  })

  /** A page as a person signed in with `token` (null: nobody) sees it, the session's CSRF cookie set. */
  const page = async (path: string, token: string | null = api.tokens.admin) => {
    const response = await app.request(path, {
      headers: { ...(token === null ? {} : { "x-test-token": token }), cookie: `csrf=${csrf}` }
    })
    return { status: response.status, headers: response.headers, html: await response.text() }
  }

  const post = async (
    path: string,
    fields: Record<string, string | ReadonlyArray<string>>,
    token: string = api.tokens.admin,
    withCsrf = true
  ) => {
    const body = new URLSearchParams()
    if (withCsrf) body.append("_csrf", csrf)
    for (const [name, value] of Object.entries(fields)) {
      for (const one of typeof value === "string" ? [value] : value) body.append(name, one)
    }
    const response = await app.request(path, {
      method: "POST",
      headers: {
        "x-test-token": token,
        cookie: `csrf=${csrf}`,
        "content-type": "application/x-www-form-urlencoded"
      },
      body: body.toString()
    })
    return {
      status: response.status,
      location: response.headers.get("location"),
      html: await response.text()
    }
  }

  /** The ids a list page shows, in order. */
  const idsOf = (html: string) => [...html.matchAll(/data-id="([^"]+)"/g)].map((m) => m[1])

  it("without a signed-in person answers the 401 page; with one, the index of records in Chinese", async () => {
    const anonymous = await page("/console/records/events", null)
    expect(anonymous.status).toBe(401)
    expect(anonymous.html).toContain("请先登录")
    // A credential the API does not accept (revoked, expired, made up) is not signed in either.
    const revoked = await page("/console/records/events", "bsh_not-a-token")
    expect(revoked.status).toBe(401)
    expect(revoked.html).toContain("请先登录")
    const index = await page("/console/records")
    expect(index.status).toBe(200)
    expect(index.html.startsWith('<!DOCTYPE html><html lang="zh-CN">')).toBe(true)
    expect(index.headers.get("cache-control")).toBe("private, no-store")
    for (const key of [
      "events",
      "patrols",
      "cases",
      "wishes",
      "members",
      "zones",
      "pioneer-posts",
      "projects",
      "campaigns",
      "organisations"
    ]) {
      expect(index.html).toContain(`href="/console/records/${key}"`)
    }
    expect((await page("/console/records/nothing")).status).toBe(404)
  })

  it("every kind lists its records through the API, in Chinese and in English", async () => {
    for (const key of [
      "events",
      "patrols",
      "cases",
      "wishes",
      "members",
      "zones",
      "pioneer-posts",
      "projects",
      "campaigns",
      "organisations"
    ]) {
      const listed = await page(`/console/records/${key}`)
      expect(listed.status, key).toBe(200)
      expect(idsOf(listed.html).length, key).toBeGreaterThan(0)
    }
    const english = await page("/console/records/events?lang=en")
    expect(english.html).toContain('<html lang="en">')
    expect(english.html).toContain("Include voided records")
  })

  it("filters by category and by local days, and pages with the API's cursor", async () => {
    const all = idsOf((await page("/console/records/events?limit=500")).html)
    const trees = await api.get("/v1/events?category=tree_planting&limit=500", api.tokens.admin)
    const filtered = idsOf((await page("/console/records/events?category=tree_planting&limit=500")).html)
    expect(filtered).toEqual(trees.body.items.map((item: { data: { id: string } }) => item.data.id))
    expect(filtered.length).toBeLessThan(all.length)
    const days = await api.get("/v1/events?from=2023-04-01&to=2023-06-30&limit=500", api.tokens.admin)
    const ranged = idsOf((await page("/console/records/events?from=2023-04-01&to=2023-06-30&limit=500")).html)
    expect(ranged).toEqual(days.body.items.map((item: { data: { id: string } }) => item.data.id))
    // Two at a time: the next page's link carries the cursor and the filters.
    const first = await page("/console/records/events?category=&limit=2")
    expect(idsOf(first.html)).toEqual(all.slice(0, 2))
    const next = first.html.match(/href="([^"]*after=[^"]*)" rel="next"/)?.[1]?.replaceAll("&amp;", "&")
    expect(next).toContain("limit=2")
    const second = await page(next as string)
    expect(idsOf(second.html)).toEqual(all.slice(2, 4))
    // A malformed day is the API's 422, shown with the filters.
    const bad = await page("/console/records/events?from=2023-13-45")
    expect(bad.status).toBe(422)
    expect(bad.html).toContain('class="errors"')
  })

  it("a report figure's records link under /console lists exactly the records the figure counts", async () => {
    const report = await api.get(`/v1/branches/${seed.branch}/reports/annual/2023`, api.tokens.admin)
    expect(report.status).toBe(200)
    const figures = report.body.figures as ReadonlyArray<{
      key: string
      records: string
      basis: { recordCount: number }
    }>
    expect(figures.length).toBeGreaterThan(3)
    for (const figure of figures) {
      // The dashboard's link: the API's list path under /console (`/v1/` → `/console/`).
      const link = `${figure.records.replace(/^\/v1\//, "/console/")}&limit=500`
      const moved = await app.request(link, { headers: { "x-test-token": api.tokens.admin } })
      expect(moved.status, figure.key).toBe(302)
      const listed = await page(moved.headers.get("location") as string)
      expect(listed.status, figure.key).toBe(200)
      expect(idsOf(listed.html).length, figure.key).toBe(figure.basis.recordCount)
      const direct = await api.get(`${figure.records}&limit=500`, api.tokens.admin)
      expect(idsOf(listed.html), figure.key).toEqual(
        direct.body.items.map((item: { data: { id: string } }) => item.data.id)
      )
    }
  })

  it("records a volunteer-labour event, voids it with a reason, lists it only with include=voided, restores it", async () => {
    const form = await page("/console/records/events/new", api.tokens.secretary)
    expect(form.status).toBe(200)
    expect(form.html).toContain('name="_csrf" value="csrf-token-of-this-session"')
    const key = form.html.match(/name="idempotencyKey" value="([^"]+)"/)?.[1] as string
    const fields = {
      idempotencyKey: key,
      branchId: seed.branch,
      category: "volunteer_labour",
      title: "控制台测试：北河清理",
      date: "2024-05-18",
      place: "北河桥下",
      zoneId: seed.zoneNh01,
      participantIds: [seed.secretary, seed.liu],
      otherParticipants: "6",
      litterKg: "35.5",
      trees: "",
      books: "",
      money: "",
      peopleServed: "",
      notes: ""
    }
    const created = await post("/console/records/events/new", fields, api.tokens.secretary)
    expect(created.status, created.html).toBe(303)
    const path = created.location as string
    const id = decodeURIComponent(path.split("/").pop() as string)
    // Sent again with the same key (a double tap): one event, the same one.
    expect((await post("/console/records/events/new", fields, api.tokens.secretary)).location).toBe(path)
    const stored = await api.get(`/v1/events/${id}`, api.tokens.admin)
    expect(stored.body.data).toMatchObject({
      category: "volunteer_labour",
      date: "2024-05-18",
      links: { zoneId: seed.zoneNh01 },
      participantIds: [seed.secretary, seed.liu],
      otherParticipants: 6,
      outcomes: [{ quantity: { _tag: "Litter", kilograms: "35.5" } }]
    })
    const listed = await page("/console/records/events?from=2024-05-18&to=2024-05-18")
    expect(idsOf(listed.html)).toContain(id)

    // A void without a reason: the reason field says what is wrong.
    const noReason = await post(`${path}/void`, { version: "1", reason: "  " }, api.tokens.secretary)
    expect(noReason.status).toBe(422)
    expect(noReason.html).toMatch(/id="f-reason"[^>]*aria-invalid="true"/)
    expect(noReason.html).toContain('id="f-reason-error"')

    const voided = await post(`${path}/void`, { version: "1", reason: "重复录入" }, api.tokens.secretary)
    expect(voided.status, voided.html).toBe(303)
    expect(voided.location).toBe(path)
    expect(idsOf((await page("/console/records/events?from=2024-05-18&to=2024-05-18")).html)).not.toContain(
      id
    )
    const withVoided = await page("/console/records/events?from=2024-05-18&to=2024-05-18&include=voided")
    expect(idsOf(withVoided.html)).toContain(id)
    expect(withVoided.html).toMatch(
      new RegExp(`class="voided" data-id="${id}"[\\s\\S]*?已作废[\\s\\S]*?作废原因：重复录入`)
    )

    // The record's page: marked, its audit trail (an admin reads it) with the reason, a restore form.
    const detail = await page(path)
    expect(detail.html).toContain("作废原因：重复录入")
    expect(detail.html).toContain("service_event.void")
    expect(detail.html).toMatch(
      /<td>作废 <span class="meta">service_event\.void<\/span><\/td><td>重复录入<\/td>/
    )
    expect(detail.html).toContain("service_event.record")
    expect(detail.html).toContain(`action="${path}/restore"`)
    // A secretary is not shown the audit trail (the API keeps it for admins).
    expect((await page(path, api.tokens.secretary)).html).toContain("修改记录只有管理员可以查看")

    const restored = await post(`${path}/restore`, { version: "2", reason: "作废错了" }, api.tokens.secretary)
    expect(restored.status, restored.html).toBe(303)
    expect(idsOf((await page("/console/records/events?from=2024-05-18&to=2024-05-18")).html)).toContain(id)
    expect((await page(path)).html).toContain("service_event.restore")
  })

  it("shows the API's field errors next to the fields of the event form, in the page's language", async () => {
    const refused = await post(
      "/console/records/events/new?lang=en",
      { branchId: seed.branch, category: "volunteer_labour", title: "", date: "2024-02-30" },
      api.tokens.secretary
    )
    expect(refused.status).toBe(422)
    expect(refused.html).toContain('<html lang="en">')
    expect(refused.html).toMatch(/id="f-title"[^>]*aria-invalid="true"/)
    expect(refused.html).toMatch(/id="f-date"[^>]*aria-invalid="true"/)
    expect(refused.html).toContain("This does not meet the requirements")
    // What was typed stays in the form.
    expect(refused.html).toContain('value="2024-02-30"')
    // An outcome's error is on its own field, though the API names it by its place among the outcomes.
    const badOutcome = await post(
      "/console/records/events/new",
      {
        branchId: seed.branch,
        category: "volunteer_labour",
        title: "植树",
        date: "2024-03-12",
        trees: "12",
        money: "一万"
      },
      api.tokens.secretary
    )
    expect(badOutcome.status).toBe(422)
    expect(badOutcome.html).toMatch(/id="f-money"[^>]*aria-invalid="true"/)
    expect(badOutcome.html).not.toMatch(/id="f-trees"[^>]*aria-invalid="true"/)
  })

  it("refuses a form without the session's CSRF token", async () => {
    const refused = await post("/console/records/events/new", { title: "x" }, api.tokens.secretary, false)
    expect(refused.status).toBe(403)
    expect(refused.html).toContain("表单已过期")
  })

  it("without a CSRF option (a console that has none yet) the forms carry no token and posts are taken", async () => {
    const bare = new Hono()
    bare.route(
      "/console",
      consoleRecordRoutes({ client: () => client, bearerOf: () => `Bearer ${api.tokens.secretary}` })
    )
    const form = await bare.request("/console/records/patrols/new")
    expect(await form.text()).not.toContain('name="_csrf"')
    const body = new URLSearchParams({
      zoneId: seed.zoneXh01,
      memberId: seed.zhang,
      startedAt: "2024-03-01T08:00"
    })
    const posted = await bare.request("/console/records/patrols/new", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString()
    })
    expect(posted.status).toBe(303)
  })

  it("a void refused for live dependents names them, with links to them", async () => {
    const refused = await post(`/console/records/zones/${seed.zoneNh01}/void`, {
      version: "",
      reason: "测试"
    })
    expect(refused.status).toBe(409)
    expect(refused.html).toMatch(/仍有 \d+ 条记录引用它/)
    expect(refused.html).toMatch(/href="\/console\/records\/(patrols|events|pioneer-posts|cases)\/[^"]+"/)
  })

  it("a person can do on a page exactly what their token may: a member records a patrol, not an event", async () => {
    const event = await post(
      "/console/records/events/new",
      { branchId: seed.branch, category: "volunteer_labour", title: "党员自己录入", date: "2024-05-01" },
      api.tokens.member
    )
    expect(event.status).toBe(403)
    expect(event.html).toContain("没有权限")
    const patrol = await post(
      "/console/records/patrols/new",
      { zoneId: seed.zoneNh01, memberId: seed.liu, startedAt: "2024-05-01T08:00" },
      api.tokens.member
    )
    expect(patrol.status, patrol.html).toBe(303)
  })

  it("records a patrol typed in the branch's local time", async () => {
    const recorded = await post(
      "/console/records/patrols/new",
      { zoneId: seed.zoneNh01, memberId: seed.liu, startedAt: "2024-01-01T07:30", litterCollected: "2" },
      api.tokens.secretary
    )
    expect(recorded.status, recorded.html).toBe(303)
    const id = decodeURIComponent((recorded.location as string).split("/").pop() as string)
    const stored = await api.get(`/v1/patrols/${id}`, api.tokens.admin)
    expect(stored.body.data.startedAt).toBe("2023-12-31T23:30:00.000Z")
    expect((await page(recorded.location as string)).html).toContain("2024-01-01 07:30")
  })

  it("advances a case to its next stage, and claims and fulfils a wish", async () => {
    const opened = await api.post(
      "/v1/cases",
      {
        branchId: seed.branch,
        kind: "routine",
        title: "控制台测试：岸边垃圾",
        description: "北河桥下有垃圾",
        source: "patrol",
        severity: "low",
        zoneId: seed.zoneNh01,
        actorId: seed.liu
      },
      api.tokens.secretary
    )
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    const open = opened.body
    const advanced = await post(
      `/console/records/cases/${open.data.id}/advance`,
      { version: String(open.version), stage: "acknowledged", note: "已受理" },
      api.tokens.secretary
    )
    expect(advanced.status, advanced.html).toBe(303)
    const after = await api.get(`/v1/cases/${open.data.id}`, api.tokens.admin)
    expect(after.body.data.stages.at(-1)).toMatchObject({ stage: "acknowledged", note: "已受理" })

    const wishes = await api.get("/v1/wishes?status=Posted&limit=1", api.tokens.admin)
    const wish = wishes.body.items[0]
    expect(wish).toBeDefined()
    const path = `/console/records/wishes/${wish.data.id}`
    expect(
      (
        await post(
          `${path}/claim`,
          { version: String(wish.version), memberId: seed.liu },
          api.tokens.secretary
        )
      ).status
    ).toBe(303)
    const claimed = await api.get(`/v1/wishes/${wish.data.id}`, api.tokens.admin)
    expect(claimed.body.data.state).toMatchObject({ _tag: "Claimed", claimantId: seed.liu })
    // A stale version is the API's 412: the page says so instead of fulfilling what it did not show.
    const stale = await post(
      `${path}/fulfil`,
      { version: String(wish.version), note: "送到了" },
      api.tokens.secretary
    )
    expect(stale.status).toBe(409)
    const fulfilled = await post(
      `${path}/fulfil`,
      { version: String(claimed.body.version), note: "送到了" },
      api.tokens.secretary
    )
    expect(fulfilled.status, fulfilled.html).toBe(303)
    expect((await api.get(`/v1/wishes/${wish.data.id}`, api.tokens.admin)).body.data.state._tag).toBe(
      "Fulfilled"
    )
  })

  it("downloads the annual report as the API's CSV, with its file name", async () => {
    const downloads = await page("/console/records/downloads")
    expect(downloads.html).toContain(`annual.csv?branch=${seed.branch}`)
    const response = await app.request(
      `/console/records/downloads/annual.csv?branch=${seed.branch}&year=2023`,
      {
        headers: { "x-test-token": api.tokens.secretary }
      }
    )
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toContain("text/csv")
    const direct = await api.get(`/v1/branches/${seed.branch}/reports/annual/2023/csv`, api.tokens.secretary)
    expect(response.headers.get("content-disposition")).toBe(direct.headers.get("content-disposition"))
    expect(await response.text()).toBe(direct.body)
    const missing = await page("/console/records/downloads/annual.csv?branch=nowhere&year=2023")
    expect(missing.status).toBe(404)
  })
})

/**
 * What a new user of the API does, against the real server on one backend: check it is up, read the
 * seed branch's annual report and follow its links, look at the public signboard and report a
 * problem on it, walk a case to resolution with a token made by the admin command, make the usual
 * mistakes (stale If-Match, invalid jump, bad, wrong-typed and huge bodies, retried creates), stop the
 * server mid-request and start it again on the same database — and then read the server's log.
 *
 * The tests of a backend share one server and run in order; each backend's database is new.
 */
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { type Client, makeClient, type Seen } from "./client.ts"
import { createDatabase, databaseName, dropDatabase, inCi } from "./pg.ts"
import { admin, killAll, type RunningServer, startServer } from "./server.ts"

export type BackendName = "sqlite" | "postgresql"

const tenant = "siping-water"
const branch = "branch-nanbeihe"
/** The seed's phone numbers are fictional 1380000xxxx; none may leave the server in full. */
const seedPhone = /1380000\d{4}/
const anyFullPhone = /(?<!\d)1\d{10}(?!\d)/
/** SQL a log line must never carry. */
const sqlText =
  /\b(SELECT\s[\s\S]*\sFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|DATABASE)|DROP\s+(TABLE|DATABASE))\b/i
/** A stack frame, raw or inside a JSON string. */
const stackFrame = /(^|\\n|\n)\s*at\s+\S+.*(:\d+:\d+|\(native\)|<anonymous>)/

const problemType = (response: Response) => response.headers.get("content-type") ?? ""

/**
 * The backend's suite. PostgreSQL unreachable: skipped with the run's loud warning, or — under CI —
 * one failing test saying why.
 */
export const describeBackend = (backend: BackendName): void => {
  const pg = inject("pg")
  if (backend === "postgresql" && !pg.reachable) {
    if (inCi) {
      describe(backend, () => {
        it("PostgreSQL is reachable (required when CI is set)", () => {
          throw new Error(
            `PostgreSQL not reachable at ${pg.url} and CI is set: the PostgreSQL e2e suite cannot run ` +
              `(set BISHUI_TEST_PG_URL to a reachable server). Cause: ${pg.reason ?? "unknown"}`
          )
        })
      })
    } else {
      describe.skip(`${backend} (PostgreSQL not reachable at ${pg.url}: SKIPPED)`, () => {
        it("runs when PostgreSQL is reachable", () => {})
      })
    }
    return
  }
  describe(backend, () => defineScenarios(backend))
}

const defineScenarios = (backend: BackendName) => {
  let databaseUrl = ""
  let pgName: string | undefined
  let server: RunningServer
  /** Every server of this backend (the restart makes a second): their logs are read at the end. */
  const servers: Array<RunningServer> = []
  const seen: Array<Seen> = []
  let anonymous: Client
  let adminClient: Client
  let secretary: Client

  const connect = (url: string, tokens: { admin: string; secretary: string }) => {
    anonymous = makeClient(url, { seen })
    adminClient = makeClient(url, { token: tokens.admin, seen })
    secretary = makeClient(url, { token: tokens.secretary, seen })
  }
  const tokens = { admin: "", secretary: "" }

  beforeAll(async () => {
    if (backend === "sqlite") {
      databaseUrl = join(inject("runDir"), `sqlite-${crypto.randomUUID()}`, "bishui.db")
    } else {
      pgName = databaseName(inject("runId"))
      databaseUrl = await createDatabase(pgName)
    }
    server = await startServer({ databaseUrl })
    servers.push(server)
    // The admin command, as an operator runs it, on the database the server has just seeded.
    tokens.admin = await admin(databaseUrl, ["create", "--role", "admin", "--label", "e2e admin"])
    tokens.secretary = await admin(databaseUrl, [
      "create",
      "--role",
      "secretary",
      "--branch",
      branch,
      "--label",
      "e2e branch office"
    ])
    connect(server.url, tokens)
  })

  afterAll(async () => {
    try {
      await Promise.all(servers.map((s) => s.stop()))
    } finally {
      killAll()
      if (pgName !== undefined) await dropDatabase(pgName)
    }
  })

  it("is up: /healthz, /readyz, /docs (HTML) and /openapi.json (OpenAPI 3.1)", async () => {
    const health = await fetch(new URL("/healthz", server.url))
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: "ok" })
    const ready = await fetch(new URL("/readyz", server.url))
    expect(ready.status).toBe(200)
    const docs = await fetch(new URL("/docs", server.url))
    expect(docs.status).toBe(200)
    expect(docs.headers.get("content-type")).toMatch(/^text\/html/)
    const document = await fetch(new URL("/openapi.json", server.url))
    expect(document.status).toBe(200)
    const spec = (await document.json()) as { openapi: string; paths: Record<string, unknown> }
    expect(spec.openapi).toMatch(/^3\.1\.\d+$/)
    expect(Object.keys(spec.paths)).toContain("/v1/branches/{branchId}/reports/annual/{year}")
    for (const response of [health, ready, docs, document]) {
      expect(response.headers.get("x-request-id")).toBeTruthy()
    }
  })

  it("gives the seed branch's 2023 report with the article's figures, each linked to its records", async () => {
    const { data, error, response } = await secretary.GET("/v1/branches/{branchId}/reports/annual/{year}", {
      params: { path: { branchId: branch, year: "2023" } }
    })
    expect(error, JSON.stringify(error)).toBeUndefined()
    expect(response.status).toBe(200)
    if (data === undefined) throw new Error("no report")
    const figure = (key: string) => {
      const found = data.figures.find((f) => f.key === key)
      if (found === undefined) throw new Error(`the report has no figure ${key}`)
      return found
    }
    const count = (key: string) => {
      const value = figure(key).value
      if (value._tag !== "Count") throw new Error(`${key} is not a count`)
      return value.count
    }
    expect(count("responsibility_zones")).toBe(5)
    expect(figure("salvage_boats").presented).toBe("16条")
    expect(figure("salvage_workers").presented).toBe("32人")
    expect(count("temporary_branches")).toBe(2)
    expect(count("pioneer_posts")).toBe(1)
    expect(figure("volunteer_labour_sessions").presented).toBe("20余次")
    expect(figure("publicity_campaigns").presented).toBe("10余次")
    expect(count("micro_wishes_fulfilled")).toBe(5)
    expect(figure("books_donated").presented).toBe("80余本")
    expect(figure("community_investment").presented).toBe("2.3万元")
    expect(count("emergencies_handled")).toBe(1)
    for (const f of data.figures) expect(f.records, f.key).toMatch(/^\/v1\/[a-z-]+\?/)

    // Follow the zones figure's link as a client would: its path and query, through the client.
    const link = new URL(figure("responsibility_zones").records, server.url)
    expect(link.pathname).toBe("/v1/zones")
    const zones = await secretary.GET("/v1/zones", {
      params: { query: Object.fromEntries(link.searchParams) }
    })
    expect(zones.response.status).toBe(200)
    expect(zones.data?.items).toHaveLength(5)
    // The figure's own resource names every record behind it: the same zones.
    const detail = new URL(figure("responsibility_zones").detail, server.url)
    const zonesFigure = await secretary.GET("/v1/branches/{branchId}/reports/annual/{year}/figures/{key}", {
      params: { path: { branchId: branch, year: "2023", key: "responsibility_zones" } }
    })
    expect(zonesFigure.response.url).toBe(detail.href)
    expect(zonesFigure.data?.basis.recordIds).toHaveLength(figure("responsibility_zones").basis.recordCount)
    expect(zones.data?.items.map((z) => z.data.id).sort()).toEqual(
      [...(zonesFigure.data?.basis.recordIds ?? [])].sort()
    )

    // Every figure's link, followed to its last page two records at a time, lists exactly the
    // records its figure counts — the emergency's too, verified since it was repaired.
    for (const f of data.figures) {
      const listed: Array<string> = []
      let after: string | undefined
      do {
        const url = new URL(f.records, server.url)
        url.searchParams.set("limit", "2")
        if (after !== undefined) url.searchParams.set("after", after)
        const page = await fetch(url, { headers: { authorization: `Bearer ${tokens.secretary}` } })
        expect(page.status, `${f.key}: ${url}`).toBe(200)
        const body = (await page.json()) as { items: Array<{ data: { id: string } }>; next?: string }
        for (const item of body.items) listed.push(item.data.id)
        after = body.next
      } while (after !== undefined)
      const named = await secretary.GET("/v1/branches/{branchId}/reports/annual/{year}/figures/{key}", {
        params: { path: { branchId: branch, year: "2023", key: f.key } }
      })
      expect(listed, f.key).toHaveLength(f.basis.recordCount)
      expect(listed.sort(), f.key).toEqual([...(named.data?.basis.recordIds ?? [])].sort())
    }
    expect(data.timeZone).toBe("Asia/Shanghai")
  })

  it("gives the report as CSV: a BOM, a header and a line per figure", async () => {
    const { data, response } = await secretary.GET("/v1/branches/{branchId}/reports/annual/{year}/csv", {
      params: { path: { branchId: branch, year: "2023" } },
      parseAs: "arrayBuffer"
    })
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/)
    // The bytes, not response.text(): decoding as UTF-8 would drop the BOM this test is about.
    const bytes = new Uint8Array(data as unknown as ArrayBuffer)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder("utf-8", { ignoreBOM: true })
      .decode(bytes.subarray(3))
      .split("\r\n")
      .filter((line) => line.length > 0)
    expect(lines).toHaveLength(12)
    expect(lines[0]).toBe("key,figure,figure_en,value,exact,presented,records,year,time_zone")
    expect(lines[1]).toMatch(/,2023,Asia\/Shanghai$/)
    expect(lines.find((line) => line.startsWith("volunteer_labour_sessions,"))).toContain("20余次")
  })

  it("gives 中兴社区's ledger and the November campaign's year; records a registered member's service", async () => {
    const ledger = await secretary.GET("/v1/communities/{id}/ledger/{year}", {
      params: { path: { id: "community-zhongxing", year: "2023" } }
    })
    expect(ledger.error, JSON.stringify(ledger.error)).toBeUndefined()
    expect(ledger.data?.invested).toMatchObject({ amount: "23000", exact: "23,000元", presented: "2.3万元" })
    expect(ledger.data?.members.list.map((m) => m.name)).toEqual(["刘洋", "吴海峰", "李雪梅", "王建华"])
    const campaigns = await secretary.GET("/v1/branches/{branchId}/campaigns/{year}", {
      params: { path: { branchId: branch, year: "2023" } }
    })
    expect(campaigns.data?.campaigns.map((c) => [c.name, c.status])).toEqual([
      ["《四平市河道管理条例》宣传活动", "done"]
    ])
    const recorded = await secretary.POST("/v1/communities/{id}/service", {
      params: { path: { id: "community-zhongxing" } },
      body: { memberId: "member-li-xuemei", date: "2024-03-16", hours: "2.5", title: "网格走访" }
    })
    expect(recorded.response.status, JSON.stringify(recorded.error)).toBe(201)
    expect(recorded.data?.data.participantHours).toEqual([{ memberId: "member-li-xuemei", hours: "2.5" }])
    const registered = await secretary.GET("/v1/members", {
      params: { query: { communityId: "community-zhongxing" } }
    })
    expect(registered.data?.items.map((m) => m.data.name)).toEqual(["刘洋", "吴海峰", "李雪梅", "王建华"])
  })

  it("names the tenant's time zone, and takes times with any offset, giving them back in UTC", async () => {
    const tenantRecord = await secretary.GET("/v1/tenant")
    expect(tenantRecord.response.status).toBe(200)
    expect(tenantRecord.data?.data.timeZone).toBe("Asia/Shanghai")
    const patrol = await secretary.POST("/v1/patrols", {
      body: {
        zoneId: "zone-nh-01",
        memberId: "member-liu-yang",
        startedAt: "2024-01-01T07:30:00+08:00",
        caseIds: []
      }
    })
    expect(patrol.response.status, JSON.stringify(patrol.error)).toBe(201)
    expect(patrol.data?.data.startedAt).toBe("2023-12-31T23:30:00.000Z")
    const listed = await secretary.GET("/v1/patrols", {
      params: { query: { zoneId: "zone-nh-01", from: "2024-01-01", to: "2024-01-01" } }
    })
    expect(listed.data?.items.map((p) => p.data.id)).toEqual([patrol.data?.data.id])
  })

  it("voids a mistaken event: it leaves the figure and the list, stays readable, and is restored", async () => {
    const figurePath = "/v1/branches/{branchId}/reports/annual/{year}/figures/{key}" as const
    const params = { path: { branchId: branch, year: "2023", key: "volunteer_labour_sessions" as const } }
    const before = await secretary.GET(figurePath, { params })
    const ids = before.data?.basis.recordIds ?? []
    const id = ids[0] ?? ""
    expect(id).not.toBe("")
    const read = await secretary.GET("/v1/events/{id}", { params: { path: { id } } })
    const voided = await secretary.POST("/v1/events/{id}/void", {
      params: { path: { id }, header: { "if-match": read.response.headers.get("etag") ?? "" } },
      body: { reason: "重复录入" }
    })
    expect(voided.error, JSON.stringify(voided.error)).toBeUndefined()
    expect(voided.data?.data.voided?.reason).toBe("重复录入")
    expect(voided.response.headers.get("etag")).toBe(`"${(read.data?.version ?? 0) + 1}"`)

    const after = await secretary.GET(figurePath, { params })
    expect(after.data?.basis.recordIds).toHaveLength(ids.length - 1)
    expect(after.data?.basis.recordIds).not.toContain(id)
    const listed = await secretary.GET("/v1/events", {
      params: { query: { branchId: branch, category: "volunteer_labour", limit: "500" } }
    })
    expect(listed.data?.items.map((e) => e.data.id)).not.toContain(id)
    const withVoided = await secretary.GET("/v1/events", {
      params: { query: { branchId: branch, category: "volunteer_labour", limit: "500", include: "voided" } }
    })
    expect(withVoided.data?.items.find((e) => e.data.id === id)?.data.voided?.reason).toBe("重复录入")
    const readable = await secretary.GET("/v1/events/{id}", { params: { path: { id } } })
    expect(readable.data?.data.voided?.reason).toBe("重复录入")

    const restored = await secretary.POST("/v1/events/{id}/restore", {
      params: { path: { id } },
      body: { reason: "作废错了" }
    })
    expect(restored.response.status).toBe(200)
    expect(restored.data?.data.voided).toBeUndefined()
    const again = await secretary.GET(figurePath, { params })
    expect(again.data?.basis.recordIds).toHaveLength(ids.length)
    expect(again.data?.presented).toBe(before.data?.presented)
  })

  it("keeps a branch secretary inside the branch", async () => {
    const { error, response } = await secretary.GET("/v1/branches/{branchId}/reports/annual/{year}", {
      params: { path: { branchId: "partygroup-siping-water", year: "2023" } }
    })
    expect(response.status).toBe(403)
    expect(problemType(response)).toBe("application/problem+json")
    expect(error).toMatchObject({ status: 403 })
  })

  it("answers an anonymous caller of a private endpoint with a 401 problem", async () => {
    const { error, response } = await anonymous.GET("/v1/zones", {})
    expect(response.status).toBe(401)
    expect(problemType(response)).toBe("application/problem+json")
    expect(error).toMatchObject({ status: 401, title: "Unauthorized" })
  })

  it("shows the public signboard with names and masked phones only", async () => {
    const { data, response } = await anonymous.GET("/v1/public/{tenantId}/zones", {
      params: { path: { tenantId: tenant } }
    })
    expect(response.status).toBe(200)
    expect(data).toHaveLength(5)
    const body = JSON.stringify(data)
    expect(body).not.toMatch(anyFullPhone)
    const withPhone = (data ?? []).filter((zone) => zone.responsible?.phone !== undefined)
    expect(withPhone.length).toBeGreaterThan(0)
    for (const zone of withPhone) {
      expect(zone.responsible?.name).toBeTruthy()
      expect(zone.responsible?.phone).toMatch(/^\d{3}\*{4}\d{4}$/)
    }
  })

  it("takes a resident's problem report on a zone as a new case (202)", async () => {
    const { data, response } = await anonymous.POST("/v1/public/{tenantId}/zones/{code}/problems", {
      params: { path: { tenantId: tenant, code: "NH-02" } },
      body: {
        title: "河面漂浮垃圾",
        description: "南河二段桥下有一片漂浮垃圾",
        name: "王先生",
        phone: "13800009876"
      }
    })
    expect(response.status).toBe(202)
    expect(data?.caseId).toMatch(/.+/)
    expect(JSON.stringify(data)).not.toContain("13800009876")
    const opened = await secretary.GET("/v1/cases/{id}", { params: { path: { id: data?.caseId ?? "" } } })
    expect(opened.response.status).toBe(200)
    expect(opened.data?.data.source).toBe("resident")
    expect(opened.data?.data.receipt).toBe(data?.receipt)

    // the resident follows it with the receipt, spelled as read aloud: lower case, no dashes
    const typed = (data?.receipt ?? "").replaceAll("-", "").toLowerCase()
    const status = await anonymous.GET("/v1/public/{tenantId}/receipts/{code}", {
      params: { path: { tenantId: tenant, code: typed } }
    })
    expect(status.response.status).toBe(200)
    expect(status.data).toMatchObject({ receipt: data?.receipt, status: "reported", closed: false })
    expect(status.data?.stages[0]?.at).toMatch(/\+08:00$/)
    expect(JSON.stringify(status.data)).not.toContain("王先生")
    // a second report of the same thing is closed by a secretary as a duplicate of the seed's 六孔桥
    // emergency; its receipt says so (the first stays open: the signboard shows it below)
    const second = await anonymous.POST("/v1/public/{tenantId}/zones/{code}/problems", {
      params: { path: { tenantId: tenant, code: "NH-02" } },
      body: { title: "桥下漂浮垃圾", description: "同一处" }
    })
    expect(second.response.status).toBe(202)
    const closed = await secretary.POST("/v1/cases/{id}/close", {
      params: { path: { id: second.data?.caseId ?? "" }, header: {} },
      body: { as: "duplicate", duplicateOf: "case-2023-liukongqiao", note: "已在处理中" }
    })
    expect(closed.error, JSON.stringify(closed.error)).toBeUndefined()
    const merged = await anonymous.GET("/v1/public/{tenantId}/receipts/{code}", {
      params: { path: { tenantId: tenant, code: second.data?.receipt ?? "" } }
    })
    expect(merged.data).toMatchObject({ status: "closed_as_duplicate", closingNote: "已在处理中" })
    const wrong = await anonymous.GET("/v1/public/{tenantId}/receipts/{code}", {
      params: { path: { tenantId: tenant, code: "ZZZZ-ZZZZ-ZZ" } }
    })
    expect(wrong.response.status).toBe(404)
  })

  it("shows a zone's signboard: its branch's supervision phone, the report just taken, no reporter", async () => {
    const overview = await anonymous.GET("/v1/public/{tenantId}", { params: { path: { tenantId: tenant } } })
    expect(overview.response.status).toBe(200)
    expect(overview.data?.branches.find((b) => b.id === branch)?.supervisionPhone).toBe("0434-3271234")
    const { data, response } = await anonymous.GET("/v1/public/{tenantId}/zones/{code}", {
      params: { path: { tenantId: tenant, code: "NH-02" } }
    })
    expect(response.status).toBe(200)
    expect(data?.zone.code).toBe("NH-02")
    expect(data?.zone.responsible?.phone).toMatch(/^\d{3}\*{4}\d{4}$/)
    expect(data?.problems.open.map((p) => p.title)).toContain("河面漂浮垃圾")
    expect(data?.problems.open.find((p) => p.title === "河面漂浮垃圾")?.openedAt).toMatch(/\+08:00$/)
    const body = JSON.stringify(data)
    expect(body).not.toMatch(anyFullPhone)
    expect(body).not.toContain("王先生")
    const missing = await anonymous.GET("/v1/public/{tenantId}/zones/{code}", {
      params: { path: { tenantId: tenant, code: "NO-SUCH" } }
    })
    expect(missing.response.status).toBe(404)
  })

  let zoneId = ""
  let assigneeId = ""
  let walked = ""
  const caseBody = (title: string) => ({
    branchId: branch,
    kind: "routine" as const,
    title,
    description: "巡河发现排污口附近有油污",
    source: "patrol" as const,
    severity: "medium" as const,
    zoneId
  })

  it("walks a case on a zone from reported to verified, the version and ETag going up at each step", async () => {
    const zones = await secretary.GET("/v1/zones", { params: { query: { branchId: branch } } })
    zoneId = zones.data?.items.find((z) => z.data.code === "NH-02")?.data.id ?? ""
    expect(zoneId).not.toBe("")
    const members = await adminClient.GET("/v1/members", { params: { query: { homeBranchId: branch } } })
    expect(members.response.status).toBe(200)
    assigneeId = members.data?.items[0]?.data.id ?? ""
    expect(assigneeId).not.toBe("")

    const opened = await secretary.POST("/v1/cases", { body: caseBody("排污口油污") })
    expect(opened.error, JSON.stringify(opened.error)).toBeUndefined()
    expect(opened.response.status).toBe(201)
    walked = opened.data?.data.id ?? ""
    let version = opened.data?.version ?? 0
    expect(version).toBe(1)
    let etag = opened.response.headers.get("etag") ?? ""
    expect(etag).toBe(`"${version}"`)

    const steps = [
      { stage: "acknowledged", body: { note: "已收到" } },
      { stage: "assigned", body: { assigneeId } },
      { stage: "resolved", body: { note: "已清理" } },
      { stage: "verified", body: { note: "复查无油污" } }
    ] as const
    for (const step of steps) {
      const advanced = await secretary.POST("/v1/cases/{id}/{stage}", {
        params: { path: { id: walked, stage: step.stage }, header: { "if-match": etag } },
        body: step.body
      })
      expect(advanced.error, `${step.stage}: ${JSON.stringify(advanced.error)}`).toBeUndefined()
      expect(advanced.response.status).toBe(200)
      expect(advanced.data?.version).toBe(version + 1)
      version = advanced.data?.version ?? 0
      etag = advanced.response.headers.get("etag") ?? ""
      expect(etag).toBe(`"${version}"`)
      expect(advanced.data?.data.stages.at(-1)?.stage).toBe(step.stage)
    }
    const read = await secretary.GET("/v1/cases/{id}", { params: { path: { id: walked } } })
    expect(read.response.headers.get("etag")).toBe(`"5"`)
    expect(read.data?.data.stages.map((s) => s.stage)).toEqual([
      "reported",
      "acknowledged",
      "assigned",
      "resolved",
      "verified"
    ])
    expect(read.data?.data.stages.find((s) => s.stage === "assigned")?.assigneeId).toBe(assigneeId)
  })

  it("refuses a stale If-Match with 412 and an invalid jump with 409", async () => {
    const opened = await secretary.POST("/v1/cases", { body: caseBody("岸边堆放建筑垃圾") })
    expect(opened.response.status).toBe(201)
    const id = opened.data?.data.id ?? ""
    const acknowledged = await secretary.POST("/v1/cases/{id}/{stage}", {
      params: { path: { id, stage: "acknowledged" }, header: { "if-match": '"1"' } },
      body: {}
    })
    expect(acknowledged.response.status).toBe(200)

    const stale = await secretary.POST("/v1/cases/{id}/{stage}", {
      params: { path: { id, stage: "assigned" }, header: { "if-match": '"1"' } },
      body: { assigneeId }
    })
    expect(stale.response.status).toBe(412)
    expect(problemType(stale.response)).toBe("application/problem+json")

    const jump = await secretary.POST("/v1/cases/{id}/{stage}", {
      params: { path: { id, stage: "verified" }, header: { "if-match": '"2"' } },
      body: {}
    })
    expect(jump.response.status).toBe(409)
    expect(problemType(jump.response)).toBe("application/problem+json")
    expect(jump.error).toMatchObject({ status: 409 })
  })

  it("creates once per Idempotency-Key: a retry answers the same case, and the list shows one", async () => {
    const title = `重复提交 ${crypto.randomUUID()}`
    const key = crypto.randomUUID()
    const send = () =>
      secretary.POST("/v1/cases", { params: { header: { "idempotency-key": key } }, body: caseBody(title) })
    const first = await send()
    const retry = await send()
    expect(first.response.status).toBe(201)
    expect(retry.response.status).toBe(201)
    expect(retry.data?.data.id).toBe(first.data?.data.id)
    const list = await secretary.GET("/v1/cases", {
      params: { query: { branchId: branch, zoneId, limit: "500" } }
    })
    expect(list.response.status).toBe(200)
    expect(list.data?.items.filter((c) => c.data.title === title)).toHaveLength(1)
  })

  it("answers a body that breaks the schema with 422 and the offending fields", async () => {
    const { error, response } = await secretary.POST("/v1/cases", {
      // Deliberately wrong: no title, and a kind the API does not know.
      body: { ...caseBody("x"), title: undefined, kind: "sometimes" } as unknown as ReturnType<
        typeof caseBody
      >
    })
    expect(response.status).toBe(422)
    expect(problemType(response)).toBe("application/problem+json")
    const errors = (error as { errors?: Array<{ path: Array<string | number>; message: string }> }).errors
    expect(errors?.length, JSON.stringify(error)).toBeGreaterThan(0)
    // The first segment names the request part (body, query, params, headers), as Security.ts says.
    expect(errors?.every((e) => e.path[0] === "body")).toBe(true)
    expect(errors?.map((e) => e.path.join("."))).toEqual(expect.arrayContaining(["body.kind"]))
  })

  it("answers a text/plain body with 415 and a huge body with 413", async () => {
    const plain = await secretary.POST("/v1/cases", {
      body: caseBody("纯文本"),
      bodySerializer: (body) => JSON.stringify(body),
      headers: { "content-type": "text/plain" }
    })
    expect(plain.response.status).toBe(415)
    expect(problemType(plain.response)).toBe("application/problem+json")

    const huge = await secretary.POST("/v1/cases", {
      body: { ...caseBody("超大请求"), description: "河".repeat(400_000) }
    })
    expect(huge.response.status).toBe(413)
    expect(problemType(huge.response)).toBe("application/problem+json")
  })

  it("puts an x-request-id on every response", () => {
    expect(seen.length).toBeGreaterThan(15)
    const missing = seen.filter((s) => s.requestId === null || s.requestId === "")
    expect(missing).toEqual([])
    expect(new Set(seen.map((s) => s.requestId)).size).toBe(seen.length)
  })

  let inFlightCase = ""
  it("finishes the request in flight on SIGTERM, then exits 0 without a stack trace", async () => {
    // A resident's report whose body is still arriving when the server is told to stop.
    const json = JSON.stringify({ title: "夜间偷排", description: "西湖湿地入口处有偷排" })
    const encoder = new TextEncoder()
    let finish = () => {}
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(json.slice(0, 12)))
        finish = () => {
          controller.enqueue(encoder.encode(json.slice(12)))
          controller.close()
        }
      }
    })
    const pending = anonymous.POST("/v1/public/{tenantId}/zones/{code}/problems", {
      params: { path: { tenantId: tenant, code: "NH-02" } },
      body: JSON.parse(json),
      bodySerializer: () => body as unknown as string,
      // A streamed request body needs `duplex: "half"` (fetch's RequestInit, passed through).
      ...({ duplex: "half" } as object)
    })
    await new Promise((resolve) => setTimeout(resolve, 400))
    const stopping = server.stop("SIGTERM")
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(server.stdout.some((line) => line.includes('"msg":"stopping"'))).toBe(true)
    finish()
    const answered = await pending
    expect(answered.response.status).toBe(202)
    inFlightCase = answered.data?.caseId ?? ""
    expect(inFlightCase).not.toBe("")
    expect(await stopping).toBe(0)
    const log = [...server.stdout, ...server.stderr].join("\n")
    expect(log).not.toMatch(stackFrame)
    expect(server.stderr.join("\n")).toBe("")
    expect(server.stdout.at(-1)).toContain('"msg":"stopped"')
  })

  it("still has the cases after a restart on the same database", async () => {
    server = await startServer({ databaseUrl })
    servers.push(server)
    connect(server.url, tokens)
    // The seed is loaded once: a restart finds the tenant and leaves the data as it was.
    expect(server.stdout.some((line) => line.includes("loading the seed"))).toBe(false)
    const walkedCase = await secretary.GET("/v1/cases/{id}", { params: { path: { id: walked } } })
    expect(walkedCase.response.status).toBe(200)
    expect(walkedCase.data?.version).toBe(5)
    expect(walkedCase.data?.data.stages.at(-1)?.stage).toBe("verified")
    const reported = await secretary.GET("/v1/cases/{id}", { params: { path: { id: inFlightCase } } })
    expect(reported.response.status).toBe(200)
    expect(reported.data?.data.title).toBe("夜间偷排")
  })

  it("logged JSON lines only, with no seed phone number and no SQL", async () => {
    await server.stop()
    const lines = servers.flatMap((s) => s.stdout).filter((line) => line.length > 0)
    expect(lines.length).toBeGreaterThan(20)
    const notJson = lines.filter((line) => {
      try {
        const entry = JSON.parse(line) as unknown
        return typeof entry !== "object" || entry === null || !("msg" in entry) || !("level" in entry)
      } catch {
        return true
      }
    })
    expect(notJson).toEqual([])
    expect(lines.filter((line) => seedPhone.test(line))).toEqual([])
    expect(lines.filter((line) => sqlText.test(line))).toEqual([])
    expect(lines.filter((line) => stackFrame.test(line))).toEqual([])
  })
}

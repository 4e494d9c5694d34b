/**
 * The list pages the server joins from each record's cached encoding (`pageEncoder`, used by
 * `GET /v1/patrols` and `GET /v1/events`) are byte for byte what HttpApiBuilder sends when it
 * encodes the same page through the endpoint's schema, `PageOf(record)` — on SQLite and PostgreSQL,
 * on every page of a walk, when a page is listed again (cached) and after a record changed.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ServiceEvent, Zone } from "@bishui/domain"
import { AccessTokens, ServiceEvents, Zones } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { PageOf } from "../src/api/Envelope.ts"
import { page } from "../src/server/respond.ts"
import { makeServer } from "../src/server/Server.ts"
import { describePg, freshDatabase } from "./reliability/support/pg.ts"

const tenantId = Seed.seedTenantId
const branch = Seed.seedBranchId as string

/** Strings JSON escapes or that are not ASCII: quotes, backslashes, controls, line separators, CJK, emoji. */
const awkward = '巡河 "北河" \\ 发现\n垃圾\t\u2028\u2029 \u0007 💧 </script>'

const patrols = [
  {
    zoneId: "zone-nh-01",
    memberId: "member-liu-yang",
    startedAt: "2024-05-01T01:00:00.000Z",
    caseIds: []
  },
  {
    zoneId: "zone-nh-01",
    memberId: "member-zhang-wei",
    startedAt: "2024-05-02T01:00:00.000Z",
    endedAt: "2024-05-02T03:30:00.000Z",
    findings: awkward,
    litterCollected: "3.50",
    caseIds: ["case-2023-xh01-litter"]
  },
  {
    zoneId: "zone-nh-01",
    memberId: "member-liu-yang",
    startedAt: "2024-05-02T01:00:00.000Z",
    litterCollected: "0.001",
    caseIds: [],
    illustrative: true
  }
]

const events = [
  {
    branchId: branch,
    category: "volunteer_labour",
    title: awkward,
    date: "2024-04-12",
    place: "北河 “桥” 下",
    links: { zoneId: "zone-bh-01" },
    participantIds: ["member-wang-jianhua", "member-liu-yang"],
    otherParticipants: 12,
    outcomes: [
      { quantity: { _tag: "Litter", kilograms: "120.50" } },
      { quantity: { _tag: "Money", amount: "2300.5" } }
    ],
    notes: "备注\r\n"
  },
  {
    branchId: branch,
    category: "volunteer_labour",
    title: "北河春季清理",
    date: "2024-04-12",
    links: {},
    participantIds: [],
    outcomes: []
  }
]

const backend = (name: string, database: () => Promise<{ url: string; drop: () => Promise<void> }>) => {
  let server: Awaited<ReturnType<typeof makeServer>>
  let drop = async () => {}
  let token = ""

  const run = <A, E>(effect: Effect.Effect<A, E, Zones.Zones | ServiceEvents.ServiceEvents>) => {
    const runtime = server.runtime()
    if (runtime === undefined) throw new Error("no runtime")
    return runtime.runPromise(effect as Effect.Effect<A, E, never>)
  }
  const get = async (path: string) => {
    const response = await server.app.request(path, { headers: { authorization: `Bearer ${token}` } })
    expect(response.status, path).toBe(200)
    expect(response.headers.get("content-type"), path).toBe("application/json")
    const text = await response.text()
    expect(response.headers.get("content-length") ?? String(Buffer.byteLength(text)), path).toBe(
      String(Buffer.byteLength(text))
    )
    return text
  }

  const encodePatrols = Schema.encodeSync(PageOf(Zone.PatrolLog))
  const encodeEvents = Schema.encodeSync(PageOf(ServiceEvent.ServiceEvent))

  /** Every page of a walk with `limit`: the served body against the schema's encoding of the same page. */
  const walk = async (
    path: string,
    listed: (after: string | undefined) => Promise<string>,
    limit: number
  ): Promise<number> => {
    let after: string | undefined
    let pages = 0
    do {
      const served = await get(`${path}&limit=${limit}${after === undefined ? "" : `&after=${after}`}`)
      expect(served).toBe(await listed(after))
      after = (JSON.parse(served) as { next?: string }).next
      pages++
    } while (after !== undefined && pages < 100)
    return pages
  }

  describe(name, () => {
    beforeAll(async () => {
      const db = await database()
      drop = db.drop
      server = await makeServer({
        databaseUrl: db.url,
        seed: true,
        publicRateLimit: 1000,
        corsOrigins: [],
        log: () => {}
      })
      const runtime = server.runtime()
      if (runtime === undefined) throw new Error("no runtime")
      token = (
        await runtime.runPromise(
          Effect.gen(function* () {
            const tokens = yield* AccessTokens.AccessTokens
            return yield* tokens.issue({ tenantId, role: "admin", label: "pages test" })
          })
        )
      ).token
      for (const patrol of patrols) {
        const created = await server.app.request("/v1/patrols", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(patrol)
        })
        expect(created.status, await created.clone().text()).toBe(201)
      }
      for (const event of events) {
        const created = await server.app.request("/v1/events", {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(event)
        })
        expect(created.status, await created.clone().text()).toBe(201)
      }
    })
    afterAll(async () => {
      await server?.dispose()
      await drop()
    })

    const patrolsOf =
      (query: { zoneId?: string; from?: string; to?: string }) =>
      (after?: string, limit = 2) =>
        run(
          Effect.gen(function* () {
            const zones = yield* Zones.Zones
            return yield* zones.listPatrols(tenantId, {
              where: { zone_id: query.zoneId },
              ...(query.from === undefined ? {} : { from: query.from }),
              ...(query.to === undefined ? {} : { to: query.to }),
              ...(after === undefined ? {} : { after }),
              limit
            })
          })
        ).then((p) => JSON.stringify(encodePatrols(page(p))))

    const eventsOf =
      (query: { category?: string; from?: string; to?: string }) =>
      (after?: string, limit = 2) =>
        run(
          Effect.gen(function* () {
            const service = yield* ServiceEvents.ServiceEvents
            return yield* service.list(tenantId, {
              where: { category: query.category },
              ...(query.from === undefined ? {} : { from: query.from }),
              ...(query.to === undefined ? {} : { to: query.to }),
              ...(after === undefined ? {} : { after }),
              limit
            })
          })
        ).then((p) => JSON.stringify(encodeEvents(page(p))))

    it("GET /v1/patrols: every page is the schema's encoding, also when listed again", async () => {
      for (const limit of [2, 50]) {
        for (let round = 0; round < 2; round++) {
          const all = patrolsOf({})
          expect(await walk("/v1/patrols?", (after) => all(after, limit), limit)).toBeGreaterThan(0)
          const zone = patrolsOf({ zoneId: "zone-nh-01", from: "2024-01-01", to: "2024-12-31" })
          expect(
            await walk(
              "/v1/patrols?zoneId=zone-nh-01&from=2024-01-01&to=2024-12-31",
              (after) => zone(after, limit),
              limit
            )
          ).toBeGreaterThan(limit === 2 ? 1 : 0)
        }
      }
      // An empty page.
      expect(await get("/v1/patrols?zoneId=zone-nh-01&from=1990-01-01&to=1990-12-31")).toBe('{"items":[]}')
    })

    it("GET /v1/events: every page is the schema's encoding, also when listed again and after a change", async () => {
      const category = eventsOf({ category: "volunteer_labour", from: "2024-01-01", to: "2024-12-31" })
      const path = "/v1/events?category=volunteer_labour&from=2024-01-01&to=2024-12-31"
      for (let round = 0; round < 2; round++) {
        expect(await walk("/v1/events?", (after) => eventsOf({})(after, 3), 3)).toBeGreaterThan(1)
        expect(await walk(path, (after) => category(after, 1), 1)).toBeGreaterThan(1)
      }
      // A record changed (a new version, a new updatedAt) is sent as it is now.
      const listed = JSON.parse(await get(`${path}&limit=50`)) as {
        items: Array<{ data: { id: string } & Record<string, unknown> }>
      }
      const first = listed.items[0]
      if (first === undefined) throw new Error("no events listed")
      const { id, tenantId: _tenant, ...rest } = first.data
      const updated = await server.app.request(`/v1/events/${id}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ ...rest, notes: `${awkward} (changed)` })
      })
      expect(updated.status, await updated.clone().text()).toBe(200)
      for (let round = 0; round < 2; round++) {
        expect(await walk(path, (after) => category(after, 50), 50)).toBe(1)
      }
      expect(await get(`${path}&limit=50`)).toContain("(changed)")
    })
  })
}

backend("SQLite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-pages-"))
  return { url: join(dir, "bishui.db"), drop: async () => rmSync(dir, { recursive: true, force: true }) }
})

await describePg("PostgreSQL", () => {
  backend("on PostgreSQL", freshDatabase)
})

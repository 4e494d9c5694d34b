/**
 * The public signboard endpoints a zone's page renders from — `GET /v1/public/{tenantId}` and
 * `GET /v1/public/{tenantId}/zones/{code}` — on SQLite and PostgreSQL: the branch's supervision phone,
 * the responsible member with a masked phone, the patrols of the last 30 local days (not the 31st),
 * problems open and resolved in local time, and nothing a signboard may not show (no reporter, no
 * patroller phone, no ID number; a phone typed into a title masked).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { AccessTokens } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeServer } from "../src/server/Server.ts"
import { describePg, freshDatabase } from "./reliability/support/pg.ts"

const tenantId = Seed.seedTenantId
const dayMillis = 86_400_000

const backend = (name: string, database: () => Promise<{ url: string; drop: () => Promise<void> }>) => {
  let server: Awaited<ReturnType<typeof makeServer>>
  let drop = async () => {}
  let token = ""

  const get = async (path: string) => {
    const response = await server.app.request(path)
    const text = await response.text()
    return { status: response.status, text, body: text.length > 0 ? JSON.parse(text) : undefined }
  }
  const post = async (path: string, body: unknown, auth = true) => {
    const response = await server.app.request(path, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(auth ? { authorization: `Bearer ${token}` } : {})
      },
      body: JSON.stringify(body)
    })
    expect(response.status, await response.clone().text()).toBeLessThan(300)
    return response.json()
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
            return yield* tokens.issue({ tenantId, role: "admin", label: "signboard test" })
          })
        )
      ).token
      const now = Date.now()
      // In the window: 2 days ago and (just) 29 days ago; outside it: 31 and 40 days ago.
      for (const [ago, litter] of [
        [2, "3.5"],
        [29, undefined],
        [31, "1"],
        [40, undefined]
      ] as const) {
        const started = new Date(now - ago * dayMillis)
        await post("/v1/patrols", {
          zoneId: "zone-nh-01",
          memberId: "member-liu-yang",
          startedAt: started.toISOString(),
          endedAt: new Date(started.getTime() + 90 * 60_000).toISOString(),
          caseIds: [],
          ...(litter === undefined ? {} : { litterCollected: litter })
        })
      }
      // A resident's report on NH-01 whose title carries a phone number.
      await post(
        "/v1/public/siping-water/zones/NH-01/problems",
        {
          title: "桥下漂浮垃圾 联系13912345678",
          description: "请尽快清理",
          name: "王先生",
          phone: "13912345678"
        },
        false
      )
    })
    afterAll(async () => {
      await server?.dispose()
      await drop()
    })

    it("GET /v1/public/{tenantId}: the tenant, its time zone and its branches with their supervision phone", async () => {
      const { status, body } = await get("/v1/public/siping-water")
      expect(status).toBe(200)
      expect(body).toMatchObject({ id: tenantId, name: "四平市水利局", timeZone: "Asia/Shanghai" })
      expect(body.branches).toEqual([
        {
          id: Seed.seedBranchId,
          name: "四平市南北河管理中心党支部",
          unitName: "四平市南北河管理中心",
          brand: "碧水映初心",
          supervisionPhone: "0434-3271234"
        }
      ])
      expect((await get("/v1/public/no-such-tenant")).status).toBe(404)
    })

    it("GET …/zones/{code}: zone, responsible member (masked), branch, patrols of the last 30 local days", async () => {
      const { status, body, text } = await get("/v1/public/siping-water/zones/NH-01")
      expect(status).toBe(200)
      expect(body.tenant).toEqual({ id: tenantId, name: "四平市水利局", timeZone: "Asia/Shanghai" })
      expect(body.branch.supervisionPhone).toBe("0434-3271234")
      expect(body.zone).toEqual({
        code: "NH-01",
        name: "南河东段责任区",
        riverSegments: ["南河东段", "南河东段两岸绿化带"],
        responsible: { name: "刘洋", role: "member", phone: "138****0105" },
        resources: { cleaners: 6, boats: 3, crew: 6 }
      })
      expect(body.patrols.days).toBe(30)
      expect(body.patrols.count).toBe(2)
      expect(body.patrols.recent).toHaveLength(2)
      const [latest, earlier] = body.patrols.recent
      expect(latest.patroller).toBe("刘洋")
      expect(latest.litterCollectedKg).toBe("3.5")
      expect(latest.startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/)
      expect(Date.parse(latest.startedAt)).toBeGreaterThan(Date.parse(earlier.startedAt))
      // The member's phone appears nowhere in full.
      expect(text).not.toContain("13800000105")
    })

    it("problems: open newest first with a masked title, resolved with local times; no reporter", async () => {
      const nh01 = (await get("/v1/public/siping-water/zones/NH-01")).body
      expect(nh01.problems.openCount).toBe(1)
      expect(nh01.problems.open[0]).toMatchObject({
        title: "桥下漂浮垃圾 联系***",
        kind: "routine",
        status: "reported"
      })
      expect(nh01.problems.resolved).toEqual([
        {
          id: "case-2023-nh01-railing",
          title: "南河东段亲水平台护栏松动",
          kind: "routine",
          followers: 0,
          status: "resolved",
          openedAt: "2023-09-05T09:20:00.000+08:00",
          fixedAt: "2023-09-07T16:00:00.000+08:00"
        }
      ])
      const xh01 = await get("/v1/public/siping-water/zones/XH-01")
      expect(xh01.body.problems.resolved[0]).toMatchObject({
        title: "西湖湿地公园步道旁垃圾堆积",
        status: "verified"
      })
      // The resident who reported it (林女士, 13800000301) is nowhere in the answer, nor the new reporter.
      for (const text of [xh01.text, JSON.stringify(nh01)]) {
        expect(text).not.toContain("林女士")
        expect(text).not.toContain("13800000301")
        expect(text).not.toContain("王先生")
        expect(text).not.toContain("13912345678")
      }
      // The emergency: repaired, then verified — resolved, fixed when repaired.
      const nh02 = (await get("/v1/public/siping-water/zones/NH-02")).body
      expect(nh02.problems.resolved[0]).toMatchObject({
        kind: "emergency",
        status: "verified",
        fixedAt: "2023-07-25T18:00:00.000+08:00"
      })
    })

    it("an unknown zone or tenant is a 404 problem", async () => {
      for (const path of ["/v1/public/siping-water/zones/NO-SUCH", "/v1/public/nobody/zones/NH-01"]) {
        const reply = await get(path)
        expect(reply.status, path).toBe(404)
        expect(reply.body.type).toBe("/problems/not-found")
      }
    })
  })
}

backend("SQLite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-signboard-"))
  return { url: join(dir, "bishui.db"), drop: async () => rmSync(dir, { recursive: true, force: true }) }
})

await describePg("PostgreSQL", () => {
  backend("on PostgreSQL", freshDatabase)
})

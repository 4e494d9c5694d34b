/**
 * The signboard pages in process (`app.request`, no browser): what `/` and `/s/…` answer — documents
 * with their `lang`, the language cookie, 404 and 503 pages, the year of the figures, QR codes that
 * point at `PUBLIC_BASE_URL` — and the in-process client the pages render through: each call reaches
 * the API's own handler with the page's request id, and a problem comes back as the contract's error.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makePageClient, PageRequestId } from "../src/pages/client.ts"
import { pageRoutes } from "../src/pages/routes.tsx"
import { makeServer } from "../src/server/Server.ts"

describe("the signboard pages, in process", () => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-pages-"))
  let server: Awaited<ReturnType<typeof makeServer>>

  const page = async (path: string, headers: Record<string, string> = {}) => {
    const response = await server.app.request(path, { headers })
    return { status: response.status, headers: response.headers, html: await response.text() }
  }

  beforeAll(async () => {
    server = await makeServer({
      databaseUrl: join(dir, "bishui.db"),
      seed: true,
      publicRateLimit: 1000,
      corsOrigins: [],
      tenants: ["siping-water"],
      publicBaseUrl: "https://rivers.example.cn/",
      log: () => {}
    })
  })
  afterAll(async () => {
    await server?.dispose()
    rmSync(dir, { recursive: true, force: true })
  })

  it("/ is the tenant's zone list, in Chinese, each zone linking to its signboard", async () => {
    const { status, headers, html } = await page("/")
    expect(status).toBe(200)
    expect(headers.get("content-type")).toBe("text/html; charset=UTF-8")
    expect(headers.get("vary")?.split(/,\s*/)).toEqual(["Cookie", "Accept-Encoding"])
    expect(headers.get("cache-control")).toBe("no-cache")
    expect(html.startsWith('<!DOCTYPE html><html lang="zh-CN">')).toBe(true)
    for (const code of ["BH-01", "BH-02", "NH-01", "NH-02", "XH-01"]) {
      expect(html).toContain(`href="/s/siping-water/${code}"`)
    }
    expect(html).toContain('href="/docs"')
    expect((await page("/s/siping-water")).html).toContain('href="/s/siping-water/NH-01"')
    // Those headers are the pages' own: the API's answers keep theirs.
    const api = await page("/v1/public/siping-water")
    expect(api.headers.get("vary")).not.toContain("Cookie")
    expect(api.headers.get("cache-control")).toBeNull()
  })

  it("?lang=en answers in English and sets the cookie; the cookie alone keeps English", async () => {
    const chosen = await page("/s/siping-water/NH-01?lang=en")
    expect(chosen.html).toContain('<html lang="en">')
    expect(chosen.html).toContain("Supervision phone")
    expect(chosen.headers.get("set-cookie")).toMatch(/^lang=en;.*Path=\//)
    // The switch leads back to Chinese on the same page, without the lang the URL came with.
    expect(chosen.html).toContain('href="/s/siping-water/NH-01?lang=zh"')
    const kept = await page("/s/siping-water/NH-02", { cookie: "lang=en" })
    expect(kept.html).toContain('<html lang="en">')
    expect(kept.headers.get("set-cookie")).toBeNull()
    expect((await page("/s/siping-water/NH-02", { cookie: "lang=fr" })).html).toContain('<html lang="zh-CN">')
  })

  it("the figures are the current local year's unless ?year= names an earlier one", async () => {
    const current = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear()
    expect((await page("/s/siping-water/XH-01")).html).toContain(`${current}年支部工作`)
    const seedYear = await page("/s/siping-water/XH-01?year=2023")
    expect(seedYear.html).toContain("2023年支部工作")
    expect(seedYear.html).toContain("20余次")
    expect(seedYear.html).toContain("2.3万元")
    // A year to come or not a year: the current one.
    expect((await page("/s/siping-water/XH-01?year=2999")).html).toContain(`${current}年支部工作`)
    expect((await page("/s/siping-water/XH-01?year=abc")).html).toContain(`${current}年支部工作`)
  })

  it("printable boards point their QR codes at PUBLIC_BASE_URL", async () => {
    const one = await page("/s/siping-water/NH-01/print")
    expect(one.status).toBe(200)
    expect(one.html.match(/<article class="board"/g)).toHaveLength(1)
    expect(one.html).toContain("https://rivers.example.cn/s/siping-water/NH-01")
    expect(one.html).toMatch(/<svg[^>]*role="img"[^>]*>.*<path d="M/)
    const all = await page("/s/siping-water/print")
    expect(all.html.match(/<article class="board"/g)).toHaveLength(5)
  })

  it("what does not exist is a 404 page, in the language asked", async () => {
    for (const path of [
      "/s/siping-water/NO-SUCH",
      "/s/nobody",
      "/s/nobody/NH-01",
      "/s/nobody/print",
      "/s/siping-water/NO-SUCH/print"
    ]) {
      const { status, html } = await page(path)
      expect(status, path).toBe(404)
      expect(html, path).toContain("没有找到")
    }
    expect((await page("/s/siping-water/NO-SUCH?lang=en")).html).toContain("Not found")
  })

  it("before the database is reached, pages answer 503 with a page, not an error", async () => {
    const app = pageRoutes({ client: () => undefined, tenants: ["siping-water"] })
    const response = await app.request("/s/siping-water/NH-01")
    expect(response.status).toBe(503)
    expect(await response.text()).toContain("暂时无法访问")
  })

  it("the in-process client hands each call to the API's handler with the page's request id", async () => {
    const seen: Array<{ url: string; requestId: string | null }> = []
    const client = makePageClient(async (request) => {
      seen.push({ url: request.url, requestId: request.headers.get("x-request-id") })
      return request.url.endsWith("/zones/NO-SUCH")
        ? new Response(
            JSON.stringify({
              type: "/problems/not-found",
              title: "Not Found",
              status: 404,
              detail: "no zone"
            }),
            { status: 404, headers: { "content-type": "application/problem+json" } }
          )
        : new Response(
            JSON.stringify({ id: "t", name: "某水利局", timeZone: "Asia/Shanghai", branches: [] }),
            {
              headers: { "content-type": "application/json" }
            }
          )
    })
    const tenant = await Effect.runPromise(
      client.public.tenant({ params: { tenantId: "t" } }).pipe(Effect.provideService(PageRequestId, "req-1"))
    )
    expect(tenant).toEqual({ id: "t", name: "某水利局", timeZone: "Asia/Shanghai", branches: [] })
    const missing = await Effect.runPromise(
      Effect.flip(client.public.zone({ params: { tenantId: "t", code: "NO-SUCH" } }))
    )
    expect(missing._tag).toBe("NotFound")
    expect(seen.map((s) => [new URL(s.url).pathname, s.requestId])).toEqual([
      ["/v1/public/t", "req-1"],
      ["/v1/public/t/zones/NO-SUCH", null]
    ])
  })
})

/**
 * The signboard pages as a resident and a branch use them, in Debian's Chromium against the real server
 * process (`src/main.ts`, as `pnpm start` runs it) on SQLite: the zone list, a zone's signboard page on
 * a phone and a desktop, in Chinese and — by the plain link — English, with JavaScript on and off; the
 * printable A4 boards, whose QR codes are read back by an independent decoder (jsQR on a screenshot);
 * axe-core finds no serious or critical violation on any page; the page's HTML (its CSS inline) stays
 * under 60 KB with a zone full of problems. Screenshots: apps/api/test-artifacts/screenshots/.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import jsqr from "jsqr"
import type { Browser, BrowserContext } from "playwright-core"
import sharp from "sharp"
import { afterAll, beforeAll, expect, it } from "vitest"
import { admin, type RunningServer, startServer } from "../e2e/support/server.ts"
import {
  describeBrowser,
  launchBrowser,
  screenshot,
  screenshotDir,
  seriousViolations,
  type ViewportName,
  viewports
} from "./support/browser.ts"

const dayMillis = 86_400_000
// jsqr is CommonJS whose types declare an ES default export: Node hands over module.exports, which carries it too.
const jsQR = jsqr.default

describeBrowser("the signboard pages in a browser", () => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-signboard-browser-"))
  const databaseUrl = join(dir, "bishui.db")
  let server: RunningServer
  let browser: Browser
  let base = ""
  const contexts: Array<BrowserContext> = []

  const context = async (viewport: ViewportName, options: { javaScriptEnabled?: boolean } = {}) => {
    const made = await browser.newContext({ viewport: viewports[viewport], ...options })
    contexts.push(made)
    return made
  }

  beforeAll(async () => {
    // A source start compiles the pages and loads the seed: slow on a busy machine.
    server = await startServer({ databaseUrl, startTimeoutMs: 90_000 })
    base = server.url
    const token = await admin(databaseUrl, ["create", "--role", "admin", "--label", "browser test"])
    const post = async (path: string, body: unknown, auth = true) => {
      const response = await fetch(`${base}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(auth ? { authorization: `Bearer ${token}` } : {})
        },
        body: JSON.stringify(body)
      })
      expect(response.status, await response.clone().text()).toBeLessThan(300)
    }
    // NH-01 this month: two patrols, and a resident's report.
    for (const [ago, member, litter] of [
      [1, "member-liu-yang", "4.5"],
      [6, "member-zhang-wei", undefined]
    ] as const) {
      const started = Date.now() - ago * dayMillis
      await post("/v1/patrols", {
        zoneId: "zone-nh-01",
        memberId: member,
        startedAt: new Date(started).toISOString(),
        endedAt: new Date(started + 100 * 60_000).toISOString(),
        caseIds: [],
        ...(litter === undefined ? {} : { litterCollected: litter })
      })
    }
    await post(
      "/v1/public/siping-water/zones/NH-01/problems",
      {
        title: "东段亲水平台下方水面漂浮塑料瓶",
        description: "数量较多",
        name: "王先生",
        phone: "13912345678"
      },
      false
    )
    // BH-01 as full as a signboard gets: 25 open problems with long titles (and markup to escape).
    for (let i = 0; i < 25; i++) {
      await post(
        "/v1/public/siping-water/zones/BH-01/problems",
        {
          title:
            `第${i + 1}处：北河东段<script>alert(1)</script>岸边堆放建筑垃圾，${"影响行洪与景观".repeat(8)}`.slice(
              0,
              100
            ),
          description: "居民反映"
        },
        false
      )
    }
    browser = await launchBrowser()
  }, 240_000)

  afterAll(async () => {
    for (const made of contexts) await made.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it("on a phone: / lists the zones; a tap opens NH-01's signboard with who to call, patrols and problems", async () => {
    const page = await (await context("phone")).newPage()
    await page.goto(`${base}/`)
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN")
    await page.getByRole("heading", { name: "四平市水利局" }).waitFor()
    expect(await page.locator(".zones li").count()).toBe(5)
    await screenshot(page, "index-phone")
    expect(await seriousViolations(page)).toEqual([])

    await page.getByRole("link", { name: /南河东段责任区/ }).click()
    await page.waitForURL(`${base}/s/siping-water/NH-01`)
    await page.getByRole("heading", { level: 1, name: "南河东段责任区" }).waitFor()
    const text = (await page.locator("main").textContent()) ?? ""
    for (const expected of [
      "南河东段两岸绿化带",
      "刘洋",
      "138****0105",
      "监督电话",
      "0434-3271234",
      "打捞船 3 条",
      "近30天巡河",
      "2 次",
      "清理垃圾 4.5 公斤",
      "张伟",
      "正在处理 1 件",
      "东段亲水平台下方水面漂浮塑料瓶",
      "已反映，待受理",
      "已解决 1 件",
      "南河东段亲水平台护栏松动"
    ]) {
      expect(text, expected).toContain(expected)
    }
    // No reporter, no member's full phone.
    for (const hidden of ["王先生", "13912345678", "13800000105"]) expect(text).not.toContain(hidden)
    // The supervision phone is a link the phone can dial.
    expect(await page.locator('a[href="tel:04343271234"]').count()).toBeGreaterThan(0)
    await screenshot(page, "zone-phone")
    expect(await seriousViolations(page)).toEqual([])
  }, 60_000)

  it("English by the plain link: lang set, the choice kept by a cookie from page to page", async () => {
    const page = await (await context("phone")).newPage()
    await page.goto(`${base}/s/siping-water/NH-01`)
    await page.getByRole("link", { name: "English" }).click()
    await page.waitForURL(`${base}/s/siping-water/NH-01?lang=en`)
    expect(await page.locator("html").getAttribute("lang")).toBe("en")
    await page.getByRole("heading", { name: "Patrols, last 30 days" }).waitFor()
    expect(await page.locator("main").textContent()).toContain("Supervision phone")
    await screenshot(page, "zone-phone-en")
    expect(await seriousViolations(page)).toEqual([])
    // Without ?lang, the next page is English too; 中文 switches back.
    await page.getByRole("link", { name: "All zones" }).click()
    await page.waitForURL(`${base}/s/siping-water`)
    expect(await page.locator("html").getAttribute("lang")).toBe("en")
    await page.getByRole("link", { name: "中文" }).click()
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN")
  }, 60_000)

  it("with JavaScript off, everything is there and the language link works", async () => {
    const page = await (await context("phone", { javaScriptEnabled: false })).newPage()
    const response = await page.goto(`${base}/s/siping-water/NH-01`)
    expect(response?.status()).toBe(200)
    expect(await page.getByRole("heading", { name: "近30天巡河" }).isVisible()).toBe(true)
    expect(await page.locator("main").textContent()).toContain("0434-3271234")
    await screenshot(page, "zone-phone-nojs")
    await page.getByRole("link", { name: "English" }).click()
    expect(await page.locator("html").getAttribute("lang")).toBe("en")
  }, 60_000)

  it("a zone full of problems: one request, HTML with its CSS under 60 KB, markup shown as text", async () => {
    const page = await (await context("phone")).newPage()
    const requests: Array<string> = []
    page.on("request", (request) => requests.push(request.url()))
    const response = await page.goto(`${base}/s/siping-water/BH-01`)
    const body = await response?.body()
    expect(body?.byteLength).toBeGreaterThan(10_000)
    expect(body?.byteLength).toBeLessThanOrEqual(60 * 1024)
    expect(requests).toEqual([`${base}/s/siping-water/BH-01`])
    expect(await page.locator("main").textContent()).toContain("正在处理 25 件")
    expect(await page.locator("#problems li").count()).toBe(20)
    expect(body?.toString("utf8")).not.toContain("<script>alert(1)</script>")
    expect(await page.locator("main").textContent()).toContain("<script>alert(1)</script>")
    await screenshot(page, "zone-full-phone")
    expect(await seriousViolations(page)).toEqual([])
  }, 60_000)

  it("on a desktop: every page reads well and has no serious accessibility violation", async () => {
    const page = await (await context("desktop")).newPage()
    for (const [name, path, status] of [
      ["index-desktop", "/", 200],
      ["zone-desktop", "/s/siping-water/NH-02", 200],
      ["zone-desktop-2023", "/s/siping-water/NH-02?year=2023", 200],
      ["print-zone-desktop", "/s/siping-water/NH-01/print", 200],
      ["print-all-desktop", "/s/siping-water/print", 200],
      ["not-found-desktop", "/s/siping-water/NO-SUCH", 404]
    ] as const) {
      const response = await page.goto(`${base}${path}`)
      expect(response?.status(), path).toBe(status)
      await screenshot(page, name)
      expect(await seriousViolations(page), path).toEqual([])
    }
  }, 90_000)

  it("the year's figures in the article's style: 2023 of the seed branch", async () => {
    const page = await (await context("phone")).newPage()
    await page.goto(`${base}/s/siping-water/XH-01?year=2023`)
    await page.getByRole("heading", { name: "2023年支部工作" }).waitFor()
    const figures = (await page.locator("#figures").textContent()) ?? ""
    for (const expected of ["20余次", "10余次", "80余本", "2.3万元", "16条", "32人"]) {
      expect(figures, expected).toContain(expected)
    }
    await screenshot(page, "zone-figures-2023-phone")
  }, 60_000)

  it("printable boards: A4 pages, one per zone, each QR code decodes to the zone's page", async () => {
    const page = await (await context("desktop")).newPage()
    await page.goto(`${base}/s/siping-water/print`)
    const boards = page.locator("article.board")
    expect(await boards.count()).toBe(5)
    const codes = ["BH-01", "BH-02", "NH-01", "NH-02", "XH-01"]
    for (const [i, code] of codes.entries()) {
      const svg = await boards.nth(i).locator("svg").screenshot()
      const { data, info } = await sharp(svg).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
      const decoded = jsQR(new Uint8ClampedArray(data), info.width, info.height)
      expect(decoded?.data, code).toBe(`${base}/s/siping-water/${code}`)
    }
    // Printed: a page break after every board but the last, and one A4 page per board.
    await page.emulateMedia({ media: "print" })
    const breaks = await boards.evaluateAll((all) =>
      all.map((b) => b.ownerDocument.defaultView?.getComputedStyle(b).breakAfter)
    )
    expect(breaks).toEqual(["page", "page", "page", "page", "auto"])
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
    // Kept beside the screenshots: the boards as a print shop gets them.
    writeFileSync(join(screenshotDir, "print-all.pdf"), pdf)
    const text = pdf.toString("latin1")
    const pages = text.match(/\/Type\s*\/Page(?!s)/g) ?? []
    expect(pages).toHaveLength(5)
    // A4 is 210 × 297 mm: 595.3 × 841.9 points, on every page.
    const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)]
    expect(boxes).toHaveLength(5)
    for (const box of boxes) {
      expect(Number(box[1])).toBeCloseTo(595.3, 0)
      expect(Number(box[2])).toBeCloseTo(841.9, 0)
    }
  }, 90_000)
})

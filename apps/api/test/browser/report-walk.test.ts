/**
 * Issue 12's whole walk, as a resident and a branch do it, in Debian's Chromium against the real
 * server process on SQLite and on PostgreSQL: a resident opens a zone's signboard on a phone
 * (390×844) with JavaScript off, goes to the report page, says "me too" to a problem already
 * reported, then reports a new one with a JPEG whose GPS tag exiftool wrote → gets a receipt and its
 * status page → the branch walks the case to verified through the API with a bearer token, and sees
 * the photo — without any GPS tag (exiftool reads the bytes the API serves) — and the "me too" on the
 * other case → the resident's status page shows it closed with the branch's closing note, and
 * reports it again as not fixed: the new report and the first link to each other. axe-core finds no
 * serious or critical violation on the new pages; screenshots: apps/api/test-artifacts/screenshots/.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, BrowserContext, Page } from "playwright-core"
import sharp from "sharp"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createDatabase, databaseName, dropDatabase, inCi, probePg } from "../e2e/support/pg.ts"
import { admin, type RunningServer, startServer } from "../e2e/support/server.ts"
import {
  describeBrowser,
  launchBrowser,
  screenshot,
  seriousViolations,
  type ViewportName,
  viewports
} from "./support/browser.ts"

const tenant = "siping-water"
const pg = await probePg()
if (!pg.reachable && inCi) throw new Error(`CI needs PostgreSQL at ${pg.url} for the walk: ${pg.reason}`)
if (!pg.reachable)
  process.stderr.write(`\n*** PostgreSQL not reachable at ${pg.url}: the walk on it is SKIPPED ***\n\n`)

/** The GPS tags exiftool finds in a file (empty when there are none). */
const gpsTags = (path: string): string =>
  execFileSync("exiftool", ["-s", "-gps:all", path], { encoding: "utf8" }).trim()

const walk = (backend: "sqlite" | "postgresql") => {
  const dir = mkdtempSync(join(tmpdir(), `bishui-walk-${backend}-`))
  let databaseUrl = join(dir, "bishui.db")
  let pgName: string | undefined
  let server: RunningServer
  let browser: Browser
  let base = ""
  let token = ""
  const contexts: Array<BrowserContext> = []
  const photoPath = join(dir, "river.jpg")
  const shot = (page: Page, name: string) => screenshot(page, `walk-${backend}-${name}`)

  const context = async (viewport: ViewportName, javaScriptEnabled: boolean) => {
    const made = await browser.newContext({ viewport: viewports[viewport], javaScriptEnabled })
    contexts.push(made)
    return made
  }
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" })
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300)
    return response
  }
  /** The zone's cases, as the branch lists them. */
  const zoneCases = async () =>
    (
      (await (await api("GET", "/v1/cases?zoneId=zone-nh-01&limit=200")).json()) as {
        items: ReadonlyArray<{
          data: { id: string; title: string; status: string; receipt?: string; followers?: number }
        }>
      }
    ).items.map((item) => item.data)
  /** The case of a receipt, as the branch finds it among the zone's cases. */
  const caseOf = async (receipt: string) => {
    const found = (await zoneCases()).find((c) => c.receipt === receipt)
    if (found === undefined) throw new Error(`no case with receipt ${receipt}`)
    return found
  }

  beforeAll(async () => {
    if (backend === "postgresql") {
      pgName = databaseName(`walk${process.pid}`)
      databaseUrl = await createDatabase(pgName)
    }
    server = await startServer({ databaseUrl, startTimeoutMs: 90_000 })
    base = server.url
    token = await admin(databaseUrl, ["create", "--role", "admin", "--label", `walk ${backend}`])
    // A photo from a phone: a JPEG carrying where it was taken.
    await sharp({ create: { width: 640, height: 480, channels: 3, background: "#3a7d8c" } })
      .jpeg()
      .toFile(photoPath)
    execFileSync("exiftool", [
      "-overwrite_original",
      "-GPSLatitude=43.1667",
      "-GPSLatitudeRef=N",
      "-GPSLongitude=124.3500",
      "-GPSLongitudeRef=E",
      photoPath
    ])
    expect(gpsTags(photoPath)).toContain("GPSLatitude")
    // Someone reported a problem on NH-01 already: the resident can say "me too" to it.
    const first = await fetch(`${base}/v1/public/${tenant}/zones/NH-01/problems`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ category: "facility", title: "亲水平台护栏断了一截", description: "东段" })
    })
    expect(first.status).toBe(202)
    browser = await launchBrowser()
  }, 240_000)

  afterAll(async () => {
    for (const made of contexts) await made.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    if (pgName !== undefined) await dropDatabase(pgName)
    rmSync(dir, { recursive: true, force: true })
  })

  it("signboard → me too → report with a GPS-tagged photo → receipt → verified by the branch → closed, reported again", async () => {
    // The resident's phone, JavaScript off: every step is a link or a plain form.
    const page = await (await context("phone", false)).newPage()
    await page.goto(`${base}/s/${tenant}/NH-01`)
    await page.getByRole("heading", { level: 1, name: "南河东段责任区" }).waitFor()
    await shot(page, "1-signboard")
    await page.getByRole("link", { name: "反映问题" }).click()
    await page.waitForURL(`${base}/s/${tenant}/NH-01/report`)
    await page.getByRole("heading", { name: "先看看：是不是已经有人反映了？" }).waitFor()
    await shot(page, "2-report-form")

    // The problem is already there: "me too" instead of a second report.
    await page.getByRole("button", { name: "我也遇到: 亲水平台护栏断了一截" }).click()
    await page.getByText("已记下“我也遇到”，谢谢！").waitFor()
    expect(await page.locator("#open").textContent()).toContain("1 人也遇到")

    // A new problem, with the photo.
    await page.getByLabel("水面漂浮物、垃圾").check()
    await page.getByLabel("问题描述").fill("东段亲水平台下方水面漂浮大量塑料瓶，已有异味")
    await page.getByLabel("具体位置（可选）").fill("东段亲水平台")
    await page.getByLabel("照片（可选，最多 3 张）").setInputFiles(photoPath)
    await page.getByLabel("电话").fill("13912345678")
    await page.getByRole("button", { name: "提交" }).click()
    await page.waitForURL(
      new RegExp(`/r/${tenant}/[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}\\?sent=1-0$`)
    )
    const receipt = (await page.locator(".receipt").textContent())?.trim() ?? ""
    expect(receipt).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$/)
    const statusText = (await page.locator("main").textContent()) ?? ""
    for (const expected of ["已收到您的反映，谢谢！", "已附照片 1 张", "已收到您的反映，等待受理", "上报"]) {
      expect(statusText).toContain(expected)
    }
    expect(statusText).not.toContain("13912345678")
    await shot(page, "3-receipt")

    // The branch: the case, its photo (no GPS left), the "me too" on the other case.
    const reported = await caseOf(receipt)
    const photos = (await (await api("GET", `/v1/cases/${reported.id}/photos`)).json()) as ReadonlyArray<{
      url: string
      mediaType: string
    }>
    expect(photos).toHaveLength(1)
    expect(photos[0]?.mediaType).toBe("image/jpeg")
    const served = await api("GET", photos[0]?.url as string)
    expect(served.headers.get("content-type")).toBe("image/jpeg")
    const servedPath = join(dir, "served.jpg")
    writeFileSync(servedPath, new Uint8Array(await served.arrayBuffer()))
    expect(gpsTags(servedPath)).toBe("")
    expect((await sharp(readFileSync(servedPath)).metadata()).exif).toBeUndefined()
    const unauthenticated = await fetch(`${base}${photos[0]?.url}`)
    expect(unauthenticated.status).toBe(401)
    expect((await zoneCases()).find((c) => c.title === "亲水平台护栏断了一截")?.followers).toBe(1)

    // The branch walks it to verified, through the API.
    for (const [stage, body] of [
      ["acknowledged", { note: "已受理" }],
      ["assigned", { assigneeId: "member-liu-yang" }],
      ["resolved", { note: "刘洋带保洁员打捞清运" }],
      ["verified", { note: "已打捞干净，感谢您的反映" }]
    ] as const) {
      await api("POST", `/v1/cases/${reported.id}/${stage}`, body)
    }

    // The resident's status page: closed, with the closing note and each stage's local time.
    await page.goto(`${base}/r/${tenant}/${receipt}`)
    const closed = (await page.locator("main").textContent()) ?? ""
    for (const expected of [
      "已处理并复核，办结",
      "已打捞干净，感谢您的反映",
      "上报",
      "受理",
      "交办",
      "处置完成",
      "复核办结",
      "问题没有解决？"
    ]) {
      expect(closed, expected).toContain(expected)
    }
    expect(await page.locator(".stages li").count()).toBe(5)
    expect(await page.locator(".stages time").first().getAttribute("datetime")).toMatch(/\+08:00$/)
    // never a name or a phone
    for (const hidden of ["刘洋", "13912345678", "139****5678"]) expect(closed).not.toContain(hidden)
    await shot(page, "4-closed")

    // Not fixed after all: reported again from the status page, linked both ways.
    await page.getByLabel("问题描述").fill("又有塑料瓶漂在同一处")
    await page.getByRole("button", { name: "再次反映" }).click()
    await page.waitForURL(new RegExp(`/r/${tenant}/[2-9A-HJKMNP-Z-]{12}\\?sent=0-0$`))
    const again = (await page.locator(".receipt").textContent())?.trim() ?? ""
    expect(again).not.toBe(receipt)
    expect(await page.locator("main").textContent()).toContain("这是对以下已办结问题的再次反映")
    await page.getByRole("link", { name: receipt }).click()
    await page.waitForURL(`${base}/r/${tenant}/${receipt}`)
    expect(await page.getByRole("link", { name: again }).count()).toBe(1)
    // while the new report is being handled, the first offers no second "report again": follow the new one
    expect(await page.getByRole("button", { name: "再次反映" }).count()).toBe(0)
    await shot(page, "5-reported-again")
  }, 180_000)

  it("the new pages have no serious or critical accessibility violation, on a phone and a desktop", async () => {
    const first = await caseOf(
      (
        (await (
          await fetch(`${base}/v1/public/${tenant}/zones/NH-01/problems`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ category: "pollution", description: "排水口有异味" })
          })
        ).json()) as { receipt: string }
      ).receipt
    )
    expect(first.id).toBeTruthy()
    for (const viewport of ["phone", "desktop"] as const) {
      const page = await (await context(viewport, true)).newPage()
      await page.goto(`${base}/s/${tenant}/NH-01/report`)
      expect(await seriousViolations(page)).toEqual([])
      await page.goto(`${base}/s/${tenant}/NH-01/report?lang=en`)
      await shot(page, `report-form-en-${viewport}`)
      expect(await seriousViolations(page)).toEqual([])
      for (const c of (await zoneCases()).filter((x) => x.receipt !== undefined).slice(0, 3)) {
        await page.goto(`${base}/r/${tenant}/${c.receipt}?lang=zh`)
        expect(await seriousViolations(page), `${c.receipt} ${c.status}`).toEqual([])
      }
      await shot(page, `status-${viewport}`)
    }
  }, 120_000)
}

describeBrowser("the resident's whole walk (issue 12, point 7)", () => {
  describe("on SQLite", () => walk("sqlite"))
  describe.skipIf(!pg.reachable)("on PostgreSQL", () => walk("postgresql"))
})

/**
 * The console as people use it, in Debian's Chromium against the real server process (`src/main.ts`,
 * as `./dev start` runs it) on an empty SQLite database: the first start prints a one-time sign-in
 * link; the administrator opens it on a desktop and sees the seed's year on the dashboard (figures in
 * the article's style, charts drawn as SVG by the server, campaigns); makes an invite for a member;
 * the member opens it in a second browser on a phone and lands on their branch's dashboard; signs
 * out, after which the console asks for a sign-in again; the used first-start link no longer signs
 * in. axe-core finds no serious or critical violation on any page. Screenshots:
 * apps/api/test-artifacts/screenshots/console-*.png.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { afterAll, beforeAll, expect, it } from "vitest"
import { admin, type RunningServer, startServer } from "../e2e/support/server.ts"
import {
  describeBrowser,
  launchBrowser,
  screenshot,
  seriousViolations,
  type ViewportName,
  viewports
} from "./support/browser.ts"

describeBrowser("the console in a browser", () => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-console-browser-"))
  const databaseUrl = join(dir, "bishui.db")
  let server: RunningServer
  let browser: Browser
  let base = ""
  let firstLink = ""
  let token = ""
  const contexts: Array<BrowserContext> = []

  const context = async (viewport: ViewportName) => {
    const made = await browser.newContext({ viewport: viewports[viewport] })
    contexts.push(made)
    return made
  }

  beforeAll(async () => {
    // A source start compiles the pages and loads the seed: slow on a busy machine.
    server = await startServer({ databaseUrl, startTimeoutMs: 90_000 })
    base = server.url
    // The link is logged once the server serves: read it from the process's own output.
    for (let tries = 0; tries < 50 && firstLink === ""; tries++) {
      const line = server.stdout.find((l) => l.includes('"signInLink"'))
      if (line !== undefined) firstLink = JSON.parse(line).signInLink as string
      else await new Promise((resolve) => setTimeout(resolve, 100))
    }
    token = await admin(databaseUrl, ["create", "--role", "admin", "--label", "browser test"])
    browser = await launchBrowser()
  }, 240_000)

  afterAll(async () => {
    for (const made of contexts) await made.close().catch(() => {})
    await browser?.close()
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are inspected freely in tests
  const api = async (path: string): Promise<any> => {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })
    expect(response.status).toBe(200)
    return response.json()
  }

  const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([])

  it("first start → the admin signs in by the printed link, sees the year, invites a member who signs in on a phone, and signs out", async () => {
    expect(firstLink).toMatch(new RegExp(`^${base}/console/sign-in/bsi_`))

    // The administrator, on a desktop: one click on the link's button.
    const desk = await (await context("desktop")).newPage()
    await desk.goto(firstLink)
    await expectAccessible(desk)
    await desk.getByRole("button", { name: "登录" }).click()
    await desk.waitForURL(`${base}/console`)
    const cookies = await desk.context().cookies()
    const session = cookies.find((c) => c.name === "bishui_session")
    expect(session?.httpOnly).toBe(true)
    expect(session?.sameSite).toBe("Lax")

    // The seed's year, with the report's figures as the article writes them.
    await desk.goto(`${base}/console?year=2023`)
    await desk.getByRole("heading", { level: 1, name: "2023年工作概况" }).waitFor()
    const report = await api("/v1/branches/branch-nanbeihe/reports/annual/2023")
    const main = (await desk.locator("main").textContent()) ?? ""
    for (const figure of report.figures as ReadonlyArray<{ presented: string }>) {
      expect(main).toContain(figure.presented)
    }
    for (const name of ["每月活动（按类别）", "各责任区巡河次数", "问题处理情况"]) {
      await expect(desk.getByRole("img", { name }).isVisible()).resolves.toBe(true)
    }
    expect(main).toContain("年度例行活动")
    await screenshot(desk, "console-dashboard-desktop")
    await expectAccessible(desk)

    // A figure leads to the list of its records.
    const first = report.figures[0]
    expect(await desk.locator(`[data-figure="${first.key}"] a`).getAttribute("href")).toBe(
      first.records.replace(/^\/v1\//, "/console/")
    )

    // An invite for 刘洋, a member of the branch.
    await desk.getByRole("link", { name: "登录与邀请" }).click()
    await desk.getByLabel("邀请谁（姓名或说明）").fill("刘洋")
    await desk.getByLabel("身份", { exact: true }).selectOption("member")
    await desk.getByLabel("支部编号").fill("branch-nanbeihe")
    await desk.getByLabel("成员编号（党员身份必填）").fill("member-liu-yang")
    await desk.getByRole("button", { name: "生成邀请链接" }).click()
    const link = ((await desk.locator("#invite-link").textContent()) ?? "").trim()
    expect(link).toMatch(new RegExp(`^${base}/console/sign-in/bsi_`))
    await screenshot(desk, "console-sessions-desktop")
    await expectAccessible(desk)

    // The member, on a phone, in another browser context.
    const phone = await (await context("phone")).newPage()
    await phone.goto(`${base}/console`)
    await phone.getByRole("heading", { name: "需要登录" }).waitFor()
    await phone.goto(link)
    await phone.getByRole("button", { name: "登录" }).click()
    await phone.waitForURL(`${base}/console`)
    await phone.goto(`${base}/console?year=2023`)
    await phone.getByRole("heading", { level: 1, name: "2023年工作概况" }).waitFor()
    expect((await phone.locator("main").textContent()) ?? "").toContain(report.figures[0].presented)
    // nothing wider than the phone
    expect(await phone.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390)
    await screenshot(phone, "console-dashboard-phone")
    await expectAccessible(phone)
    await phone.goto(`${base}/console/sessions?lang=en`)
    await phone.getByRole("heading", { level: 1, name: "Sign-ins & invites" }).waitFor()
    expect((await phone.locator("main").textContent()) ?? "").toContain("(this one)")
    await screenshot(phone, "console-sessions-phone-en")
    await expectAccessible(phone)

    // Sign-out: the console asks for a sign-in again.
    await phone.getByRole("button", { name: "Sign out" }).click()
    await phone.waitForURL(`${base}/console/signed-out`)
    await phone.goto(`${base}/console`)
    await phone.getByRole("heading", { name: "Sign-in needed" }).waitFor()

    // The first-start link is used up.
    const again = await (await context("phone")).newPage()
    await again.goto(firstLink)
    await again.getByRole("button", { name: "登录" }).click()
    await again.getByRole("heading", { name: "无法登录" }).waitFor()
    expect((await again.locator("main").textContent()) ?? "").toContain("只能用一次")
  }, 180_000)
})

/**
 * The console as people use it, in Debian's Chromium against the real server process (`src/main.ts`,
 * as `./dev start` runs it) on an empty SQLite database: the first start prints a one-time sign-in
 * link; the administrator opens it on a desktop and sees the seed's year on the dashboard (figures in
 * the article's style, charts drawn as SVG by the server, campaigns); makes an invite for a member;
 * the member opens it in a second browser on a phone and lands on their branch's dashboard; records a
 * volunteer-labour session of the seed's year (the dashboard: 24次, still 20余次); the administrator
 * voids it as entered by mistake (23次 again) and imports a members ledger from the console's ledger
 * page (checked, then imported); the member signs
 * out, after which the console asks for a sign-in again; the used first-start link no longer signs
 * in. axe-core finds no serious or critical violation on any page. Screenshots:
 * apps/api/test-artifacts/screenshots/console-*.png.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, BrowserContext, Page } from "playwright-core"
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

const pg = await probePg()
if (!pg.reachable && inCi) throw new Error(`CI needs PostgreSQL at ${pg.url} for the walk: ${pg.reason}`)
if (!pg.reachable)
  process.stderr.write(
    `\n*** PostgreSQL not reachable at ${pg.url}: the console walk on it is SKIPPED ***\n\n`
  )

const walk = (backend: "sqlite" | "postgresql") => {
  const dir = mkdtempSync(join(tmpdir(), `bishui-console-browser-${backend}-`))
  let databaseUrl = join(dir, "bishui.db")
  let pgName: string | undefined
  // The SQLite walk's screenshots keep their names; PostgreSQL's say so.
  const shot = (page: Page, name: string) =>
    screenshot(page, backend === "sqlite" ? name : name.replace(/^console-/, "console-postgresql-"))
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
    if (backend === "postgresql") {
      pgName = databaseName(`console${process.pid}`)
      databaseUrl = await createDatabase(pgName)
    }
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
    if (pgName !== undefined) await dropDatabase(pgName)
    rmSync(dir, { recursive: true, force: true })
  })

  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are inspected freely in tests
  const api = async (path: string): Promise<any> => {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })
    expect(response.status).toBe(200)
    return response.json()
  }

  const expectAccessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([])

  it("first start → the admin signs in by the printed link, sees the year, invites a member who signs in on a phone, records a volunteer-labour session (24次 / 20余次), the admin voids it (23次) and imports a ledger on the console's ledger page, and the member signs out", async () => {
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
    await shot(desk, "console-dashboard-desktop")
    await expectAccessible(desk)

    // A figure leads to the list of its records.
    const first = report.figures[0]
    expect(await desk.locator(`[data-figure="${first.key}"] a`).getAttribute("href")).toBe(
      first.records.replace(/^\/v1\//, "/console/")
    )

    // An invite for 刘洋, the branch member who keeps its records (a secretary's role: events are the branch's).
    await desk.getByRole("link", { name: "登录与邀请" }).click()
    await desk.getByLabel("邀请谁（姓名或说明）").fill("刘洋")
    await desk.getByLabel("身份", { exact: true }).selectOption("secretary")
    await desk.getByLabel("支部编号").fill("branch-nanbeihe")
    await desk.getByRole("button", { name: "生成邀请链接" }).click()
    const link = ((await desk.locator("#invite-link").textContent()) ?? "").trim()
    expect(link).toMatch(new RegExp(`^${base}/console/sign-in/bsi_`))
    await shot(desk, "console-sessions-desktop")
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
    await shot(phone, "console-dashboard-phone")
    await expectAccessible(phone)

    // 刘洋 records a volunteer-labour session of the seed's year on the phone: 24 sessions, still 20余次.
    const volunteering = (page: Page) =>
      page.locator('[data-figure="volunteer_labour_sessions"]').textContent()
    expect(await volunteering(phone)).toContain("20余次")
    expect(await volunteering(phone)).toContain("23次 · 23 条记录")
    await phone.goto(`${base}/console/records/events/new`)
    await phone.getByLabel("标题").fill("北河清理（手机录入）")
    await phone.getByLabel("日期").fill("2023-06-10")
    await phone.getByLabel("社区（结对共建）").selectOption({ label: "中兴社区" })
    await phone.getByLabel("王建华").check()
    expect(await phone.getByLabel("类别").inputValue()).toBe("volunteer_labour")
    await phone.getByRole("button", { name: "保存" }).click()
    await phone.getByRole("heading", { level: 1, name: "北河清理（手机录入）" }).waitFor()
    const recorded = phone.url()
    await phone.goto(`${base}/console?year=2023`)
    expect(await volunteering(phone)).toContain("20余次")
    expect(await volunteering(phone)).toContain("24次 · 24 条记录")
    await shot(phone, "console-walk-24-phone")

    // The administrator voids it as entered by mistake: 23 again, on 刘洋's dashboard too.
    await desk.goto(recorded)
    await desk.getByLabel("原因").fill("误录")
    await desk.getByRole("button", { name: "作废这条记录" }).click()
    await desk.getByText("作废原因：误录").first().waitFor()
    await phone.goto(`${base}/console?year=2023`)
    expect(await volunteering(phone)).toContain("23次 · 23 条记录")
    await shot(phone, "console-walk-23-phone")
    await expectAccessible(phone)

    // The administrator's ledger page, in the console's navigation: a members ledger checked, then imported.
    await desk.getByRole("link", { name: "台账" }).click()
    await desk.getByRole("heading", { level: 1, name: "上传台账" }).waitFor()
    await desk.setInputFiles("#ledger-files", {
      name: "成员.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "姓名*,所属支部*,职务*,手机号\r\n赵台账,四平市南北河管理中心党支部,党员,13800009921\r\n"
      )
    })
    await desk.getByRole("button", { name: "检查（不写入）" }).click()
    expect(await desk.getByRole("status").textContent()).toContain("没有发现错误")
    await desk.getByRole("button", { name: "导入刚才检查过的文件" }).click()
    expect(await desk.getByRole("status").textContent()).toContain("已全部导入")
    expect((await api(`/v1/members?name=${encodeURIComponent("赵台账")}`)).items).toHaveLength(1)
    await expectAccessible(desk)

    await phone.goto(`${base}/console/sessions?lang=en`)
    await phone.getByRole("heading", { level: 1, name: "Sign-ins & invites" }).waitFor()
    expect((await phone.locator("main").textContent()) ?? "").toContain("(this one)")
    await shot(phone, "console-sessions-phone-en")
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
}

describeBrowser("the console in a browser", () => {
  describe("on SQLite", () => walk("sqlite"))
  describe.skipIf(!pg.reachable)("on PostgreSQL", () => walk("postgresql"))
})

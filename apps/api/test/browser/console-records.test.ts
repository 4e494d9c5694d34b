/**
 * The console's record pages as a secretary uses them, in Debian's Chromium at a phone's size (with
 * JavaScript off: the pages have none and need none) and at a desktop's: record a volunteer-labour
 * event for the seed branch, see it in the list, void it with a reason, see it gone — and, with
 * include=voided, marked — then restore it. The pages are mounted under `/console` in front of the real
 * API on a seeded SQLite file, served over HTTP; the person is signed in with a real secretary's token
 * (the test's `bearerOf` reads it from a cookie, where the sign-in of the console will put its session).
 * axe-core finds no serious or critical violation on any page. Screenshots:
 * apps/api/test-artifacts/screenshots/console-records-*.png.
 */
import type { AddressInfo } from "node:net"
import { serve } from "@hono/node-server"
import { Hono } from "hono"
import { getCookie } from "hono/cookie"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { afterAll, beforeAll, expect, it } from "vitest"
import { makePageClient } from "../../src/pages/client.ts"
import { consoleRecordRoutes } from "../../src/pages/console/records/routes.tsx"
import { seed, startApi, type TestApi } from "../support.ts"
import {
  describeBrowser,
  launchBrowser,
  screenshot,
  seriousViolations,
  type ViewportName,
  viewports
} from "./support/browser.ts"

describeBrowser("the console's record pages in a browser", () => {
  let api: TestApi
  let browser: Browser
  let listener: ReturnType<typeof serve>
  let base = ""
  const contexts: Array<BrowserContext> = []
  const csrf = "browser-test-csrf"

  beforeAll(async () => {
    api = await startApi()
    const client = makePageClient((request) => Promise.resolve(api.app.fetch(request)))
    const app = new Hono()
    app.route(
      "/console",
      consoleRecordRoutes({
        client: () => client,
        bearerOf: (c) => {
          const token = getCookie(c, "test-token")
          return token === undefined ? undefined : `Bearer ${token}`
        },
        csrf: { field: "_csrf", tokenOf: (c) => getCookie(c, "csrf") }
      })
    )
    app.all("*", (c) => api.app.fetch(c.req.raw))
    listener = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" })
    await new Promise<void>((resolve) => listener.once("listening", () => resolve()))
    base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`
    browser = await launchBrowser()
  }, 180_000)

  afterAll(async () => {
    for (const made of contexts) await made.close().catch(() => {})
    await browser?.close()
    await new Promise((resolve) => listener?.close(resolve))
    await api?.dispose()
  })

  const signedIn = async (viewport: ViewportName, javaScriptEnabled: boolean) => {
    const made = await browser.newContext({ viewport: viewports[viewport], javaScriptEnabled })
    contexts.push(made)
    await made.addCookies([
      { name: "test-token", value: api.tokens.secretary, url: base },
      { name: "csrf", value: csrf, url: base }
    ])
    return made.newPage()
  }

  /** A screenshot, and axe-core's check — which runs as a script in the page, so only with JavaScript on. */
  const checked = async (page: Page, name: string, javaScriptEnabled: boolean) => {
    await screenshot(page, `console-records-${name}`)
    if (javaScriptEnabled) expect(await seriousViolations(page), name).toEqual([])
  }

  const walk = async (viewport: ViewportName, javaScriptEnabled: boolean, date: string) => {
    const page = await signedIn(viewport, javaScriptEnabled)
    const label = javaScriptEnabled ? viewport : `${viewport}-no-js`
    const title = `志愿服务：北河清理（${label}）`
    const list = `${base}/console/records/events?from=${date}&to=${date}`

    await page.goto(`${base}/console/records/events/new`)
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN")
    await page.getByLabel("标题").fill(title)
    await page.getByLabel("日期").fill(date)
    await page.getByLabel("地点").fill("北河桥下")
    await page.getByLabel("王建华").check()
    await page.getByLabel("刘洋").check()
    await page.getByLabel("清理垃圾（公斤）").fill("35.5")
    expect(await page.getByLabel("类别").inputValue()).toBe("volunteer_labour")
    expect(await page.getByLabel("支部").inputValue()).toBe(seed.branch)
    await checked(page, `new-event-${label}`, javaScriptEnabled)
    await page.getByRole("button", { name: "保存" }).click()
    await page.getByRole("heading", { level: 1, name: title }).waitFor()
    const recordUrl = page.url()
    expect(recordUrl).toMatch(/\/console\/records\/events\/[^/]+$/)
    await checked(page, `event-${label}`, javaScriptEnabled)

    await page.goto(list)
    await page.getByRole("link", { name: new RegExp(title) }).waitFor()
    await checked(page, `events-${label}`, javaScriptEnabled)

    await page.goto(recordUrl)
    await page.getByLabel("原因").fill("重复录入")
    await page.getByRole("button", { name: "作废这条记录" }).click()
    await page.getByText("作废原因：重复录入").first().waitFor()
    expect(page.url()).toBe(recordUrl)
    await checked(page, `event-voided-${label}`, javaScriptEnabled)

    await page.goto(list)
    expect(await page.getByRole("link", { name: new RegExp(title) }).count()).toBe(0)
    await page.getByLabel("包括已作废的记录").check()
    await page.getByRole("button", { name: "筛选", exact: true }).click()
    await page.waitForURL(/include=voided/)
    const marked = page.locator("li.voided", { hasText: title })
    expect(await marked.count()).toBe(1)
    expect(await marked.textContent()).toContain("已作废")
    await checked(page, `events-with-voided-${label}`, javaScriptEnabled)

    await marked.getByRole("link").click()
    await page.getByRole("button", { name: "恢复这条记录" }).click()
    await page.getByRole("button", { name: "作废这条记录" }).waitFor()
    await page.goto(list)
    await page.getByRole("link", { name: new RegExp(title) }).waitFor()
    expect(await page.locator("li.voided").count()).toBe(0)
  }

  it("on a phone: record an event, see it, void it with a reason, see it gone and marked, restore it", async () => {
    await walk("phone", true, "2024-06-03")
  }, 120_000)

  it("on a phone with JavaScript off: the same walk, forms and links alone", async () => {
    await walk("phone", false, "2024-06-05")
  }, 120_000)

  it("on a phone: a case's and a wish's pages with their forms, the event form's errors, in English too", async () => {
    const page = await signedIn("phone", true)
    const cases = await api.get("/v1/cases?limit=1", api.tokens.admin)
    await page.goto(`${base}/console/records/cases/${cases.body.items[0].data.id}`)
    await page.getByRole("heading", { level: 2, name: "推进流程" }).waitFor()
    await checked(page, "case-phone", true)
    const wishes = await api.get("/v1/wishes?status=Posted&limit=1", api.tokens.admin)
    await page.goto(`${base}/console/records/wishes/${wishes.body.items[0].data.id}`)
    await page.getByRole("button", { name: "认领这个心愿" }).waitFor()
    await checked(page, "wish-phone", true)
    // Typed wrong, the form comes back with the error at the field, in English.
    await page.goto(`${base}/console/records/events/new?lang=en`)
    await page.getByLabel("Title").fill("Tree planting")
    await page.getByLabel("Money invested (yuan)").fill("a lot")
    await page.getByRole("button", { name: "Save" }).click()
    await page.locator("#f-money-error").waitFor()
    expect(await page.getByLabel("Money invested (yuan)").getAttribute("aria-invalid")).toBe("true")
    await checked(page, "new-event-errors-phone-en", true)
    await page.goto(`${base}/console/records/cases?lang=en`)
    await page.getByRole("heading", { level: 1, name: "Cases" }).waitFor()
    await checked(page, "cases-phone-en", true)
  }, 120_000)

  it("on a desktop: the same walk", async () => {
    await walk("desktop", true, "2024-06-04")
  }, 120_000)
})

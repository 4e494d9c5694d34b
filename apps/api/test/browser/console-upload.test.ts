/**
 * Issue 13's second walk, in Debian's Chromium at phone (JavaScript off) and desktop sizes: an
 * administrator uploads a members ledger (成员.csv) with a bad row on /console/ledgers → the check
 * shows the row's error in the table (Chinese first, English under it) and offers the rejected rows
 * as a file → the fixed file is checked, then imported with the "import the files just checked"
 * button → the new members are there through the API. axe-core finds no serious or critical
 * violation; screenshots: apps/api/test-artifacts/screenshots/console-upload-*.png.
 *
 * The console's sign-in is another part of the console: here the page is mounted under /console on
 * the real app, served on a port, with `bearerOf` reading a real admin token from a test cookie.
 */
import type { AddressInfo } from "node:net"
import { serve } from "@hono/node-server"
import { Hono } from "hono"
import { getCookie } from "hono/cookie"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, expect, it } from "vitest"
import { makePageClient } from "../../src/pages/client.ts"
import { consoleUploadRoutes } from "../../src/pages/console/upload/routes.tsx"
import { seed, startApi, type TestApi } from "../support.ts"
import {
  describeBrowser,
  launchBrowser,
  screenshot,
  seriousViolations,
  viewports
} from "./support/browser.ts"

const ledger = (secondBranch: string) =>
  Buffer.from(
    [
      "姓名*,所属支部*,职务*,手机号",
      "孙页面,四平市南北河管理中心党支部,党员,13800009911",
      `李页面,${secondBranch},党员,13800009912`
    ].join("\r\n")
  )

describeBrowser("ledgers in the browser: upload with a bad row → see it → fix → import", () => {
  let api: TestApi
  let browser: Browser
  let base = ""
  let close: () => void = () => {}

  beforeAll(async () => {
    api = await startApi()
    const app = api.app
    const client = makePageClient(async (request) => app.fetch(request))
    const site = new Hono()
    site.route(
      "/console",
      consoleUploadRoutes({
        client: () => client,
        bearerOf: (c) => {
          const token = getCookie(c, "test-bearer")
          return token === undefined ? undefined : `Bearer ${token}`
        }
      })
    )
    site.all("*", (c) => app.fetch(c.req.raw))
    const server = serve({ fetch: site.fetch, port: 0, hostname: "127.0.0.1" })
    await new Promise<void>((resolve) => server.once("listening", () => resolve()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    close = () => server.close()
    browser = await launchBrowser()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    close()
    await api?.dispose()
  })

  const membersNamed = async (name: string) =>
    (await api.get(`/v1/members?name=${encodeURIComponent(name)}`, api.tokens.admin)).body
      .items as ReadonlyArray<{
      data: { homeBranchId: string }
    }>

  // The page needs no script: the phone walks with JavaScript off; axe-core runs in the page, so the
  // desktop walk (the same forms) has it on and is checked on every page it sees.
  for (const size of ["phone", "desktop"] as const) {
    const javaScriptEnabled = size === "desktop"
    const axe = async (page: Page) => {
      if (javaScriptEnabled) expect(await seriousViolations(page)).toEqual([])
    }
    it(`walks at ${size} size (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await browser.newContext({ viewport: viewports[size], javaScriptEnabled })
      try {
        const page = await context.newPage()
        page.setDefaultTimeout(15_000)
        // Signed out: the page says so and offers no form.
        const signedOut = await page.goto(`${base}/console/ledgers`)
        expect(signedOut?.status()).toBe(401)
        await context.addCookies([{ name: "test-bearer", value: api.tokens.admin, url: base }])
        await page.goto(`${base}/console/ledgers`)
        expect((await page.locator("h1").textContent())?.trim()).toBe("上传台账")
        await axe(page)
        await screenshot(page, `console-upload-${size}-form`)

        const suffix = size === "phone" ? "甲" : "乙"
        const withSuffix = (csv: Buffer) => Buffer.from(csv.toString().replaceAll("页面", `页面${suffix}`))
        await page.setInputFiles("#ledger-files", {
          name: "成员.csv",
          mimeType: "text/csv",
          buffer: withSuffix(ledger("不存在的支部"))
        })
        await page.getByRole("button", { name: "检查（不写入）" }).click()
        const errors = page.locator("table").filter({ hasText: "出错的行" }).locator("tbody tr")
        expect(await errors.count()).toBe(1)
        const row = errors.first()
        expect((await row.locator("td").nth(0).textContent())?.trim()).toBe("成员")
        expect((await row.locator("td").nth(1).textContent())?.trim()).toBe("3")
        expect((await row.locator("td").nth(2).textContent())?.trim()).toBe("所属支部*")
        expect((await row.locator("td").nth(3).textContent())?.trim()).toBe("不存在的支部")
        expect((await row.locator("span[lang=en]").textContent())?.trim()).not.toBe("")
        expect(await page.getByRole("status").textContent()).toContain("有 1 行不能导入")
        // No import is offered for a check that found errors.
        expect(await page.getByRole("button", { name: "导入刚才检查过的文件" }).count()).toBe(0)
        await axe(page)
        await screenshot(page, `console-upload-${size}-errors`)

        // The rejected rows, as a file to fix (through the console, the session's bearer).
        const link = page.getByRole("link", { name: /下载出错的行/ })
        const download = await page.request.get(
          new URL((await link.getAttribute("href")) as string, base).href
        )
        expect(download.status()).toBe(200)
        expect(download.headers()["content-disposition"]).toContain(encodeURIComponent("成员-errors.csv"))
        expect(await download.text()).toContain(`李页面${suffix}`)
        // Nothing was written by the check.
        expect(await membersNamed(`孙页面${suffix}`)).toEqual([])

        // Fixed → checked → imported.
        await page.getByRole("link", { name: "上传其他文件" }).click()
        await page.setInputFiles("#ledger-files", {
          name: "成员.csv",
          mimeType: "text/csv",
          buffer: withSuffix(ledger("四平市南北河管理中心党支部"))
        })
        await page.getByRole("button", { name: "检查（不写入）" }).click()
        expect(await page.getByRole("status").textContent()).toContain("没有发现错误")
        await page.getByRole("button", { name: "导入刚才检查过的文件" }).click()
        expect((await page.locator("h2").textContent())?.trim()).toBe("导入结果")
        expect(await page.getByRole("status").textContent()).toContain("已全部导入")
        const summary = page.locator("table").filter({ hasText: "各工作表" }).locator("tbody tr")
        expect(await summary.count()).toBe(1)
        expect((await summary.first().locator("td").nth(2).textContent())?.trim()).toBe("2")
        await axe(page)
        await screenshot(page, `console-upload-${size}-imported`)

        for (const name of [`孙页面${suffix}`, `李页面${suffix}`]) {
          expect(
            (await membersNamed(name)).map((m) => m.data.homeBranchId),
            name
          ).toEqual([seed.branch])
        }
      } finally {
        await context.close()
      }
    }, 120_000)
  }
})

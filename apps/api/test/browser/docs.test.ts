/**
 * The docs page as a person sees it: served by the real server, rendered by Debian's Chromium through
 * playwright-core (the shared harness in `support/browser.ts`). The pages' footer leads to it.
 */
import { mkdtempSync, rmSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { serve } from "@hono/node-server"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, expect, it } from "vitest"
import { makeServer } from "../../src/server/Server.ts"
import { describeBrowser, launchBrowser, screenshot, viewports } from "./support/browser.ts"

describeBrowser("the docs page in a browser", () => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-browser-"))
  let browser: Browser
  let base = ""
  let close = async () => {}

  beforeAll(async () => {
    const server = await makeServer({
      databaseUrl: join(dir, "bishui.db"),
      corsOrigins: [],
      seed: true,
      publicRateLimit: 1000,
      log: () => {}
    })
    const listener = serve({ fetch: server.app.fetch, port: 0, hostname: "127.0.0.1" })
    await new Promise((resolve) => listener.once("listening", resolve))
    base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`
    close = async () => {
      await new Promise((resolve) => listener.close(resolve))
      await server.dispose()
    }
    browser = await launchBrowser()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("renders the API reference with its groups, from the generated document, with no failed request", async () => {
    const page = await browser.newPage({ viewport: viewports.desktop })
    const failed: Array<string> = []
    page.on("requestfailed", (request) => failed.push(request.url()))
    page.on("response", (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`)
    })
    // A developer finds the reference from the pages' footer.
    await page.goto(`${base}/`)
    await page.getByRole("link", { name: "开发者：API 参考" }).click()
    await page.waitForURL(`${base}/docs`)
    await page.getByText("bishui API").first().waitFor({ timeout: 20_000 })
    await page.getByText("Public signboard").first().waitFor({ timeout: 10_000 })
    const text = (await page.locator("body").textContent()) ?? ""
    expect(text).toContain("Reports")
    await screenshot(page, "docs-desktop")
    expect(failed.filter((url) => url.startsWith(base))).toEqual([])
  }, 60_000)
})

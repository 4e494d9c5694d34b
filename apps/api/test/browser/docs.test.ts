/**
 * The docs page as a person sees it: served by the real server, rendered by Debian's Chromium through
 * playwright-core. Outside CI a machine without /usr/bin/chromium skips this loudly; in CI it must run.
 */
import { mkdtempSync, rmSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { probeChromium } from "@bishui/dev-support"
import { serve } from "@hono/node-server"
import { type Browser, chromium } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeServer } from "../../src/server/Server.ts"

// What `pnpm test`'s probe asks too: a run that skips here is not replayed once Chromium is there.
const { path: executablePath, available } = probeChromium()
const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"
if (!available && inCi) throw new Error(`CI needs Chromium at ${executablePath} (apt-get install chromium)`)
if (!available)
  process.stderr.write(`\n*** ${executablePath} not found: the browser tests are SKIPPED ***\n\n`)

describe.skipIf(!available)("the docs page in a browser", () => {
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
    browser = await chromium.launch({
      executablePath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync"
      ]
    })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("renders the API reference with its groups, from the generated document, with no failed request", async () => {
    const page = await browser.newPage()
    const failed: Array<string> = []
    page.on("requestfailed", (request) => failed.push(request.url()))
    page.on("response", (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`)
    })
    await page.goto(`${base}/`)
    expect(page.url()).toBe(`${base}/docs`)
    await page.getByText("bishui API").first().waitFor({ timeout: 20_000 })
    await page.getByText("Public signboard").first().waitFor({ timeout: 10_000 })
    const text = (await page.locator("body").textContent()) ?? ""
    expect(text).toContain("Reports")
    await page.screenshot({ path: process.env.BISHUI_SCREENSHOT ?? join(dir, "docs.png") })
    expect(failed.filter((url) => url.startsWith(base))).toEqual([])
  }, 60_000)
})

/**
 * What every browser test shares: Debian's Chromium through playwright-core (never a downloaded
 * browser) with the launch flags this machine needs, the phone and desktop viewports, screenshots
 * written on every run to `apps/api/test-artifacts/screenshots/` (gitignored) for people to look at,
 * and axe-core's serious and critical violations. Outside CI a machine without Chromium skips the
 * browser suites loudly; in CI it must have it.
 */
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import AxeBuilder from "@axe-core/playwright"
import { probeChromium } from "@bishui/dev-support"
import { type Browser, chromium, type Page } from "playwright-core"
import { describe } from "vitest"

// What `pnpm test`'s probe asks too: a run that skips here is not replayed once Chromium is there.
const probed = probeChromium()
export const executablePath = probed.path
const available = probed.available
const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"
if (!available && inCi) throw new Error(`CI needs Chromium at ${executablePath} (apt-get install chromium)`)
if (!available)
  process.stderr.write(`\n*** ${executablePath} not found: the browser tests are SKIPPED ***\n\n`)

/** `describe` that skips (loudly, above) where there is no Chromium. */
export const describeBrowser = describe.skipIf(!available)

export const launchFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath, args: launchFlags })

export const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 }
} as const
export type ViewportName = keyof typeof viewports

/** Where screenshots go: kept after the run for people to look at (see the README). */
export const screenshotDir = fileURLToPath(new URL("../../../test-artifacts/screenshots/", import.meta.url))

/** A full-page screenshot named `name.png` in the artifacts folder; returns its path. */
export const screenshot = async (page: Page, name: string): Promise<string> => {
  mkdirSync(screenshotDir, { recursive: true })
  const path = join(screenshotDir, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}

/** axe-core's serious and critical violations on the page as it is now, one line each. */
export const seriousViolations = async (page: Page): Promise<ReadonlyArray<string>> => {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)
}

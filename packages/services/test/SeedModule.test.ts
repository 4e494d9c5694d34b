/**
 * The seed is a module of its own (`@bishui/services/seed`): importing the package's main entry loads
 * none of it — nothing is decoded at load, as `sideEffects: false` says — while the seed's own entry
 * gives the decoded branch. Checked in a fresh Node process that records every module it loads.
 */
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const packageDir = fileURLToPath(new URL("../", import.meta.url))

/** The file URLs a fresh `node --conditions=source` loads to import `specifier`. */
const modulesLoadedBy = (specifier: string): ReadonlyArray<string> => {
  const script = `
    import { registerHooks } from "node:module"
    const loaded = []
    registerHooks({
      load(url, context, nextLoad) {
        loaded.push(url)
        return nextLoad(url, context)
      }
    })
    await import(${JSON.stringify(specifier)})
    process.stdout.write(JSON.stringify(loaded))
  `
  const result = spawnSync(process.execPath, ["--conditions=source", "--input-type=module", "-e", script], {
    cwd: packageDir,
    encoding: "utf8"
  })
  expect(result.status, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as ReadonlyArray<string>
}

describe("the seed's own module", () => {
  it("is not loaded by the package's main entry", () => {
    const loaded = modulesLoadedBy("@bishui/services")
    // The probe sees the package's modules (it can fail) ...
    expect(loaded.some((url) => url.endsWith("/services/src/Reports.ts"))).toBe(true)
    // ... and none of the seed's.
    expect(loaded.filter((url) => url.includes("/services/src/seed/"))).toEqual([])
  })

  it("is loaded, decoded, by @bishui/services/seed", () => {
    const loaded = modulesLoadedBy("@bishui/services/seed")
    expect(loaded.some((url) => url.endsWith("/services/src/seed/SipingBranch.ts"))).toBe(true)
  })
})

/**
 * `node packages/dev-support/src/probe-test-environment.ts [file]`, run by `pnpm test` before turbo:
 * writes what the test suites skip without (see testEnvironment.ts) to the file turbo hashes with
 * every test task (default `node_modules/.cache/bishui-test-environment.json` at the repository's root).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { probeTestEnvironment } from "./testEnvironment.ts"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")
const file = process.argv[2] ?? join(root, "node_modules/.cache/bishui-test-environment.json")
const text = `${JSON.stringify(await probeTestEnvironment(), null, 2)}\n`
const before = (() => {
  try {
    return readFileSync(file, "utf8")
  } catch {
    return undefined
  }
})()
// Written only when it changed: the same machine gives the same file, and the cache hits.
if (before !== text) {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, text)
}

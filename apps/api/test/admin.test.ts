/**
 * The admin command as the README runs it: `./dev token …` from the repository's root. `pnpm token`
 * alone would be npm's own `token` command (pnpm passes npm's commands through): `./dev` must run
 * the package's script.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startApi, type TestApi } from "./support.ts"

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..")
const dev = (databaseUrl: string, ...args: Array<string>) =>
  spawnSync("bash", [join(root, "dev"), "token", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
    timeout: 120_000
  })

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

describe("./dev token", () => {
  it("makes a token with the package's command, and the API takes it", async () => {
    const made = dev(
      api.databaseUrl,
      "create",
      "--role",
      "viewer",
      "--branch",
      "branch-nanbeihe",
      "--label",
      "cli"
    )
    expect(made.status, made.stderr).toBe(0)
    const token = /bsh_\S+/.exec(made.stdout)?.[0]
    expect(token, made.stdout).toBeDefined()
    expect((await api.get("/v1/zones", token)).status).toBe(200)
    const listed = dev(api.databaseUrl, "list")
    expect(listed.status, listed.stderr).toBe(0)
    expect(listed.stdout).toMatch(/viewer\s+branch-nanbeihe\s+active\s+cli/)
  }, 120_000)

  it("takes --expires as the last day of the tenant's zone, to its last moment", async () => {
    const made = dev(
      api.databaseUrl,
      "create",
      "--role",
      "viewer",
      "--branch",
      "branch-nanbeihe",
      "--expires",
      "2099-12-31"
    )
    expect(made.status, made.stderr).toBe(0)
    const id = /token (\S+) \(viewer/.exec(made.stderr)?.[1]
    expect(id, made.stderr).toBeDefined()
    const audit = await api.get(`/v1/audit?entity=access_token&entityId=${id}`, api.tokens.admin)
    // 23:59:59.999 on 31 December 2099 in Beijing time
    expect(audit.body.items[0]?.data.after.expiresAt).toBe("2099-12-31T15:59:59.999Z")
    const wrong = dev(api.databaseUrl, "create", "--role", "admin", "--expires", "2099-02-30")
    expect(wrong.status).toBe(2)
    expect(wrong.stderr).toContain("--expires must be a date YYYY-MM-DD")
  })

  it("says what is missing on a database without the tenant", () => {
    const dir = mkdtempSync(join(tmpdir(), "bishui-admin-"))
    try {
      const made = dev(join(dir, "empty.db"), "create", "--role", "admin")
      expect(made.status).toBe(1)
      expect(made.stderr).toContain("no tenant siping-water in this database")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})

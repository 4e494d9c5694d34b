/**
 * `./dev` as a user runs it (README "Quick start"): `./dev start` stops cleanly on a SIGTERM or SIGINT
 * sent to the ./dev process itself; `TOKEN=$(./dev token create …)` holds the token and nothing else;
 * no package manager or build tool adds a line of its own; and paths given to a command are taken
 * from the directory ./dev was run in, not the repository's root it runs the command from.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { freePort } from "@bishui/dev-support"
import { afterAll, describe, expect, it } from "vitest"

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..")
const dev = join(root, "dev")
const dir = mkdtempSync(join(tmpdir(), "bishui-dev-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** What no command's output may hold: pnpm's script echo and failure lines, update banners, turbo's notice. */
const noise = [/^> bishui@/m, /ELIFECYCLE/, /Command failed/, /Update available/i, /telemetry/i]

const runDev = (args: ReadonlyArray<string>, options: { cwd: string; env?: NodeJS.ProcessEnv }) =>
  spawnSync("bash", [dev, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: 120_000
  })

const started = (child: ChildProcess, output: () => string) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`./dev start did not serve\n${output()}`)), 90_000)
    const check = () => {
      if (output().includes("bishui is serving on")) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on("data", check)
    child.once("exit", () => reject(new Error(`./dev start exited early\n${output()}`)))
  })

describe("./dev start", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`stops cleanly on ${signal} sent to the ./dev process`, async () => {
      const port = await freePort()
      const child = spawn("bash", [dev, "start"], {
        cwd: dir,
        env: { ...process.env, DATABASE_URL: `${signal}.db`, PORT: String(port), HOST: "127.0.0.1" },
        stdio: ["ignore", "pipe", "pipe"]
      })
      let stdout = ""
      let stderr = ""
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString()
      })
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString()
      })
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once("exit", (code, signal) => resolve({ code, signal }))
      )
      await started(child, () => stdout + stderr)
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)
      // The database the user named is in the directory they ran ./dev in.
      expect(existsSync(join(dir, `${signal}.db`))).toBe(true)
      // The signal goes to ./dev's own pid — no process group, as `kill <pid>` or a supervisor sends it.
      child.kill(signal)
      const exit = await exited
      expect(exit, stdout + stderr).toEqual({ code: 0, signal: null })
      expect(stdout).toContain('"msg":"stopped"')
      for (const line of noise) expect(stdout + stderr).not.toMatch(line)
    }, 120_000)
  }
})

describe("./dev token", () => {
  it("prints the token alone on stdout, from a database named relative to where ./dev ran", async () => {
    // A database with the seed branch: the server loads it into an empty one, then stops.
    const port = await freePort()
    const server = spawn("bash", [dev, "start"], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: "tokens.db", PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    server.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    await started(server, () => output)
    const stopped = new Promise((resolve) => server.once("exit", resolve))
    server.kill("SIGTERM")
    await stopped

    const made = runDev(["token", "create", "--role", "admin"], {
      cwd: dir,
      env: { DATABASE_URL: "tokens.db" }
    })
    expect(made.status, made.stderr).toBe(0)
    expect(made.stdout).toMatch(/^bsh_[0-9a-f-]+_[\w-]+\n$/)
    expect(made.stderr).toContain("Keep it secret")
    for (const line of noise) expect(made.stdout + made.stderr).not.toMatch(line)

    const listed = runDev(["token", "list"], { cwd: dir, env: { DATABASE_URL: "tokens.db" } })
    expect(listed.stdout).toContain(made.stdout.split("_")[1])
  }, 180_000)

  it("names the accepted forms of --expires, in its help and when it is given something else", () => {
    const help = runDev(["token", "--help"], { cwd: dir })
    expect(help.stdout).toMatch(/--expires\s+a date YYYY-MM-DD .*RFC 3339 .*90d/)
    const wrong = runDev(["token", "create", "--role", "admin", "--expires", "next week"], {
      cwd: dir,
      env: { DATABASE_URL: "tokens.db" }
    })
    expect(wrong.status).toBe(2)
    expect(wrong.stdout).toBe("")
    expect(wrong.stderr).toContain(
      '--expires must be a date YYYY-MM-DD (the last day it works, to 23:59:59.999 in the tenant\'s time zone), an RFC 3339 date-time such as 2025-06-30T18:00:00+08:00, or a number of days such as 90d; got "next week"'
    )
  })
})

describe("./dev backup", () => {
  it("writes the backup where the user ran it, from their database", () => {
    const made = runDev(["backup", "copy.db"], { cwd: dir, env: { DATABASE_URL: "tokens.db" } })
    expect(made.status, made.stderr).toBe(0)
    expect(made.stdout).toContain(`backup of ${join(dir, "tokens.db")} written to ${join(dir, "copy.db")}`)
    expect(existsSync(join(dir, "copy.db"))).toBe(true)
    expect(existsSync(join(root, "copy.db"))).toBe(false)
  })
})

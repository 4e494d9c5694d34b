/**
 * The probe of what the test suites skip without, and its wiring: a machine without Chromium (or
 * PostgreSQL, or openpyxl) writes a different file than one with it, and that file is an input of
 * every cached test task — so turbo runs the tests again, instead of replaying a run that skipped.
 */
import { readFileSync } from "node:fs"
import { createServer, type Server } from "node:net"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { afterEach, describe, expect, it } from "vitest"
import { freePort } from "../src/index.ts"
import { probePostgres, probeTestEnvironment } from "../src/testEnvironment.ts"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")
const probeFile = "$TURBO_ROOT$/node_modules/.cache/bishui-test-environment.json"

const servers: Array<Server> = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))))
})

/** A server that answers a start-up message with the given bytes. */
const fakePostgres = async (reply: Buffer): Promise<string> => {
  const server = createServer((socket) => socket.once("data", () => socket.write(reply)))
  servers.push(server)
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done))
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return `postgres://postgres@127.0.0.1:${port}/postgres`
}

const message = (kind: string, body: Buffer): Buffer => {
  const head = Buffer.alloc(5)
  head.write(kind, 0, "latin1")
  head.writeInt32BE(4 + body.length, 1)
  return Buffer.concat([head, body])
}
const int32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeInt32BE(n)
  return b
}

describe("the test environment probe", () => {
  it("tells a hidden Chromium from a present one", async () => {
    const hidden = await probeTestEnvironment({ ...process.env, CHROMIUM_PATH: "/nonexistent/chromium" })
    // Any executable stands for a browser here: the probe asks what the browser tests ask.
    const present = await probeTestEnvironment({ ...process.env, CHROMIUM_PATH: process.execPath })
    expect(hidden.chromium).toEqual({ path: "/nonexistent/chromium", available: false })
    expect(present.chromium).toEqual({ path: process.execPath, available: true })
    expect(JSON.stringify(hidden)).not.toBe(JSON.stringify(present))
  })

  it("tells a PostgreSQL that lets the suites in from one that refuses, asks a password, or is not there", async () => {
    const ready = Buffer.concat([
      message("R", int32(0)),
      message("S", Buffer.from("server_version\u000017\u0000")),
      message("Z", Buffer.from("I"))
    ])
    expect(await probePostgres(await fakePostgres(ready))).toBe("ok")
    const missingDatabase = Buffer.concat([
      message("R", int32(0)),
      message("E", Buffer.from("SFATAL\u0000C3D000\u0000Mdatabase does not exist\u0000\u0000"))
    ])
    expect(await probePostgres(await fakePostgres(missingDatabase))).toBe("error:3D000")
    expect(await probePostgres(await fakePostgres(message("R", int32(10))))).toBe("auth:10")
    expect(await probePostgres(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`)).toBe(
      "unreachable"
    )
  })
})

describe("turbo's cache and the probe", () => {
  const read = (path: string) => JSON.parse(readFileSync(join(root, path), "utf8"))

  it("runs before turbo in every script that runs the tests", () => {
    const scripts = read("package.json").scripts as Record<string, string>
    for (const name of ["test", "test:unit"]) {
      const script = scripts[name] ?? ""
      const probe = script.indexOf("probe-test-environment.ts")
      expect(probe, name).toBeGreaterThanOrEqual(0)
      expect(script.indexOf("turbo run"), name).toBeGreaterThan(probe)
    }
  })

  it("is an input of every package's test task", () => {
    const inputsOf = (path: string) => read(path).tasks.test.inputs as ReadonlyArray<string>
    expect(inputsOf("turbo.json")).toContain(probeFile)
    for (const app of ["apps/api", "apps/importer"]) {
      expect(inputsOf(`${app}/turbo.json`), app).toContain(probeFile)
    }
  })
})

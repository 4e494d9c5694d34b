/**
 * What the test suites skip without: Chromium (the browser tests), a PostgreSQL server that answers
 * (every PostgreSQL suite) and Python's openpyxl (the workbook tests). `pnpm test` writes what this
 * machine has to `node_modules/.cache/bishui-test-environment.json` before turbo runs, and that file
 * is an input of every cached test task (turbo.json): a run that skipped a suite is not replayed from
 * the cache once the missing piece is there — the file changed, so the tests run again.
 * Each probe asks what the suites themselves ask, the same way.
 */
import { spawnSync } from "node:child_process"
import { accessSync, constants } from "node:fs"
import { connect } from "node:net"

export interface TestEnvironment {
  /** The browser the browser tests launch (`CHROMIUM_PATH`, else Debian's), and whether it is there. */
  readonly chromium: { readonly path: string; readonly available: boolean }
  /** How the test server of `BISHUI_TEST_PG_URL` answered a connection: `ok`, an error, or `unreachable`. */
  readonly postgresql: string
  /** The Python that imports openpyxl (`openpyxlPython`), or `null`. */
  readonly openpyxl: string | null
}

export const defaultPgUrl = "postgres://postgres@127.0.0.1:5432/postgres"

export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string =>
  env.CHROMIUM_PATH ?? "/usr/bin/chromium"

/** The browser the browser tests launch, and whether it is there (an executable file). */
export const probeChromium = (
  env: NodeJS.ProcessEnv = process.env
): { readonly path: string; readonly available: boolean } => {
  const path = chromiumPath(env)
  try {
    accessSync(path, constants.X_OK)
    return { path, available: true }
  } catch {
    return { path, available: false }
  }
}

/**
 * The Python that can import openpyxl, for the workbook tests: `python3` on PATH, else Debian's
 * (`/usr/bin/python3`, where `python3-openpyxl` installs it — a pyenv or venv python3 first on PATH
 * does not see it); `undefined` when neither can.
 */
export const openpyxlPython = (env: NodeJS.ProcessEnv = process.env): string | undefined =>
  ["python3", "/usr/bin/python3"].find(
    (python) =>
      spawnSync(python, ["-c", "import openpyxl"], { env, stdio: "ignore", timeout: 10_000 }).status === 0
  )

/**
 * A PostgreSQL start-up handshake (protocol 3.0) without a driver: `ok` when the server lets the URL's
 * user into its database without a password and is ready for queries (how the suites connect by
 * default), `auth:<method>` when it asks for a password, `error:<SQLSTATE>` when it refuses (no such
 * role or database, starting up), `unreachable` otherwise.
 */
export const probePostgres = (url: string, timeoutMs = 3_000): Promise<string> =>
  new Promise((resolve) => {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      resolve("unparsable-url")
      return
    }
    const user = decodeURIComponent(parsed.username || "postgres")
    const database = decodeURIComponent(parsed.pathname.slice(1) || user)
    const socket = connect({ host: parsed.hostname || "127.0.0.1", port: Number(parsed.port || 5432) })
    let settled = false
    const done = (answer: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(answer)
    }
    const timer = setTimeout(() => done("unreachable"), timeoutMs)
    socket.once("error", () => done("unreachable"))
    socket.once("connect", () => {
      const body = Buffer.from(`user\0${user}\0database\0${database}\0\0`, "utf8")
      const head = Buffer.alloc(8)
      head.writeInt32BE(8 + body.length, 0)
      head.writeInt32BE(196_608, 4)
      socket.write(Buffer.concat([head, body]))
    })
    let received = Buffer.alloc(0)
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      // Messages: a type byte, an Int32 length (itself included), the body.
      while (received.length >= 5) {
        const length = received.readInt32BE(1)
        if (received.length < 1 + length) return
        const kind = String.fromCharCode(received[0] ?? 0)
        const body = received.subarray(5, 1 + length)
        received = received.subarray(1 + length)
        if (kind === "R" && body.readInt32BE(0) !== 0) return done(`auth:${body.readInt32BE(0)}`)
        if (kind === "E") {
          const fields = body.toString("utf8").split("\0")
          return done(`error:${fields.find((field) => field.startsWith("C"))?.slice(1) ?? "unknown"}`)
        }
        if (kind === "Z") {
          socket.write(Buffer.from([0x58, 0, 0, 0, 4])) // Terminate
          return done("ok")
        }
        // AuthenticationOk, ParameterStatus, BackendKeyData, notices: read on until ready.
      }
    })
  })

/** Everything the suites skip without, probed now. */
export const probeTestEnvironment = async (
  env: NodeJS.ProcessEnv = process.env
): Promise<TestEnvironment> => ({
  chromium: probeChromium(env),
  postgresql: await probePostgres(env.BISHUI_TEST_PG_URL ?? defaultPgUrl),
  openpyxl: openpyxlPython(env) ?? null
})

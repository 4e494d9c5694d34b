/**
 * The real server as a child process (`node --conditions=source src/main.ts`, what `pnpm start` runs)
 * for the fault suites: on a port the OS picks, its log lines kept, SIGKILL-able, and tracked so the
 * suite kills whatever is left even when a test fails. A child whose test worker died stops itself
 * (the e2e suite's orphan guard).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

export const apiDir = fileURLToPath(new URL("../../../", import.meta.url))
const guard = fileURLToPath(new URL("../../e2e/support/orphan-guard.ts", import.meta.url))

/** Our environment without test-runner hooks, plus the child's own variables. */
export const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (key === "NODE_OPTIONS" || key.startsWith("VITEST") || key === "PORT") continue
    env[key] = value
  }
  return { ...env, ...extra }
}

export interface ServerProcess {
  /** `http://127.0.0.1:<port>`, known once the server listens. */
  readonly url: string
  readonly pid: number
  readonly stdout: Array<string>
  readonly stderr: Array<string>
  readonly exited: Promise<number | string>
  /** Resolves once "serving on" is logged (the database is reached, migrated and seeded). */
  readonly serving: Promise<void>
  readonly kill: (signal?: NodeJS.Signals) => Promise<number | string>
}

const live = new Set<ChildProcess>()

export const killAll = (): void => {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
  live.clear()
}
process.once("exit", killAll)

const lines = (stream: NodeJS.ReadableStream, sink: Array<string>, onLine: (line: string) => void) => {
  let rest = ""
  stream.setEncoding("utf8")
  stream.on("data", (chunk: string) => {
    rest += chunk
    for (let index = rest.indexOf("\n"); index >= 0; index = rest.indexOf("\n")) {
      const line = rest.slice(0, index)
      rest = rest.slice(index + 1)
      sink.push(line)
      onLine(line)
    }
  })
  stream.on("end", () => {
    if (rest.length > 0) sink.push(rest)
  })
}

/**
 * Start the server; resolves once it listens (not necessarily serving: see `serving`). Rejects if it
 * exits first or does not listen within `timeoutMs`.
 */
export const spawnServer = (options: {
  readonly databaseUrl: string
  readonly env?: Record<string, string>
  readonly timeoutMs?: number
  /** Run as this user and group (the test runs as root and needs an unprivileged server). */
  readonly uid?: number
  readonly gid?: number
}): Promise<ServerProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=source", "--import", guard, "src/main.ts"], {
      cwd: apiDir,
      env: childEnv({
        PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: options.databaseUrl,
        LOG_LEVEL: "info",
        BISHUI_SEED: "true",
        PUBLIC_RATE_LIMIT: "100000",
        ...options.env
      }),
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.uid === undefined ? {} : { uid: options.uid }),
      ...(options.gid === undefined ? {} : { gid: options.gid })
    })
    live.add(child)
    const stdout: Array<string> = []
    const stderr: Array<string> = []
    const exited = new Promise<number | string>((done) =>
      child.once("exit", (code, signal) => {
        live.delete(child)
        done(code ?? signal ?? "unknown")
      })
    )
    let markServing = () => {}
    let failServing = (_: Error) => {}
    const serving = new Promise<void>((ok, fail) => {
      markServing = ok
      failServing = fail
    })
    serving.catch(() => {})
    const output = () => [...stdout, ...stderr].join("\n")
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`the server did not listen in time\n${output()}`))
    }, options.timeoutMs ?? 60_000)
    void exited.then((code) => {
      clearTimeout(timer)
      const error = new Error(`the server exited (${code})\n${output()}`)
      failServing(error)
      reject(error)
    })
    lines(child.stderr, stderr, () => {})
    lines(child.stdout, stdout, (line) => {
      if (/serving on http/.test(line)) markServing()
      const listening = /listening on (http:\/\/[\d.]+:\d+)/.exec(line)
      if (listening?.[1] === undefined) return
      clearTimeout(timer)
      const kill = (signal: NodeJS.Signals = "SIGTERM") => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal)
        return exited
      }
      resolve({ url: listening[1], pid: child.pid as number, stdout, stderr, exited, serving, kill })
    })
  })

/** Start the server and wait until it serves. */
export const startServing = async (options: Parameters<typeof spawnServer>[0]): Promise<ServerProcess> => {
  const server = await spawnServer(options)
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`the server did not serve in time\n${server.stdout.join("\n")}`)),
      45_000
    ).unref()
  )
  await Promise.race([server.serving, timeout])
  return server
}

/** Poll until `check` holds or the time is up; the last value either way. */
export const waitFor = async <A>(
  probe: () => Promise<A>,
  check: (value: A) => boolean,
  timeoutMs: number,
  everyMs = 100
): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch((error: unknown) => error as A)
    if (check(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

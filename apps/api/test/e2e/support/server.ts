/**
 * The real server as a child process — `node --conditions=source src/main.ts`, exactly what
 * `pnpm start` runs — on a port the OS picks (`PORT=0`; the address is read from its start-up log
 * line), and the real admin command for tokens. Every child is tracked and killed at the end of the
 * run even when a test fails; a child whose parent died exits by itself (see `orphan-guard.ts`).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

/** apps/api: the working directory of the server and the admin command. */
export const apiDir = fileURLToPath(new URL("../../../", import.meta.url))
const guard = fileURLToPath(new URL("./orphan-guard.ts", import.meta.url))

/** The environment of a child: ours, without test-runner hooks, plus the server's own variables. */
const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (key === "NODE_OPTIONS" || key.startsWith("VITEST") || key === "PORT") continue
    env[key] = value
  }
  return { ...env, ...extra }
}

export interface ServerOptions {
  readonly databaseUrl: string
  /** Requests a minute per client on `/v1/public/*`; large by default so scenarios never hit it. */
  readonly publicRateLimit?: number
  /** Problem reports an hour per client; large by default, as the public rate limit. */
  readonly reportsPerHour?: number
  readonly env?: Record<string, string>
  /** How long start-up may take before the child is killed; 30 s by default. */
  readonly startTimeoutMs?: number
}

export interface RunningServer {
  readonly url: string
  readonly pid: number
  /** Every line the server wrote to stdout so far. */
  readonly stdout: Array<string>
  readonly stderr: Array<string>
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  readonly exited: Promise<number | string>
  /** Send a signal (SIGTERM by default) and wait for the exit. */
  readonly stop: (signal?: NodeJS.Signals) => Promise<number | string>
}

const live = new Set<ChildProcess>()

/** SIGKILL every child still running (the last resort of `afterAll` and of process exit). */
export const killAll = (): void => {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
  }
  live.clear()
}
process.once("exit", killAll)

const lines = (stream: NodeJS.ReadableStream, sink: Array<string>, onLine?: (line: string) => void) => {
  let rest = ""
  stream.setEncoding("utf8")
  stream.on("data", (chunk: string) => {
    rest += chunk
    let index = rest.indexOf("\n")
    while (index >= 0) {
      const line = rest.slice(0, index)
      rest = rest.slice(index + 1)
      sink.push(line)
      onLine?.(line)
      index = rest.indexOf("\n")
    }
  })
  stream.on("end", () => {
    if (rest.length > 0) sink.push(rest)
  })
}

export const startServer = (options: ServerOptions): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=source", "--import", guard, "src/main.ts"], {
      cwd: apiDir,
      env: childEnv({
        PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: options.databaseUrl,
        LOG_LEVEL: "info",
        BISHUI_SEED: "true",
        PUBLIC_RATE_LIMIT: String(options.publicRateLimit ?? 100_000),
        REPORTS_PER_HOUR: String(options.reportsPerHour ?? 100_000),
        ...options.env
      }),
      stdio: ["ignore", "pipe", "pipe"]
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
    const startTimeoutMs = options.startTimeoutMs ?? 30_000
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(
        new Error(
          `the server did not start in ${startTimeoutMs / 1000} s\n${[...stdout, ...stderr].join("\n")}`
        )
      )
    }, startTimeoutMs)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited (${code}) before serving\n${[...stdout, ...stderr].join("\n")}`))
    })
    lines(child.stderr, stderr)
    lines(child.stdout, stdout, (line) => {
      const serving = /serving on (http:\/\/[\d.]+:\d+)/.exec(line)
      if (serving === null || serving[1] === undefined) return
      clearTimeout(timer)
      const stop = (signal: NodeJS.Signals = "SIGTERM") => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal)
        return exited
      }
      resolve({ url: serving[1], pid: child.pid as number, stdout, stderr, exited, stop })
    })
  })

/**
 * `node --conditions=source src/admin.ts <args>` on a database: the admin command as an operator runs
 * it (`pnpm run token …`). Returns its stdout's last line — for `create`, the plaintext token.
 */
export const admin = (databaseUrl: string, args: ReadonlyArray<string>): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--conditions=source", "src/admin.ts", ...args],
      { cwd: apiDir, env: childEnv({ DATABASE_URL: databaseUrl }), timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error !== null)
          return reject(new Error(`admin ${args.join(" ")} failed: ${error.message}\n${stderr}`))
        const last = stdout.trimEnd().split("\n").at(-1)?.trim() ?? ""
        resolve(last)
      }
    )
  })

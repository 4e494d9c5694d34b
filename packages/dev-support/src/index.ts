/**
 * What the repository's own harnesses share — `pnpm bench`, `pnpm soak` and the tests that build
 * their own input: a seeded PRNG, a free port on the loopback, a server started as a child process
 * and waited for, and a child stopped politely. Not published; nothing in the apps' runtime depends on it.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { createServer } from "node:net"

/** mulberry32: a small, fast, seeded PRNG in [0, 1) — the same seed gives the same data on every run. */
export const prng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A TCP port nothing listens on at the moment (the kernel's pick on 127.0.0.1). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })

/** Stop a child: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export const stopChild = async (child: ChildProcess, graceMs = 10_000): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((done) => child.once("exit", () => done()))
  child.kill("SIGTERM")
  await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))])
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
}

export interface ChildServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  readonly child: ChildProcess
  /** From spawn to the first 200 of the readiness path. */
  readonly readyMs: number
  readonly stop: () => Promise<void>
}

/**
 * Spawn `command args` with `PORT` set to a free port (and `HOST` to 127.0.0.1), then poll
 * `readyPath` until it answers 200. Fails with the last of the child's output if it exits first or is
 * not ready in `timeoutMs`. `env` replaces this process's environment (pass `process.env` to extend it).
 */
export const startChildServer = async (options: {
  readonly command: string
  readonly args: ReadonlyArray<string>
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  readonly readyPath?: string
  readonly timeoutMs?: number
  readonly pollMs?: number
}): Promise<ChildServer> => {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const started = performance.now()
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...options.env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"]
  })
  // The last 64 KiB of output, for the message should it fail.
  let output = ""
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-65_536)
  }
  child.stdout?.on("data", keep)
  child.stderr?.on("data", keep)
  const stop = () => stopChild(child, 15_000)
  const timeoutMs = options.timeoutMs ?? 60_000
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (${child.exitCode}) before serving\n${output}`)
    const ready = await fetch(`${url}${options.readyPath ?? "/readyz"}`).then(
      (r) => r.status === 200,
      () => false
    )
    if (ready) return { url, child, readyMs: performance.now() - started, stop }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 20))
  }
  await stop()
  throw new Error(`the server was not ready in ${Math.round(timeoutMs / 1000)} s\n${output}`)
}

export {
  chromiumPath,
  openpyxlPython,
  probeChromium,
  probePostgres,
  probeTestEnvironment,
  type TestEnvironment
} from "./testEnvironment.ts"

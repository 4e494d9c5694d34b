/**
 * Child processes as black boxes: wall time from spawn to exit, and peak resident memory read from
 * /proc/<pid>/status (VmHWM, the kernel's own high-water mark) while the process runs.
 */
import { spawn } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"

export interface Measured {
  readonly ms: number
  readonly peakRssMb: number
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const statusField = (pid: number, field: "VmHWM" | "VmRSS"): number => {
  const path = `/proc/${pid}/status`
  if (!existsSync(path)) return 0
  try {
    const kb = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(readFileSync(path, "utf8"))?.[1]
    return Number(kb ?? 0) / 1024
  } catch {
    return 0
  }
}

export const rssMb = (pid: number) => statusField(pid, "VmRSS")
export const peakRssMb = (pid: number) => statusField(pid, "VmHWM")

/** Run a command to its end; `env` is added to this process's environment. */
export const measure = (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd?: string; readonly env?: Record<string, string>; readonly input?: string } = {}
): Promise<Measured> =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout = (stdout + chunk.toString()).slice(-200_000)
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-200_000)
    })
    if (options.input !== undefined) child.stdin?.end(options.input)
    let peak = 0
    const poll = setInterval(() => {
      if (child.pid !== undefined) peak = Math.max(peak, peakRssMb(child.pid))
    }, 25)
    child.once("error", (error) => {
      clearInterval(poll)
      reject(error)
    })
    child.once("exit", (code) => {
      const ms = performance.now() - started
      clearInterval(poll)
      resolve({ ms, peakRssMb: peak, code, stdout, stderr })
    })
  })

/** Like `measure`, failing when the exit code is not 0. */
export const run = async (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd?: string; readonly env?: Record<string, string>; readonly input?: string } = {}
): Promise<Measured> => {
  const result = await measure(command, args, options)
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited with ${result.code}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-4000)}`
    )
  }
  return result
}

/**
 * Shared test helpers: temporary database files and child processes.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Effect } from "effect"

/** A fresh directory under the OS temp dir, removed (with any -wal/-shm files) when the scope closes. */
export const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "bishui-sqlite-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** A path for a database file that does not exist yet, cleaned up with the scope. */
export const tempDb = Effect.map(tempDir, (dir) => join(dir, "test.db"))

export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))

/**
 * Spawns `node <args>` and resolves once a stdout line equals `line`. The child is
 * SIGKILLed when the scope closes if it is still running.
 */
export const spawnUntilLine = (args: ReadonlyArray<string>, line: string) =>
  Effect.gen(function* () {
    const child = yield* Effect.acquireRelease(
      Effect.sync(() => spawn(process.execPath, [...args], { stdio: ["ignore", "pipe", "pipe"] })),
      (child) =>
        Effect.sync(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"))
    )
    yield* Effect.callback<void, Error>((resume) => {
      let out = ""
      let err = ""
      child.stdout?.on("data", (data: Buffer) => {
        out += data.toString()
        if (out.split("\n").includes(line)) resume(Effect.void)
      })
      child.stderr?.on("data", (data: Buffer) => {
        err += data.toString()
      })
      child.on("exit", (code, signal) =>
        resume(Effect.fail(new Error(`child exited (${code ?? signal}) before "${line}": ${err}`)))
      )
    }).pipe(Effect.timeout("20 seconds"))
    return child
  })

/** Waits for a child to exit and returns its exit code or signal. */
export const waitExit = (child: ChildProcess) =>
  Effect.callback<number | NodeJS.Signals | null>((resume) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resume(Effect.succeed(child.exitCode ?? child.signalCode))
      return
    }
    child.on("exit", (code, signal) => resume(Effect.succeed(code ?? signal)))
  })

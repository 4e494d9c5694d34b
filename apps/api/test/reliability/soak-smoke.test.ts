/**
 * `pnpm soak`, briefly: the script runs on SQLite for a few seconds (measure, then half the maximum
 * rate) and prints its figures — no 5xx, every acknowledged write found in the database. The real
 * soak (10 minutes on each backend) is `pnpm soak`, outside `pnpm test`; a run this short says
 * nothing about memory growth, so that line is only checked to be printed.
 */
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { expect, it } from "vitest"
import { apiDir, childEnv } from "./support/process.ts"

it("runs and prints its figures", async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      "--conditions=source",
      "scripts/soak.ts",
      "--minutes",
      "0.1",
      "--measure-seconds",
      "2",
      "--backends",
      "sqlite",
      "--concurrency",
      "4"
    ],
    { cwd: apiDir, env: childEnv({}), timeout: 60_000 }
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }))
  // The server runs as `pnpm start` runs it, memory flags included.
  expect(stdout).toMatch(
    /server: node .*--max-old-space-size=\d+ .*src\/main\.ts \(as `pnpm start` runs it\)/
  )
  expect(stdout).toMatch(/maximum: \d+ req\/s/)
  expect(stdout).toMatch(/minute +requests +5xx +p50 ms +p99 ms/)
  expect(stdout).toMatch(/memory \(RSS\): .* growth -?\d+\.\d %/)
  // The breakdown per third: the kernel's split and the server's own account (BISHUI_MEMORY_LOG).
  expect(stdout).toMatch(/third +RSS +anon +file +anonTHP +heapTotal +heapUsed/)
  expect(stdout).toMatch(/middle +\d+\.\d +\d+\.\d/)
  expect(stdout).toContain("✓ no 5xx and no dropped request")
  expect(stdout).toContain("✓ every acknowledged write is in the database")
  const written =
    /acknowledged writes: (\d+) cases, (\d+) patrols; in the database: (\d+) cases, (\d+) patrols/.exec(
      stdout
    )
  expect(written, stdout).not.toBeNull()
  expect(Number(written?.[1])).toBeGreaterThan(0)
}, 60_000)

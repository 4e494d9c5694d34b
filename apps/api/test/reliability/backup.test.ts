/**
 * Backups taken online, under write load, and restored: `pnpm backup <dest>` (SQLite: `VACUUM INTO`;
 * PostgreSQL: `pg_dump`) while writers keep writing; the restore (`pnpm backup --restore`, or
 * `pg_restore` into a new database) serves again, holds every case acknowledged before the backup
 * began — each with its audit entry, nothing half-written — and none acknowledged after it ended.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "vitest"
import { adminToken, integrity, type Outcome, storedCases, writeLoad } from "./support/load.ts"
import { describePg, freshDatabase } from "./support/pg.ts"
import { apiDir, childEnv, killAll, startServing, waitFor } from "./support/process.ts"

const run = promisify(execFile)

afterAll(() => killAll())

/** `pnpm backup …` as an operator runs it: the command's own file, with DATABASE_URL. */
const backupCommand = (databaseUrl: string, args: ReadonlyArray<string>) =>
  run(process.execPath, ["--conditions=source", "src/backup.ts", ...args], {
    cwd: apiDir,
    env: childEnv({ DATABASE_URL: databaseUrl }),
    timeout: 60_000
  })

/** Writers on, a backup taken in the middle of their writes; what was acknowledged when. */
const backupUnderLoad = async (databaseUrl: string, dest: string) => {
  const server = await startServing({ databaseUrl })
  const token = await adminToken(databaseUrl)
  const prefix = `backup-${crypto.randomUUID().slice(0, 8)}`
  const load = writeLoad({ url: server.url, token, concurrency: 4, prefix, pauseMs: 2 })
  try {
    await waitFor(
      async () => load.count(201),
      (n) => n >= 80,
      60_000
    )
    const startedAt = Date.now()
    const { stdout } = await backupCommand(databaseUrl, [dest])
    const endedAt = Date.now()
    expect(stdout).toMatch(/written to/)
    // The writers kept going while the backup ran, and after.
    await waitFor(
      async () => load.outcomes.filter((o) => o.startedAt > endedAt && o.status === 201).length,
      (n) => n >= 10,
      60_000
    )
    const outcomes = await load.stop()
    expect(
      outcomes.filter((o) => o.startedAt > startedAt && o.endedAt < endedAt && o.status === 201).length
    ).toBeGreaterThan(0)
    return { prefix, token, outcomes, startedAt, endedAt }
  } finally {
    await load.stop()
    await server.kill()
  }
}

const expectRestored = async (
  restoredUrl: string,
  taken: {
    prefix: string
    token: string
    outcomes: ReadonlyArray<Outcome>
    startedAt: number
    endedAt: number
  }
) => {
  const acknowledged = taken.outcomes.filter((o) => o.status === 201)
  const before = acknowledged.filter((o) => o.endedAt < taken.startedAt).map((o) => o.id)
  const after = acknowledged.filter((o) => o.startedAt > taken.endedAt).map((o) => o.id)
  expect(before.length).toBeGreaterThanOrEqual(80)
  const server = await startServing({ databaseUrl: restoredUrl })
  try {
    expect(server.stdout.some((line) => line.includes("loading the seed"))).toBe(false)
    const stored = await storedCases(restoredUrl, taken.prefix)
    expect(before.filter((id) => !stored.cases.has(id))).toEqual([])
    expect(after.filter((id) => stored.cases.has(id))).toEqual([])
    for (const id of stored.cases) expect(stored.audited.get(id), id).toBe(1)
    for (const id of stored.audited.keys()) expect(stored.cases.has(id), id).toBe(true)
    // The restored database serves: the token (in the backup) reads a case, and takes a write.
    const read = await fetch(new URL(`/v1/cases/${before[0]}`, server.url), {
      headers: { authorization: `Bearer ${taken.token}` }
    })
    expect(read.status).toBe(200)
    expect((await fetch(new URL("/readyz", server.url))).status).toBe(200)
  } finally {
    await server.kill()
  }
}

describe("SQLite backup under load, restored", () => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-backup-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("holds every case acknowledged before the backup, and the restore serves", async () => {
    const live = join(dir, "live", "bishui.db")
    const dest = join(dir, "bishui-backup.db")
    const taken = await backupUnderLoad(live, dest)
    expect(integrity(dest)).toBe("ok")
    const restored = join(dir, "restored", "bishui.db")
    const { stdout } = await backupCommand(restored, ["--restore", dest])
    expect(stdout).toMatch(/restored .* integrity ok/)
    await expectRestored(restored, taken)
    expect(integrity(restored)).toBe("ok")
  }, 240_000)
})

await describePg("PostgreSQL backup under load, restored with pg_restore", () => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-pgbackup-"))
  const databases: Array<Awaited<ReturnType<typeof freshDatabase>>> = []
  afterAll(async () => {
    killAll()
    for (const database of databases) await database.drop()
    rmSync(dir, { recursive: true, force: true })
  })

  it("holds every case acknowledged before the dump, and the restore serves", async () => {
    const live = await freshDatabase()
    databases.push(live)
    const dest = join(dir, "bishui.dump")
    const taken = await backupUnderLoad(live.url, dest)
    const restored = await freshDatabase()
    databases.push(restored)
    // The documented restore: pg_restore into a new, empty database.
    await run("pg_restore", ["--no-owner", `--dbname=${restored.url}`, dest], { timeout: 60_000 })
    await expectRestored(restored.url, taken)
  }, 240_000)
})

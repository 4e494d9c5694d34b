/**
 * The API process killed with SIGKILL in the middle of writes, on SQLite and on PostgreSQL: after a
 * restart on the same database every write that was acknowledged (201) is there, each with its one
 * audit entry, nothing is half-written, and the SQLite file passes `PRAGMA integrity_check`.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { adminToken, integrity, storedCases, writeLoad } from "./support/load.ts"
import { describePg, freshDatabase } from "./support/pg.ts"
import { killAll, startServing, waitFor } from "./support/process.ts"

afterAll(() => killAll())

const killDuringWrites = async (databaseUrl: string) => {
  const first = await startServing({ databaseUrl })
  const token = await adminToken(databaseUrl)
  const prefix = `kill-${crypto.randomUUID().slice(0, 8)}`
  const load = writeLoad({ url: first.url, token, concurrency: 8, prefix })
  await waitFor(
    async () => load.count(201),
    (n) => n >= 150,
    60_000
  )
  expect(await first.kill("SIGKILL")).toBe("SIGKILL")
  const outcomes = await load.stop()
  const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.id)
  expect(acknowledged.length).toBeGreaterThanOrEqual(150)
  // Some requests were cut off by the kill: they got no answer at all.
  expect(outcomes.every((o) => o.status === 201 || o.status === 0)).toBe(true)
  expect(outcomes.some((o) => o.status === 0)).toBe(true)

  const second = await startServing({ databaseUrl })
  try {
    expect(second.stdout.some((line) => line.includes("loading the seed"))).toBe(false)
    const stored = await storedCases(databaseUrl, prefix)
    expect(acknowledged.filter((id) => !stored.cases.has(id))).toEqual([])
    for (const id of stored.cases) expect(stored.audited.get(id), id).toBe(1)
    for (const id of stored.audited.keys()) expect(stored.cases.has(id), id).toBe(true)
    // And through the API, for a sample.
    for (const id of acknowledged.slice(-10)) {
      const read = await fetch(new URL(`/v1/cases/${id}`, second.url), {
        headers: { authorization: `Bearer ${token}` }
      })
      expect(read.status, id).toBe(200)
    }
    return { acknowledged: acknowledged.length, stored: stored.cases.size }
  } finally {
    await second.kill()
  }
}

describe("SIGKILL during writes on SQLite", () => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-kill-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("keeps every acknowledged write and an intact file", async () => {
    const file = join(dir, "bishui.db")
    await killDuringWrites(file)
    expect(integrity(file)).toBe("ok")
  }, 240_000)
})

await describePg("SIGKILL during writes on PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined
  afterAll(async () => {
    killAll()
    await database?.drop()
  })

  it("keeps every acknowledged write", async () => {
    database = await freshDatabase()
    await killDuringWrites(database.url)
  }, 240_000)
})

/**
 * SQLite that cannot take writes — the file read-only, the disk full — answers writes with a 503
 * problem that says which, keeps serving reads, logs a clear error, writes nothing partial (no case
 * without its audit entry, no audit entry without its case), leaves a file that passes
 * `PRAGMA integrity_check`, and takes writes again once the condition is gone, without a restart.
 *
 * In process the conditions are made on the server's own connection (`PRAGMA query_only`, and
 * `PRAGMA max_page_count` at the current size — SQLite's own "database or disk is full"); out of
 * process, the real thing: a server started by a user who may not write the file.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type InProcess, startInProcess } from "./support/inProcess.ts"
import { caseBody, integrity } from "./support/load.ts"
import { killAll, startServing } from "./support/process.ts"

const counts = async (api: InProcess) => {
  const [cases] = await api.sql<{ n: number }>("SELECT count(*) AS n FROM cases")
  const [audit] = await api.sql<{ n: number }>("SELECT count(*) AS n FROM audit_log")
  return { cases: Number(cases?.n), audit: Number(audit?.n) }
}

describe("SQLite that refuses writes, in process", () => {
  let api: InProcess
  let admin: string
  beforeAll(async () => {
    api = await startInProcess()
    admin = await api.token({ role: "admin" })
  })
  afterAll(() => api.dispose())

  const refusesWrites = async (fault: string, lift: string, detail: RegExp, logged: string) => {
    const before = await counts(api)
    await api.sql(fault)
    for (let i = 0; i < 5; i++) {
      const write = await api.request("POST", "/v1/cases", {
        token: admin,
        body: { ...caseBody(`fault-${crypto.randomUUID()}`), description: "满".repeat(3000) }
      })
      expect(write.status, write.text).toBe(503)
      expect(write.headers.get("content-type")).toBe("application/problem+json")
      expect(write.headers.get("retry-after")).toBe("5")
      expect(write.body).toMatchObject({ status: 503, title: "Service Unavailable" })
      expect(write.body.detail).toMatch(detail)
    }
    // A public write, and an update, fail the same way.
    const report = await api.request("POST", "/v1/public/siping-water/zones/NH-02/problems", {
      body: { title: "河面垃圾", description: "桥下漂浮物", phone: "13800009999" }
    })
    expect(report.status).toBe(503)
    // Reads still work.
    expect((await api.request("GET", "/v1/cases?limit=5", { token: admin })).status).toBe(200)
    expect((await api.request("GET", "/v1/public/siping-water/zones")).status).toBe(200)
    expect(await counts(api)).toEqual(before)
    expect(api.logs.some((entry) => entry.msg === logged)).toBe(true)

    await api.sql(lift)
    const again = await api.request("POST", "/v1/cases", {
      token: admin,
      body: caseBody(crypto.randomUUID())
    })
    expect(again.status, again.text).toBe(201)
    expect(await counts(api)).toEqual({ cases: before.cases + 1, audit: before.audit + 1 })
    expect(integrity(api.databaseUrl)).toBe("ok")
  }

  it("read-only: 503 'read-only', reads served, nothing written, integrity ok, recovers", () =>
    refusesWrites(
      "PRAGMA query_only = 1",
      "PRAGMA query_only = 0",
      /read-only/,
      "request failed: the database is unavailable (read-only)"
    ))

  it("disk full: 503 'no space left', reads served, nothing written, integrity ok, recovers", async () => {
    const [size] = await api.sql<{ page_count: number }>("PRAGMA page_count")
    await refusesWrites(
      `PRAGMA max_page_count = ${Number(size?.page_count)}`,
      "PRAGMA max_page_count = 1073741823",
      /no space left/,
      "request failed: the database is unavailable (full)"
    )
  })
})

describe("SQLite file read-only, the real process", () => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-ro-"))
  afterAll(() => {
    killAll()
    rmSync(dir, { recursive: true, force: true })
  })

  it("serves reads and answers writes with a 503 problem; the file stays intact", async () => {
    const file = join(dir, "bishui.db")
    // Made and seeded by a server that may write, then stopped cleanly.
    const writer = await startServing({ databaseUrl: file })
    expect(await writer.kill("SIGTERM")).toBe(0)
    const before = integrity(file)
    expect(before).toBe("ok")

    // The file becomes read-only. Root may write anything, so the server then runs as nobody.
    chmodSync(file, 0o444)
    const asRoot = process.getuid?.() === 0
    if (asRoot) chmodSync(dir, 0o1777)
    const server = await startServing({ databaseUrl: file, ...(asRoot ? { uid: 65534, gid: 65534 } : {}) })
    try {
      expect((await fetch(new URL("/readyz", server.url))).status).toBe(200)
      expect((await fetch(new URL("/v1/public/siping-water/zones", server.url))).status).toBe(200)
      const write = await fetch(new URL("/v1/public/siping-water/zones/NH-02/problems", server.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title: "河面垃圾", description: "桥下漂浮物" })
      })
      expect(write.status).toBe(503)
      expect(write.headers.get("content-type")).toBe("application/problem+json")
      expect(((await write.json()) as { detail: string }).detail).toMatch(/read-only/)
      expect(server.stdout.some((line) => line.includes("the database is unavailable (read-only)"))).toBe(
        true
      )
    } finally {
      await server.kill()
    }
    expect(integrity(file)).toBe("ok")
  }, 60_000)
})

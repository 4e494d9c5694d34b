/**
 * PostgreSQL faults, against the real server process with a TCP proxy between it and PostgreSQL (the
 * shared PostgreSQL server is never stopped):
 *
 * 1. unreachable at start — the server listens anyway, /healthz answers, /readyz says 503 and API
 *    calls get a 503 problem while it retries with growing delays, each try logged with a clear
 *    message; once the database answers it migrates, seeds and serves without a restart;
 * 2. stopped mid-load — writers get 201 or a 503 problem, never a 500; every acknowledged write is
 *    stored, no write is half-stored (a case and its audit entry, or neither); the API recovers by
 *    itself when the database is back.
 */
import { afterAll, beforeAll, expect, it } from "vitest"
import { adminToken, type Load, storedCases, writeLoad } from "./support/load.ts"
import { describePg, freshDatabase } from "./support/pg.ts"
import { killAll, type ServerProcess, spawnServer, waitFor } from "./support/process.ts"
import { makeProxy, type TcpProxy } from "./support/proxy.ts"

const status = async (url: string, path: string) => (await fetch(new URL(path, url))).status

await describePg("PostgreSQL faults", () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>
  let proxy: TcpProxy
  let server: ServerProcess

  beforeAll(async () => {
    database = await freshDatabase()
    const target = new URL(database.url)
    proxy = await makeProxy({ host: target.hostname, port: Number(target.port || 5432) })
  })

  afterAll(async () => {
    try {
      await server?.kill()
    } finally {
      killAll()
      await proxy?.close()
      await database?.drop()
    }
  })

  it("starts while PostgreSQL is unreachable: retries with backoff, /readyz 503 until it comes", async () => {
    // The proxy does not accept yet: PostgreSQL is "down" when the server starts.
    server = await spawnServer({ databaseUrl: proxy.via(database.url) })
    expect(await status(server.url, "/healthz")).toBe(200)
    const ready = await fetch(new URL("/readyz", server.url))
    expect(ready.status).toBe(503)
    const early = await fetch(new URL("/v1/public/siping-water/zones", server.url))
    expect(early.status).toBe(503)
    expect(early.headers.get("content-type")).toBe("application/problem+json")
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThan(0)
    expect(await early.json()).toMatchObject({ status: 503, title: "Service Unavailable" })

    // At least three tries, each logged with the reason and the next delay, the delays growing.
    const retries = await waitFor(
      async () => server.stdout.filter((line) => line.includes("retrying in")),
      (lines) => lines.length >= 3,
      30_000
    )
    expect(retries.length).toBeGreaterThanOrEqual(3)
    const entries = retries.map(
      (line) => JSON.parse(line) as { level: string; msg: string; retryInMs: number }
    )
    for (const entry of entries) {
      expect(entry.level).toBe("warn")
      expect(entry.msg).toMatch(
        /the database at postgres:\/\/.* is unreachable \(ConnectionError ECONNREFUSED/
      )
    }
    const delays = entries.map((entry) => entry.retryInMs)
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1] as number)
    expect(await status(server.url, "/readyz")).toBe(503)

    await proxy.open()
    await waitFor(() => server.serving.then(() => true), Boolean, 60_000)
    const readyNow = await waitFor(
      () => status(server.url, "/readyz"),
      (s) => s === 200,
      60_000
    )
    expect(readyNow).toBe(200)
    expect(server.stdout.some((line) => line.includes("the database is reachable: serving"))).toBe(true)
    expect(await status(server.url, "/v1/public/siping-water/zones")).toBe(200)
    // The same process all along: it was never restarted.
    expect(server.stderr.join("\n")).toBe("")
  }, 180_000)

  it("answers 503 problems while PostgreSQL is down mid-load, loses no acknowledged write, recovers", async () => {
    const token = await adminToken(database.url)
    const prefix = `pgdown-${crypto.randomUUID().slice(0, 8)}`
    const load: Load = writeLoad({ url: server.url, token, concurrency: 6, prefix, pauseMs: 5 })

    await waitFor(
      async () => load.count(201),
      (n) => n >= 30,
      60_000
    )
    expect(load.count(201)).toBeGreaterThanOrEqual(30)

    // "Stop PostgreSQL": every connection closed, new ones refused.
    await proxy.cut()
    const cutAt = Date.now()
    const during = await waitFor(
      async () => load.count(503),
      (n) => n >= 20,
      // generous: under CI every package's tests share the two cores
      60_000
    )
    expect(during).toBeGreaterThanOrEqual(20)
    expect(await status(server.url, "/readyz")).toBe(503)
    expect(await status(server.url, "/healthz")).toBe(200)

    // PostgreSQL is back: the API recovers by itself, the same process.
    await proxy.open()
    const backAt = Date.now()
    const recovered = await waitFor(
      async () => load.outcomes.filter((o) => o.startedAt > backAt && o.status === 201).length,
      (n) => n >= 20,
      60_000
    )
    expect(recovered).toBeGreaterThanOrEqual(20)
    const outcomes = await load.stop()
    expect(await status(server.url, "/readyz")).toBe(200)

    // Clients saw 201 or a 503 problem; never a 500, never a dropped connection.
    const statuses = new Map<number, number>()
    for (const o of outcomes) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1)
    expect([...statuses.keys()].sort()).toEqual([201, 503])
    for (const o of outcomes.filter((o) => o.status === 503)) {
      expect(o.problem, o.body).toBe(true)
      expect(JSON.parse(o.body)).toMatchObject({ status: 503, title: "Service Unavailable" })
    }
    expect(outcomes.some((o) => o.status === 503 && o.startedAt >= cutAt)).toBe(true)

    // Counted against the database: every acknowledged case is stored, with exactly one audit entry;
    // a case that failed is stored whole (its commit made it, the answer did not) or not at all.
    const stored = await storedCases(database.url, prefix)
    const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.id)
    expect(acknowledged.filter((id) => !stored.cases.has(id))).toEqual([])
    for (const id of stored.cases) expect(stored.audited.get(id), id).toBe(1)
    for (const id of stored.audited.keys()) expect(stored.cases.has(id), id).toBe(true)
    // And the log says what happened, without a stack trace.
    const log = server.stdout.join("\n")
    expect(log).toContain("the database is unavailable (unreachable)")
    expect(log).not.toMatch(/\n\s+at \S+ \(/)
  }, 240_000)
})

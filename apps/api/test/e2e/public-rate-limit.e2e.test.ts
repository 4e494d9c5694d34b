/**
 * The public endpoints' rate limit, on a server of its own started with PUBLIC_RATE_LIMIT=3: three
 * requests a minute from one client, then 429 problems with Retry-After. The limiter lives in the
 * process, not the database, so one backend (SQLite) is enough.
 */
import { join } from "node:path"
import { afterAll, beforeAll, expect, inject, it } from "vitest"
import { makeClient } from "./support/client.ts"
import { killAll, type RunningServer, startServer } from "./support/server.ts"

let server: RunningServer

beforeAll(async () => {
  server = await startServer({
    databaseUrl: join(inject("runDir"), `rate-${crypto.randomUUID()}`, "bishui.db"),
    publicRateLimit: 3
  })
})

afterAll(async () => {
  try {
    await server?.stop()
  } finally {
    killAll()
  }
})

it("answers 429 after PUBLIC_RATE_LIMIT public requests a minute", async () => {
  const client = makeClient(server.url)
  const signboard = () =>
    client.GET("/v1/public/{tenantId}/zones", { params: { path: { tenantId: "siping-water" } } })
  for (let i = 0; i < 3; i++) expect((await signboard()).response.status).toBe(200)
  const limited = await signboard()
  expect(limited.response.status).toBe(429)
  expect(limited.response.headers.get("content-type")).toBe("application/problem+json")
  expect(Number(limited.response.headers.get("retry-after"))).toBeGreaterThan(0)
  expect(limited.error).toMatchObject({ status: 429 })
  // The receipts' status counts against the same limit: codes cannot be guessed faster than it allows.
  const guess = await client.GET("/v1/public/{tenantId}/receipts/{code}", {
    params: { path: { tenantId: "siping-water", code: "ABCD-EFGH-JK" } }
  })
  expect(guess.response.status).toBe(429)
  // Only the public endpoints are limited: the health check still answers.
  expect((await fetch(new URL("/healthz", server.url))).status).toBe(200)
})

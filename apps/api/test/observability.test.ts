import { once } from "node:events"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { AccessTokens } from "@bishui/services"
import { serve } from "@hono/node-server"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeServer } from "../src/server/Server.ts"
import { seed, startApi, type TestApi, tenantId } from "./support.ts"

/** A stand-in OTLP/HTTP collector: it keeps the bodies of the trace exports it receives. */
const collector = async () => {
  const bodies: Array<string> = []
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      if (request.url === "/v1/traces") bodies.push(Buffer.concat(chunks).toString("utf8"))
      response.writeHead(200, { "content-type": "application/json" }).end("{}")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const port = (server.address() as AddressInfo).port
  return { url: `http://127.0.0.1:${port}`, bodies, close: () => new Promise((r) => server.close(r)) }
}

describe("observability", () => {
  let api: TestApi
  let otlp: Awaited<ReturnType<typeof collector>>

  beforeAll(async () => {
    otlp = await collector()
    api = await startApi({ otlpEndpoint: otlp.url })
  }, 60_000)
  afterAll(async () => {
    await otlp.close()
  })

  it("exports the spans of a request, tagged with its request id, when an OTLP endpoint is set", async () => {
    const reply = await api.get(`/v1/zones?branchId=${seed.branch}`, api.tokens.admin)
    expect(reply.status).toBe(200)
    const requestId = reply.headers.get("x-request-id")
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
    // Disposing the runtime flushes the exporter.
    await api.dispose()
    const exported = otlp.bodies.join("\n")
    expect(exported).toContain('"name":"Authentication.bearer"')
    expect(exported).toContain(`"http.request_id","value":{"stringValue":"${requestId}"}`)
  }, 60_000)
})

describe("request ids under @hono/node-server", () => {
  it("hands the Effect handler the id Hono made, or the client's, as the response carries it", async () => {
    const otlp = await collector()
    const dir = mkdtempSync(join(tmpdir(), "bishui-request-id-"))
    const server = await makeServer({
      databaseUrl: join(dir, "bishui.db"),
      seed: true,
      publicRateLimit: 1000,
      corsOrigins: [],
      log: () => {},
      otlpEndpoint: otlp.url
    })
    const listener = serve({ fetch: server.app.fetch, port: 0, hostname: "127.0.0.1" })
    let madeId: string | null = null
    try {
      await once(listener, "listening")
      const url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/v1/zones?branchId=${seed.branch}`
      const token = await server.runtime()?.runPromise(
        Effect.gen(function* () {
          const tokens = yield* AccessTokens.AccessTokens
          return (yield* tokens.issue({ tenantId, role: "admin", label: "request ids" })).token
        })
      )
      const authorization = `Bearer ${token}`
      const made = await fetch(url, { headers: { authorization } })
      expect(made.status).toBe(200)
      madeId = made.headers.get("x-request-id")
      expect(madeId).toMatch(/^[0-9a-f-]{36}$/)
      const given = await fetch(url, { headers: { authorization, "x-request-id": "client-chosen-id-1" } })
      expect(given.status).toBe(200)
      expect(given.headers.get("x-request-id")).toBe("client-chosen-id-1")
    } finally {
      await new Promise((resolve) => listener.close(resolve))
      // Disposing the runtime flushes the exporter.
      await server.dispose()
      await otlp.close()
      rmSync(dir, { recursive: true, force: true })
    }
    const exported = otlp.bodies.join("\n")
    const ids = [...exported.matchAll(/"http.request_id","value":\{"stringValue":"([^"]+)"/g)].map(
      (m) => m[1]
    )
    expect(new Set(ids)).toEqual(new Set([madeId, "client-chosen-id-1"]))
  }, 60_000)
})

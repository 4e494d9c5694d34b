import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { seed, startApi, type TestApi } from "./support.ts"

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

import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { paced } from "../src/paced.ts"

// A server that answers every request 20 ms after it arrives: at most 50 answers a second per connection.
let server: Server
let url = ""
beforeAll(async () => {
  server = createServer((_req, res) => {
    setTimeout(() => res.end("ok"), 20)
  })
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", () => listening()))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})
afterAll(() => new Promise<void>((closed) => server.close(() => closed())))

describe("the open-loop load", () => {
  it("sends rate × seconds requests, and a server that keeps up shows its own latency", async () => {
    const r = await paced({ url, headers: {}, rate: 40, seconds: 1, connections: 10 })
    expect(r.sent).toBe(40)
    expect(r.non2xx + r.errors).toBe(0)
    expect(r.p50).toBeGreaterThanOrEqual(19)
    expect(r.p50).toBeLessThan(500)
  })

  it("counts a request's wait for a connection from when it was due (no coordinated omission)", async () => {
    // One connection serves at most 50 requests a second; 100 a second fall due for 1 s, so the queue
    // grows by ~50 requests and the last wait ~1 s. A closed loop would report ~20 ms throughout.
    const r = await paced({ url, headers: {}, rate: 100, seconds: 1, connections: 1 })
    expect(r.sent).toBe(100)
    expect(r.non2xx + r.errors).toBe(0)
    expect(r.p99).toBeGreaterThan(500)
  })
})

/**
 * A body too large on a keep-alive connection: the server answers 413 with `Connection: close` and
 * closes the connection cleanly (a FIN, after the whole answer), so the rest of the body is never read
 * as the next request — on a raw socket, and through a keep-alive agent that then carries on with a
 * new connection.
 */
import { Agent, request } from "node:http"
import type { AddressInfo } from "node:net"
import { connect, type Socket } from "node:net"
import { serve } from "@hono/node-server"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startApi, type TestApi } from "./support.ts"

let api: TestApi
let port = 0
let close = async () => {}
beforeAll(async () => {
  api = await startApi()
  const listener = serve({ fetch: api.app.fetch, port: 0, hostname: "127.0.0.1" })
  await new Promise((resolve) => listener.once("listening", resolve))
  port = (listener.address() as AddressInfo).port
  close = () => new Promise((resolve) => listener.close(() => resolve()))
})
afterAll(async () => {
  await close()
  await api.dispose()
})

const tooLarge = JSON.stringify({ title: "超大请求", description: "河".repeat(200_000) })

describe("413 on a keep-alive connection", () => {
  it("answers, says Connection: close, and closes the socket cleanly; a pipelined request is not answered", async () => {
    const socket: Socket = connect(port, "127.0.0.1")
    let received = ""
    const events: Array<string> = []
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("utf8")
    })
    const closed = new Promise<void>((resolve) => {
      socket.on("error", (error: NodeJS.ErrnoException) => events.push(`error ${error.code}`))
      socket.on("end", () => events.push("end"))
      socket.on("close", () => resolve())
    })
    await new Promise((resolve) => socket.once("connect", resolve))
    socket.write(
      [
        "POST /v1/cases HTTP/1.1",
        "Host: 127.0.0.1",
        `Authorization: Bearer ${api.tokens.admin}`,
        "Content-Type: application/json",
        `Content-Length: ${Buffer.byteLength(tooLarge)}`,
        "Connection: keep-alive",
        "",
        ""
      ].join("\r\n")
    )
    socket.write(tooLarge)
    // A second request on the same connection, right behind the body.
    socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    await closed
    expect(events).toEqual(["end"])
    const [head = "", body = ""] = received.split("\r\n\r\n")
    expect(head).toMatch(/^HTTP\/1\.1 413 /)
    expect(head.toLowerCase()).toContain("connection: close")
    expect(JSON.parse(body).type).toBe("/problems/content-too-large")
    // Only one answer: nothing of the body, nor the request behind it, was read as a request.
    expect(received.match(/HTTP\/1\.1 /g)).toHaveLength(1)
  })

  it("a keep-alive agent gets the 413, then goes on over a new connection", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const send = (method: string, path: string, body?: string) =>
      new Promise<{ status: number; connection: string | undefined; socket: Socket; text: string }>(
        (resolve, reject) => {
          const req = request(
            {
              host: "127.0.0.1",
              port,
              path,
              method,
              agent,
              headers: {
                authorization: `Bearer ${api.tokens.admin}`,
                ...(body === undefined
                  ? {}
                  : { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
              }
            },
            (res) => {
              let text = ""
              res.on("data", (chunk: Buffer) => {
                text += chunk.toString("utf8")
              })
              res.on("end", () =>
                resolve({
                  status: res.statusCode ?? 0,
                  connection: res.headers.connection,
                  socket: req.socket as Socket,
                  text
                })
              )
            }
          )
          req.on("error", reject)
          req.end(body)
        }
      )
    try {
      const first = await send("GET", "/healthz")
      expect(first.status).toBe(200)
      const refused = await send("POST", "/v1/cases", tooLarge)
      expect(refused.status).toBe(413)
      expect(refused.connection).toBe("close")
      const after = await send("GET", "/v1/members?limit=1")
      expect(after.status).toBe(200)
      expect(JSON.parse(after.text).items).toHaveLength(1)
      expect(after.socket).not.toBe(refused.socket)
    } finally {
      agent.destroy()
    }
  })
})

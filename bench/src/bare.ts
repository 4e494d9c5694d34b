/**
 * The API reference: a bare Hono handler on @hono/node-server answering every GET with a fixed JSON
 * body of the given size — what the same machine serves with no work behind the response.
 *
 *   PORT=… BODY_BYTES=… node bench/src/bare.ts
 */
import { serve } from "@hono/node-server"
import { Hono } from "hono"

const bytes = Number(process.env.BODY_BYTES ?? "1000")
const body = JSON.stringify({ items: "x".repeat(Math.max(0, bytes - 13)) })
const app = new Hono()
app.get("*", (c) => c.body(body, 200, { "content-type": "application/json" }))
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? "3001"), hostname: "127.0.0.1" }, () => {
  process.stdout.write("ready\n")
})

/**
 * The Hono app in front of the Effect API: request ids, secure headers, CORS for configured origins,
 * a body-size limit, JSON-only writes, structured access logs, health checks, the resident's pages
 * (`/`, `/s/…`, see `pages/`) — and everything else handed to the Effect web handler (the `/v1` API,
 * `/openapi.json`, `/docs`). Every error it answers itself for the API is an RFC 9457 problem too.
 */
import { STATUS_CODES } from "node:http"
import type { Env } from "hono"
import { Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import { cors } from "hono/cors"
import { requestId } from "hono/request-id"
import { secureHeaders } from "hono/secure-headers"
import { rateLimit } from "./rate-limit.ts"

export interface AppOptions {
  /** The Effect API as a web handler. */
  readonly handler: (request: Request) => Promise<Response>
  /** Whether the database answers. */
  readonly ready: () => Promise<boolean>
  readonly corsOrigins: ReadonlyArray<string>
  /** Structured log sink: one JSON object per line. */
  readonly log: (entry: Record<string, unknown>) => void
  readonly maxBodyBytes?: number
  /** Requests a minute one client may make to `/v1/public/*`. */
  readonly publicRateLimit: number
  /** The client address of a request (the socket's under @hono/node-server). */
  readonly clientOf?: (request: Request, env: unknown) => string
  /** The pages, mounted at `/` (they share the public rate limit under `/s/`). */
  readonly pages?: Hono<Env & { Variables: { requestId: string } }>
}

const problem = (status: number, title: string, detail: string, type = "about:blank") =>
  new Response(JSON.stringify({ type, title, status, detail }), {
    status,
    headers: { "content-type": "application/problem+json" }
  })

/** Runs of 7 or more digits (phones, ID numbers; an ID number's final X too) → `***`. */
export const maskDigits = (text: string): string => text.replace(/\d{7,}[Xx]?/g, "***")

/**
 * The request with its id in `x-request-id`, for the Effect handler. The id is set on the request
 * itself when its headers allow it (a request @hono/node-server made from the socket does, and
 * nothing reads them after us): copying the request instead copies every header three times and,
 * under @hono/node-server, builds two fetch `Request`s — several per cent of a list request's CPU.
 */
const withRequestId = (request: Request, id: string): Request => {
  if (request.headers.get("x-request-id") === id) return request
  try {
    request.headers.set("x-request-id", id)
    return request
  } catch {
    // Immutable headers: a copy that carries the id.
    const headers = new Headers(request.headers)
    headers.set("x-request-id", id)
    return new Request(request, { headers })
  }
}

export const makeApp = (options: AppOptions) => {
  const app = new Hono()

  app.use(requestId({ headerName: "x-request-id" }))
  app.use(async (c, next) => {
    const started = performance.now()
    await next()
    // The Effect handler builds its own Response; the id must be on every one of them.
    c.res.headers.set("x-request-id", c.get("requestId"))
    // Path without the query string (queries may carry names or phone numbers), and with long
    // digit runs masked: a path may carry a phone or ID number a client put in an id or a code.
    options.log({
      level: c.res.status >= 500 ? "error" : "info",
      msg: "request",
      requestId: c.get("requestId"),
      method: c.req.method,
      path: maskDigits(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10
    })
  })
  app.use(
    secureHeaders({
      // The docs page runs Scalar's bundled script inline; nothing else needs it.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"]
      }
    })
  )
  if (options.corsOrigins.length > 0) {
    app.use(
      "/v1/*",
      cors({
        origin: [...options.corsOrigins],
        allowHeaders: ["authorization", "content-type", "if-match", "idempotency-key"],
        exposeHeaders: ["etag", "x-request-id"]
      })
    )
  }
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: options.maxBodyBytes ?? 256 * 1024,
      onError: () => problem(413, "Content Too Large", "the request body is larger than this API accepts")
    })
  )
  // One budget per client for the public API and the signboard pages.
  const publicLimit = rateLimit({
    limit: options.publicRateLimit,
    clientOf: options.clientOf ?? (() => "unknown")
  })
  app.use("/v1/public/*", publicLimit)
  app.use("/s/*", publicLimit)
  app.use("/v1/*", async (c, next) => {
    const method = c.req.method
    if (
      (method === "POST" || method === "PUT" || method === "PATCH") &&
      c.req.header("content-length") !== "0"
    ) {
      const type = c.req.header("content-type") ?? ""
      if (!/^application\/(json|merge-patch\+json)\s*(;|$)/i.test(type)) {
        return problem(415, "Unsupported Media Type", "send the request body as application/json")
      }
    }
    return next()
  })

  app.get("/healthz", (c) => c.json({ status: "ok" }))
  app.get("/readyz", async (c) =>
    (await options.ready().catch(() => false))
      ? c.json({ status: "ready" })
      : c.json({ status: "unavailable", detail: "the database does not answer" }, 503)
  )
  if (options.pages !== undefined) app.route("/", options.pages)

  app.all("*", async (c) => {
    const response = await options.handler(withRequestId(c.req.raw, c.get("requestId")))
    if (response.status >= 400 && !response.headers.get("content-type")?.includes("json")) {
      // The router's own bare answers (no route, a body it cannot read) become problems too.
      if (response.status === 404)
        return problem(404, "Not Found", `no route for ${c.req.method} ${c.req.path}`)
      if (response.status === 415) {
        return problem(415, "Unsupported Media Type", "send the request body as application/json")
      }
      return problem(
        response.status,
        STATUS_CODES[response.status] ?? "Error",
        "the request could not be handled as sent; the request id identifies it"
      )
    }
    return response
  })

  app.onError((error, c) => {
    options.log({ level: "error", msg: "unhandled", requestId: c.get("requestId"), error: error.name })
    return problem(
      500,
      "Internal Server Error",
      "something went wrong on our side; the request id identifies it"
    )
  })
  return app
}

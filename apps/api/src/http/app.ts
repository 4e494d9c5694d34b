/**
 * The Hono app in front of the Effect API: request ids, secure headers (HSTS only over https), CORS
 * for configured origins, a body-size limit (413, then the connection is closed), JSON-only writes,
 * structured access logs, health checks, `405` with `Allow` for a known path and a method it does not
 * take, `OPTIONS`, conditional reads (`304`), compression of text responses, the pages that explain
 * each problem type (`/problems`), the resident's pages (`/`, `/s/…`, see `pages/`) — and everything
 * else handed to the Effect web handler (the `/v1` API, `/openapi.json`, `/docs`). Every error it
 * answers itself for the API is an RFC 9457 problem too.
 */
import { CasePhoto } from "@bishui/domain"
import type { Env, MiddlewareHandler } from "hono"
import { Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import { cors } from "hono/cors"
import { requestId } from "hono/request-id"
import { secureHeaders } from "hono/secure-headers"
import { maxImportBytes } from "../api/Imports.ts"
import { compression } from "./compression.ts"
import { conditionalReads } from "./conditional.ts"
import { makeRouteTable, type Route } from "./methods.ts"
import { problemResponse } from "./problem.ts"
import { problemIndexPage, problemPage } from "./problem-pages.ts"
import { budget } from "./rate-limit.ts"
import type { ResidentQuotas } from "./resident-quotas.ts"

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
  /** Residents' reports an hour and "me too"s a day per client, shared with the pages' forms. */
  readonly residentQuotas?: ResidentQuotas
  /** The client address of a request (the socket's under @hono/node-server). */
  readonly clientOf?: (request: Request, env: unknown) => string
  /** The pages, mounted at `/` (they share the public rate limit under `/s/`). */
  readonly pages?: Hono<Env & { Variables: { requestId: string } }>
  /**
   * Open311 GeoReport v2 (`/open311/v2/…`, see `open311/`), built with the public endpoints' rate
   * limit to share, and the routes it answers.
   */
  readonly open311?: {
    readonly make: (publicLimit: MiddlewareHandler) => Hono<Env & { Variables: { requestId: string } }>
    readonly routes: Iterable<Route>
  }
  /**
   * The kept pages' front door (`pages/page-cache.ts`): a page kept with the app's whole answer is sent
   * again before the middleware below runs; every other answer under `/s/` and of `/console` (the
   * dashboard) is offered to it.
   */
  readonly pageFront?: {
    readonly answered: (
      request: Request
    ) =>
      | { readonly body: Uint8Array<ArrayBuffer>; readonly headers: Readonly<Record<string, string>> }
      | undefined
    readonly remember: (request: Request, response: Response) => Promise<void>
  }
  /** The routes the handler answers, for `405` and `OPTIONS` (`Allow`); the app adds its own. */
  readonly routes?: Iterable<Route>
  /**
   * Addresses of the reverse proxies in front of the server whose `X-Forwarded-Proto` is believed:
   * a request they forward as https gets `Strict-Transport-Security`. None by default.
   */
  readonly trustedProxies?: ReadonlyArray<string>
}

/** A resident's photo upload: its body is the image itself (up to 5 MB), not JSON. */
const photoUpload = /^\/v1\/public\/[^/]+\/receipts\/[^/]+\/photos$/
/** "Me too" takes no body. */
const followProblem = /^\/v1\/public\/[^/]+\/zones\/[^/]+\/problems\/[^/]+\/follow$/
/** A ledger upload (`POST /v1/imports`): a workbook or CSV files as multipart, up to 20 MB. */
const ledgerUpload = /^\/v1\/imports\/?$/
const photoTypes = /^(image\/(jpeg|png|webp)|application\/octet-stream)\s*(;|$)/i
/** The body limit of a photo upload: the body is the image alone, so the photo's own limit (5 MB). */
const maxPhotoUploadBytes = CasePhoto.maxPhotoBytes

/** A request id a client may choose (as Hono's `requestId` takes it): up to 255 of `[A-Za-z0-9_=-]`. */
const isRequestId = (id: string): boolean => id.length > 0 && id.length <= 255 && !/[^\w\-=]/.test(id)

/** Node gives IPv4 peers of a dual-stack socket as `::ffff:127.0.0.1`. */
const plainAddress = (address: string): string => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1")

/** Runs of 7 or more digits (phones, ID numbers; an ID number's final X too) → `***`. */
export const maskDigits = (text: string): string => text.replace(/\d{7,}[Xx]?/g, "***")

/** An invite link's code in a path (`/console/sign-in/bsi_…`) → `bsi_***`: a log must not hold a way in. */
export const maskInviteCodes = (text: string): string => text.replace(/bsi_[A-Za-z0-9_-]+/g, "bsi_***")

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
  const clientOf = options.clientOf ?? (() => "unknown")
  const trustedProxies = new Set((options.trustedProxies ?? []).map(plainAddress))
  const own = ["/healthz", "/readyz", "/", "/problems", "/problems/:slug"]
  // The pages' own routes (GET and the forms' POST) count as known paths too.
  const pageRoutes = (options.pages?.routes ?? []).filter((r) => r.method === "GET" || r.method === "POST")
  const routes = makeRouteTable([
    ...(options.routes ?? []),
    ...own.map((path) => ({ method: "GET", path })),
    ...pageRoutes.map((r) => ({ method: r.method, path: r.path })),
    ...(options.open311?.routes ?? [])
  ])

  // Path without the query string (queries may carry names or phone numbers), and with long
  // digit runs masked: a path may carry a phone or ID number a client put in an id or a code.
  const logRequest = (id: string, method: string, path: string, status: number, started: number) =>
    options.log({
      level: status >= 500 ? "error" : "info",
      msg: "request",
      requestId: id,
      method,
      path: maskDigits(maskInviteCodes(path)),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10
    })
  // One budget per client for the public API and the signboard pages.
  const publicBudget = budget({ limit: options.publicRateLimit, clientOf })
  const publicLimit = publicBudget()
  const front = options.pageFront
  if (front !== undefined) {
    // Before everything else: a kept page the app answered a moment ago (a signboard; a person's
    // dashboard, by their session) is sent again as it was, with its own request id, logged like any
    // other; the public pages count against the public budget, the console's is a signed-in person's.
    const frontDoor =
      (budgeted: boolean): MiddlewareHandler =>
      async (c, next) => {
        const served = front.answered(c.req.raw)
        if (
          served === undefined ||
          (budgeted && publicBudget.take(clientOf(c.req.raw, c.env)) !== undefined)
        ) {
          // A client over its budget is refused by the way every request goes (which counts it again).
          await next()
          await front.remember(c.req.raw, c.res)
          return
        }
        const started = performance.now()
        const asked = c.req.header("x-request-id")
        const id = asked !== undefined && isRequestId(asked) ? asked : crypto.randomUUID()
        logRequest(id, "GET", c.req.path, 200, started)
        return new Response(served.body, { status: 200, headers: { ...served.headers, "x-request-id": id } })
      }
    app.use("/s/*", frontDoor(true))
    app.use("/console", frontDoor(false))
  }
  app.use(requestId({ headerName: "x-request-id" }))
  app.use(async (c, next) => {
    const started = performance.now()
    await next()
    // The Effect handler builds its own Response; the id must be on every one of them.
    c.res.headers.set("x-request-id", c.get("requestId"))
    logRequest(c.get("requestId"), c.req.method, c.req.path, c.res.status, started)
  })
  // Registered before the conditional reads: a 304 is decided first, then a body is compressed.
  app.use(compression())
  app.use(conditionalReads())
  app.use(
    secureHeaders({
      // HSTS is for responses that came over https only (below): over plain http it means nothing,
      // and sent to a client that reached us through a TLS-terminating proxy it must be the proxy's.
      strictTransportSecurity: false,
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
  app.use(async (c, next) => {
    const viaTls = new URL(c.req.url).protocol === "https:"
    const viaTrustedProxy =
      trustedProxies.size > 0 &&
      c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https" &&
      trustedProxies.has(plainAddress(clientOf(c.req.raw, c.env)))
    // The console's session cookie is `Secure` exactly when this is (pages/console/session.ts).
    c.set("https" as never, (viaTls || viaTrustedProxy) as never)
    await next()
    if (viaTls || viaTrustedProxy) {
      c.res.headers.set("strict-transport-security", "max-age=31536000; includeSubDomains")
    }
  })
  // OPTIONS: which methods the path takes. Under /v1 with CORS origins configured, the CORS
  // middleware answers it first (a preflight); `Allow` is added to its answer on the way out.
  app.use(async (c, next) => {
    if (c.req.method !== "OPTIONS") return next()
    const allow = routes.allowOf(c.req.path)
    await next()
    if (allow !== undefined && c.res.status === 204) c.res.headers.set("allow", allow)
  })
  if (options.corsOrigins.length > 0) {
    app.use(
      "/v1/*",
      cors({
        origin: [...options.corsOrigins],
        allowHeaders: ["authorization", "content-type", "if-match", "if-none-match", "idempotency-key"],
        exposeHeaders: ["etag", "x-request-id", "allow", "retry-after"]
      })
    )
  }
  const apiBodyLimit = bodyLimit({
    maxSize: options.maxBodyBytes ?? 256 * 1024,
    // The rest of the body may still be on its way: the connection is closed after this answer
    // (Node then stops reading it), so the bytes left can never be read as the next request.
    onError: () =>
      problemResponse("content-too-large", "the request body is larger than this API accepts (256 KiB)", {
        connection: "close"
      })
  })
  const photoBodyLimit = bodyLimit({
    maxSize: maxPhotoUploadBytes,
    onError: () =>
      problemResponse("content-too-large", "照片不能超过 5 MB / a photo is at most 5 MB", {
        connection: "close"
      })
  })
  const ledgerBodyLimit = bodyLimit({
    maxSize: maxImportBytes,
    onError: () =>
      problemResponse(
        "content-too-large",
        "上传的台账不能超过 20 MB / an upload of ledgers is at most 20 MB",
        {
          connection: "close"
        }
      )
  })
  app.use("/v1/*", (c, next) =>
    photoUpload.test(c.req.path)
      ? photoBodyLimit(c, next)
      : ledgerUpload.test(c.req.path)
        ? ledgerBodyLimit(c, next)
        : apiBodyLimit(c, next)
  )
  app.use("/v1/public/*", publicLimit)
  app.use("/s/*", publicLimit)
  app.use("/r/*", publicLimit)
  if (options.residentQuotas !== undefined) {
    app.post("/v1/public/:tenantId/zones/:code/problems", options.residentQuotas.report())
    app.post("/v1/public/:tenantId/zones/:code/problems/:caseId/follow", options.residentQuotas.follow())
  }
  app.use("/v1/*", async (c, next) => {
    const method = c.req.method
    if (
      (method === "POST" || method === "PUT" || method === "PATCH") &&
      c.req.header("content-length") !== "0"
    ) {
      const type = c.req.header("content-type") ?? ""
      if (photoUpload.test(c.req.path)) {
        return photoTypes.test(type)
          ? next()
          : problemResponse(
              "unsupported-media-type",
              "send the photo itself as the body: image/jpeg, image/png, image/webp or application/octet-stream"
            )
      }
      if (followProblem.test(c.req.path) && type === "") return next()
      if (ledgerUpload.test(c.req.path)) {
        // Without credentials the API answers 401 first, as for every other operation.
        return /^multipart\/form-data\s*;/i.test(type) || c.req.header("authorization") === undefined
          ? next()
          : problemResponse(
              "unsupported-media-type",
              "send the ledgers as multipart/form-data, one or more parts named file (.xlsx or .csv)"
            )
      }
      if (!/^application\/(json|merge-patch\+json)\s*(;|$)/i.test(type)) {
        return problemResponse("unsupported-media-type", "send the request body as application/json")
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
  app.get("/problems", (c) => c.html(problemIndexPage()))
  app.get("/problems/:slug", (c) => {
    const page = problemPage(c.req.param("slug"))
    return page === undefined
      ? problemResponse("not-found", `no problem type ${c.req.param("slug")}; all of them: /problems`)
      : c.html(page)
  })
  if (options.pages !== undefined) app.route("/", options.pages)
  if (options.open311 !== undefined) app.route("/", options.open311.make(publicLimit))
  app.options("*", (c) => {
    const allow = routes.allowOf(c.req.path)
    return allow === undefined
      ? problemResponse("not-found", `no route for ${c.req.path}`)
      : c.body(null, 204, { allow })
  })

  app.all("*", async (c) => {
    const response = await options.handler(withRequestId(c.req.raw, c.get("requestId")))
    if (response.status >= 400 && !response.headers.get("content-type")?.includes("json")) {
      // The router's own bare answers (no route, a body it cannot read) become problems too.
      if (response.status === 404) {
        const allow = routes.allowOf(c.req.path)
        return allow === undefined || allow.split(", ").includes(c.req.method)
          ? problemResponse("not-found", `no route for ${c.req.method} ${c.req.path}`)
          : problemResponse("method-not-allowed", `${c.req.path} takes ${allow}, not ${c.req.method}`, {
              allow
            })
      }
      if (response.status === 415) {
        return problemResponse("unsupported-media-type", "send the request body as application/json")
      }
      return problemResponse(
        response.status,
        "the request could not be handled as sent; the request id identifies it"
      )
    }
    return response
  })

  app.onError((error, c) => {
    options.log({ level: "error", msg: "unhandled", requestId: c.get("requestId"), error: error.name })
    return problemResponse("internal", "something went wrong on our side; the request id identifies it")
  })
  return app
}

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), as a Hono app the server mounts at `/`,
 * so that existing 311 clients can file a river problem and follow it. The tenant is the first
 * segment after `/open311/v2` — a client's endpoint is `/open311/v2/{tenantId}/` — and a
 * `jurisdiction_id`, when sent, must name that tenant:
 *
 *   GET  /open311/v2/{tenantId}/discovery.json            the endpoint and whom to call
 *   GET  /open311/v2/{tenantId}/services.json             the problem categories as services
 *   GET  /open311/v2/{tenantId}/services/{code}.json      a service's attribute: the zone
 *   POST /open311/v2/{tenantId}/requests.json             file a request (form-encoded; no api_key needed)
 *   GET  /open311/v2/{tenantId}/requests/{id}.json        a request's status
 *   GET  /open311/v2/{tenantId}/requests.json?service_request_id=a,b
 *   GET  /open311/v2/{tenantId}/tokens/{token}.json       the request a token stands for
 *
 * Every path takes `.xml` for `.json`. A request's id and its token are both its receipt code: the id
 * exists the moment the request is filed. Everything goes through the API's public endpoints with the
 * in-process typed client (the same intake and the same receipt status as `/v1/public`), under the
 * same per-client rate limit and the same budget of reports an hour; every error is the standard's
 * `[{code, description}]`.
 */
import { Receipt } from "@bishui/domain"
import { Cause, Effect, Exit } from "effect"
import { type Context, Hono, type MiddlewareHandler } from "hono"
import { bodyLimit } from "hono/body-limit"
import { type PageClient, PageRequestId } from "../pages/client.ts"
import { errorResponse, type Format, fileOf, respond } from "./format.ts"
import {
  created,
  discovery,
  intakeOf,
  type RequestForm,
  requestOf,
  serviceDefinition,
  serviceList
} from "./GeoReport.ts"

export interface Open311Options {
  /** The API's typed client, answered in process; `undefined` while the database is not reached yet. */
  readonly client: () => PageClient | undefined
  /** The origin clients reach the server at (`PUBLIC_BASE_URL`), for the discovery; the request's when absent. */
  readonly publicBaseUrl?: string | undefined
  /** The public endpoints' per-client rate limit, shared with them. */
  readonly limit: MiddlewareHandler
  /** The residents' report budget (reports an hour per client), shared with the intake and the forms. */
  readonly reportQuota?: MiddlewareHandler | undefined
}

type Env = { Variables: { requestId: string } }
type Open311Context = Context<Env>

/** The most request ids one `GET requests.json` looks up. */
const maxIds = 20

/** The largest form a request may send (no media upload: `media_url` is a link). */
const maxBodyBytes = 64 * 1024

/** The public status's own answer for a code it does not know: malformed ones get the same. */
const unknownReceipt = "没有这个回执号的反映; no report has this receipt code"

/** A failed API call as the standard's error: the problem's status and detail, or 503. */
interface Failure {
  readonly status: number
  readonly description: string
}

const failureOf = (cause: Cause.Cause<unknown>): Failure => {
  for (const reason of cause.reasons) {
    if (!Cause.isFailReason(reason)) continue
    const error = reason.error as {
      readonly status?: unknown
      readonly detail?: unknown
      readonly errors?: ReadonlyArray<{ readonly path: ReadonlyArray<unknown>; readonly message: string }>
    }
    if (typeof error?.status === "number" && error.status < 500) {
      const fields = (error.errors ?? []).map((e) => `${e.path.join(".")}: ${e.message}`).join("; ")
      const detail = typeof error.detail === "string" ? error.detail : "the request was refused"
      // a field the intake refused is the client's request that was wrong: 400, as the standard has it
      return {
        status: error.status === 422 ? 400 : error.status,
        description: fields === "" ? detail : `${detail} (${fields})`
      }
    }
  }
  return {
    status: 503,
    description: "服务暂不可用，请稍后再试 — the service is unavailable; try again shortly"
  }
}

export const open311Routes = (options: Open311Options) => {
  const app = new Hono<Env>()
  const base = "/open311/v2/:tenantId"

  // Whatever answers as an RFC 9457 problem here (the shared rate limit, the body limit) answers in
  // the standard's error shape instead, in the format the path asked for.
  app.use("/open311/*", async (c, next) => {
    await next()
    if (!c.res.headers.get("content-type")?.startsWith("application/problem+json")) return
    const problem = (await c.res.clone().json()) as { readonly status?: number; readonly detail?: string }
    const format = fileOf(c.req.path.split("/").pop() ?? "")?.format ?? "json"
    const retryAfter = c.res.headers.get("retry-after")
    c.res = errorResponse(
      format,
      problem.status ?? c.res.status,
      problem.detail ?? "the request was refused",
      retryAfter === null ? {} : { "retry-after": retryAfter }
    )
  })
  app.use("/open311/*", options.limit)
  app.use(
    "/open311/*",
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        errorResponse(
          fileOf(c.req.path.split("/").pop() ?? "")?.format ?? "json",
          413,
          `请求过大 — the request is larger than ${maxBodyBytes / 1024} KiB`,
          { connection: "close" }
        )
    })
  )

  /** Run API calls: the value, or the standard's error. */
  const call = async <A, E>(
    c: Open311Context,
    use: (client: PageClient) => Effect.Effect<A, E>
  ): Promise<{ readonly ok: true; readonly value: A } | ({ readonly ok: false } & Failure)> => {
    const client = options.client()
    if (client === undefined) return { ok: false, ...failureOf(Cause.empty) }
    const exit = await Effect.runPromiseExit(
      use(client).pipe(Effect.provideService(PageRequestId, c.get("requestId")))
    )
    return Exit.isSuccess(exit) ? { ok: true, value: exit.value } : { ok: false, ...failureOf(exit.cause) }
  }

  /** The tenant of the path, checked against a `jurisdiction_id` the client sent (query or form). */
  const tenantOf = (c: Open311Context, form: RequestForm = {}): string | Failure => {
    const tenantId = c.req.param("tenantId") as string
    // what the public endpoints take as a tenant's id: anything longer names none
    if (tenantId.length > 120) return { status: 404, description: `no tenant ${tenantId.slice(0, 40)}…` }
    const jurisdiction = c.req.query("jurisdiction_id") ?? form.jurisdiction_id
    return jurisdiction === undefined || jurisdiction === "" || jurisdiction === tenantId
      ? tenantId
      : {
          status: 404,
          description: `jurisdiction_id ${jurisdiction} 不是这个端点的辖区 — this endpoint serves jurisdiction ${tenantId}`
        }
  }

  const fail = (format: Format, failure: Failure) =>
    errorResponse(format, failure.status, failure.description)

  const zonesOf = (c: Open311Context, tenantId: string) =>
    call(c, (client) => client.public.zones({ params: { tenantId } }))

  /**
   * The requests with these ids (receipt codes), in order; an unknown id is an error — and so is one
   * that is no receipt code at all, before it reaches the client (which would refuse to send it).
   */
  const lookUp = async (c: Open311Context, tenantId: string, ids: ReadonlyArray<string>) => {
    const codes = ids.map(Receipt.normalize)
    if (codes.some((code) => code === undefined)) {
      return { ok: false, status: 404, description: unknownReceipt } as const
    }
    return call(c, (client) =>
      Effect.forEach(
        codes as ReadonlyArray<string>,
        (code) => client.public.receiptStatus({ params: { tenantId, code } }),
        {
          concurrency: 4
        }
      )
    )
  }

  const notFound = (format: Format, what: string) =>
    errorResponse(format, 404, `没有 ${what} — no ${what}; see the services at services.json`)

  const reportQuota = options.reportQuota
  if (reportQuota !== undefined) {
    // a filed request is a report: it counts as one made on the signboard or through /v1/public
    app.post(`${base}/:file`, (c, next) =>
      c.req.param("file").startsWith("requests.") ? reportQuota(c, next) : next()
    )
  }

  app.on(["GET", "POST"], `${base}/:file`, async (c) => {
    const file = fileOf(c.req.param("file"))
    if (file === undefined) return notFound("json", c.req.param("file"))
    const { name, format } = file
    if (name === "services" && c.req.method === "GET") {
      const tenantId = tenantOf(c)
      if (typeof tenantId !== "string") return fail(format, tenantId)
      // the tenant must exist: its zones answer 404 when it does not
      const zones = await zonesOf(c, tenantId)
      if (!zones.ok) return fail(format, zones)
      return respond(format, "services", serviceList())
    }
    if (name === "discovery" && c.req.method === "GET") {
      const tenantId = tenantOf(c)
      if (typeof tenantId !== "string") return fail(format, tenantId)
      const tenant = await call(c, (client) => client.public.tenant({ params: { tenantId } }))
      if (!tenant.ok) return fail(format, tenant)
      const origin = (options.publicBaseUrl ?? new URL(c.req.url).origin).replace(/\/+$/, "")
      return respond(
        format,
        "discovery",
        discovery(tenant.value, `${origin}/open311/v2/${encodeURIComponent(tenantId)}`)
      )
    }
    if (name === "requests" && c.req.method === "POST") return file311(c, format)
    if (name === "requests" && c.req.method === "GET") {
      const tenantId = tenantOf(c)
      if (typeof tenantId !== "string") return fail(format, tenantId)
      const ids = (c.req.query("service_request_id") ?? "")
        .split(",")
        .map((id) => id.trim())
        .filter((id) => id !== "")
      if (ids.length === 0 || ids.length > maxIds) {
        return errorResponse(
          format,
          400,
          `请给出 1–${maxIds} 个 service_request_id（逗号分隔）— give 1 to ${maxIds} comma-separated service_request_id: requests are looked up by id, not listed`
        )
      }
      const found = await lookUp(c, tenantId, ids)
      if (!found.ok) return fail(format, found)
      return respond(format, "service_requests", found.value.map(requestOf))
    }
    if (name === "services" || name === "requests" || name === "discovery") {
      return errorResponse(
        format,
        405,
        `${c.req.path} 不接受 ${c.req.method} — does not take ${c.req.method}`,
        {
          allow: name === "requests" ? "GET, HEAD, POST, OPTIONS" : "GET, HEAD, OPTIONS"
        }
      )
    }
    return notFound(format, name)
  })

  app.get(`${base}/:collection/:file`, async (c) => {
    const file = fileOf(c.req.param("file"))
    const collection = c.req.param("collection")
    if (file === undefined) return notFound("json", c.req.param("file"))
    const { name, format } = file
    const tenantId = tenantOf(c)
    if (typeof tenantId !== "string") return fail(format, tenantId)
    if (collection === "services") {
      const zones = await zonesOf(c, tenantId)
      if (!zones.ok) return fail(format, zones)
      const definition = serviceDefinition(name, zones.value)
      return definition === undefined
        ? notFound(format, `service ${name}`)
        : respond(format, "service_definition", definition)
    }
    if (collection === "requests" || collection === "tokens") {
      const found = await lookUp(c, tenantId, [name])
      if (!found.ok) return fail(format, found)
      const requests = found.value.map(requestOf)
      return respond(
        format,
        "service_requests",
        collection === "requests"
          ? requests
          : requests.map((r) => ({ service_request_id: r.service_request_id, token: r.token }))
      )
    }
    return notFound(format, collection)
  })

  /** `POST requests.json`: a form as the public intake's report on the zone it names. */
  const file311 = async (c: Open311Context, format: Format) => {
    const type = c.req.header("content-type") ?? ""
    if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(type)) {
      return errorResponse(
        format,
        400,
        "请以表单提交 — send the request as application/x-www-form-urlencoded (or multipart/form-data)"
      )
    }
    const body = await c.req.parseBody()
    const form: Record<string, string> = {}
    for (const [key, value] of Object.entries(body)) if (typeof value === "string") form[key] = value
    const tenantId = tenantOf(c, form)
    if (typeof tenantId !== "string") return fail(format, tenantId)
    const zones = await zonesOf(c, tenantId)
    if (!zones.ok) return fail(format, zones)
    const intake = intakeOf(form, zones.value)
    if (!intake.ok) return errorResponse(format, 400, intake.description)
    const filed = await call(c, (client) =>
      client.public.reportProblem({ params: { tenantId, code: intake.zoneCode }, payload: intake.report })
    )
    if (!filed.ok) return fail(format, filed)
    return respond(format, "service_requests", [created(filed.value.receipt)])
  }

  return app
}

/** The routes this app answers, for `405` and `OPTIONS` (`Allow`). */
export const open311RouteList = (["json", "xml"] as const).flatMap((ext) => [
  { method: "GET", path: `/open311/v2/:tenantId/discovery.${ext}` },
  { method: "GET", path: `/open311/v2/:tenantId/services.${ext}` },
  { method: "GET", path: `/open311/v2/:tenantId/requests.${ext}` },
  { method: "POST", path: `/open311/v2/:tenantId/requests.${ext}` },
  { method: "GET", path: "/open311/v2/:tenantId/:collection/:file" }
])

/**
 * The running application: one `ManagedRuntime` holding the database and the services, and the
 * Effect API as a web handler built on the runtime's memo map (so it shares those services), wrapped
 * by the Hono app. Built once the database answers (see `launchServer`); `dispose` closes everything.
 */

import { displayDatabase } from "@bishui/database"
import { Store, Tables } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect, Layer, ManagedRuntime } from "effect"
import { HttpRouter, HttpServer, HttpServerRequest } from "effect/http"
import { HttpApi, HttpApiBuilder, HttpApiScalar } from "effect/http-api"
import { SqlClient, SqlError } from "effect/sql"
import { Api } from "../api/Api.ts"
import { firstStartInvite } from "../FirstStart.ts"
import { makeApp } from "../http/app.ts"
import type { Route } from "../http/methods.ts"
import { problemResponse } from "../http/problem.ts"
import { makeResidentQuotas } from "../http/resident-quotas.ts"
import * as Observability from "../Observability.ts"
import { open311RouteList, open311Routes } from "../open311/routes.ts"
import { makePageClient, type PageClient } from "../pages/client.ts"
import { makePageCache } from "../pages/page-cache.ts"
import { pageRoutes } from "../pages/routes.tsx"
import { appLayer } from "./appLayer.ts"
import { AuthenticationLive } from "./authentication.ts"
import { handlers } from "./handlers.ts"
import { databaseOutages, describeFailure, outageOf } from "./unavailable.ts"
import { ValidationLive } from "./validation.ts"

export interface ServerOptions {
  readonly databaseUrl: string
  readonly corsOrigins: ReadonlyArray<string>
  readonly seed: boolean
  readonly publicRateLimit: number
  /** Problem reports an hour one client may make (`REPORTS_PER_HOUR`); 10 when absent. */
  readonly reportsPerHour?: number
  /** The tenants the pages show at `/` (`BISHUI_TENANT`); the seed's when absent. */
  readonly tenants?: ReadonlyArray<string>
  /** How long a rendered signboard page is served again (ms; default 10 s; every write forgets them all). */
  readonly pageCacheMs?: number
  /** The origin the signboards' QR codes point at (`PUBLIC_BASE_URL`); the request's when absent. */
  readonly publicBaseUrl?: string | undefined
  readonly logLevel?: Observability.LogLevel
  readonly otlpEndpoint?: string | undefined
  readonly log: (entry: Record<string, unknown>) => void
  /** Reverse proxies whose `X-Forwarded-Proto: https` is believed (HSTS); see http/app.ts. */
  readonly trustedProxies?: ReadonlyArray<string>
  /**
   * On a first start (the seed just loaded into an empty database), make a one-time administrator
   * invite and call this with its code (`./dev start` prints the link). Nothing on later starts.
   */
  readonly onFirstStart?: ((inviteCode: string) => void) | undefined
}

/** Every route of the Effect handler: the API's endpoints, its document and its docs page. */
const handlerRoutes = (): ReadonlyArray<Route> => {
  const routes: Array<Route> = [
    { method: "GET", path: "/openapi.json" },
    { method: "GET", path: "/docs" }
  ]
  HttpApi.reflect(Api, {
    onGroup: () => {},
    onEndpoint: ({ endpoint }) => routes.push({ method: endpoint.method, path: endpoint.path })
  })
  return routes
}

export { appLayer }

/** Start-up retries: how often to try to reach the database, and the backoff between tries. */
export interface StartupPolicy {
  /** Tries before giving up; `Infinity` for a server that waits for its database. Default 1. */
  readonly attempts: number
  readonly initialDelayMs?: number
  readonly maxDelayMs?: number
}

/**
 * The app at once, the database when it comes: `app` answers `/healthz` from the start, `/readyz`
 * with 503 and every other request with a 503 problem until the database is reached, migrated and
 * (if asked) seeded. A database that cannot be reached yet is tried again with exponential backoff,
 * each failure logged with what went wrong and when the next try is; any other failure (a bad URL,
 * a failed migration) ends start-up at once. `started` settles when the API serves or gives up.
 */
export const launchServer = (options: ServerOptions & { readonly startup?: StartupPolicy }) => {
  const services = appLayer(options.databaseUrl).pipe(
    Layer.provideMerge(
      Observability.layer({ logLevel: options.logLevel ?? "info", otlpEndpoint: options.otlpEndpoint })
    )
  )
  const policy = options.startup ?? { attempts: 1 }
  const pageCache = makePageCache({ ttlMs: options.pageCacheMs ?? 10_000 })
  let live:
    | {
        readonly runtime: ManagedRuntime.ManagedRuntime<
          Layer.Success<typeof services>,
          Layer.Error<typeof services>
        >
        readonly web: {
          readonly handler: (request: Request) => Promise<Response>
          readonly dispose: () => Promise<void>
        }
        /** The pages' typed client of the API, answered by `web.handler` in process. */
        readonly client: PageClient
      }
    | undefined
  let stopping = false
  let wake = () => {}

  /** One try: connect, migrate, seed an empty database, build the web handler on the runtime. */
  const attempt = async () => {
    const runtime = ManagedRuntime.make(services)
    try {
      await runtime.runPromise(
        Effect.gen(function* () {
          const store = yield* Store.Store
          if (!options.seed) return
          const tenants = yield* store.collection(Tables.tenants).list(Seed.seedTenantId, { limit: 1 })
          if (tenants.items.length === 0) {
            options.log({ level: "info", msg: "empty database: loading the seed branch" })
            yield* Seed.loadSeed(Seed.sipingBranch)
            const onFirstStart = options.onFirstStart
            if (onFirstStart !== undefined) onFirstStart(yield* firstStartInvite)
          }
        })
      )
    } catch (error) {
      await runtime.dispose().catch(() => {})
      throw error
    }
    const routes = Layer.mergeAll(
      HttpApiBuilder.layer(Api, { openapiPath: "/openapi.json" }).pipe(
        Layer.provide(handlers),
        Layer.provide([AuthenticationLive, ValidationLive])
      ),
      HttpApiScalar.layer(Api, { path: "/docs" }),
      databaseOutages(options.log)
    ).pipe(Layer.provide(services), Layer.provide(HttpServer.layerServices))

    const web = HttpRouter.toWebHandler(routes, {
      memoMap: runtime.memoMap,
      disableLogger: true,
      // Hono gives every request its id; the Effect side tags its logs and spans with it.
      middleware: (httpEffect) =>
        Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
          const requestId = request.headers["x-request-id"] ?? "none"
          return httpEffect.pipe(
            Effect.annotateLogs({ requestId }),
            Effect.annotateSpans({ "http.request_id": requestId })
          )
        })
    })
    // Any write through the API (a resident's report, a patrol, a closed case) shows on the next page:
    // the copies are forgotten when it starts, and a page rendered while it ran is not kept.
    const handler = (request: Request) => {
      if (request.method === "GET" || request.method === "HEAD") return web.handler(request)
      pageCache.clear()
      return web.handler(request).finally(pageCache.clear)
    }
    return { runtime, web: { handler, dispose: web.dispose }, client: makePageClient(handler) }
  }

  const started = (async () => {
    const initial = policy.initialDelayMs ?? 500
    const max = policy.maxDelayMs ?? 8_000
    for (let tries = 1; ; tries++) {
      if (stopping) throw new Error("stopped before the database was reached")
      try {
        live = await attempt()
        if (tries > 1) options.log({ level: "info", msg: "the database is reachable: serving", tries })
        return
      } catch (error) {
        const failure = causeOf(error)
        const outage = outageOf(failure)
        const what = describeFailure(failure, true)
        if (outage === undefined || tries >= policy.attempts || stopping) {
          throw new Error(
            `the database at ${displayDatabase(options.databaseUrl)} failed at start-up (${what})`
          )
        }
        const delay = Math.min(max, initial * 2 ** (tries - 1))
        options.log({
          level: "warn",
          msg: `the database at ${displayDatabase(options.databaseUrl)} is ${outage === "unreachable" ? "unreachable" : `unavailable (${outage})`} (${what}); retrying in ${delay / 1000} s`,
          attempt: tries,
          retryInMs: delay
        })
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay)
          wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
      }
    }
  })()
  // A caller that never awaits `started` must not see an unhandled rejection.
  started.catch(() => {})

  const ready = () =>
    live === undefined
      ? Promise.resolve(false)
      : live.runtime.runPromise(
          Effect.gen(function* () {
            const sql = yield* SqlClient.SqlClient
            yield* sql`SELECT 1`
            return true
          }).pipe(
            Effect.timeout("2 seconds"),
            Effect.orElseSucceed(() => false)
          )
        )

  const notYet = () =>
    problemResponse(
      "service-unavailable",
      "the API is starting: its database cannot be reached yet; try again shortly",
      { "retry-after": "5" }
    )

  const clientOf = (_request: Request, env: unknown) =>
    (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
      ?.remoteAddress ?? "unknown"
  // One budget per client for residents' reports and "me too", whether by the API or the pages' forms.
  const residentQuotas = makeResidentQuotas({
    clientOf,
    ...(options.reportsPerHour === undefined ? {} : { reportsPerHour: options.reportsPerHour })
  })
  const app = makeApp({
    // The request id Hono made travels to the Effect handler as a header.
    handler: (request) => (live === undefined ? Promise.resolve(notYet()) : live.web.handler(request)),
    publicRateLimit: options.publicRateLimit,
    clientOf,
    residentQuotas,
    ready,
    corsOrigins: options.corsOrigins,
    log: options.log,
    pageFront: pageCache,
    pages: pageRoutes({
      client: () => live?.client,
      tenants: options.tenants ?? [Seed.seedTenantId],
      publicBaseUrl: options.publicBaseUrl,
      quotas: residentQuotas,
      cache: pageCache
    }),
    open311: {
      make: (limit) =>
        open311Routes({
          client: () => live?.client,
          limit,
          publicBaseUrl: options.publicBaseUrl,
          reportQuota: residentQuotas.report()
        }),
      routes: open311RouteList
    },
    routes: handlerRoutes(),
    trustedProxies: options.trustedProxies ?? []
  })

  return {
    app,
    started,
    /** The runtime holding the database and the services, once started (tests reach the database through it). */
    runtime: () => live?.runtime,
    dispose: async () => {
      stopping = true
      wake()
      await started.catch(() => {})
      if (live !== undefined) {
        await live.web.dispose()
        await live.runtime.dispose()
      }
    }
  }
}

/** The app once its database is ready (one try unless `startup` says otherwise); rejects if it is not. */
export const makeServer = async (options: ServerOptions & { readonly startup?: StartupPolicy }) => {
  const server = launchServer(options)
  await server.started
  return server
}

/** What a rejected start-up try carries: the failure itself, whatever wraps it. */
const causeOf = (error: unknown): unknown => {
  let current = error
  for (let depth = 0; depth < 5; depth++) {
    if (SqlError.isSqlError(current)) return current
    const next = (current as { cause?: unknown } | null)?.cause
    if (next === undefined || next === null) return current
    current = next
  }
  return current
}

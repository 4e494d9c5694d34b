/**
 * The running application: one `ManagedRuntime` holding the database and the services, and the
 * Effect API as a web handler built on the runtime's memo map (so it shares those services), wrapped
 * by the Hono app. Built once at start-up; `dispose` closes everything.
 */
import { Seed, Services, Store, Tables } from "@bishui/services"
import { Effect, Layer, ManagedRuntime } from "effect"
import { HttpRouter, HttpServer, HttpServerRequest } from "effect/http"
import { HttpApiBuilder, HttpApiScalar } from "effect/http-api"
import { SqlClient } from "effect/sql"
import { Api } from "../api/Api.ts"
import * as Database from "../Database.ts"
import { makeApp } from "../http/app.ts"
import * as Observability from "../Observability.ts"
import { AuthenticationLive } from "./authentication.ts"
import { handlers } from "./handlers.ts"
import { ValidationLive } from "./validation.ts"

export interface ServerOptions {
  readonly databaseUrl: string
  readonly corsOrigins: ReadonlyArray<string>
  readonly seed: boolean
  readonly publicRateLimit: number
  readonly logLevel?: Observability.LogLevel
  readonly otlpEndpoint?: string | undefined
  readonly log: (entry: Record<string, unknown>) => void
}

/** The services the API runs on, over a migrated database. */
export const appLayer = (databaseUrl: string) =>
  Services.layer.pipe(
    Layer.provideMerge(Store.Store.layerSql),
    Layer.provideMerge(Database.layer(databaseUrl))
  )

export const makeServer = async (options: ServerOptions) => {
  const services = appLayer(options.databaseUrl).pipe(
    Layer.provideMerge(
      Observability.layer({ logLevel: options.logLevel ?? "info", otlpEndpoint: options.otlpEndpoint })
    )
  )
  const runtime = ManagedRuntime.make(services)

  if (options.seed) {
    await runtime.runPromise(
      Effect.gen(function* () {
        const store = yield* Store.Store
        const tenants = yield* store.collection(Tables.tenants).list(Seed.seedTenantId, { limit: 1 })
        if (tenants.items.length === 0) {
          options.log({ level: "info", msg: "empty database: loading the seed branch" })
          yield* Seed.loadSeed(Seed.sipingBranch)
        }
      })
    )
  }

  const routes = Layer.mergeAll(
    HttpApiBuilder.layer(Api, { openapiPath: "/openapi.json" }).pipe(
      Layer.provide(handlers),
      Layer.provide([AuthenticationLive, ValidationLive])
    ),
    HttpApiScalar.layer(Api, { path: "/docs" })
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

  const ready = () =>
    runtime.runPromise(
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        yield* sql`SELECT 1`
        return true
      }).pipe(
        Effect.timeout("2 seconds"),
        Effect.orElseSucceed(() => false)
      )
    )

  const app = makeApp({
    // The request id Hono made travels to the Effect handler as a header.
    handler: (request) => web.handler(request),
    publicRateLimit: options.publicRateLimit,
    clientOf: (_request, env) =>
      (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
        ?.remoteAddress ?? "unknown",
    ready,
    corsOrigins: options.corsOrigins,
    log: options.log
  })

  return {
    app,
    dispose: async () => {
      await web.dispose()
      await runtime.dispose()
    }
  }
}

/**
 * `pnpm start`: serve bishui. Reads the configuration from the environment, opens the database
 * (SQLite at ./data/bishui.db by default; migrations applied; the seed branch loaded into an empty
 * database) — retrying with backoff while it cannot be reached, /healthz answering and /readyz 503
 * meanwhile —, and on SIGTERM/SIGINT stops accepting, finishes in-flight requests and closes the
 * runtime and the database.
 */
// First: from source, the pages' .tsx modules need a compile hook before the server loads them.
import "./jsx-hooks.ts"
import { databaseFromCaller, defaultDatabaseUrl, isPostgresUrl } from "@bishui/database"
import { serve } from "@hono/node-server"
import { Effect, Redacted } from "effect"
import { ServerConfig } from "./Config.ts"
import { firstStartInviteHours, inviteLinkOf, linkOrigin } from "./FirstStart.ts"
import { startMemoryLog } from "./server/memory-log.ts"

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const

const main = async () => {
  const config = await Effect.runPromise(
    Effect.gen(function* () {
      return yield* ServerConfig
    })
  )
  const threshold = levels[config.logLevel]
  const log = (entry: Record<string, unknown>) => {
    const level = (entry.level as keyof typeof levels | undefined) ?? "info"
    if (levels[level] >= threshold)
      process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`)
  }
  const databaseUrl =
    config.databaseUrl === undefined
      ? defaultDatabaseUrl
      : databaseFromCaller(Redacted.value(config.databaseUrl))
  log({ level: "info", msg: "starting", database: isPostgresUrl(databaseUrl) ? "postgresql" : databaseUrl })
  if (config.memoryLog !== undefined)
    startMemoryLog({ path: config.memoryLog, everyMs: Math.max(1, config.memoryLogSeconds) * 1000 })

  // Loaded once the JSX hook is in place (a static import would load the pages before it).
  const { launchServer } = await import("./server/Server.ts")
  let stopping = false
  let firstStartCode: string | undefined
  // Listen at once: /healthz answers and /readyz says 503 while the database is being reached
  // (PostgreSQL may come up after us); "serving on" is logged once the API is ready.
  const server = launchServer({
    databaseUrl,
    corsOrigins: config.corsOrigins,
    seed: config.seed,
    publicRateLimit: config.publicRateLimit,
    reportsPerHour: config.reportsPerHour,
    tenants: config.tenants,
    publicBaseUrl: config.publicBaseUrl,
    trustedProxies: config.trustedProxies,
    logLevel: config.logLevel,
    otlpEndpoint: config.otlpEndpoint,
    log,
    startup: { attempts: Number.POSITIVE_INFINITY },
    // An empty database's first start: the administrator's one-time sign-in link, printed once the
    // server serves (on the port it listens on: PORT=0 picks one).
    onFirstStart: (code) => {
      firstStartCode = code
    }
  })
  const listener = serve({ fetch: server.app.fetch, port: config.port, hostname: config.host }, (info) => {
    log({ level: "info", msg: `listening on http://${config.host}:${info.port}; waiting for the database` })
    server.started.then(
      () => {
        log({
          level: "info",
          msg: `bishui is serving on http://${config.host}:${info.port} (signboards at /, the branch console at /console, API reference at /docs)`
        })
        if (firstStartCode !== undefined) {
          const link = inviteLinkOf(linkOrigin({ ...config, port: info.port }), firstStartCode)
          log({
            level: "info",
            msg: `first start: sign in to the console as administrator at ${link} (works once, within ${firstStartInviteHours} hours; another: ./dev invite create --role admin) / 首次启动：用这个链接以管理员身份登录工作台（只能用一次）`,
            signInLink: link
          })
        }
      },
      (error: unknown) => {
        if (stopping) return
        process.stderr.write(
          `bishui: start-up failed: ${error instanceof Error ? error.message : String(error)}\n`
        )
        process.exit(1)
      }
    )
  })

  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log({ level: "info", msg: "stopping", signal })
    // close() stops accepting and resolves once in-flight requests are done; idle keep-alive
    // connections would hold it open, so they are closed now and busy ones once they go idle.
    listener.close(async () => {
      await server.dispose()
      log({ level: "info", msg: "stopped" })
      process.exit(0)
    })
    if ("closeIdleConnections" in listener) listener.closeIdleConnections()
    setTimeout(() => {
      log({ level: "error", msg: "in-flight requests did not finish in 10 s; exiting" })
      process.exit(1)
    }, 10_000).unref()
  }
  process.on("SIGTERM", () => stop("SIGTERM"))
  process.on("SIGINT", () => stop("SIGINT"))
}

main().catch((error: unknown) => {
  process.stderr.write(`bishui: start-up failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})

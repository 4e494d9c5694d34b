/**
 * The server's configuration, from the environment. Every variable is documented in the README.
 */

import { defaultDatabaseUrl } from "@bishui/database"
import { Config } from "effect"

export const ServerConfig = Config.all({
  port: Config.Int("PORT").pipe(Config.withDefault(3000)),
  host: Config.String("HOST").pipe(Config.withDefault("127.0.0.1")),
  databaseUrl: Config.Redacted("DATABASE_URL").pipe(Config.withDefault(undefined)),
  logLevel: Config.Literals(["debug", "info", "warn", "error"], "LOG_LEVEL").pipe(
    Config.withDefault("info" as const)
  ),
  /** Comma-separated origins allowed to call the API from a browser; none by default. */
  corsOrigins: Config.String("CORS_ORIGINS").pipe(
    Config.map((text) =>
      text
        .split(",")
        .map((origin) => origin.trim())
        .filter((origin) => origin.length > 0)
    ),
    Config.withDefault([] as ReadonlyArray<string>)
  ),
  /** Load the seed branch into an empty database (the default for the embedded start). */
  seed: Config.Boolean("BISHUI_SEED").pipe(Config.withDefault(true)),
  /** Where to export traces (OTLP over HTTP); unset: no export. */
  otlpEndpoint: Config.String("OTEL_EXPORTER_OTLP_ENDPOINT").pipe(Config.withDefault(undefined)),
  /** Addresses of reverse proxies whose `X-Forwarded-Proto: https` is believed (HSTS); none by default. */
  trustedProxies: Config.String("TRUSTED_PROXIES").pipe(
    Config.map((text) =>
      text
        .split(",")
        .map((address) => address.trim())
        .filter((address) => address.length > 0)
    ),
    Config.withDefault([] as ReadonlyArray<string>)
  ),
  /** Requests per minute one client may make to the public endpoints and pages. */
  publicRateLimit: Config.Int("PUBLIC_RATE_LIMIT").pipe(Config.withDefault(60)),
  /** Problem reports an hour one client may make, by the API or the pages (one budget). */
  reportsPerHour: Config.Int("REPORTS_PER_HOUR").pipe(Config.withDefault(10)),
  /**
   * The tenants whose signboards the pages show, comma-separated: `/` lists the zones of the first
   * (or, with several, the tenants). Default `siping-water`, the seed's.
   */
  tenants: Config.String("BISHUI_TENANT").pipe(
    Config.map((text) =>
      text
        .split(",")
        .map((tenant) => tenant.trim())
        .filter((tenant) => tenant.length > 0)
    ),
    Config.withDefault(["siping-water"] as ReadonlyArray<string>)
  ),
  /**
   * The public origin the signboards' QR codes point at, e.g. `https://bishui.example.cn` (behind a
   * proxy the request's own origin is not the one residents reach); the request's origin when unset.
   */
  publicBaseUrl: Config.String("PUBLIC_BASE_URL").pipe(Config.withDefault(undefined)),
  /**
   * A file the server appends its memory to (one JSON line: `process.memoryUsage()` and the kernel's
   * resident/anonymous/file-backed split) every `BISHUI_MEMORY_LOG_SECONDS`; off when unset. `pnpm soak`
   * sets it.
   */
  memoryLog: Config.String("BISHUI_MEMORY_LOG").pipe(Config.withDefault(undefined)),
  memoryLogSeconds: Config.Int("BISHUI_MEMORY_LOG_SECONDS").pipe(Config.withDefault(5))
})
export type ServerConfig = typeof ServerConfig extends Config.Config<infer A> ? A : never

export { defaultDatabaseUrl }

/**
 * Whether the test PostgreSQL server answers, probed once per test run (from `globalSetup.ts`).
 * The admin URL is `BISHUI_TEST_PG_URL`, by default the local trust-auth superuser.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Exit, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"

export const adminUrl: string =
  process.env.BISHUI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"

/** Whether this run is under CI, where the PostgreSQL suites must run (`CI` set, and not "" or "false"). */
export const inCi: boolean =
  process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"

export interface PgStatus {
  readonly url: string
  readonly reachable: boolean
  readonly reason?: string
}

/** The admin URL with any password hidden, for messages. */
export const displayUrl = (url: string): string => {
  try {
    const parsed = new URL(url)
    if (parsed.password !== "") parsed.password = "***"
    return parsed.toString()
  } catch {
    return "(unparsable BISHUI_TEST_PG_URL)"
  }
}

/** `SELECT 1` on the admin URL, giving up after a few seconds. */
export const probePg = async (): Promise<PgStatus> => {
  const exit = await Effect.runPromiseExit(
    Effect.gen(function* () {
      const sql = yield* PgClient.make({
        url: Redacted.make(adminUrl),
        connectTimeout: "2 seconds",
        maxConnections: 1
      })
      yield* sql`SELECT 1`
    }).pipe(Effect.scoped, Effect.provide(Reactivity.layer), Effect.timeout("5 seconds"))
  )
  const url = displayUrl(adminUrl)
  return Exit.isSuccess(exit)
    ? { url, reachable: true }
    : { url, reachable: false, reason: String(exit.cause) }
}

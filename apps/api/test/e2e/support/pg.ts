/**
 * PostgreSQL for the e2e suites, as the services' contract harness does it
 * (packages/services/test/backends.ts, pgProbe.ts): the server of `BISHUI_TEST_PG_URL` (default the
 * local trust-auth superuser) is probed once per run; each suite gets a fresh database, dropped at
 * its end — and the run's teardown drops any database of the run a crashed suite left behind.
 * Unreachable: the suites are skipped with a loud warning, except under CI, where they fail.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Exit, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"

export const adminUrl: string =
  process.env.BISHUI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"

/** Whether this run is under CI (`CI` set, and not "" or "false"). */
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

/** Run statements on the admin URL, one connection, giving up after a few seconds. */
const onAdmin = <A>(use: (sql: PgClient.PgClient) => Effect.Effect<A, unknown>) =>
  Effect.runPromiseExit(
    Effect.gen(function* () {
      const sql = yield* PgClient.make({
        url: Redacted.make(adminUrl),
        connectTimeout: "2 seconds",
        maxConnections: 1
      })
      return yield* use(sql)
    }).pipe(Effect.scoped, Effect.provide(Reactivity.layer), Effect.timeout("20 seconds"))
  )

const orThrow = <A>(exit: Exit.Exit<A, unknown>): A => {
  if (Exit.isSuccess(exit)) return exit.value
  throw new Error(`PostgreSQL at ${displayUrl(adminUrl)}: ${String(exit.cause)}`)
}

export const probePg = async (): Promise<PgStatus> => {
  const exit = await onAdmin((sql) => sql`SELECT 1`)
  const url = displayUrl(adminUrl)
  return Exit.isSuccess(exit)
    ? { url, reachable: true }
    : { url, reachable: false, reason: String(exit.cause) }
}

/** A database name the run can find again: `bishui_e2e_<run>_<random>`, lower-case, unquoted-safe. */
export const databaseName = (runId: string): string =>
  `bishui_e2e_${runId}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`

/** Create a database; its `postgres://` URL for `DATABASE_URL`. */
export const createDatabase = async (name: string): Promise<string> => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`)
  orThrow(await onAdmin((sql) => sql.unsafe(`CREATE DATABASE ${name}`)))
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

export const dropDatabase = async (name: string): Promise<void> => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`)
  orThrow(await onAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)))
}

/** Drop every database of a run still there (a suite that crashed before its own clean-up). */
export const dropRunDatabases = async (runId: string): Promise<ReadonlyArray<string>> => {
  const names = orThrow(
    await onAdmin(
      (sql) =>
        sql<{
          datname: string
        }>`SELECT datname FROM pg_database WHERE datname LIKE ${`bishui_e2e_${runId}_%`}`
    )
  ).map((row) => row.datname)
  for (const name of names) await dropDatabase(name)
  return names
}

/**
 * PostgreSQL for the reliability suites, as the e2e suite does it (see ../../e2e/support/pg.ts): the
 * server of `BISHUI_TEST_PG_URL` probed once per file; each suite gets a fresh database
 * (`bishui_rel_…`) dropped at its end. Unreachable: the suite is skipped with a loud warning, except
 * under CI, where it fails.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"
import { describe, it } from "vitest"
import { createDatabase, dropDatabase, inCi, type PgStatus, probePg } from "../../e2e/support/pg.ts"

export { inCi }

let status: Promise<PgStatus> | undefined
export const pgStatus = (): Promise<PgStatus> => {
  status ??= probePg()
  return status
}

/** A fresh database; its URL and a `drop` for `afterAll`. */
export const freshDatabase = async (): Promise<{
  readonly url: string
  readonly drop: () => Promise<void>
}> => {
  const name = `bishui_rel_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`
  const url = await createDatabase(name)
  return { url, drop: () => dropDatabase(name) }
}

/**
 * `describe` for a PostgreSQL suite: runs it when PostgreSQL answers; otherwise a skipped suite
 * and a warning, or — under CI — one failing test saying why.
 */
export const describePg = async (name: string, body: () => void): Promise<void> => {
  const pg = await pgStatus()
  if (pg.reachable) {
    describe(name, body)
    return
  }
  if (inCi) {
    describe(name, () => {
      it("PostgreSQL is reachable (required when CI is set)", () => {
        throw new Error(`PostgreSQL not reachable at ${pg.url} and CI is set: ${pg.reason ?? "unknown"}`)
      })
    })
    return
  }
  process.stderr.write(`\n!!! PostgreSQL not reachable at ${pg.url}: "${name}" is SKIPPED\n\n`)
  describe.skip(`${name} (PostgreSQL not reachable: SKIPPED)`, () => {
    it("runs when PostgreSQL is reachable", () => {})
  })
}

/** Run one query on a database URL and close the connection. */
export const pgQuery = <A extends object>(url: string, text: string, params: ReadonlyArray<unknown> = []) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const sql = yield* PgClient.make({
        url: Redacted.make(url),
        maxConnections: 1,
        connectTimeout: "5 seconds"
      })
      return yield* sql.unsafe<A>(text, params as Array<unknown>)
    }).pipe(Effect.scoped, Effect.provide(Reactivity.layer), Effect.timeout("30 seconds"))
  )

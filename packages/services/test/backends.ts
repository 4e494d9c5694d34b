/**
 * The contract-test harness: every service suite runs once per backend — the in-memory Store, SQLite
 * (a temporary file) and PostgreSQL (a temporary database) — through `forEachBackend`. Each backend's
 * `layer` is fresh on every build (`Layer.fresh`): a new memory Store, a new SQLite file, a new
 * PostgreSQL database, migrated, and removed when the layer's scope closes.
 *
 * The backends are held to one contract and must not differ. One difference is in the nature of
 * PostgreSQL and left untested: `jsonb` cannot hold the character U+0000, so a record with a NUL in a
 * string is a defect there and stored elsewhere (input adapters should refuse such text).
 *
 * PostgreSQL is probed once per run (`globalSetup.ts`). When it is not reachable the PostgreSQL suites
 * are skipped with a warning, except under CI (`CI` set), where they fail.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqliteClient } from "@bishui/sql-sqlite-node"
import { PgClient } from "@effect/sql-pg"
import { layer, type Vitest } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"
import type { SqlClient } from "effect/sql"
import { describe, inject, it } from "vitest"
import { Migrations, Services } from "../src/index.ts"
import { adminUrl, inCi } from "./pgProbe.ts"

/** Every service and the Store they share. */
export type TestServices = Layer.Success<typeof Services.layerMemory>

export type BackendName = "memory" | "sqlite" | "pg"

export interface Backend {
  readonly name: BackendName
  /** A fresh, migrated, fully provided backend each time it is built. */
  readonly layer: Layer.Layer<TestServices>
}

const memoryLayer: Layer.Layer<TestServices> = Layer.fresh(Services.layerMemory)

/** Every service and its Store, and the SQL client beneath them (for suites about the SQL itself). */
export type SqlTestServices = TestServices | SqlClient.SqlClient

/** A new SQLite file in a new temporary directory, migrated; the directory is removed at scope end. */
const sqliteLayer: Layer.Layer<SqlTestServices> = Layer.fresh(
  Layer.unwrap(
    Effect.gen(function* () {
      const directory = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "bishui-test-"))),
        (directory) => Effect.promise(() => rm(directory, { recursive: true, force: true }))
      )
      return Services.layerSql.pipe(
        Layer.provideMerge(Migrations.layer),
        Layer.provideMerge(SqliteClient.layer({ filename: join(directory, "bishui.db") }))
      )
    })
  ).pipe(Layer.orDie)
)

/**
 * A new PostgreSQL database `bishui_test_<random>` created through the admin URL, migrated; at scope
 * end the test client is closed first (inner layers are released first), then the database dropped.
 */
const pgLayer: Layer.Layer<SqlTestServices> = Layer.fresh(
  Layer.unwrap(
    Effect.gen(function* () {
      const database = `bishui_test_${crypto.randomUUID().replaceAll("-", "")}`
      const reactivity = yield* Reactivity.make
      const admin = yield* PgClient.make({ url: Redacted.make(adminUrl), maxConnections: 1 }).pipe(
        Effect.provideService(Reactivity.Reactivity, reactivity)
      )
      yield* Effect.acquireRelease(admin.unsafe(`CREATE DATABASE ${database}`), () =>
        admin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).pipe(Effect.orDie)
      )
      const url = new URL(adminUrl)
      url.pathname = `/${database}`
      return Services.layerSql.pipe(
        Layer.provideMerge(Migrations.layer),
        Layer.provideMerge(PgClient.layer({ url: Redacted.make(url.toString()) }))
      )
    })
  ).pipe(Layer.orDie)
)

export const backends: ReadonlyArray<Backend> = [
  { name: "memory", layer: memoryLayer },
  { name: "sqlite", layer: sqliteLayer },
  { name: "pg", layer: pgLayer }
]

const pgStatus = inject("pg")

export type BackendIt = Vitest.MethodsNonLive<TestServices>

/**
 * Define a suite per backend: `describe(backend.name)` with one shared backend (`layer(...)` of
 * @effect/vitest, live clock) for its tests. Tests share the backend, so each creates its own
 * tenant (see `fixtures.ts`); a test that needs a backend of its own provides `backend.layer`.
 */
export const forEachBackend = (
  define: (it: BackendIt, backend: Backend) => void,
  options: {
    /** Built on each backend before its tests run, e.g. to load a fixture every test reads. */
    readonly setup?: Layer.Layer<never, never, TestServices>
  } = {}
): void => {
  for (const backend of backends) {
    suite(backend.name, () => {
      const built =
        options.setup === undefined ? backend.layer : Layer.provideMerge(options.setup, backend.layer)
      layer(built, { excludeTestServices: true, timeout: "60 seconds" })((it) => define(it, backend))
    })
  }
}

/** The SQL backends with their `SqlClient`, for suites about the SQL itself (triggers, migrations). */
export const sqlBackends: ReadonlyArray<{
  readonly name: "sqlite" | "pg"
  readonly layer: Layer.Layer<SqlTestServices>
}> = [
  { name: "sqlite", layer: sqliteLayer },
  { name: "pg", layer: pgLayer }
]

/** `forEachBackend` for the SQL backends, with the `SqlClient` in the tests' context. */
export const forEachSqlBackend = (
  define: (it: Vitest.MethodsNonLive<SqlTestServices>, backend: { readonly name: "sqlite" | "pg" }) => void
): void => {
  for (const backend of sqlBackends) {
    suite(backend.name, () =>
      layer(backend.layer, { excludeTestServices: true, timeout: "60 seconds" })((it) => define(it, backend))
    )
  }
}

/** A backend's `describe`: PostgreSQL's is skipped when it cannot be reached, and fails instead under CI. */
const suite = (name: BackendName, body: () => void): void => {
  if (name === "pg" && !pgStatus.reachable && inCi) {
    describe(name, () => {
      it("PostgreSQL is reachable (required when CI is set)", () => {
        throw new Error(
          `PostgreSQL not reachable at ${pgStatus.url} and CI is set: the PostgreSQL contract suites cannot run ` +
            `(set BISHUI_TEST_PG_URL to a reachable server). Cause: ${pgStatus.reason ?? "unknown"}`
        )
      })
    })
    return
  }
  describe.skipIf(name === "pg" && !pgStatus.reachable)(name, body)
}

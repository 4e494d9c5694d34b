/**
 * A database made by a release migrates forward with every record intact. The fixtures under
 * `test/fixtures/` were made by `scripts/release-fixture.ts` with the release's schema: an SQLite file
 * and a PostgreSQL dump (`pg_dump --inserts`), each beside the JSON of what the services read from it
 * then. Here a copy of each is migrated by this checkout's migrations and read again through the
 * services: every record of every table (voided ones too), its version and timestamps, and the case
 * photos' bytes must be what they were.
 */
import { execFileSync } from "node:child_process"
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { SqliteClient } from "@bishui/sql-sqlite-node"
import { PgClient } from "@effect/sql-pg"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient } from "effect/sql"
import { inject } from "vitest"
import { Migrations, Services } from "../src/index.ts"
import { adminUrl, inCi } from "./pgProbe.ts"
import { type Snapshot, snapshotOf } from "./releaseSnapshot.ts"

const releases = ["release-2026-12"] as const
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url))

const expected = (file: string) =>
  Effect.promise(async () => JSON.parse(await readFile(join(fixtures, file), "utf8")) as Snapshot)

/** Migrate the database to this checkout's schema, then read everything back and compare. */
const upgradeAndCompare = (snapshotFile: string) =>
  Effect.gen(function* () {
    const before = yield* expected(snapshotFile)
    yield* Migrations.migrate
    const sql = yield* SqlClient.SqlClient
    const applied = yield* sql<{ migration_id: number | string }>`SELECT migration_id FROM bishui_migrations`
    assert.deepStrictEqual(
      applied.map((row) => Number(row.migration_id)).sort((a, b) => a - b),
      Object.keys(Migrations.migrations).map((key) => Number(key.slice(0, 4)))
    )
    const after = yield* snapshotOf(before.tenantId)
    // table by table first, for a readable failure
    for (const [table, records] of Object.entries(before.tables)) {
      assert.deepStrictEqual(after.tables[table], records, `table ${table}`)
    }
    assert.deepStrictEqual(after, before)
    // and the fixture is not empty: the comparison compares something
    assert.isAbove(before.tables.patrol_logs?.length ?? 0, 5)
    assert.isAbove(before.tables.service_events?.length ?? 0, 5)
    assert.isAbove(before.casePhotos.length, 0)
  })

const services = (client: Layer.Layer<SqlClient.SqlClient>) =>
  Services.layerSql.pipe(Layer.provideMerge(client))

/** A copy of the fixture file in a temporary directory, removed at scope end. */
const sqliteCopy = (release: string) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const directory = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "bishui-release-"))),
        (directory) => Effect.promise(() => rm(directory, { recursive: true, force: true }))
      )
      const filename = join(directory, "bishui.db")
      yield* Effect.promise(() => copyFile(join(fixtures, `${release}.sqlite`), filename))
      return SqliteClient.layer({ filename })
    })
  ).pipe(Layer.orDie)

/** A new database restored from the fixture's dump with `psql`, dropped at scope end. */
const pgRestored = (release: string) =>
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
      execFileSync(
        "psql",
        ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", join(fixtures, `${release}.pg.sql`), url.toString()],
        { stdio: ["ignore", "ignore", "pipe"] }
      )
      return PgClient.layer({ url: Redacted.make(url.toString()) })
    })
  ).pipe(Layer.orDie)

const pgStatus = inject("pg")

describe.each(releases)("a database of %s, migrated forward", (release) => {
  it.live("sqlite: every record reads back identical", () =>
    Effect.provide(upgradeAndCompare(`${release}.sqlite.json`), services(sqliteCopy(release)))
  )
  // Skipped when PostgreSQL is not reachable, except under CI, where it must run (and fails).
  it.live.skipIf(!pgStatus.reachable && !inCi)(
    "pg: every record reads back identical",
    () => Effect.provide(upgradeAndCompare(`${release}.pg.json`), services(pgRestored(release))),
    60_000
  )
})

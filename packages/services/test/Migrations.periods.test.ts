/**
 * Migration 0004 on a database that already holds records: the new index columns — when a wish was
 * fulfilled, when a case was fixed — are filled from the stored documents, on SQLite and PostgreSQL,
 * so the reports and lists that read them see the records written before it.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SqliteClient } from "@bishui/sql-sqlite-node"
import { PgClient } from "@effect/sql-pg"
import { assert, layer } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"
import { Migrator, SqlClient } from "effect/sql"
import { describe, inject } from "vitest"
import { Migrations } from "../src/index.ts"
import { adminUrl } from "./pgProbe.ts"

const sqlite = Layer.unwrap(
  Effect.gen(function* () {
    const directory = yield* Effect.acquireRelease(
      Effect.promise(() => mkdtemp(join(tmpdir(), "bishui-migrate-"))),
      (directory) => Effect.promise(() => rm(directory, { recursive: true, force: true }))
    )
    return SqliteClient.layer({ filename: join(directory, "bishui.db") })
  })
).pipe(Layer.orDie)

const pg = Layer.unwrap(
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
    return PgClient.layer({ url: Redacted.make(url.toString()) })
  })
).pipe(Layer.orDie)

const before0004 = Object.fromEntries(
  Object.entries(Migrations.migrations).filter(([name]) => name < "0004")
) as unknown as typeof Migrations.migrations

const stage = (stage: string, at: string) => ({ stage, at })
const docs = {
  fulfilled: {
    id: "wish-fulfilled",
    tenantId: "t",
    branchId: "b",
    communityId: "c",
    title: "老花镜",
    beneficiary: "独居老人",
    postedAt: "2023-06-01T00:00:00.000Z",
    state: {
      _tag: "Fulfilled",
      claimantId: "m",
      claimedAt: "2023-06-02T00:00:00.000Z",
      fulfilledAt: "2023-12-31T23:30:00.000Z"
    }
  },
  posted: {
    id: "wish-posted",
    tenantId: "t",
    branchId: "b",
    communityId: "c",
    title: "轮椅",
    beneficiary: "老人",
    postedAt: "2023-06-01T00:00:00.000Z",
    state: { _tag: "Posted" }
  },
  emergency: {
    id: "case-emergency",
    kind: "emergency",
    stages: [
      stage("found", "2023-12-30T16:00:00.000Z"),
      stage("repaired", "2023-12-31T16:30:00.000Z"),
      stage("verified", "2024-01-05T00:00:00.000Z")
    ]
  },
  routine: {
    id: "case-routine",
    kind: "routine",
    stages: [stage("reported", "2023-05-01T00:00:00.000Z"), stage("resolved", "2023-05-02T08:00:00.000Z")]
  },
  open: { id: "case-open", kind: "routine", stages: [stage("reported", "2023-05-01T00:00:00.000Z")] }
}

const backfills = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* Migrator.make({})({ loader: Migrator.fromRecord(before0004), table: "bishui_migrations" })
  const at = "2024-01-01T00:00:00.000Z"
  yield* sql`INSERT INTO tenants (tenant_id, id, version, doc, created_at, updated_at)
    VALUES ('t', 't', 1, ${JSON.stringify({ id: "t", name: "t" })}, ${at}, ${at})`
  for (const doc of [docs.fulfilled, docs.posted]) {
    yield* sql`INSERT INTO micro_wishes (tenant_id, id, version, doc, created_at, updated_at, status, posted_at)
      VALUES ('t', ${doc.id}, 1, ${JSON.stringify(doc)}, ${at}, ${at}, ${doc.state._tag}, ${doc.postedAt})`
  }
  for (const doc of [docs.emergency, docs.routine, docs.open]) {
    yield* sql`INSERT INTO cases (tenant_id, id, version, doc, created_at, updated_at, kind, opened_at)
      VALUES ('t', ${doc.id}, 1, ${JSON.stringify(doc)}, ${at}, ${at}, ${doc.kind}, ${doc.stages[0]?.at ?? ""})`
  }
  const applied = yield* Migrations.migrate
  // 0004 runs first; the migrations after it run too.
  assert.strictEqual(applied.map(([id, name]) => `${id}_${name}`)[0], "4_periods")
  const wishes = yield* sql<{ id: string; fulfilled_at: string | null }>`
    SELECT id, fulfilled_at FROM micro_wishes ORDER BY id`
  assert.deepStrictEqual(
    wishes.map((r) => [r.id, r.fulfilled_at]),
    [
      ["wish-fulfilled", "2023-12-31T23:30:00.000Z"],
      ["wish-posted", null]
    ]
  )
  const cases = yield* sql<{
    id: string
    fixed_at: string | null
  }>`SELECT id, fixed_at FROM cases ORDER BY id`
  assert.deepStrictEqual(
    cases.map((r) => [r.id, r.fixed_at]),
    [
      ["case-emergency", "2023-12-31T16:30:00.000Z"],
      ["case-open", null],
      ["case-routine", "2023-05-02T08:00:00.000Z"]
    ]
  )
})

describe("migration 0004 fills the new columns from stored records", () => {
  layer(sqlite, { timeout: "60 seconds" })("sqlite", (it) => {
    it.effect("when a wish was fulfilled and a case fixed", () => backfills)
  })
  describe.skipIf(!inject("pg").reachable)("pg", () => {
    layer(pg, { timeout: "60 seconds" })((it) => {
      it.effect("when a wish was fulfilled and a case fixed", () => backfills)
    })
  })
})

/**
 * The staged load path on today's schema: patrol logs as the SQL store stores them (tenant, id,
 * version, jsonb document, natural key, timestamps, zone, member, start) COPY'd into a staging table
 * through PgStaging, then moved into the migrated `patrol_logs` (primary key, natural key, three
 * secondary indexes, three foreign keys, the statement-level revision trigger) by one `INSERT … SELECT`
 * in a transaction of @effect/sql-pg's own client — against `psql \copy` of the same rows into a bare
 * UNLOGGED table. A database is made and migrated for the run and dropped after it.
 *
 *   node --conditions=source packages/database/scripts/staging-bench.ts [rows=1000000] [rounds=2] [modes=indexed,deferred]
 *
 * No audit rows are written (the importer writes one per record): this is the floor of the path.
 * BENCH_STEPS=1 prints the time of each statement of the move; BENCH_EXPLAIN=1 the deferred move's
 * `EXPLAIN (ANALYZE, BUFFERS)` (the move then runs under it).
 */
import { execFileSync } from "node:child_process"
import { rmSync } from "node:fs"
import { loadavg } from "node:os"
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"
import { layer } from "../src/Database.ts"
import type * as PgCopy from "../src/PgCopy.ts"
import * as PgStaging from "../src/PgStaging.ts"
import { execute, writeCopyFile } from "./bench-support.ts"

const rows = Number(process.argv[2] ?? 1_000_000)
const rounds = Number(process.argv[3] ?? 2)
/** `indexed`: moved into the table as it is; `deferred`: its secondary indexes and foreign keys made again after. */
const modes = (process.argv[4] ?? "indexed,deferred").split(",")
const adminUrl = process.env.BISHUI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
const name = `bishui_stagebench_${Math.random().toString(36).slice(2, 10)}`
const url = (() => {
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  return u.toString()
})()

const tenant = "01890a5d-0000-7000-8000-000000000001"
const zones = Array.from({ length: 5 }, (_, i) => `01890a5d-0000-7000-8000-0000000001${i}0`)
const members = Array.from(
  { length: 10 },
  (_, i) => `01890a5d-0000-7000-8000-0000000002${String(i).padStart(2, "0")}`
)
const findings = ["岸坡白色垃圾若干，已清理", "水面漂浮物少量", "护栏松动，已上报", "", "", ""]
const columns = [
  "tenant_id",
  "id",
  "version",
  "natural_key",
  "created_at",
  "updated_at",
  "zone_id",
  "member_id",
  "started_at",
  // since migration 0012 a patrol log's fields are columns, with no JSON document
  "ended_at",
  "findings",
  "litter_collected",
  "case_ids"
]

let seed = 7
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
  return seed / 2_147_483_648
}
const at = "2026-12-08T00:00:00.000Z"
const made: Array<PgCopy.CopyRow> = []
for (let i = 0; i < rows; i++) {
  const id = `01890a5d-ac96-774b-b${String(i % 1000).padStart(3, "0")}-${String(i).padStart(12, "0")}`
  const zone = zones[Math.floor(random() * zones.length)] as string
  const member = members[Math.floor(random() * members.length)] as string
  const start = Date.UTC(2000, 0, 1) + i * 13 * 60_000
  const startedAt = new Date(start).toISOString()
  const endedAt = new Date(start + (30 + Math.floor(random() * 150)) * 60_000).toISOString()
  const finding = findings[Math.floor(random() * findings.length)] as string
  const litter = random() < 0.5 ? undefined : Math.floor(random() * 200) / 10
  made.push([
    tenant,
    id,
    1,
    `${zone}|${member}|${startedAt}`,
    at,
    at,
    zone,
    member,
    startedAt,
    endedAt,
    finding === "" ? null : finding,
    litter === undefined ? null : String(litter),
    "[]"
  ])
}

const { dir, file } = await writeCopyFile("bishui-stagebench-", made)
const psql = (...args: Array<string>) =>
  execFileSync("psql", [url, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", ...args], { encoding: "utf8" })
const seconds = (since: number) => (performance.now() - since) / 1000

/**
 * The secondary indexes and foreign keys of `patrol_logs`, as the schema defines them: in "deferred"
 * mode they are dropped in the move's transaction and made again after it (one sort per index, one
 * join per key), all in the one transaction.
 */
const deferrable = () => ({
  indexes: psql(
    "-c",
    "SELECT indexname || '|' || indexdef FROM pg_indexes WHERE tablename = 'patrol_logs' AND indexname LIKE 'patrol_logs_by_%'"
  )
    .trim()
    .split("\n")
    .map((line) => line.split("|") as [string, string]),
  keys: psql(
    "-c",
    "SELECT conname || '|' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'patrol_logs'::regclass AND contype = 'f'"
  )
    .trim()
    .split("\n")
    .map((line) => line.split("|") as [string, string])
})

const staged = (round: number, deferred?: ReturnType<typeof deferrable>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const sql = yield* PgClient.make({ url: Redacted.make(url), maxConnections: 1 })
      return yield* Effect.scoped(
        Effect.gen(function* () {
          const started = performance.now()
          const staging = yield* PgStaging.stage(url, {
            runId: `bench-${round}`,
            table: "patrol_logs",
            columns
          })
          const n = yield* staging.copy(made)
          const copied = seconds(started)
          const moving = performance.now()
          yield* sql.withTransaction(
            Effect.gen(function* () {
              const step = (label: string, statement: string) =>
                Effect.gen(function* () {
                  const stepStarted = performance.now()
                  yield* sql.unsafe(statement)
                  if (process.env.BENCH_STEPS !== undefined)
                    console.log(`  ${label}: ${seconds(stepStarted).toFixed(2)} s`)
                })
              if (deferred === undefined) return yield* step("move", staging.move)
              for (const [key] of deferred.keys)
                yield* sql.unsafe(`ALTER TABLE patrol_logs DROP CONSTRAINT ${key}`)
              for (const [index] of deferred.indexes) yield* sql.unsafe(`DROP INDEX ${index}`)
              if (process.env.BENCH_EXPLAIN !== undefined) {
                const plan = yield* sql.unsafe(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${staging.move}`)
                for (const line of plan as ReadonlyArray<Record<string, string>>)
                  console.log(`  | ${Object.values(line)[0]}`)
              } else yield* step("move", staging.move)
              for (const [index, definition] of deferred.indexes) yield* step(index, definition)
              for (const [key, definition] of deferred.keys)
                yield* step(key, `ALTER TABLE patrol_logs ADD CONSTRAINT ${key} ${definition}`)
            })
          )
          const moved = seconds(moving)
          if (n !== rows) throw new Error(`staged ${n} rows, not ${rows}`)
          return { copied, moved, total: seconds(started) }
        })
      )
    }).pipe(Effect.scoped, Effect.provide(Reactivity.layer))
  )

await execute(adminUrl, `CREATE DATABASE ${name}`)
try {
  await Effect.runPromise(Effect.scoped(Layer.build(layer(url))))
  const doc = "'{}'"
  psql(
    "-c",
    `INSERT INTO tenants (tenant_id, id, version, doc, created_at, updated_at) VALUES ('${tenant}', '${tenant}', 1, ${doc}, '${at}', '${at}');
     INSERT INTO members (tenant_id, id, version, doc, created_at, updated_at, name)
       SELECT '${tenant}', m, 1, ${doc}, '${at}', '${at}', m FROM unnest(ARRAY['${members.join("','")}']) AS m;
     INSERT INTO zones (tenant_id, id, version, doc, created_at, updated_at, code)
       SELECT '${tenant}', z, 1, ${doc}, '${at}', '${at}', z FROM unnest(ARRAY['${zones.join("','")}']) AS z;
     CREATE UNLOGGED TABLE bare (${columns.map((c) => `${c} text`).join(", ")})`
  )
  console.log(
    `${rows} rows, ${rounds} rounds; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`
  )
  for (let round = 1; round <= rounds; round++) {
    psql("-c", "TRUNCATE bare")
    const copyStarted = performance.now()
    psql("-c", `\\copy bare (${columns.join(", ")}) from '${file}'`)
    const baseline = seconds(copyStarted)
    for (const mode of modes) {
      psql("-c", "TRUNCATE patrol_logs")
      const s = await staged(round, mode === "deferred" ? deferrable() : undefined)
      const stored = Number(psql("-c", "SELECT count(*) FROM patrol_logs").trim())
      if (stored !== rows) throw new Error(`patrol_logs holds ${stored} rows, not ${rows}`)
      const indexes = psql("-c", "SELECT count(*) FROM pg_indexes WHERE tablename = 'patrol_logs'").trim()
      const keys = psql(
        "-c",
        "SELECT count(*) FROM pg_constraint WHERE conrelid = 'patrol_logs'::regclass AND contype = 'f'"
      ).trim()
      if (indexes !== "5" || keys !== "3")
        throw new Error(`patrol_logs has ${indexes} indexes and ${keys} foreign keys after the move`)
      console.log(
        `round ${round}: psql \\copy (bare) ${baseline.toFixed(2)} s; staged (${mode}): COPY ${s.copied.toFixed(2)} s + move ${s.moved.toFixed(2)} s = ${s.total.toFixed(2)} s; psql ÷ staged = ${(baseline / s.total).toFixed(3)}×`
      )
    }
  }
} finally {
  await execute(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  rmSync(dir, { recursive: true, force: true })
}

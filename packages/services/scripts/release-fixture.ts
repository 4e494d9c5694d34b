/**
 * Makes the release fixtures: databases of the schema of a release, for the test that migrates them
 * forward (`test/ReleaseFixture.migration.test.ts`). Run once per release, in a checkout of that
 * release, from packages/services — never again for a fixture already committed: it must keep the
 * schema of its release (`release-2026-12` has the schema of 5931c71, migrations 0001–0011):
 *
 *   node --conditions=source scripts/release-fixture.ts release-2026-12
 *   pnpm biome format --write test/fixtures/
 *
 * It writes, under test/fixtures/:
 * - `<name>.sqlite`: a new SQLite database, migrated to this checkout's schema, holding the seed
 *   branch (`@bishui/services/seed`) and a few more records: a patrol with every optional field, one
 *   with none, a patrol corrected once (version 2), voided records (a patrol, an event, a wish) and a
 *   voided-then-restored one, and a photo of the emergency case;
 * - `<name>.sqlite.json`: what the services read from it (`test/releaseSnapshot.ts`);
 * - `<name>.pg.sql`: the same records in a new PostgreSQL database (`pg_dump --inserts`), when the
 *   server answers (BISHUI_TEST_PG_URL, by default the local trust-auth superuser);
 * - `<name>.pg.json`: what the services read from that one (its ids and instants differ).
 */
import { execFileSync } from "node:child_process"
import { rm, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Calendar, Ids, Quantity } from "@bishui/domain"
import { SqliteClient } from "@bishui/sql-sqlite-node"
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted, Schema } from "effect"
import { Reactivity } from "effect/reactivity"
import { SqlClient } from "effect/sql"
import { CasePhotos } from "../src/CasePhotos.ts"
import { CurrentActor } from "../src/CurrentActor.ts"
import * as Migrations from "../src/Migrations.ts"
import * as Services from "../src/Services.ts"
import { loadSeed, seedTenantId, sipingBranch } from "../src/seed/index.ts"
import { Voiding } from "../src/Voiding.ts"
import { Zones } from "../src/Zones.ts"
import { snapshotOf } from "../test/releaseSnapshot.ts"

const name = process.argv[2] ?? "release-2026-12"
const fixtures = fileURLToPath(new URL("../test/fixtures/", import.meta.url))
const adminUrl = process.env.BISHUI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
const instant = (text: string) => Calendar.Instant.make(text)
const must = <A>(value: A | undefined, what: string): A => {
  if (value === undefined) throw new Error(`the seed has no ${what}`)
  return value
}

/** The seed, then the records that exercise every optional field and the void rules. */
const fill = Effect.gen(function* () {
  yield* loadSeed(sipingBranch)
  const zones = yield* Zones
  const voiding = yield* Voiding
  const photos = yield* CasePhotos
  const data = sipingBranch
  const firstZone = must(data.zones[0], "zone")
  const firstMember = must(data.members[0], "member")
  const emergency = must(
    data.cases.find((c) => c.kind === "emergency"),
    "emergency"
  )

  const full = yield* zones.recordPatrol({
    tenantId: seedTenantId,
    zoneId: firstZone.id,
    memberId: firstMember.id,
    startedAt: instant("2023-12-30T23:30:00.000Z"),
    endedAt: instant("2023-12-31T01:15:30.250Z"),
    findings: '跨年夜巡河：岸边烟花残骸若干，已清理；"引号" 与 \\ 反斜杠照录',
    litterCollected: Schema.decodeSync(Quantity.Kilograms)("3.75"),
    caseIds: [emergency.id],
    illustrative: true
  })
  const bare = yield* zones.recordPatrol({
    tenantId: seedTenantId,
    zoneId: firstZone.id,
    memberId: firstMember.id,
    startedAt: instant("2023-12-31T02:00:00.000Z"),
    caseIds: []
  })
  // corrected once: version 2, updatedAt after createdAt
  yield* zones.updatePatrol({ ...bare.record, endedAt: instant("2023-12-31T03:00:00.000Z") }, bare.version)
  yield* Effect.provideService(
    Effect.gen(function* () {
      yield* voiding.void("patrol_log", seedTenantId, full.record.id, "重复录入 entered twice")
      const event = must(data.events.at(-1), "event")
      yield* voiding.void("service_event", seedTenantId, event.id, "错录 wrong date")
      const wish = must(data.wishes.at(-1), "wish")
      yield* voiding.void("micro_wish", seedTenantId, wish.id, "撤回")
      const patrol = must(data.patrols[0], "patrol")
      yield* voiding.void("patrol_log", seedTenantId, patrol.id, "误作废前")
      yield* voiding.restore("patrol_log", seedTenantId, patrol.id, "恢复 restored")
    }),
    CurrentActor,
    "member-secretary"
  )
  yield* photos.add({
    tenantId: seedTenantId,
    caseId: emergency.id,
    mediaType: "image/jpeg",
    width: 64,
    height: 48,
    bytes: Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)
  })
  yield* Effect.logInfo(`filled: ${Ids.TenantId.make(seedTenantId)}`)
  return yield* snapshotOf(seedTenantId)
})

const services = <E, R>(client: Layer.Layer<SqlClient.SqlClient, E, R>) =>
  Services.layerSql.pipe(Layer.provideMerge(Migrations.layer), Layer.provideMerge(client))

const sqlite = Effect.gen(function* () {
  const file = join(fixtures, `${name}.sqlite`)
  yield* Effect.promise(() => rm(file, { force: true }))
  const snapshot = yield* fill.pipe(
    Effect.tap(() => Effect.flatMap(SqlClient.SqlClient, (sql) => sql`VACUUM`)),
    Effect.provide(services(SqliteClient.layer({ filename: file })))
  )
  yield* Effect.promise(() => writeFile(`${file}.json`, `${JSON.stringify(snapshot, null, 1)}\n`))
  yield* Effect.logInfo(`wrote ${file} and its .json`)
})

const pg = Effect.gen(function* () {
  const database = `bishui_fixture_${crypto.randomUUID().replaceAll("-", "")}`
  const reactivity = yield* Reactivity.make
  const admin = yield* PgClient.make({ url: Redacted.make(adminUrl), maxConnections: 1 }).pipe(
    Effect.provideService(Reactivity.Reactivity, reactivity)
  )
  yield* Effect.acquireRelease(admin.unsafe(`CREATE DATABASE ${database}`), () =>
    admin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).pipe(Effect.orDie)
  )
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  const snapshot = yield* fill.pipe(
    Effect.provide(services(PgClient.layer({ url: Redacted.make(url.toString()) })))
  )
  const dump = execFileSync(
    "pg_dump",
    ["--inserts", "--no-owner", "--no-privileges", "--no-comments", url.toString()],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }
  )
  const file = join(fixtures, `${name}.pg.sql`)
  // pg_dump ≥ 15.14 guards a plain dump with `\restrict <random key>`, which older psql does not know:
  // the fixture is ours, so it goes without (and the file no longer changes with each run)
  const plain = dump
    .split("\n")
    .filter((line) => !/^\\(un)?restrict /.test(line))
    .join("\n")
  yield* Effect.promise(() => writeFile(file, plain))
  yield* Effect.promise(() =>
    writeFile(join(fixtures, `${name}.pg.json`), `${JSON.stringify(snapshot, null, 1)}\n`)
  )
  yield* Effect.logInfo(`wrote ${file} and ${name}.pg.json`)
})

const main = Effect.gen(function* () {
  yield* sqlite
  if (process.argv.includes("--no-pg")) return
  yield* Effect.scoped(pg)
})

Effect.runPromise(main.pipe(Effect.orDie)).catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})

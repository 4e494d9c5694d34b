/**
 * PgCopy alone against `psql \copy`: the same patrol-like rows (made in memory first, and written to a
 * file in COPY's text format for psql) into the same UNLOGGED table with no index, key or constraint,
 * in alternating rounds on a database made for the run and dropped after it.
 *
 *   node --conditions=source packages/database/scripts/copy-bench.ts [rows=1000000] [rounds=3]
 *
 * BISHUI_TEST_PG_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); `psql`
 * must be on the PATH. Prints each round's seconds and the ratio psql ÷ PgCopy (1 = as fast as psql).
 */
import { execFileSync } from "node:child_process"
import { rmSync } from "node:fs"
import { Effect } from "effect"
import * as PgCopy from "../src/PgCopy.ts"
import { execute, writeCopyFile } from "./bench-support.ts"

const rows = Number(process.argv[2] ?? 1_000_000)
const rounds = Number(process.argv[3] ?? 3)
const adminUrl = process.env.BISHUI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
const name = `bishui_copybench_${Math.random().toString(36).slice(2, 10)}`
const url = (() => {
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  return u.toString()
})()

const zones = ["BH-01", "BH-02", "NH-01", "NH-02", "XH-01"]
const members = ["刘洋", "吴海峰", "周敏", "张伟", "李雪梅", "杨帆", "王建华", "赵国栋", "郑凯", "陈志强"]
const findings = [
  "岸坡白色垃圾若干，已清理",
  "水面漂浮物少量",
  "护栏松动，已上报\t（二次）",
  null,
  null,
  null
]
const columns = [
  "tenant_id",
  "id",
  "zone_id",
  "member_id",
  "started_at",
  "ended_at",
  "findings",
  "litter_kg",
  "case_ids",
  "version",
  "created_at"
]
const table = `CREATE UNLOGGED TABLE patrols (tenant_id text, id text, zone_id text, member_id text,
  started_at timestamptz, ended_at timestamptz, findings text, litter_kg double precision, case_ids text,
  version integer, created_at timestamptz)`

let seed = 42
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
  return seed / 2_147_483_648
}
const base = Date.UTC(2000, 0, 1)
const made: Array<PgCopy.CopyRow> = []
for (let i = 0; i < rows; i++) {
  const start = base + i * 13 * 60_000
  made.push([
    "t-siping",
    `01890a5d-ac96-774b-b${String(i).padStart(3, "0").slice(-3)}-${String(i).padStart(12, "0")}`,
    zones[Math.floor(random() * zones.length)],
    members[Math.floor(random() * members.length)],
    new Date(start).toISOString(),
    new Date(start + (30 + Math.floor(random() * 150)) * 60_000).toISOString(),
    findings[Math.floor(random() * findings.length)],
    random() < 0.5 ? null : Math.floor(random() * 200) / 10,
    "[]",
    1,
    new Date(start + 86_400_000).toISOString()
  ])
}

const { dir, file } = await writeCopyFile("bishui-copybench-", made)

const psql = () => {
  const started = performance.now()
  execFileSync("psql", [
    url,
    "-X",
    "-q",
    "-v",
    "ON_ERROR_STOP=1",
    "-c",
    `\\copy patrols (${columns.join(", ")}) from '${file}'`
  ])
  return (performance.now() - started) / 1000
}
const pgcopy = async () => {
  const cpu = process.cpuUsage()
  const started = performance.now()
  const n = await Effect.runPromise(PgCopy.copyIn(url, { table: "patrols", columns, rows: made }))
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  if (n !== rows) throw new Error(`PgCopy took ${n} rows, not ${rows}`)
  return { seconds, cpu: (used.user + used.system) / 1e6 }
}
const count = () =>
  Number(
    execFileSync("psql", [url, "-X", "-At", "-c", "SELECT count(*) FROM patrols"], {
      encoding: "utf8"
    }).trim()
  )

await execute(adminUrl, `CREATE DATABASE ${name}`)
try {
  await execute(url, table)
  console.log(
    `${rows} rows, ${rounds} rounds; load average ${(await import("node:os"))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`
  )
  for (let round = 1; round <= rounds; round++) {
    await execute(url, "TRUNCATE patrols")
    const p = psql()
    if (count() !== rows) throw new Error("psql did not load every row")
    await execute(url, "TRUNCATE patrols")
    const c = await pgcopy()
    if (count() !== rows) throw new Error("PgCopy did not load every row")
    console.log(
      `round ${round}: psql \\copy ${p.toFixed(2)} s, PgCopy ${c.seconds.toFixed(2)} s (client CPU ${c.cpu.toFixed(2)} s), psql ÷ PgCopy = ${(p / c.seconds).toFixed(2)}×`
    )
  }
} finally {
  await execute(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  rmSync(dir, { recursive: true, force: true })
}

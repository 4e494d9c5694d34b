import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { type ChildServer, startChildServer } from "@bishui/dev-support"
import { AccessTokens } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { PgClient } from "@effect/sql-pg"
import { Effect, ManagedRuntime, Redacted } from "effect"
import { Reactivity } from "effect/reactivity"
import { appLayer } from "../src/server/appLayer.ts"
import { type MemoryLine, readMemoryLog } from "../src/server/memory-log.ts"

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    backends: { type: "string", default: "sqlite,postgresql" },
    "measure-seconds": { type: "string", default: "10" },
    concurrency: { type: "string", default: "16" },
    /** The steady load in requests a second, instead of half the measured maximum (on a busy machine). */
    rate: { type: "string" },
    /** A directory: the server writes a heap snapshot there at the middle and at the end of the steady load. */
    "heap-snapshots": { type: "string" }
  }
})
const snapshotDir = values["heap-snapshots"]
const minutes = Number(values.minutes)
const measureSeconds = Number(values["measure-seconds"])
const concurrency = Number(values.concurrency)
const fixedRate = values.rate === undefined ? undefined : Number(values.rate)
const backends = String(values.backends)
  .split(",")
  .map((b) => b.trim())
  .filter((b) => b !== "")
if (
  !(minutes > 0 && minutes <= 24 * 60) ||
  !(measureSeconds > 0) ||
  !(concurrency > 0 && concurrency <= 512) ||
  !(fixedRate === undefined || fixedRate > 0)
) {
  process.stderr.write(
    "soak: --minutes must be in (0, 1440], --measure-seconds > 0, --concurrency in 1..512, --rate > 0\n"
  )
  process.exit(2)
}

const apiDir = fileURLToPath(new URL("../", import.meta.url))
const adminUrl = process.env.BISHUI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
const tenant = Seed.seedTenantId
const branch = Seed.seedBranchId as string
const say = (line: string) => process.stdout.write(`${line}\n`)

// ---- the server ---------------------------------------------------------------------------------

/**
 * The server's command exactly as `pnpm start` runs it: the package's `start` script (its memory flags
 * included — a soak of a server started without them measures a different process).
 */
const startCommand = (() => {
  const manifest = JSON.parse(readFileSync(join(apiDir, "package.json"), "utf8")) as {
    readonly scripts: { readonly start: string }
  }
  const [program, ...args] = manifest.scripts.start.split(/\s+/)
  if (program !== "node")
    throw new Error(`soak: the start script does not run node: ${manifest.scripts.start}`)
  return args
})()

/** Start the server (its logs at warn: the access log would cost the server time) and wait for /readyz. */
const startServer = (databaseUrl: string, memoryLog: string): Promise<ChildServer> => {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (key !== "NODE_OPTIONS" && key !== "PORT") env[key] = value
  }
  // --heap-snapshots: node's own signal handler writes a snapshot on SIGUSR2 (no code in the server).
  if (snapshotDir !== undefined)
    env.NODE_OPTIONS = `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshotDir}`
  return startChildServer({
    command: process.execPath,
    args: startCommand,
    cwd: apiDir,
    env: {
      ...env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
      BISHUI_SEED: "true",
      PUBLIC_RATE_LIMIT: "1000000000",
      // The server's own account of its memory (V8's heap, buffers) every 5 s, beside the RSS read here.
      BISHUI_MEMORY_LOG: memoryLog,
      BISHUI_MEMORY_LOG_SECONDS: "5"
    },
    pollMs: 200
  })
}

/** The server's resident memory in bytes (Linux /proc, else ps). */
interface Rss {
  readonly at: number
  /** VmRSS: everything resident. */
  readonly bytes: number
  /** RssAnon: the process's own memory (V8's heap, buffers, malloc). */
  readonly anon: number
  /** RssFile: resident pages of mapped files (the code, and SQLite's memory-mapped database file). */
  readonly file: number
  /** AnonHugePages (smaps_rollup): anonymous memory in transparent huge pages, part of `anon`. */
  readonly anonHuge: number
}

const readProc = (path: string) => {
  try {
    return readFileSync(path, "utf8")
  } catch {
    return ""
  }
}

const rssOf = (pid: number): Rss => {
  const status = readProc(`/proc/${pid}/status`)
  const rollup = readProc(`/proc/${pid}/smaps_rollup`)
  const field = (text: string, name: string) =>
    Number(new RegExp(`${name}:\\s+(\\d+)\\s+kB`).exec(text)?.[1] ?? 0) * 1024
  return {
    at: Date.now(),
    bytes: field(status, "VmRSS"),
    anon: field(status, "RssAnon"),
    file: field(status, "RssFile"),
    anonHuge: field(rollup, "AnonHugePages")
  }
}

/** Has the server write a heap snapshot (node's --heapsnapshot-signal) and waits until it is written. */
const heapSnapshot = async (pid: number, dir: string) => {
  const count = () => readdirSync(dir).filter((f) => f.endsWith(".heapsnapshot")).length
  const before = count()
  process.kill(pid, "SIGUSR2")
  const newest = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".heapsnapshot"))
      .map((f) => join(dir, f))
      .sort()
      .at(-1)
  let lastSize = -1
  for (let i = 0; i < 600; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    if (count() <= before) continue
    const file = newest()
    const size = file === undefined ? 0 : statSync(file).size
    if (size > 0 && size === lastSize) return file
    lastSize = size
  }
  return undefined
}

const issueTokens = async (databaseUrl: string) => {
  const runtime = ManagedRuntime.make(appLayer(databaseUrl))
  try {
    return await runtime.runPromise(
      Effect.gen(function* () {
        const tokens = yield* AccessTokens.AccessTokens
        const issue = (role: "secretary" | "member" | "viewer", memberId?: string) =>
          Effect.map(
            tokens.issue({
              tenantId: tenant,
              role,
              branchId: Seed.seedBranchId,
              ...(memberId === undefined ? {} : { memberId: memberId as never }),
              label: `soak ${role}`
            }),
            (issued) => issued.token
          )
        return {
          secretary: yield* issue("secretary", "member-wang-jianhua"),
          member: yield* issue("member", "member-liu-yang"),
          viewer: yield* issue("viewer")
        }
      })
    )
  } finally {
    await runtime.dispose()
  }
}

// ---- the workload -------------------------------------------------------------------------------

interface Sample {
  readonly at: number
  readonly ms: number
  readonly status: number
}

type Tokens = Awaited<ReturnType<typeof issueTokens>>

const makeWorkload = (url: string, tokens: Tokens, runId: string) => {
  let serial = 0
  const acknowledged = { cases: new Set<string>(), patrols: new Set<string>() }
  const recent: Array<string> = ["case-2023-xh01-litter"]
  const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { "content-type": "application/json" })
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000)
    })
    await response.arrayBuffer()
    return response.status
  }
  /**
   * One request of the mix: 80 % reads (lists, records, the public signboard, the annual report),
   * 20 % writes (cases and patrols, with ids chosen here so each acknowledged one can be counted).
   */
  const mix: ReadonlyArray<readonly [number, () => Promise<number>]> = [
    [30, () => call("GET", `/v1/cases?branchId=${branch}&limit=20`, tokens.secretary)],
    [12, () => call("GET", `/v1/zones?branchId=${branch}`, tokens.viewer)],
    [8, () => call("GET", "/v1/members/member-liu-yang", tokens.secretary)],
    [
      10,
      () => call("GET", `/v1/cases/${recent[Math.floor(Math.random() * recent.length)]}`, tokens.secretary)
    ],
    [10, () => call("GET", `/v1/public/${tenant}/zones`, undefined)],
    [
      10,
      async () => {
        const id = `soak-${runId}-case-${serial++}`
        const status = await call("POST", "/v1/cases", tokens.secretary, {
          id,
          branchId: branch,
          kind: "routine",
          title: "巡河发现漂浮物",
          description: "soak",
          source: "patrol",
          severity: "low",
          zoneId: "zone-nh-01"
        })
        if (status === 201) {
          acknowledged.cases.add(id)
          if (recent.length < 200) recent.push(id)
          else recent[serial % 200] = id
        }
        return status
      }
    ],
    [
      10,
      async () => {
        const id = `soak-${runId}-patrol-${serial++}`
        const status = await call("POST", "/v1/patrols", tokens.member, {
          id,
          zoneId: "zone-nh-01",
          memberId: "member-liu-yang",
          startedAt: new Date().toISOString(),
          litterCollected: "1.5",
          caseIds: []
        })
        if (status === 201) acknowledged.patrols.add(id)
        return status
      }
    ],
    [8, () => call("GET", `/v1/patrols?zoneId=zone-nh-01&limit=20`, tokens.secretary)],
    [2, () => call("GET", `/v1/branches/${branch}/reports/annual/2023`, tokens.secretary)]
  ]
  const total = mix.reduce((sum, [weight]) => sum + weight, 0)
  const one = async (): Promise<Sample> => {
    let pick = Math.random() * total
    let run = mix[0]?.[1] as () => Promise<number>
    for (const [weight, f] of mix) {
      pick -= weight
      if (pick <= 0) {
        run = f
        break
      }
    }
    const started = performance.now()
    const status = await run().catch(() => 0)
    return { at: Date.now(), ms: performance.now() - started, status }
  }
  return { one, acknowledged }
}

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number)

/** Closed loop: `concurrency` clients as fast as the server answers; requests a second. */
const measure = async (one: () => Promise<Sample>) => {
  const until = Date.now() + measureSeconds * 1000
  let done = 0
  let failed = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const sample = await one()
        done++
        if (sample.status >= 500 || sample.status === 0) failed++
      }
    })
  )
  return { rps: done / measureSeconds, failed }
}

/** Open loop at `rps` for `seconds`: a request every 1/rps s, whatever the answers do. */
const steady = async (one: () => Promise<Sample>, rps: number, seconds: number, pid: number) => {
  const samples: Array<Sample> = []
  const rss: Array<Rss> = [rssOf(pid)]
  const inFlight = new Set<Promise<void>>()
  const maxInFlight = 1024
  let skipped = 0
  const started = Date.now()
  const end = started + seconds * 1000
  const interval = 1000 / rps
  let next = started
  // Every 5 s; a short run is sampled more often, so each third of it has samples.
  const every = Math.max(250, Math.min(5_000, (seconds * 1000) / 30))
  const sampler = setInterval(() => rss.push(rssOf(pid)), every)
  const snapshots: Array<Promise<string | undefined>> = []
  const middleSnapshot =
    snapshotDir === undefined
      ? undefined
      : setTimeout(() => snapshots.push(heapSnapshot(pid, snapshotDir)), (seconds * 1000) / 2)
  while (Date.now() < end) {
    const now = Date.now()
    while (next <= now && next < end) {
      next += interval
      if (inFlight.size >= maxInFlight) {
        skipped++
        continue
      }
      const request: Promise<void> = one().then((sample) => {
        samples.push(sample)
        inFlight.delete(request)
      })
      inFlight.add(request)
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(10, next - Date.now()))))
  }
  await Promise.all(inFlight)
  clearInterval(sampler)
  rss.push(rssOf(pid))
  clearTimeout(middleSnapshot)
  if (snapshotDir !== undefined) snapshots.push(heapSnapshot(pid, snapshotDir))
  const written = await Promise.all(snapshots)
  return { samples, rss, skipped, started, seconds, snapshots: written }
}

// ---- counting in the database -------------------------------------------------------------------

const countFound = async (
  databaseUrl: string,
  ids: ReadonlyArray<string>,
  table: "cases" | "patrol_logs"
) => {
  if (ids.length === 0) return 0
  const prefix = (ids[0] as string).replace(/-\d+$/, "-")
  let found: ReadonlyArray<string>
  if (/^postgres(ql)?:/.test(databaseUrl)) {
    const rows = await Effect.runPromise(
      Effect.gen(function* () {
        const sql = yield* PgClient.make({ url: Redacted.make(databaseUrl), maxConnections: 1 })
        return yield* sql.unsafe<{ id: string }>(`SELECT id FROM ${table} WHERE id LIKE $1`, [`${prefix}%`])
      }).pipe(Effect.scoped, Effect.provide(Reactivity.layer))
    )
    found = rows.map((row) => row.id)
  } else {
    const db = new DatabaseSync(databaseUrl, { readOnly: true })
    try {
      found = (
        db.prepare(`SELECT id FROM ${table} WHERE id LIKE ?`).all(`${prefix}%`) as Array<{ id: string }>
      ).map((row) => row.id)
    } finally {
      db.close()
    }
  }
  const stored = new Set(found)
  return ids.filter((id) => stored.has(id)).length
}

const onAdmin = <A>(statement: string) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const sql = yield* PgClient.make({
        url: Redacted.make(adminUrl),
        maxConnections: 1,
        connectTimeout: "3 seconds"
      })
      return yield* sql.unsafe<A & object>(statement)
    }).pipe(Effect.scoped, Effect.provide(Reactivity.layer), Effect.timeout("20 seconds"))
  )

// ---- one backend --------------------------------------------------------------------------------

interface Verdict {
  readonly backend: string
  readonly ok: boolean
}

const soak = async (backend: string): Promise<Verdict> => {
  let databaseUrl: string
  let cleanup: () => Promise<void>
  if (backend === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "bishui-soak-"))
    databaseUrl = join(dir, "bishui.db")
    cleanup = async () => rmSync(dir, { recursive: true, force: true })
  } else if (backend === "postgresql") {
    const name = `bishui_soak_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`
    try {
      await onAdmin(`CREATE DATABASE ${name}`)
    } catch (error) {
      say(
        `\npostgresql: SKIPPED — PostgreSQL not reachable at ${adminUrl.replace(/:[^:@/]*@/, ":***@")} (${String(error).slice(0, 120)})`
      )
      return { backend, ok: true }
    }
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    databaseUrl = url.toString()
    cleanup = async () => {
      await onAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    }
  } else {
    say(`soak: unknown backend ${backend} (sqlite or postgresql)`)
    return { backend, ok: false }
  }

  let server: ChildServer | undefined
  const logDir = mkdtempSync(join(tmpdir(), "bishui-soak-memory-"))
  const memoryLog = join(logDir, "memory.jsonl")
  try {
    say(`\n== ${backend} ==`)
    say(`server: node ${startCommand.join(" ")} (as \`pnpm start\` runs it)`)
    if (snapshotDir !== undefined) mkdirSync(snapshotDir, { recursive: true })
    server = await startServer(databaseUrl, memoryLog)
    const pid = server.child.pid as number
    const tokens = await issueTokens(databaseUrl)
    const workload = makeWorkload(server.url, tokens, crypto.randomUUID().slice(0, 8))
    const max = await measure(workload.one)
    const rate = fixedRate ?? Math.max(1, max.rps / 2)
    say(
      `maximum: ${max.rps.toFixed(0)} req/s (closed loop, ${concurrency} clients, ${measureSeconds} s); steady load: ${rate.toFixed(0)} req/s for ${minutes} min`
    )
    const run = await steady(workload.one, rate, minutes * 60, pid)
    await server.stop()
    server = undefined

    // Per minute (or, for runs under 4 minutes, per quarter of the run).
    const bucketMs = minutes >= 4 ? 60_000 : (minutes * 60_000) / 4
    const buckets: Array<Array<Sample>> = []
    for (const sample of run.samples) {
      const index = Math.min(
        Math.floor((sample.at - run.started) / bucketMs),
        Math.ceil((run.seconds * 1000) / bucketMs) - 1
      )
      const bucket = buckets[index] ?? []
      bucket.push(sample)
      buckets[index] = bucket
    }
    const rows = buckets.map((bucket, index) => {
      const ms = bucket.map((s) => s.ms).sort((a, b) => a - b)
      return {
        from: ((index * bucketMs) / 60_000).toFixed(2),
        requests: bucket.length,
        errors: bucket.filter((s) => s.status >= 500 || s.status === 0).length,
        p50: percentile(ms, 50),
        p99: percentile(ms, 99)
      }
    })
    say("")
    say("  minute   requests   5xx    p50 ms    p99 ms")
    for (const row of rows) {
      say(
        `  ${row.from.padStart(6)} ${String(row.requests).padStart(10)} ${String(row.errors).padStart(5)} ${row.p50.toFixed(1).padStart(9)} ${row.p99.toFixed(1).padStart(9)}`
      )
    }
    const total = run.samples.length
    const errors = run.samples.filter((s) => s.status >= 500 || s.status === 0).length
    const all = run.samples.map((s) => s.ms).sort((a, b) => a - b)
    say(
      `  total  ${String(total).padStart(10)} ${String(errors).padStart(5)} ${percentile(all, 50).toFixed(1).padStart(9)} ${percentile(all, 99).toFixed(1).padStart(9)}`
    )
    const statuses = new Map<number, number>()
    for (const s of run.samples) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1)
    say(
      `  answers: ${[...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s === 0 ? "no answer" : s}×${n}`)
        .join(", ")}${run.skipped > 0 ? `; ${run.skipped} requests not sent (1024 in flight)` : ""}`
    )

    // Memory: the RSS level of the last third of the steady load against that of the middle third,
    // each the median of its samples (every 5 s) — one sample swings by ±15 % with the garbage
    // collector. The first third is warm-up: V8 sizes its heap to the allocation rate (RSS rises
    // while the live heap does not), the JIT, connection pools and statement caches fill. A leak
    // keeps the level rising after it; a sized heap does not.
    const median = (xs: ReadonlyArray<number>) =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
    const third = (run.seconds * 1000) / 3
    const levelOf = (from: number, to: number, part: (r: Rss) => number = (r) => r.bytes) =>
      median(run.rss.filter((r) => r.at >= run.started + from && r.at <= run.started + to).map(part))
    const atStart = run.rss[0]?.bytes ?? 0
    const rssMiddle = levelOf(third, 2 * third)
    const rssLast = levelOf(2 * third, 3 * third + 10_000)
    const rssPeak = Math.max(...run.rss.map((r) => r.bytes))
    const growth = rssMiddle === 0 ? 0 : ((rssLast - rssMiddle) / rssMiddle) * 100
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
    say(
      `  memory (RSS): ${mb(atStart)} at the start of the steady load; level ${mb(rssMiddle)} in its middle third, ${mb(rssLast)} in its last (peak ${mb(rssPeak)}): growth ${growth.toFixed(1)} %`
    )
    // What the RSS is made of: the process's own memory, and mapped files — on SQLite the database file
    // is memory-mapped, so its touched pages count in RSS and grow with the file as the soak writes.
    const anon = (r: Rss) => r.anon
    const file = (r: Rss) => r.file
    say(
      `    of which anonymous (heap, buffers) ${mb(levelOf(third, 2 * third, anon))} → ${mb(levelOf(2 * third, 3 * third + 10_000, anon))}, file-backed (code, mapped database file) ${mb(levelOf(third, 2 * third, file))} → ${mb(levelOf(2 * third, 3 * third + 10_000, file))}`
    )

    // Per third: what the kernel counts (RSS, anonymous, file-backed, of anonymous in huge pages) and what
    // the server says of its own (V8's heap reserved and used, memory outside it held by JS objects).
    // "anon − heap" is the anonymous memory V8's heap does not account for: SQLite's page cache, malloc.
    const logged = readMemoryLog(memoryLog)
    const thirds = [0, 1, 2].map((i) => {
      const from = run.started + i * third
      const to = run.started + (i + 1) * third + (i === 2 ? 10_000 : 0)
      const kernel = run.rss.filter((r) => r.at >= from && r.at <= to)
      const own = logged.filter((m) => m.at >= from && m.at <= to)
      const of = <A>(xs: ReadonlyArray<A>, part: (a: A) => number) => median(xs.map(part))
      return {
        rss: of(kernel, (r) => r.bytes),
        anon: of(kernel, (r) => r.anon),
        file: of(kernel, (r) => r.file),
        huge: of(kernel, (r) => r.anonHuge),
        heapTotal: of(own, (m: MemoryLine) => m.heapTotal),
        heapUsed: of(own, (m: MemoryLine) => m.heapUsed),
        heapFloor: own.length === 0 ? 0 : Math.min(...own.map((m) => m.heapUsed)),
        external: of(own, (m: MemoryLine) => m.external),
        arrayBuffers: of(own, (m: MemoryLine) => m.arrayBuffers),
        outside: of(own, (m: MemoryLine) => m.anon - m.heapTotal)
      }
    })
    const col = (bytes: number) => (bytes / 1024 / 1024).toFixed(1).padStart(9)
    say("  memory per third (MB, medians of samples every 5 s; heap floor = least heapUsed seen):")
    say(
      "  third        RSS     anon     file  anonTHP heapTotal heapUsed heapFloor external arrayBuf anon−heap"
    )
    for (const [i, t] of thirds.entries()) {
      say(
        `  ${["first ", "middle", "last  "][i]} ${col(t.rss)}${col(t.anon)}${col(t.file)}${col(t.huge)}${col(t.heapTotal)}${col(t.heapUsed)}${col(t.heapFloor)}${col(t.external)}${col(t.arrayBuffers)}${col(t.outside)}`
      )
    }
    for (const file of run.snapshots) if (file !== undefined) say(`  heap snapshot: ${file}`)

    const cases = [...workload.acknowledged.cases]
    const patrols = [...workload.acknowledged.patrols]
    const foundCases = await countFound(databaseUrl, cases, "cases")
    const foundPatrols = await countFound(databaseUrl, patrols, "patrol_logs")
    say(
      `  acknowledged writes: ${cases.length} cases, ${patrols.length} patrols; in the database: ${foundCases} cases, ${foundPatrols} patrols`
    )

    const first = rows[0]?.p99 ?? 0
    const last = rows.at(-1)?.p99 ?? 0
    const checks: ReadonlyArray<readonly [string, boolean]> = [
      ["no 5xx and no dropped request", errors === 0],
      ["p99 stable (last ≤ 2 × first + 50 ms)", last <= 2 * first + 50],
      ["memory growth under 10 % (last third against middle third)", growth < 10],
      [
        "every acknowledged write is in the database",
        foundCases === cases.length && foundPatrols === patrols.length
      ]
    ]
    for (const [label, ok] of checks) say(`  ${ok ? "✓" : "✗"} ${label}`)
    return { backend, ok: checks.every(([, ok]) => ok) }
  } finally {
    await server?.stop()
    await cleanup()
    rmSync(logDir, { recursive: true, force: true })
  }
}

const verdicts: Array<Verdict> = []
for (const backend of backends) verdicts.push(await soak(backend))
const ok = verdicts.every((v) => v.ok)
say(
  `\nsoak: ${
    ok
      ? "every promise kept"
      : `broken on ${verdicts
          .filter((v) => !v.ok)
          .map((v) => v.backend)
          .join(", ")}`
  }`
)
process.exit(ok ? 0 : 1)

/** Test helpers: temporary databases, running the importer in-process or as the real command. */
import { spawn, spawnSync } from "node:child_process"
import { copyFileSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { fileURLToPath } from "node:url"
import { Progress } from "@bishui/import-engine"
import { CurrentActor, Reports, type Services, Store, Tables } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect, type Layer, Schema } from "effect"
import { servicesLayer } from "../src/Database.ts"
import { type ImportOptions, importFiles } from "../src/Run.ts"

export const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..")
export const repoDir = resolve(appDir, "../..")
export const exampleDir = join(repoDir, "examples/siping")
export const exampleXlsx = join(exampleDir, "siping.xlsx")
export const exampleCsvDir = join(exampleDir, "csv")
export const binPath = join(appDir, "src/bin.ts")

type AllServices = Layer.Success<typeof Services.layerSql>

export const tempDir = (): { readonly path: string; readonly cleanup: () => void } => {
  const path = mkdtempSync(join(tmpdir(), "bishui-importer-"))
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) }
}

export const run = <A, E>(db: string, effect: Effect.Effect<A, E, AllServices>): Promise<A> =>
  Effect.runPromise(effect.pipe(Effect.provide(servicesLayer(db))) as Effect.Effect<A, E, never>)

export const importInto = (db: string, files: ReadonlyArray<string>, options: Partial<ImportOptions> = {}) =>
  run(
    db,
    importFiles({
      files,
      tenantId: Seed.seedTenantId,
      tenantName: "四平市水利局",
      mode: "import",
      skipInvalid: false,
      format: "text",
      errorsOut: undefined,
      progress: Progress.silent,
      ...options
    })
  )

/** A database holding the seed branch, loaded through the services. */
export const seededDb = (db: string) =>
  run(db, Seed.loadSeed(Seed.sipingBranch).pipe(Effect.provideService(CurrentActor.CurrentActor, "seed")))

export const annualReport = (db: string) =>
  run(
    db,
    Effect.gen(function* () {
      const reports = yield* Reports.Reports
      return yield* reports.annualBranchReport(Seed.seedTenantId, Seed.seedBranchId, Seed.seedYear)
    })
  )

/** Every record of the tenant, encoded, as the importer compares them (approximate: false is no mark). */
export const recordsOf = (db: string) =>
  run(
    db,
    Effect.gen(function* () {
      const store = yield* Store.Store
      const out: Record<string, unknown> = {}
      for (const table of Tables.allTables) {
        if (["audit_log", "access_tokens", "invites", "idempotency_keys"].includes(table.name)) continue
        const records = yield* store
          .collection(table as unknown as Tables.Table<{ id: string }>)
          .all(Seed.seedTenantId)
        const encode = Schema.encodeSync(table.schema as Schema.Codec<unknown, unknown>)
        out[table.name] = records
          .map((r) =>
            JSON.parse(
              JSON.stringify(encode(r), (k, v) => (k === "approximate" && v === false ? undefined : v))
            )
          )
          .map((r: Record<string, unknown>) =>
            Array.isArray(r.outcomes)
              ? {
                  ...r,
                  outcomes: [...r.outcomes].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
                }
              : r
          )
          .sort((a: Record<string, unknown>, b: Record<string, unknown>) =>
            String(a.id).localeCompare(String(b.id))
          )
      }
      return out
    })
  )

export const tables = [
  "tenants",
  "organisations",
  "members",
  "projects",
  "zones",
  "teams",
  "pioneer_posts",
  "campaigns",
  "service_events",
  "patrol_logs",
  "cases",
  "micro_wishes",
  "audit_log"
] as const

/** Rows per table, read with node:sqlite directly. */
export const countRows = (db: string): Record<string, number> => {
  const sqlite = new DatabaseSync(db, { readOnly: true })
  try {
    return Object.fromEntries(
      tables.map((t) => [
        t,
        Number((sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n)
      ])
    )
  } catch {
    return {}
  } finally {
    sqlite.close()
  }
}

export const integrity = (db: string): string => {
  const sqlite = new DatabaseSync(db)
  try {
    return String(
      (sqlite.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check
    )
  } finally {
    sqlite.close()
  }
}

/** Every index made by CREATE INDEX (name and text), and every trigger: the schema a load must leave. */
export const indexesOf = (db: string): ReadonlyArray<{ readonly name: string; readonly sql: string }> => {
  const sqlite = new DatabaseSync(db, { readOnly: true })
  try {
    return (
      sqlite
        .prepare(
          "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name"
        )
        .all() as Array<{ name: string; sql: string }>
    ).map((row) => ({ name: row.name, sql: row.sql }))
  } finally {
    sqlite.close()
  }
}

export const copyDb = (from: string, to: string) => copyFileSync(from, to)

export interface CliResult {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

const env = { ...process.env, DATABASE_URL: "", NO_COLOR: "1" }

/** Run `bishui-import` as a process. */
export const cli = (args: ReadonlyArray<string>, cwd = appDir): CliResult => {
  const result = spawnSync(process.execPath, ["--conditions=source", binPath, ...args], {
    cwd,
    encoding: "utf8",
    env,
    timeout: 60_000
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Start `bishui-import` and resolve once its stderr matches `ready` (the process keeps running). */
export const startCli = (args: ReadonlyArray<string>, ready: RegExp) => {
  const child = spawn(process.execPath, ["--conditions=source", binPath, ...args], { cwd: appDir, env })
  let stderr = ""
  let stdout = ""
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString()
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on("exit", (code, signal) => done({ code, signal }))
  )
  const started = new Promise<void>((done, fail) => {
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString()
      if (ready.test(stderr)) done()
    })
    void exited.then(() => fail(new Error(`exited before it was ready:\n${stderr}\n${stdout}`)))
  })
  return { child, started, exited, output: () => ({ stdout, stderr }) }
}

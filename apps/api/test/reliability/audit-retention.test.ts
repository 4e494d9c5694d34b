/**
 * The audit log the database protects, as an operator with a SQL shell meets it: through the drivers
 * (node:sqlite on the SQLite file; psql on PostgreSQL) an UPDATE or DELETE of audit_log is refused
 * with the triggers' message — a new entry may still be appended —, and `pnpm run audit-retention`
 * (`./dev audit-retention`) deletes exactly the entries older than its cutoff, the start of that day in
 * the tenant's time zone, records that it did, and leaves the log closed again.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { isPostgresUrl } from "@bishui/database"
import { CurrentActor } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { appLayer } from "../../src/server/Server.ts"
import { describePg, freshDatabase, pgQuery } from "./support/pg.ts"
import { apiDir, childEnv } from "./support/process.ts"

const root = join(apiDir, "../..")
const tenant = Seed.seedTenantId

/** The entries planted before the seed's: old enough to go, and one that is already 2020 in Beijing. */
const planted = [
  ["audit-old-2015", "2015-06-01T00:00:00.000Z"],
  ["audit-old-2019", "2019-12-31T15:59:59.999Z"], // 2019-12-31 23:59:59.999 in Beijing
  ["audit-new-2020", "2019-12-31T16:00:00.000Z"] // 2020-01-01 00:00 in Beijing
] as const

/** A database holding the seed branch (its audit entries are of today), loaded through the services. */
const seeded = (databaseUrl: string) =>
  Effect.runPromise(
    Seed.loadSeed(Seed.sipingBranch).pipe(
      Effect.provideService(CurrentActor.CurrentActor, "seed"),
      Effect.provide(appLayer(databaseUrl))
    )
  )

/** An audit row as the Store writes one, appended by hand (appending is allowed). */
const plantRow = (id: string, at: string) => {
  const doc = JSON.stringify({
    id,
    tenantId: tenant,
    actor: "planted",
    at,
    entity: "zone",
    entityId: "zone-bh01",
    action: "update",
    change: "zone.update",
    before: null,
    after: null
  })
  return {
    text: `INSERT INTO audit_log (tenant_id, id, version, doc, created_at, updated_at, entity, entity_id, actor, at)
      VALUES ('${tenant}', '${id}', 1, '${doc}', '${at}', '${at}', 'zone', 'zone-bh01', 'planted', '${at}')`
  }
}

/** The command as the README runs it; `viaDev` through `./dev` (which runs `pnpm run …`). */
const retention = (databaseUrl: string, args: ReadonlyArray<string>, viaDev = false) =>
  spawnSync(
    viaDev ? "bash" : process.execPath,
    viaDev
      ? [join(root, "dev"), "audit-retention", ...args]
      : ["--conditions=source", "src/retention.ts", ...args],
    {
      cwd: viaDev ? root : apiDir,
      env: childEnv({ DATABASE_URL: databaseUrl }),
      encoding: "utf8",
      timeout: 120_000
    }
  )

interface Shell {
  /** Run statements in one session; the error text when the database refused. */
  readonly run: (statements: ReadonlyArray<string>) => Promise<string | undefined>
  readonly ats: () => Promise<ReadonlyArray<string>>
  readonly count: () => Promise<number>
}

const sqliteShell = (file: string): Shell => {
  const query = <A>(f: (db: DatabaseSync) => A): A => {
    const db = new DatabaseSync(file)
    try {
      return f(db)
    } finally {
      db.close()
    }
  }
  return {
    run: async (statements) =>
      query((db) => {
        try {
          for (const statement of statements) db.exec(statement)
          return undefined
        } catch (error) {
          return String((error as Error).message)
        }
      }),
    ats: async () =>
      query((db) =>
        (
          db.prepare(`SELECT at FROM audit_log WHERE actor = 'planted' ORDER BY at`).all() as Array<{
            at: string
          }>
        ).map((r) => r.at)
      ),
    count: async () =>
      query((db) => Number((db.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n))
  }
}

const pgShell = (url: string): Shell => ({
  run: async (statements) => {
    const psql = spawnSync(
      "psql",
      ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, ...statements.flatMap((s) => ["-c", s])],
      { encoding: "utf8", timeout: 60_000 }
    )
    return psql.status === 0 ? undefined : psql.stderr
  },
  ats: async () =>
    (await pgQuery<{ at: string }>(url, `SELECT at FROM audit_log WHERE actor = 'planted' ORDER BY at`)).map(
      (r) => r.at
    ),
  count: async () => Number((await pgQuery<{ n: string }>(url, "SELECT count(*) AS n FROM audit_log"))[0]?.n)
})

/** `usage`: also the command's refusals of its arguments and the run through `./dev` (once is enough). */
const suite = (databaseUrl: () => string, shell: () => Shell, usage: boolean) => {
  beforeAll(async () => {
    await seeded(databaseUrl())
    expect(await shell().run(planted.map(([id, at]) => plantRow(id, at).text))).toBeUndefined()
  }, 120_000)

  it("a SQL shell cannot change or delete audit history; it can only append", async () => {
    const before = await shell().count()
    for (const statement of [
      "UPDATE audit_log SET actor = 'someone else'",
      "UPDATE audit_log SET doc = doc WHERE actor = 'planted'",
      `DELETE FROM audit_log WHERE at < '2016-01-01'`,
      "DELETE FROM audit_log",
      ...(isPostgresUrl(databaseUrl()) ? ["TRUNCATE audit_log"] : [])
    ]) {
      const refused = await shell().run([statement])
      expect(refused, statement).toContain("audit_log is append-only")
      expect(refused, statement).toContain("审计日志只能追加")
    }
    if (isPostgresUrl(databaseUrl())) {
      // The retention command's window is transaction-local: opened and committed, it is gone.
      const refused = await shell().run([
        "BEGIN",
        "SELECT set_config('bishui.audit_retention_before', '2100-01-01', true)",
        "COMMIT",
        "DELETE FROM audit_log"
      ])
      expect(refused).toContain("audit_log is append-only")
    }
    expect(await shell().count()).toBe(before)
    expect(await shell().ats()).toEqual(planted.map(([, at]) => at))
  }, 120_000)

  it("audit-retention deletes only what is older than the start of its day in Beijing, and says so", async () => {
    const before = await shell().count()
    const dry = retention(databaseUrl(), ["--before", "2020-01-01", "--dry-run"], usage)
    expect(dry.status, dry.stderr).toBe(0)
    expect(dry.stdout).toContain(
      `${tenant}: 2 audit entries before 2019-12-31T16:00:00.000Z would be deleted (dry run)`
    )
    expect(await shell().count()).toBe(before)

    const done = retention(databaseUrl(), ["--before", "2020-01-01", "--tenant", tenant])
    expect(done.status, done.stderr).toBe(0)
    expect(done.stdout).toContain(`${tenant}: 2 audit entries before 2019-12-31T16:00:00.000Z deleted`)
    expect(await shell().ats()).toEqual(["2019-12-31T16:00:00.000Z"])
    // two gone, one added: the retention's own entry; the seed's entries (today's) all kept
    expect(await shell().count()).toBe(before - 2 + 1)
    // and the log is closed again
    expect(await shell().run(["DELETE FROM audit_log WHERE actor = 'planted'"])).toContain("append-only")

    const again = retention(databaseUrl(), ["--before", "2020-01-01"])
    expect(again.status, again.stderr).toBe(0)
    expect(again.stdout).toContain(`${tenant}: 0 audit entries before 2019-12-31T16:00:00.000Z deleted`)
  }, 240_000)

  if (usage)
    it("refuses a cutoff in the future, a date it cannot read and a tenant it does not know", () => {
      const future = retention(databaseUrl(), ["--before", "2999-01-01"])
      expect(future.status).toBe(2)
      expect(future.stderr).toContain("is in the future")
      const unreadable = retention(databaseUrl(), ["--before", "01/01/2020"])
      expect(unreadable.status).toBe(2)
      expect(unreadable.stderr).toContain("neither a date")
      const missing = retention(databaseUrl(), ["--before", "2020-01-01", "--tenant", "no-such-tenant"])
      expect(missing.status).toBe(1)
      expect(missing.stderr).toContain("no tenant no-such-tenant in this database")
    }, 120_000)
}

describe("the audit log on SQLite", () => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-audit-"))
  const file = join(dir, "bishui.db")
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  suite(
    () => file,
    () => sqliteShell(file),
    true
  )
})

await describePg("the audit log on PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined
  beforeAll(async () => {
    database = await freshDatabase()
  })
  afterAll(async () => {
    await database?.drop()
  })
  suite(
    () => database?.url ?? "",
    () => pgShell(database?.url ?? ""),
    false
  )
})

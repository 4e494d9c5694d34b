/**
 * `pnpm backup` — an online backup of the database, while the server keeps serving, and the restore
 * of a SQLite backup. The database is `DATABASE_URL` (default ./data/bishui.db), as for `pnpm start`.
 *
 *   pnpm backup <dest>              SQLite: `VACUUM INTO` — a consistent snapshot of every committed
 *                                   write, in one read transaction that never blocks the server's
 *                                   writes —, written to <dest>.partial, checked with
 *                                   `PRAGMA integrity_check`, then renamed to <dest>.
 *                                   PostgreSQL: `pg_dump --format=custom` (one snapshot) to <dest>,
 *                                   checked with `pg_restore --list`.
 *   pnpm backup --restore <file>    SQLite only, with the server stopped: check the backup, move the
 *                                   current file (and its -wal/-shm) aside, put the backup in place.
 *
 * PostgreSQL restores with `pg_restore` (see docs/reliability.md).
 */
import { spawnSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs"
import { dirname } from "node:path"
import { parseArgs } from "node:util"
import { databaseFromCaller, defaultDatabaseUrl, fromCaller, isPostgresUrl } from "@bishui/database"
import { SqliteClient } from "@bishui/sql-sqlite-node"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"

const usage = `usage: pnpm backup <dest>             online backup of DATABASE_URL (default ${defaultDatabaseUrl})
       pnpm backup --restore <file>   SQLite: replace DATABASE_URL's file with a backup (server stopped)`

const fail = (message: string): never => {
  process.stderr.write(`backup: ${message}\n`)
  process.exit(1)
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { restore: { type: "string" }, help: { type: "boolean", short: "h" } }
})
if (values.help === true) {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}

// Paths the user gave are theirs: relative to where they ran the command (@bishui/database, CallerPath.ts).
const databaseUrl =
  process.env.DATABASE_URL === undefined ? defaultDatabaseUrl : databaseFromCaller(process.env.DATABASE_URL)

/** The tables whose rows a check counts, parents first (those the database has: case_photos is migration 9's). */
const tables = [
  "tenants",
  "organisations",
  "members",
  "zones",
  "cases",
  "case_photos",
  "service_events",
  "audit_log"
]

/** Integrity and row counts of a SQLite file, opened read-only. */
const inspect = (path: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const checks = yield* sql<{ integrity_check: string }>`PRAGMA integrity_check`
    const integrity = checks.map((row) => row.integrity_check).join("; ")
    const counts: Array<string> = []
    const present = new Set(
      (yield* sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`).map(
        (row) => row.name
      )
    )
    for (const table of tables.filter((name) => present.has(name))) {
      const [row] = yield* sql<{ n: number }>`SELECT count(*) AS n FROM ${sql(table)}`
      counts.push(`${table} ${Number(row?.n ?? 0)}`)
    }
    return { integrity, counts }
  }).pipe(Effect.provide(SqliteClient.layer({ filename: path, readonly: true })))

const backupSqlite = (dest: string) =>
  Effect.gen(function* () {
    if (!existsSync(databaseUrl)) return fail(`no database at ${databaseUrl}`)
    if (existsSync(dest)) return fail(`${dest} exists; choose a new file`)
    const partial = `${dest}.partial`
    rmSync(partial, { force: true })
    const started = Date.now()
    yield* Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      yield* sql`VACUUM INTO ${partial}`
    }).pipe(Effect.provide(SqliteClient.layer({ filename: databaseUrl, busyTimeoutMs: 30_000 })))
    const { integrity, counts } = yield* inspect(partial)
    if (integrity !== "ok") {
      rmSync(partial, { force: true })
      return fail(`the copy failed its integrity check (${integrity}); nothing written`)
    }
    renameSync(partial, dest)
    process.stdout.write(
      `backup of ${databaseUrl} written to ${dest} (${statSync(dest).size} bytes, ${Date.now() - started} ms): integrity ok; ${counts.join(", ")}\n`
    )
  })

const backupPostgres = (dest: string) => {
  if (existsSync(dest)) return fail(`${dest} exists; choose a new file`)
  // The password travels in the environment, not on a command line others can read.
  const url = new URL(databaseUrl)
  const env = {
    ...process.env,
    ...(url.password === "" ? {} : { PGPASSWORD: decodeURIComponent(url.password) })
  }
  url.password = ""
  const partial = `${dest}.partial`
  const started = Date.now()
  const dump = spawnSync(
    "pg_dump",
    ["--format=custom", "--no-owner", `--file=${partial}`, `--dbname=${url}`],
    {
      env,
      stdio: ["ignore", "inherit", "inherit"]
    }
  )
  if (dump.error !== undefined) return fail(`pg_dump could not run (${dump.error.message}); is it installed?`)
  if (dump.status !== 0) {
    rmSync(partial, { force: true })
    return fail(`pg_dump failed (exit ${dump.status})`)
  }
  const list = spawnSync("pg_restore", ["--list", partial], { encoding: "utf8" })
  if (list.status !== 0 || !/TABLE DATA \S+ cases /.test(list.stdout)) {
    rmSync(partial, { force: true })
    return fail("the dump does not list the tables' data; nothing written")
  }
  renameSync(partial, dest)
  process.stdout.write(
    `backup of ${url.toString()} written to ${dest} (${statSync(dest).size} bytes, ${Date.now() - started} ms): pg_restore --list ok\n`
  )
}

const restoreSqlite = (backup: string) =>
  Effect.gen(function* () {
    if (!existsSync(backup)) return fail(`no backup at ${backup}`)
    const { integrity, counts } = yield* inspect(backup)
    if (integrity !== "ok")
      return fail(`the backup fails its integrity check (${integrity}); nothing changed`)
    const stamp = new Date().toISOString().replace(/[:.]/g, "-")
    const aside = `${databaseUrl}.before-restore-${stamp}`
    const moved: Array<string> = []
    // The -wal and -shm of the old file move too: a stale WAL next to the restored file would be
    // replayed into it.
    for (const suffix of ["", "-wal", "-shm"]) {
      if (existsSync(`${databaseUrl}${suffix}`)) {
        renameSync(`${databaseUrl}${suffix}`, `${aside}${suffix}`)
        moved.push(`${aside}${suffix}`)
      }
    }
    mkdirSync(dirname(databaseUrl), { recursive: true })
    copyFileSync(backup, `${databaseUrl}.restoring`)
    renameSync(`${databaseUrl}.restoring`, databaseUrl)
    process.stdout.write(
      `restored ${backup} to ${databaseUrl}: integrity ok; ${counts.join(", ")}${moved.length > 0 ? `\nthe previous file is kept as ${moved[0]}` : ""}\n`
    )
  })

const main = (): Effect.Effect<void, unknown> => {
  if (values.restore !== undefined) {
    if (isPostgresUrl(databaseUrl))
      return fail("restore a PostgreSQL dump with pg_restore (docs/reliability.md)")
    return restoreSqlite(fromCaller(values.restore))
  }
  if (positionals[0] === undefined) return fail(`name the backup file\n\n${usage}`)
  const dest = fromCaller(positionals[0])
  return isPostgresUrl(databaseUrl) ? Effect.sync(() => backupPostgres(dest)) : backupSqlite(dest)
}

Effect.runPromise(main()).catch((error: unknown) =>
  fail(
    typeof error === "object" && error !== null && "message" in error ? String(error.message) : String(error)
  )
)

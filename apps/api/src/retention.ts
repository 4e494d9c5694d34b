/**
 * `pnpm run audit-retention` — delete audit entries older than a cutoff, the one way the database lets
 * audit history go (migration 0008's triggers refuse every other UPDATE and DELETE of the audit log).
 *
 *   pnpm run audit-retention --before 2016-01-01 [--tenant siping-water] [--dry-run]
 *
 * A date is the start of that day in each tenant's time zone; an RFC 3339 time (with its offset) is
 * that instant. One transaction: every tenant's old entries go, and each tenant's log gains an entry
 * saying who cut it, when, where and how many — or nothing changes. The database is `DATABASE_URL`
 * (default ./data/bishui.db), as for `pnpm start`.
 */
import { parseArgs } from "node:util"
import { defaultDatabaseUrl } from "@bishui/database"
import { Calendar } from "@bishui/domain"
import { AuditRetention, CurrentActor } from "@bishui/services"
import { Clock, Console, Effect, Schema } from "effect"
import { appLayer } from "./server/appLayer.ts"

const usage = `usage: pnpm run audit-retention --before YYYY-MM-DD [--tenant ID] [--dry-run]

  --before   delete audit entries older than this: a date (the start of that day in each tenant's
             time zone) or an RFC 3339 time such as 2016-01-01T00:00:00+08:00; not in the future
  --tenant   only this tenant's entries (default: every tenant's)
  --dry-run  count what would be deleted; delete nothing

DATABASE_URL selects the database (default ${defaultDatabaseUrl}). Each tenant's audit log records the
deletion (actor audit-retention, change audit.retention). The audit log refuses every other UPDATE
and DELETE: see docs/reliability.md.`

const fail = (message: string): never => {
  process.stderr.write(`audit-retention: ${message}\n\n${usage}\n`)
  process.exit(2)
}

const { values } = parseArgs({
  options: {
    before: { type: "string" },
    tenant: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    help: { type: "boolean", short: "h" }
  }
})
if (values.help === true) {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}
if (values.before === undefined) fail("--before is required")
const given = values.before as string
const before = Schema.is(Calendar.LocalDate)(given) ? given : Calendar.parseDateTime(given)
if (before === undefined) fail(`--before ${given} is neither a date (YYYY-MM-DD) nor an RFC 3339 time`)
const cutoff = before as Calendar.LocalDate | Calendar.Instant
const dryRun = values["dry-run"] === true

const program = Effect.gen(function* () {
  // The earliest a local day can end anywhere (UTC+14) bounds a date; an instant bounds itself.
  const latest = Schema.is(Calendar.LocalDate)(cutoff)
    ? Date.parse(`${cutoff}T00:00:00Z`) - 14 * 3_600_000
    : Date.parse(cutoff)
  if (latest > (yield* Clock.currentTimeMillis)) return fail(`--before ${given} is in the future`)
  const results = yield* AuditRetention.purge({ before: cutoff, tenantId: values.tenant, dryRun })
  if (results.length === 0) yield* Console.log("no audit entries: nothing to delete")
  for (const { tenantId, before: at, deleted } of results) {
    yield* Console.log(
      `${tenantId}: ${deleted} audit ${deleted === 1 ? "entry" : "entries"} before ${at} ${dryRun ? "would be deleted (dry run)" : "deleted"}`
    )
  }
})

program
  .pipe(
    Effect.provideService(CurrentActor.CurrentActor, "audit-retention"),
    Effect.provide(appLayer(process.env.DATABASE_URL ?? defaultDatabaseUrl)),
    Effect.runPromise
  )
  .catch((error: unknown) => {
    const tagged = error as { _tag?: unknown; id?: unknown; message?: unknown }
    const detail =
      tagged?._tag === "NotFound"
        ? `no tenant ${String(tagged.id)} in this database`
        : typeof tagged?.message === "string" && tagged.message !== ""
          ? tagged.message
          : String(error)
    process.stderr.write(`audit-retention: ${detail}\n`)
    process.exit(1)
  })

/**
 * Deleting old audit entries — the one way past the triggers of migration 0008, which refuse every
 * other UPDATE and DELETE of the audit log. For a retention policy (keep, say, ten years), run by an
 * operator (`pnpm run audit-retention`); no service and no endpoint calls it.
 *
 * In one transaction, per tenant: the cutoff — a local date is the start of that day in the tenant's
 * time zone — is opened to the triggers (a transaction-local setting on PostgreSQL, a row of
 * `audit_retention` on SQLite, removed before the commit), the tenant's entries older than it are
 * deleted, and an entry recording the deletion (who, when, the cutoff, how many) is appended to the
 * tenant's log, so the log says its own history was cut. SQL only: the in-memory Store has no
 * triggers to pass.
 */
import { type Audit, type Calendar, Errors, Tenant, TimeZone } from "@bishui/domain"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { CurrentActor } from "./CurrentActor.ts"
import { newId, now } from "./internal/records.ts"
import { Store } from "./Store.ts"
import * as Tables from "./Tables.ts"

export interface Options {
  /** Delete entries before this: a local date (`YYYY-MM-DD`, the tenant's zone) or an instant. */
  readonly before: Calendar.LocalDate | Calendar.Instant
  /** Only this tenant's entries (default: every tenant's). */
  readonly tenantId?: string | undefined
  /** Count what would be deleted; delete nothing. */
  readonly dryRun?: boolean | undefined
}

export interface TenantResult {
  readonly tenantId: string
  /** The cutoff as an instant (UTC). */
  readonly before: Calendar.Instant
  /** Entries deleted (or, in a dry run, that would be). */
  readonly deleted: number
}

const isLocalDate = (value: string): value is Calendar.LocalDate => /^\d{4}-\d{2}-\d{2}$/.test(value)

/**
 * Delete audit entries older than the cutoff, tenant by tenant, in one transaction. Fails with
 * `NotFound` when `tenantId` names no tenant; a database failure is a defect.
 */
export const purge = Effect.fn("AuditRetention.purge")(function* (options: Options) {
  const sql = yield* SqlClient.SqlClient
  const store = yield* Store
  const dialect = sql.onDialectOrElse({ pg: () => "pg" as const, orElse: () => "sqlite" as const })
  const actor = yield* CurrentActor
  const tenantsTable = store.collection(Tables.tenants)
  const audit = store.collection(Tables.auditLog)

  const open = (cutoff: string) =>
    (dialect === "pg"
      ? sql`SELECT set_config('bishui.audit_retention_before', ${cutoff}, true)`
      : sql`DELETE FROM audit_retention`.pipe(
          Effect.andThen(sql`INSERT INTO audit_retention (cutoff) VALUES (${cutoff})`)
        )
    ).pipe(Effect.orDie)
  const close = (
    dialect === "pg"
      ? sql`SELECT set_config('bishui.audit_retention_before', '', true)`
      : sql`DELETE FROM audit_retention`
  ).pipe(Effect.orDie)

  return yield* store.transaction(
    Effect.gen(function* () {
      const tenantIds =
        options.tenantId !== undefined
          ? [options.tenantId]
          : (yield* sql<{
              tenant_id: string
            }>`SELECT DISTINCT tenant_id FROM audit_log ORDER BY tenant_id`).map((row) => row.tenant_id)
      const results: Array<TenantResult> = []
      for (const tenantId of tenantIds) {
        const tenant = yield* tenantsTable.get(tenantId, tenantId)
        if (tenant === undefined && options.tenantId !== undefined)
          return yield* Effect.fail(new Errors.NotFound({ entity: "tenant", id: tenantId }))
        const zone = tenant === undefined ? TimeZone.defaultTimeZone : Tenant.timeZoneOf(tenant.record)
        const before = isLocalDate(options.before)
          ? TimeZone.startOfLocalDay(options.before, zone)
          : (options.before as Calendar.Instant)
        const [counted] = yield* sql<{ n: number | string }>`
          SELECT count(*) AS n FROM audit_log WHERE tenant_id = ${tenantId} AND at < ${before}`.pipe(
          Effect.orDie
        )
        const deleted = Number(counted?.n ?? 0)
        results.push({ tenantId, before, deleted })
        if (options.dryRun === true || deleted === 0) continue
        yield* open(before)
        yield* sql`DELETE FROM audit_log WHERE tenant_id = ${tenantId} AND at < ${before}`.pipe(Effect.orDie)
        yield* close
        if (tenant === undefined) continue
        const at = yield* now
        const entry: Audit.AuditEntry = {
          id: newId() as Audit.AuditEntry["id"],
          tenantId: tenantId as Audit.AuditEntry["tenantId"],
          actor,
          at,
          entity: "tenant",
          entityId: tenantId,
          action: "delete",
          change: "audit.retention",
          before: null,
          after: { auditEntriesBefore: before, deleted }
        }
        yield* audit.insert(entry, at).pipe(Effect.orDie)
      }
      return results
    })
  )
})

/**
 * The audit log the database protects (migration 0008), on SQLite and PostgreSQL: any UPDATE or DELETE
 * of it through SQL is refused with the triggers' message (TRUNCATE too, on PostgreSQL), and only
 * `AuditRetention.purge` deletes — entries older than its cutoff, the tenant's local day, leaving an
 * entry that says so — after which the log is closed again. (The in-memory Store has no SQL to guard.)
 */
import { type Audit, Tenant, type TimeZone } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import * as AuditRetention from "../src/AuditRetention.ts"
import { CurrentActor } from "../src/CurrentActor.ts"
import { auditLogRefusal } from "../src/Migrations.ts"
import { Organisations } from "../src/Organisations.ts"
import { Store } from "../src/Store.ts"
import * as Tables from "../src/Tables.ts"
import { forEachSqlBackend } from "./backends.ts"
import { expectDefect, instant, newTenant, uid } from "./fixtures.ts"

/** An audit entry of the tenant at a given instant, appended as the services append them. */
const entryAt = (tenantId: string, at: string) =>
  Effect.gen(function* () {
    const store = yield* Store
    const entry: Audit.AuditEntry = {
      id: uid() as Audit.AuditEntry["id"],
      tenantId: tenantId as Audit.AuditEntry["tenantId"],
      actor: "test",
      at: instant(at),
      entity: "zone",
      entityId: `zone-${uid()}`,
      action: "create",
      change: "zone.create",
      before: null,
      after: { at }
    }
    yield* store.collection(Tables.auditLog).insert(entry, at)
    return entry.id
  })

const times = (tenantId: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ at: string }>`
      SELECT at FROM audit_log WHERE tenant_id = ${tenantId} ORDER BY at`.pipe(Effect.orDie)
    return rows.map((r) => r.at)
  })

/** What the database said when it refused: the messages of the error and of its causes. */
const refusal = (statement: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const messages: Array<string> = []
    for (let e: unknown = yield* expectDefect(sql.unsafe(statement).pipe(Effect.orDie)); e !== undefined; ) {
      messages.push(String((e as { message?: unknown }).message ?? e))
      e = (e as { cause?: unknown }).cause
    }
    return messages.join(" | ")
  })

forEachSqlBackend((it, backend) => {
  it.effect("UPDATE and DELETE through SQL are refused, with the triggers' message, and change nothing", () =>
    Effect.gen(function* () {
      const tenantId = yield* newTenant
      yield* entryAt(tenantId, "2019-06-01T00:00:00.000Z")
      const before = yield* times(tenantId)
      for (const statement of [
        `UPDATE audit_log SET actor = 'someone else' WHERE tenant_id = '${tenantId}'`,
        `UPDATE audit_log SET doc = doc WHERE tenant_id = '${tenantId}'`,
        `DELETE FROM audit_log WHERE tenant_id = '${tenantId}'`,
        "DELETE FROM audit_log",
        ...(backend.name === "pg" ? ["TRUNCATE audit_log"] : [])
      ]) {
        const message = yield* refusal(statement)
        assert.include(message, "audit_log is append-only", statement)
        assert.include(message, "pnpm run audit-retention", statement)
      }
      assert.deepStrictEqual(yield* times(tenantId), before)
      assert.isTrue(auditLogRefusal.includes("审计日志只能追加"))
    })
  )

  it.effect(
    "purge deletes only what is older than the start of the tenant's local day, and says so in the log",
    () =>
      Effect.gen(function* () {
        const organisations = yield* Organisations
        const beijing = yield* newTenant
        const utc = `tenant-${uid()}`
        yield* organisations.createTenant(
          new Tenant.Tenant({
            id: utc as Tenant.Tenant["id"],
            name: `UTC ${utc}`,
            timeZone: "UTC" as TimeZone.TimeZone
          })
        )
        const instants = [
          "2019-06-01T00:00:00.000Z",
          "2019-12-31T15:59:59.999Z", // 2019-12-31 23:59:59.999 in Beijing
          "2019-12-31T16:00:00.000Z", // 2020-01-01 00:00 in Beijing; still 2019 in UTC
          "2021-03-01T00:00:00.000Z"
        ]
        for (const tenantId of [beijing, utc]) for (const at of instants) yield* entryAt(tenantId, at)
        const created = (yield* times(beijing)).filter((at) => !instants.includes(at))

        const dry = yield* AuditRetention.purge({
          before: "2020-01-01" as never,
          tenantId: beijing,
          dryRun: true
        })
        assert.deepStrictEqual(dry, [
          { tenantId: beijing, before: instant("2019-12-31T16:00:00.000Z"), deleted: 2 }
        ])
        assert.strictEqual((yield* times(beijing)).length, instants.length + created.length)

        for (const [tenantId, cutoff, deleted] of [
          [beijing, "2019-12-31T16:00:00.000Z", 2],
          [utc, "2020-01-01T00:00:00.000Z", 3]
        ] as const) {
          const result = yield* AuditRetention.purge({ before: "2020-01-01" as never, tenantId }).pipe(
            Effect.provideService(CurrentActor, "audit-retention-test")
          )
          assert.deepStrictEqual(result, [{ tenantId, before: instant(cutoff), deleted }])
        }
        const kept = yield* times(beijing)
        assert.deepStrictEqual(
          kept.filter((at) => instants.includes(at)),
          ["2019-12-31T16:00:00.000Z", "2021-03-01T00:00:00.000Z"]
        )
        assert.deepStrictEqual(
          (yield* times(utc)).filter((at) => instants.includes(at)),
          ["2021-03-01T00:00:00.000Z"]
        )
        // the cut is in the log itself
        const sql = yield* SqlClient.SqlClient
        const notes = yield* sql<{ actor: string; doc: unknown }>`
        SELECT actor, doc FROM audit_log WHERE tenant_id = ${beijing} AND entity = 'tenant'`.pipe(
          Effect.orDie
        )
        const note = notes
          .map((n) => (typeof n.doc === "string" ? JSON.parse(n.doc) : n.doc) as Audit.AuditEntry)
          .find((e) => e.change === "audit.retention")
        assert.strictEqual(note?.actor, "audit-retention-test")
        assert.strictEqual(note?.action, "delete")
        assert.deepStrictEqual(note?.after, { auditEntriesBefore: "2019-12-31T16:00:00.000Z", deleted: 2 })
        // and closed again: nothing older is deletable by hand now
        const message = yield* refusal(`DELETE FROM audit_log WHERE tenant_id = '${beijing}'`)
        assert.include(message, "append-only")
        if (backend.name === "sqlite") {
          const [open] = yield* sql<{ n: number }>`SELECT count(*) AS n FROM audit_retention`.pipe(
            Effect.orDie
          )
          assert.strictEqual(Number(open?.n), 0)
        }
      })
  )

  it.effect("a purge whose transaction fails deletes nothing and leaves the log closed", () =>
    Effect.gen(function* () {
      const store = yield* Store
      const tenantId = yield* newTenant
      yield* entryAt(tenantId, "2019-06-01T00:00:00.000Z")
      const failed = yield* store
        .transaction(
          AuditRetention.purge({ before: "2020-01-01" as never, tenantId }).pipe(
            Effect.andThen(Effect.fail("undo"))
          )
        )
        .pipe(Effect.flip)
      assert.strictEqual(failed, "undo")
      assert.include((yield* times(tenantId)).join(","), "2019-06-01T00:00:00.000Z")
      const message = yield* refusal(`DELETE FROM audit_log WHERE tenant_id = '${tenantId}'`)
      assert.include(message, "append-only")
    })
  )
})

/**
 * Responsibility zones and their patrol logs: who is responsible for which stretch of river, with what
 * resources, and who walked it when and what they found.
 */
import { type Errors, Invariants, type Zone } from "@bishui/domain"
import { Context, Effect, Result } from "effect"
import { layersOf } from "./internal/layers.ts"
import {
  type BulkAudit,
  makeRecords,
  type NewRecord,
  newId,
  type UpdateError,
  type WriteError
} from "./internal/records.ts"
import { listInTenantZone } from "./internal/tenantZone.ts"
import type { ListQuery, Page, Versioned } from "./Store.ts"
import * as Tables from "./Tables.ts"

export class Zones extends Context.Service<
  Zones,
  {
    readonly create: (zone: NewRecord<Zone.Zone>) => Effect.Effect<Versioned<Zone.Zone>, WriteError>
    readonly update: (
      zone: Zone.Zone,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Zone.Zone>, UpdateError>
    readonly get: (tenantId: string, id: string) => Effect.Effect<Versioned<Zone.Zone>, Errors.NotFound>
    readonly list: (tenantId: string, query: ListQuery) => Effect.Effect<Page<Zone.Zone>>
    readonly recordPatrol: (
      patrol: NewRecord<Zone.PatrolLog>
    ) => Effect.Effect<Versioned<Zone.PatrolLog>, WriteError>
    /**
     * Record many patrol logs in one transaction, all or none — for imports of long ledgers. The same
     * checks as `recordPatrol` (references, rules), done for the whole list at once; written with
     * multi-row statements. `audit` as in `BulkAudit` (default: one entry per patrol).
     */
    readonly recordPatrols: (
      patrols: ReadonlyArray<NewRecord<Zone.PatrolLog>>,
      options?: { readonly audit?: BulkAudit | undefined }
    ) => Effect.Effect<ReadonlyArray<Zone.PatrolLog>, WriteError>
    /** Replace a patrol log whole (a corrected ledger row); references and rules checked as on record. */
    readonly updatePatrol: (
      patrol: Zone.PatrolLog,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Zone.PatrolLog>, UpdateError>
    readonly getPatrol: (
      tenantId: string,
      id: string
    ) => Effect.Effect<Versioned<Zone.PatrolLog>, Errors.NotFound>
    readonly listPatrols: (tenantId: string, query: ListQuery) => Effect.Effect<Page<Zone.PatrolLog>>
  }
>()("@bishui/services/Zones") {
  private static readonly layers = layersOf(
    this,
    Effect.suspend(() => make)
  )
  /** Needs a `Store`. */
  static readonly layer = this.layers.layer
  /** Over its own in-memory Store. */
  static readonly layerMemory = this.layers.layerMemory
  /** Over the SQL Store: needs only an `SqlClient`. */
  static readonly layerNoDeps = this.layers.layerNoDeps
}

const make = Effect.gen(function* () {
  const records = yield* makeRecords
  const { store } = records

  const checkRefs = (zone: Zone.Zone) =>
    Effect.gen(function* () {
      yield* records.ensure(Tables.organisations, zone.tenantId, zone.branchId)
      yield* records.ensure(Tables.members, zone.tenantId, zone.responsibleMemberId)
    })

  return Zones.of({
    create: Effect.fn("Zones.create")(function* (input: NewRecord<Zone.Zone>) {
      const zone = { ...input, id: input.id ?? newId() } as Zone.Zone
      yield* checkRefs(zone)
      return yield* records.create(Tables.zones, zone, { change: "zone.create" })
    }),
    update: Effect.fn("Zones.update")(function* (zone: Zone.Zone, expectedVersion?: number) {
      yield* checkRefs(zone)
      return yield* records.update(Tables.zones, zone.tenantId, zone.id, {
        change: "zone.update",
        expectedVersion,
        step: () => Result.succeed(zone)
      })
    }),
    get: (tenantId, id) => records.get(Tables.zones, tenantId, id),
    list: (tenantId, query) => store.collection(Tables.zones).list(tenantId, query),
    recordPatrol: Effect.fn("Zones.recordPatrol")(function* (input: NewRecord<Zone.PatrolLog>) {
      const patrol = { ...input, id: input.id ?? newId() } as Zone.PatrolLog
      yield* records.ensure(Tables.zones, patrol.tenantId, patrol.zoneId)
      yield* records.ensure(Tables.members, patrol.tenantId, patrol.memberId)
      return yield* records.create(Tables.patrolLogs, patrol, {
        change: "patrol.record",
        check: Invariants.checkPatrolLog
      })
    }),
    recordPatrols: Effect.fn("Zones.recordPatrols")(function* (
      inputs: ReadonlyArray<NewRecord<Zone.PatrolLog>>,
      options?: { readonly audit?: BulkAudit | undefined }
    ) {
      const patrols = inputs.map((input) => ({ ...input, id: input.id ?? newId() }) as Zone.PatrolLog)
      const byTenant = new Map<string, Array<Zone.PatrolLog>>()
      for (const p of patrols) {
        const list = byTenant.get(p.tenantId)
        if (list === undefined) byTenant.set(p.tenantId, [p])
        else list.push(p)
      }
      for (const [tenantId, list] of byTenant) {
        yield* records.ensureMany(Tables.zones, tenantId, new Set(list.map((p) => p.zoneId)))
        yield* records.ensureMany(Tables.members, tenantId, new Set(list.map((p) => p.memberId)))
      }
      return yield* records.createMany(Tables.patrolLogs, patrols, {
        change: "patrol.record",
        check: Invariants.checkPatrolLog,
        audit: options?.audit
      })
    }),
    updatePatrol: Effect.fn("Zones.updatePatrol")(function* (
      patrol: Zone.PatrolLog,
      expectedVersion?: number
    ) {
      yield* records.ensure(Tables.zones, patrol.tenantId, patrol.zoneId)
      yield* records.ensure(Tables.members, patrol.tenantId, patrol.memberId)
      return yield* records.update(Tables.patrolLogs, patrol.tenantId, patrol.id, {
        change: "patrol.update",
        expectedVersion,
        check: Invariants.checkPatrolLog,
        step: () => Result.succeed(patrol)
      })
    }),
    getPatrol: (tenantId, id) => records.get(Tables.patrolLogs, tenantId, id),
    listPatrols: (tenantId, query) => listInTenantZone(store, Tables.patrolLogs, tenantId, query)
  })
})

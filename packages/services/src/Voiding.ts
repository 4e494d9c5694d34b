/**
 * Voiding (作废) a record entered by mistake, and restoring it, for every kind of record that can be
 * voided — with the rule of dependencies (see the domain's `References`): a record that live records
 * refer to cannot be voided until they are voided or refer elsewhere, nor while a live access token is
 * scoped to it (revoke the token first); a voided record that refers to voided records cannot be
 * restored until they are. Refusals name the records in the way (`VoidBlocked`: the first few and how
 * many). Both acts go through the one write path, so each is one audit entry (`void`, `restore`) with
 * the record before and after and the reason, and bumps the tenant's revision like any write.
 */
import { AccessToken, Errors, References, type TimeZone, Void } from "@bishui/domain"
import { Context, Effect, Schema } from "effect"
import { CurrentActor } from "./CurrentActor.ts"
import { layersOf } from "./internal/layers.ts"
import { makeRecords, now } from "./internal/records.ts"
import { timeZoneOf } from "./internal/tenantZone.ts"
import type { Versioned } from "./Store.ts"
import * as Tables from "./Tables.ts"

type Kind = Void.VoidableKind
type RecordOf<K extends Kind> = Tables.VoidableRecord<K>

/** How many records a refusal names (it counts them all). */
export const namedInRefusal = 10

/** The records that refer to one: the first few, and how many there are. */
export interface Dependents {
  readonly records: ReadonlyArray<Errors.RecordRef>
  readonly total: number
}

export type VoidError =
  | Errors.NotFound
  | Errors.StaleVersion
  | Errors.InvalidTransition
  | Errors.InvariantViolation
  | Errors.VoidBlocked
  | Errors.AlreadyExists

export class Voiding extends Context.Service<
  Voiding,
  {
    /** A record of the kind by id, voided or not. */
    readonly get: <K extends Kind>(
      kind: K,
      tenantId: string,
      id: string
    ) => Effect.Effect<Versioned<RecordOf<K>>, Errors.NotFound>
    /**
     * Void a live record with a reason (1–500 characters). `VoidBlocked` (`live_dependents`) while live
     * records or live tokens refer to it; `InvalidTransition` when it is voided already.
     */
    readonly void: <K extends Kind>(
      kind: K,
      tenantId: string,
      id: string,
      reason: string,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<RecordOf<K>>, VoidError>
    /**
     * Restore a voided record (the reason, if any, goes to the audit log). `VoidBlocked`
     * (`voided_references`) while records it refers to are voided; `AlreadyExists` when a live record
     * has taken its code or name meanwhile; `InvalidTransition` when it is not voided.
     */
    readonly restore: <K extends Kind>(
      kind: K,
      tenantId: string,
      id: string,
      reason?: string,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<RecordOf<K>>, VoidError>
    /** The live records (and tokens) that refer to a record: what stands in the way of voiding it. */
    readonly dependents: (kind: Kind, tenantId: string, id: string) => Effect.Effect<Dependents>
  }
>()("@bishui/services/Voiding") {
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

const tableOf = <K extends Kind>(kind: K) =>
  Tables.voidableTables[kind] as unknown as Tables.Table<RecordOf<K>> & Tables.Table<Void.Voidable>

const labelOf = <A>(table: Tables.Table<A>, record: A, timeZone: TimeZone.TimeZone): string =>
  table.label?.(record, timeZone) ?? (record as { readonly id: string }).id

/** What a refusal says, in Chinese and English, naming the first few records. */
const refusal = (
  entity: Errors.EntityKind,
  entityId: string,
  reason: Errors.VoidBlocked["reason"],
  found: Dependents
) => {
  const names = found.records
    .map((r) => `${Errors.entityNames[r.entity].zh} ${r.label}（${r.id}）`)
    .join("、")
  const more = found.total > found.records.length ? ` 等${found.total}条` : ""
  const list = found.records.map((r) => `${Errors.entityNames[r.entity].en} ${r.id} "${r.label}"`).join(", ")
  const message =
    reason === "live_dependents"
      ? `仍有${found.total}条记录引用它：${names}${more}。请先作废或修改这些记录 / ${found.total} live record(s) refer to it: ${list}${
          found.total > found.records.length ? ` and ${found.total - found.records.length} more` : ""
        }; void or change them first`
      : `它引用的记录已作废：${names}${more}。请先恢复这些记录 / it refers to voided record(s): ${list}; restore them first`
  return new Errors.VoidBlocked({
    entity,
    entityId,
    reason,
    records: found.records,
    total: found.total,
    message
  })
}

const make = Effect.gen(function* () {
  const records = yield* makeRecords
  const { store } = records

  /** Live records of every kind that refer to the record, one query per kind of holder; then live tokens. */
  const dependents = Effect.fn("Voiding.dependents")(function* (kind: Kind, tenantId: string, id: string) {
    const listed: Array<Errors.RecordRef> = []
    let total = 0
    const timeZone = yield* timeZoneOf(store, tenantId)
    const byHolder = new Map<References.Reference["from"], Array<References.Reference>>()
    for (const reference of References.referencesTo(kind)) {
      const list = byHolder.get(reference.from) ?? []
      list.push(reference)
      byHolder.set(reference.from, list)
    }
    for (const [holder, references] of byHolder) {
      if (holder === "access_token") {
        const at = yield* now
        const tokens = store.collection(Tables.accessTokens)
        for (const reference of references) {
          const column = Tables.accessTokens.referenceColumns?.[reference.name] as string
          for (const token of yield* tokens.all(tenantId, { [column]: id })) {
            if (AccessToken.statusAt(token, at) !== "active") continue
            total++
            if (listed.length < namedInRefusal) {
              listed.push({ entity: "access_token", id: token.id, label: token.label, via: reference.name })
            }
          }
        }
        continue
      }
      const table = tableOf(holder)
      const found = yield* store.collection(table).referencing(
        tenantId,
        references.map((reference) => ({
          at: reference.at,
          column: table.referenceColumns?.[reference.name]
        })),
        id,
        namedInRefusal
      )
      total += found.total
      for (const record of found.first) {
        if (listed.length >= namedInRefusal) break
        const via = references.filter((r) => References.idsAt(record, r.at).includes(id)).map((r) => r.name)
        listed.push({
          entity: table.entity,
          id: record.id,
          label: labelOf(table, record, timeZone),
          via: via.join(", ")
        })
      }
    }
    const found: Dependents = { records: listed, total }
    return found
  })

  /** The voided records that a record refers to. */
  const voidedReferences = (kind: Kind, tenantId: string, record: Void.Voidable) =>
    Effect.gen(function* () {
      const listed: Array<Errors.RecordRef> = []
      let total = 0
      const timeZone = yield* timeZoneOf(store, tenantId)
      for (const reference of References.referencesFrom(kind)) {
        const ids = References.idsAt(record, reference.at)
        if (ids.length === 0 || !(reference.to in Tables.voidableTables)) continue
        const table = tableOf(reference.to as Kind)
        for (const found of yield* store.collection(table).findIn(tenantId, "id", ids)) {
          if (!Void.isVoided(found.record)) continue
          total++
          if (listed.length < namedInRefusal) {
            listed.push({
              entity: table.entity,
              id: found.record.id,
              label: labelOf(table, found.record, timeZone),
              via: reference.name
            })
          }
        }
      }
      const found: Dependents = { records: listed, total }
      return found
    })

  const isReason = Schema.is(Void.VoidReason)
  const checkReason = (kind: Kind, id: string, reason: string) =>
    isReason(reason)
      ? Effect.void
      : Effect.fail(
          new Errors.InvariantViolation({
            entity: kind,
            entityId: id,
            rule: "void_reason",
            message: "作废须写明原因（1–500字）/ a void gives its reason, 1 to 500 characters"
          })
        )

  /** A void or a restore: one audited write of the record, whose step checks the records around it. */
  const act = <K extends Kind>(
    kind: K,
    tenantId: string,
    id: string,
    action: "void" | "restore",
    reason: string | undefined,
    expectedVersion: number | undefined,
    step: (current: RecordOf<K> & Void.Voidable) => Effect.Effect<RecordOf<K> & Void.Voidable, VoidError>
  ) =>
    records.update(tableOf(kind), tenantId, id, {
      change: `${kind}.${action}`,
      action,
      reason,
      expectedVersion,
      step
    })

  return Voiding.of({
    get: (kind, tenantId, id) => records.get(tableOf(kind), tenantId, id),
    dependents,
    void: Effect.fn("Voiding.void")(function* <K extends Kind>(
      kind: K,
      tenantId: string,
      id: string,
      reason: string,
      expectedVersion?: number
    ) {
      yield* checkReason(kind, id, reason)
      const by = yield* CurrentActor
      return yield* act(kind, tenantId, id, "void", reason, expectedVersion, (current) =>
        Effect.gen(function* () {
          const mark: Void.VoidMark = { at: yield* now, by, reason }
          const voided = yield* Effect.fromResult(Void.markVoid(kind, current, mark))
          const found = yield* dependents(kind, tenantId, id)
          if (found.total > 0) return yield* refusal(kind, id, "live_dependents", found)
          return voided
        })
      )
    }) as Voiding["Service"]["void"],
    restore: Effect.fn("Voiding.restore")(
      <K extends Kind>(kind: K, tenantId: string, id: string, reason?: string, expectedVersion?: number) =>
        act(kind, tenantId, id, "restore", reason, expectedVersion, (current) =>
          Effect.gen(function* () {
            const restored = yield* Effect.fromResult(Void.restore(kind, current))
            const found = yield* voidedReferences(kind, tenantId, restored)
            if (found.total > 0) return yield* refusal(kind, id, "voided_references", found)
            return restored
          })
        )
    ) as Voiding["Service"]["restore"]
  })
})

/**
 * The one write path every service uses: check the domain's invariants, write the record, and append
 * the audit entry — in one transaction. Timestamps come from `Clock`, the actor from `CurrentActor`.
 * It keeps the void rule (see the domain's `Void`): a new record is live, a voided record is changed
 * only by `restore`, and a reference to a voided record is refused as a missing one.
 */
import { type Audit, Calendar, Errors, Void } from "@bishui/domain"
import { Clock, Effect, Predicate, Result, Schema } from "effect"
import { CurrentActor } from "../CurrentActor.ts"
import { Store, type Versioned } from "../Store.ts"
import { auditLog, type Table } from "../Tables.ts"
import { uuidv7 } from "./ids.ts"

export type Check<A, E> = (record: A) => Result.Result<A, E>

/**
 * A record to create: like the record, but the service assigns an id when none is given. Distributes
 * over unions, so a new organisation keeps the fields of its own kind (a community's `district`).
 */
export type NewRecord<A extends { readonly id: string }> = A extends unknown
  ? Omit<A, "id"> & { readonly id?: A["id"] | undefined }
  : never

/** What a create can fail with: a taken id or natural key, a missing reference, a broken rule. */
export type WriteError =
  | Errors.AlreadyExists
  | Errors.NotFound
  | Errors.InvariantViolation
  | Errors.InvalidTransition
/**
 * How a bulk create is audited. `each`: one entry per record, with the record as stored, as `create`
 * writes. `summary`: one entry per call (per tenant) naming every record it created — `entityId` is
 * the first record's id and `after` is `{ "created": [ids…] }` — for imports of large ledgers, whose
 * rows are kept in the import file and the records themselves.
 */
export type BulkAudit = "each" | "summary"

/** What an update can fail with: the above, and a stale version. */
export type UpdateError = WriteError | Errors.StaleVersion

/** A new record's id: a UUID version 7, so ids minted later sort later (see `ids.ts`). */
export const newId = (): string => uuidv7()

export const now = Effect.map(Clock.currentTimeMillis, Calendar.instantFromMillis)

/** The record without a void mark: what a create writes and what a change of a live record keeps. */
const live = <A extends { readonly id: string }>(record: A): A =>
  Void.withoutMark(record as A & Void.Voidable)

export const makeRecords = Effect.gen(function* () {
  const store = yield* Store
  const audit = store.collection(auditLog)

  const appendAudit = <A>(
    table: Table<A>,
    record: A & { readonly id: string },
    action: Audit.AuditAction,
    change: string,
    before: A | undefined,
    at: Calendar.Instant,
    reason?: string
  ) =>
    Effect.gen(function* () {
      const encode = Schema.encodeSync(table.schema)
      const entry: Audit.AuditEntry = {
        id: newId() as Audit.AuditEntry["id"],
        tenantId: table.tenantOf(record) as Audit.AuditEntry["tenantId"],
        actor: yield* CurrentActor,
        at,
        entity: table.entity,
        entityId: record.id,
        action,
        change,
        before: before === undefined ? null : (encode(before) as Schema.Json),
        after: encode(record) as Schema.Json,
        ...(reason === undefined ? {} : { reason })
      }
      yield* audit.insert(entry, at).pipe(Effect.orDie)
    })

  const get = <A extends { readonly id: string }>(table: Table<A>, tenantId: string, id: string) =>
    Effect.flatMap(store.collection(table).get(tenantId, id), (found) =>
      found === undefined
        ? Effect.fail(new Errors.NotFound({ entity: table.entity, id }))
        : Effect.succeed(found)
    )

  const create = <A extends { readonly id: string }, E = never>(
    table: Table<A>,
    record: A,
    options: { readonly change: string; readonly check?: Check<A, E> }
  ): Effect.Effect<Versioned<A>, Errors.AlreadyExists | E> =>
    store.transaction(
      Effect.gen(function* () {
        const fresh = live(record)
        const checked = options.check === undefined ? fresh : yield* Effect.fromResult(options.check(fresh))
        const at = yield* now
        const stored = yield* store.collection(table).insert(checked, at)
        yield* appendAudit(table, checked, "create", options.change, undefined, at)
        return stored
      })
    )

  /**
   * Create many records in one transaction, all or none: each is checked, then they are written with
   * multi-row statements and audited as `options.audit` says (default `each`). Fails with the first
   * record's error (a broken rule, a taken id or natural key).
   */
  const createMany = <A extends { readonly id: string }, E = never>(
    table: Table<A>,
    records: ReadonlyArray<A>,
    options: { readonly change: string; readonly check?: Check<A, E>; readonly audit?: BulkAudit | undefined }
  ): Effect.Effect<ReadonlyArray<A>, Errors.AlreadyExists | E> =>
    records.length === 0
      ? Effect.succeed([])
      : store.transaction(
          Effect.gen(function* () {
            const check = options.check
            const checked: Array<A> = []
            for (const given of records) {
              const record = live(given)
              if (check === undefined) checked.push(record)
              else {
                const result = check(record)
                if (Result.isFailure(result)) return yield* Effect.fail(result.failure)
                checked.push(result.success)
              }
            }
            const at = yield* now
            yield* store.collection(table).insertMany(checked, at)
            const actor = yield* CurrentActor
            const entries: Array<Audit.AuditEntry> = []
            if (options.audit === "summary") {
              const byTenant = new Map<string, Array<string>>()
              for (const record of checked) {
                const tenantId = table.tenantOf(record)
                let ids = byTenant.get(tenantId)
                if (ids === undefined) {
                  ids = []
                  byTenant.set(tenantId, ids)
                }
                ids.push(record.id)
              }
              for (const [tenantId, ids] of byTenant) {
                entries.push({
                  id: newId() as Audit.AuditEntry["id"],
                  tenantId: tenantId as Audit.AuditEntry["tenantId"],
                  actor,
                  at,
                  entity: table.entity,
                  entityId: ids[0] as string,
                  action: "create",
                  change: options.change,
                  before: null,
                  after: { created: ids }
                })
              }
            } else {
              const encode = Schema.encodeSync(table.schema)
              for (const record of checked) {
                entries.push({
                  id: newId() as Audit.AuditEntry["id"],
                  tenantId: table.tenantOf(record) as Audit.AuditEntry["tenantId"],
                  actor,
                  at,
                  entity: table.entity,
                  entityId: record.id,
                  action: "create",
                  change: options.change,
                  before: null,
                  after: encode(record) as Schema.Json
                })
              }
            }
            yield* audit.insertMany(entries, at).pipe(Effect.orDie)
            return checked
          })
        )

  /**
   * Check that every id of `ids` is a stored record of the tenant (bulk reference checks: one query
   * per few hundred ids); fails with `NotFound` for the first that is not. Returns the records found.
   */
  const ensureMany = <A extends { readonly id: string }>(
    table: Table<A>,
    tenantId: string,
    ids: Iterable<string | undefined>
  ): Effect.Effect<ReadonlyMap<string, A>, Errors.NotFound> =>
    Effect.gen(function* () {
      const wanted = new Set<string>()
      for (const id of ids) if (id !== undefined) wanted.add(id)
      if (wanted.size === 0) return new Map<string, A>()
      const found = new Map<string, A>()
      for (const v of yield* store.collection(table).findIn(tenantId, "id", [...wanted])) {
        found.set(v.record.id, v.record)
      }
      for (const id of wanted) {
        const record = found.get(id)
        if (record === undefined) return yield* Effect.fail(new Errors.NotFound({ entity: table.entity, id }))
        if (Void.isVoided(record as A & Void.Voidable)) {
          return yield* Effect.fail(new Errors.NotFound({ entity: table.entity, id, voided: true }))
        }
      }
      return found
    })

  /**
   * Change a record with a pure step. When `expectedVersion` is given and is not current, fails
   * with `StaleVersion` before running the step. Without one, a write that lost a race with another
   * (PostgreSQL runs transactions concurrently; the other stores serialise them) is retried from a
   * fresh read, so every backend applies concurrent unconditional updates one after the other.
   * A voided record is refused (`InvalidTransition`: restore it first) and a live one stays live,
   * except for the `void` and `restore` actions, whose step sets or takes off the mark.
   */
  const update = <A extends { readonly id: string }, E = never>(
    table: Table<A>,
    tenantId: string,
    id: string,
    options: {
      readonly change: string
      readonly action?: Audit.AuditAction
      readonly step: (current: A) => Result.Result<A, E> | Effect.Effect<A, E>
      readonly check?: Check<A, E>
      readonly expectedVersion?: number | undefined
      /** Why, for the audit entry (a void's or a restore's reason). */
      readonly reason?: string | undefined
    }
  ): Effect.Effect<
    Versioned<A>,
    E | Errors.NotFound | Errors.StaleVersion | Errors.AlreadyExists | Errors.InvalidTransition
  > => {
    const voiding = options.action === "void" || options.action === "restore"
    const attempt = store.transaction(
      Effect.gen(function* () {
        const current = yield* get(table, tenantId, id)
        if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
          return yield* new Errors.StaleVersion({
            entity: table.entity,
            id,
            expected: options.expectedVersion,
            actual: current.version
          })
        }
        const voided = Void.isVoided(current.record as A & Void.Voidable)
        if (voided && !voiding) {
          return yield* Void.changeRefused(table.entity, current.record as A & Void.Voidable, options.change)
        }
        const stepped = options.step(current.record)
        const result = Result.isResult(stepped) ? yield* Effect.fromResult(stepped) : yield* stepped
        const next = voiding ? result : live(result)
        if (next.id !== id || table.tenantOf(next) !== tenantId) {
          return yield* Effect.die(new Error(`${table.entity} ${id}: an update cannot change id or tenant`))
        }
        const checked = options.check === undefined ? next : yield* Effect.fromResult(options.check(next))
        const at = yield* now
        const stored = yield* store.collection(table).replace(checked, current.version, at)
        yield* appendAudit(
          table,
          checked,
          options.action ?? "update",
          options.change,
          current.record,
          at,
          options.reason
        )
        return stored
      })
    )
    return options.expectedVersion === undefined
      ? Effect.retry(attempt, { while: (error) => Predicate.isTagged(error, "StaleVersion"), times: 20 })
      : attempt
  }

  /**
   * The record a reference names, when it exists and is live: a voided one fails `NotFound` with
   * `voided` set, so the message can say to restore it.
   */
  const referenced = <A extends { readonly id: string }>(table: Table<A>, tenantId: string, id: string) =>
    Effect.flatMap(get(table, tenantId, id), (found) =>
      Void.isVoided(found.record as A & Void.Voidable)
        ? Effect.fail(new Errors.NotFound({ entity: table.entity, id, voided: true }))
        : Effect.succeed(found.record)
    )

  /** Fail with `NotFound` unless a live record exists (references are checked before writes). */
  const ensure = <A extends { readonly id: string }>(
    table: Table<A>,
    tenantId: string,
    id: string | undefined
  ) => (id === undefined ? Effect.succeed(undefined) : referenced(table, tenantId, id))

  return { store, get, create, createMany, update, referenced, ensure, ensureMany, audit }
})

export type Records = Effect.Success<typeof makeRecords>

/**
 * The one write path every service uses: check the domain's invariants, write the record, and append
 * the audit entry — in one transaction. Timestamps come from `Clock`, the actor from `CurrentActor`.
 */
import { type Audit, Calendar, Errors } from "@bishui/domain"
import { Clock, Effect, Predicate, Result, Schema } from "effect"
import { CurrentActor } from "../CurrentActor.ts"
import { Store, type Versioned } from "../Store.ts"
import { auditLog, type Table } from "../Tables.ts"

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
/** What an update can fail with: the above, and a stale version. */
export type UpdateError = WriteError | Errors.StaleVersion

export const newId = (): string => crypto.randomUUID()

export const now = Effect.map(Clock.currentTimeMillis, Calendar.instantFromMillis)

export const makeRecords = Effect.gen(function* () {
  const store = yield* Store
  const audit = store.collection(auditLog)

  const appendAudit = <A>(
    table: Table<A>,
    record: A & { readonly id: string },
    action: Audit.AuditAction,
    change: string,
    before: A | undefined,
    at: Calendar.Instant
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
        after: encode(record) as Schema.Json
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
        const checked = options.check === undefined ? record : yield* Effect.fromResult(options.check(record))
        const at = yield* now
        const stored = yield* store.collection(table).insert(checked, at)
        yield* appendAudit(table, checked, "create", options.change, undefined, at)
        return stored
      })
    )

  /**
   * Change a record with a pure step. When `expectedVersion` is given and is not current, fails
   * with `StaleVersion` before running the step. Without one, a write that lost a race with another
   * (PostgreSQL runs transactions concurrently; the other stores serialise them) is retried from a
   * fresh read, so every backend applies concurrent unconditional updates one after the other.
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
    }
  ): Effect.Effect<Versioned<A>, E | Errors.NotFound | Errors.StaleVersion | Errors.AlreadyExists> => {
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
        const stepped = options.step(current.record)
        const next = Result.isResult(stepped) ? yield* Effect.fromResult(stepped) : yield* stepped
        if (next.id !== id || table.tenantOf(next) !== tenantId) {
          return yield* Effect.die(new Error(`${table.entity} ${id}: an update cannot change id or tenant`))
        }
        const checked = options.check === undefined ? next : yield* Effect.fromResult(options.check(next))
        const at = yield* now
        const stored = yield* store.collection(table).replace(checked, current.version, at)
        yield* appendAudit(table, checked, options.action ?? "update", options.change, current.record, at)
        return stored
      })
    )
    return options.expectedVersion === undefined
      ? Effect.retry(attempt, { while: (error) => Predicate.isTagged(error, "StaleVersion"), times: 20 })
      : attempt
  }

  /** Fail with `NotFound` unless a record exists (references are checked before writes). */
  const ensure = <A extends { readonly id: string }>(
    table: Table<A>,
    tenantId: string,
    id: string | undefined
  ) =>
    id === undefined
      ? Effect.succeed(undefined)
      : Effect.map(get(table, tenantId, id), (found) => found.record)

  return { store, get, create, update, ensure, audit }
})

export type Records = Effect.Success<typeof makeRecords>

/**
 * `Idempotency-Key` for the API's creates. `run` does a request once per (tenant, key): the first call
 * runs the effect and stores its response (status and JSON body) in the same transaction as the
 * effect's writes; a later call with the same fingerprint gets that response back without running
 * anything, and one with another fingerprint fails with `IdempotencyKeyReused`.
 *
 * Concurrent calls with one key never both run the effect: the key's row is written before the effect
 * runs, in its transaction, so a second call waits on it — behind the memory Store's and SQLite's one
 * writer, or on PostgreSQL's unique key until the first transaction ends — and then replays the stored
 * response. A failing effect rolls back and stores nothing, so the key can be used again. Keys and
 * fingerprints are stored as their SHA-256, so any text is a key (long, empty or not ASCII) and none
 * is refused for its form.
 */
import { createHash } from "node:crypto"
import { Errors } from "@bishui/domain"
import { Context, Data, Effect, type Schema } from "effect"
import { layersOf } from "./internal/layers.ts"
import { now } from "./internal/records.ts"
import { Store } from "./Store.ts"
import * as Tables from "./Tables.ts"

/** What a request answers: an HTTP status and a body that `JSON.stringify` can write. */
export interface Response<A = unknown> {
  readonly status: number
  readonly body: A
}

/** The response, fresh from the effect, or replayed from the store (its body as stored JSON). */
export type Outcome<A = unknown> =
  | { readonly replayed: false; readonly status: number; readonly body: A }
  | { readonly replayed: true; readonly status: number; readonly body: Schema.Json }

export interface RunInput<A, E, R> {
  readonly tenantId: string
  /** The client's `Idempotency-Key`: any text (stored as its SHA-256). */
  readonly key: string
  /** What identifies the request (say, its method, path and body): a key serves one request. */
  readonly fingerprint: string
  readonly effect: Effect.Effect<Response<A>, E, R>
}

/** How long keys are kept at least: a purge may remove keys older than this. */
export const retentionMillis = 24 * 60 * 60 * 1000

export class Idempotency extends Context.Service<
  Idempotency,
  {
    /**
     * Run the request once per key. Fails with `IdempotencyKeyReused` when the key served another
     * request, or with the effect's own error (and then stores nothing).
     */
    readonly run: <A, E, R>(
      input: RunInput<A, E, R>
    ) => Effect.Effect<Outcome<A>, E | Errors.IdempotencyKeyReused, R>
    /** Remove the keys of every tenant first used before `before` (an instant); returns how many. */
    readonly purgeOlderThan: (before: string) => Effect.Effect<number>
  }
>()("@bishui/services/Idempotency") {
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

/** Another transaction holds or has just stored the key. */
class KeyTaken extends Data.TaggedError("@bishui/services/Idempotency/KeyTaken") {}

/** Keys and fingerprints are stored as their SHA-256 in hex: any length, any text. */
const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex")

/** The body as JSON, the way the API writes it (`undefined` becomes `null`). */
const toJson = (body: unknown): Schema.Json =>
  body === undefined ? null : (JSON.parse(JSON.stringify(body)) as Schema.Json)

const make = Effect.gen(function* () {
  const store = yield* Store
  const keys = store.collection(Tables.idempotencyKeys)

  const replay = (
    stored: Tables.IdempotencyRecord,
    key: string,
    fingerprint: string
  ): Effect.Effect<Outcome<never>, Errors.IdempotencyKeyReused> => {
    if (stored.fingerprint !== fingerprint) {
      return Effect.fail(
        new Errors.IdempotencyKeyReused({ key, message: "this Idempotency-Key was used for another request" })
      )
    }
    // A committed key always has its response: the row and the response are written in one transaction.
    if (stored.response === undefined)
      return Effect.die(new Error(`idempotency key ${stored.id} has no response`))
    const outcome: Outcome<never> = {
      replayed: true,
      status: stored.response.status,
      body: stored.response.body
    }
    return Effect.succeed(outcome)
  }

  const run = <A, E, R>(
    input: RunInput<A, E, R>
  ): Effect.Effect<Outcome<A>, E | Errors.IdempotencyKeyReused, R> => {
    const { tenantId } = input
    const key = sha256(input.key)
    const fingerprint = sha256(input.fingerprint)
    const once = store.transaction(
      Effect.gen(function* () {
        const existing = yield* keys.get(tenantId, key)
        if (existing !== undefined) return yield* replay(existing.record, input.key, fingerprint)
        const at = yield* now
        // Claim the key first: a concurrent call blocks here (or on the Store's one writer) until
        // this transaction ends, then finds the stored response.
        const claimed = yield* keys
          .insert({ id: key, tenantId: tenantId as Tables.IdempotencyRecord["tenantId"], fingerprint }, at)
          .pipe(Effect.catchTag("AlreadyExists", () => Effect.fail(new KeyTaken())))
        const response = yield* input.effect
        if (!Number.isInteger(response.status) || response.status < 100 || response.status > 599) {
          return yield* Effect.die(new Error(`idempotent request answered with status ${response.status}`))
        }
        const stored: Tables.IdempotencyRecord = {
          ...claimed.record,
          response: { status: response.status, body: toJson(response.body) }
        }
        yield* keys.replace(stored, claimed.version, yield* now).pipe(Effect.orDie)
        const outcome: Outcome<A> = { replayed: false, status: response.status, body: response.body }
        return outcome
      })
    )
    const afterTaken = Effect.flatMap(
      keys.get(tenantId, key),
      (found): Effect.Effect<Outcome<never>, Errors.IdempotencyKeyReused | KeyTaken> =>
        // gone again (the other call failed, or a purge ran): try anew
        found === undefined ? Effect.fail(new KeyTaken()) : replay(found.record, input.key, fingerprint)
    )
    return once.pipe(
      Effect.catchIf(
        (error) => error instanceof KeyTaken,
        () => afterTaken
      ),
      Effect.retry({ while: (error) => error instanceof KeyTaken, times: 10 }),
      Effect.catchIf(
        (error) => error instanceof KeyTaken,
        (error) => Effect.die(error)
      )
    ) as Effect.Effect<Outcome<A>, E | Errors.IdempotencyKeyReused, R>
  }

  return Idempotency.of({
    run,
    purgeOlderThan: (before) => keys.purgeCreatedBefore(before)
  })
})

/**
 * `Idempotency-Key` on creates: the first request with a key runs and its answer is kept; a retry with
 * the same key and the same body gets that answer again, never a second record.
 */
import { Idempotency, type Store } from "@bishui/services"
import { Effect, Schema } from "effect"
import { HttpApiSchema } from "effect/http-api"
import { Unprocessable } from "../api/Problems.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { etagOf } from "./respond.ts"

/**
 * Run a create once per key: the stored answer keeps the record encoded, as JSON can hold it.
 * Built once per handler group (`yield* Remembered`), so requests need no service lookups.
 */
export const Remembered = Effect.map(
  Idempotency.Idempotency,
  (idempotency) =>
    <A, E, R>(
      key: string | undefined,
      operation: string,
      payload: unknown,
      schema: Schema.Codec<A, unknown>,
      create: Effect.Effect<Store.Versioned<A>, E, R>
    ) =>
      Effect.gen(function* () {
        const encode = Schema.encodeSync(schema)
        const decode = Schema.decodeUnknownSync(schema)
        const respond = (stored: Store.Versioned<A>) =>
          HttpApiSchema.withHeaders({
            body: {
              data: stored.record,
              version: stored.version,
              createdAt: stored.createdAt,
              updatedAt: stored.updatedAt
            },
            headers: { etag: etagOf(stored.version) }
          })
        if (key === undefined) return respond(yield* create)
        const principal = yield* CurrentPrincipal
        const result = yield* idempotency
          .run({
            tenantId: principal.tenantId,
            key: `${operation}:${key}`,
            fingerprint: JSON.stringify(payload, (_, v) => (typeof v === "bigint" ? v.toString() : v)),
            effect: Effect.map(create, (stored) => ({
              status: 201,
              body: { ...stored, record: encode(stored.record) }
            }))
          })
          .pipe(
            Effect.catchTag("IdempotencyKeyReused", () =>
              Effect.fail(
                new Unprocessable({ detail: "this Idempotency-Key was used with a different request body" })
              )
            )
          )
        const body = result.body as Store.Versioned<unknown>
        return respond({ ...body, record: decode(body.record) })
      })
)

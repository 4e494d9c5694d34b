/**
 * The void (作废) and restore actions, one pair of handlers for every kind of record: read the record
 * (voided or not), authorise the write as the kind's own rule says, honour `If-Match`, call the
 * `Voiding` service and answer the record with its `ETag` — redacted as its reads are.
 */
import type { Void } from "@bishui/domain"
import { type Tables, Voiding } from "@bishui/services"
import { Effect } from "effect"
import type { Forbidden } from "../api/Problems.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { problems } from "./problems.ts"
import { expectedVersion, withEtag } from "./respond.ts"

interface Request {
  readonly params: { readonly id: string }
  readonly payload: { readonly reason?: string | undefined }
  readonly headers: { readonly "if-match"?: string | undefined }
}

export const correctionHandlers = <K extends Void.VoidableKind, R, V = Tables.VoidableRecord<K>>(options: {
  readonly kind: K
  /** Who may void and restore the record: who may write it (see each group). */
  readonly authorize: (record: Tables.VoidableRecord<K>) => Effect.Effect<void, Forbidden, R>
  /** The record as a response shows it to the principal (redacted where its reads are). */
  readonly view?: Effect.Effect<(record: Tables.VoidableRecord<K>) => V, never, R>
}) =>
  Effect.gen(function* () {
    const voiding = yield* Voiding.Voiding
    const act = (which: "void" | "restore") => (request: Request) =>
      Effect.gen(function* () {
        const principal = yield* CurrentPrincipal
        const { params, payload, headers } = request
        const current = yield* problems(voiding.get(options.kind, principal.tenantId, params.id))
        yield* options.authorize(current.record)
        const version = yield* expectedVersion(headers["if-match"])
        const done = yield* problems(
          which === "void"
            ? voiding.void(options.kind, principal.tenantId, params.id, payload.reason ?? "", version)
            : voiding.restore(options.kind, principal.tenantId, params.id, payload.reason, version)
        )
        return options.view === undefined
          ? withEtag(done, (record) => record as unknown as V)
          : withEtag(done, yield* options.view)
      })
    return { void: act("void"), restore: act("restore") }
  })

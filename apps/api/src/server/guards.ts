/**
 * What the handler groups share beyond `access.ts` and `respond.ts`: personal data redacted record by
 * record, and `If-Match` on actions whose service call takes no expected version.
 */
import { Access } from "@bishui/domain"
import type { Store } from "@bishui/services"
import { Effect } from "effect"
import { PreconditionFailed } from "../api/Problems.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { expectedVersion } from "./respond.ts"

/**
 * For the current principal, a function that returns a record as is when the principal may see
 * personal data of the record's branch (`readPersonal`), and redacted otherwise.
 */
export const redactor = <A>(redact: (record: A) => A, branchOf: (record: A) => string | undefined) =>
  Effect.map(
    CurrentPrincipal,
    (principal) => (record: A) =>
      Access.permits(
        principal,
        "readPersonal",
        { tenantId: principal.tenantId, branchId: branchOf(record) },
        principal.subtree
      )
        ? record
        : redact(record)
  )

/**
 * `If-Match` checked against the record as just read, for actions whose service call takes no
 * expected version (adding to a roster, opening a difficulty…): absent passes, a stale one fails.
 */
export const requireVersion = Effect.fnUntraced(function* (
  stored: Store.Versioned<{ readonly id: string }>,
  ifMatch: string | undefined
) {
  const expected = yield* expectedVersion(ifMatch)
  if (expected !== undefined && expected !== stored.version) {
    return yield* new PreconditionFailed({
      detail: `${stored.record.id} is at version ${stored.version}, not ${expected}: read it again`
    })
  }
})

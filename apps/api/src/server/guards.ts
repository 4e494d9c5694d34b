/**
 * What the handler groups share beyond `access.ts` and `respond.ts`: personal data redacted record by
 * record, `If-Match` on actions whose service call takes no expected version, and the one range a
 * list can have.
 */
import { Access } from "@bishui/domain"
import type { Store } from "@bishui/services"
import { Effect } from "effect"
import { PreconditionFailed, Unprocessable } from "../api/Problems.ts"
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

/**
 * The range of a list that can be ordered by another column too (wishes by fulfilment, cases by
 * fixing): the other column's range when given — the list is then ordered by it —, else the sort
 * column's (`from`/`to`). Both at once is refused: a list has one order and one range.
 */
export const oneRange = Effect.fnUntraced(function* (
  sorted: { readonly from: string | undefined; readonly to: string | undefined },
  other: { readonly orderBy: string; readonly from: string | undefined; readonly to: string | undefined },
  noun: { readonly zh: string; readonly en: string; readonly names: readonly [string, string] }
) {
  const byOther = other.from !== undefined || other.to !== undefined
  if (!byOther) return { from: sorted.from, to: sorted.to }
  if (sorted.from !== undefined || sorted.to !== undefined) {
    const [fromName, toName] = noun.names
    return yield* new Unprocessable({
      detail: `按${noun.zh}（${fromName}/${toName}）或按 from/to 筛选，只能选一种 / filter by ${noun.en} (${fromName}/${toName}) or by from/to, not both`,
      errors: [{ path: ["query", fromName], message: "cannot be combined with from/to" }]
    })
  }
  return other
})

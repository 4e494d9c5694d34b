/**
 * get / create / update for records that belong to one branch (teams, projects, events, campaigns,
 * zones, pioneer posts): read needs `read` on the record's branch, writes need `manage` on the branch
 * before and after; creates are idempotent per key, updates honour `If-Match`.
 */
import type { Errors } from "@bishui/domain"
import type { Store } from "@bishui/services"
import { Effect, type Schema } from "effect"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import type { Remembered } from "./idempotency.ts"
import { type DomainError, problems } from "./problems.ts"
import { expectedVersion, withEtag } from "./respond.ts"

interface BranchRecord {
  readonly id: string
  readonly tenantId: string
  readonly branchId: string
}

export interface BranchRecordService<A extends BranchRecord, CE extends DomainError, UE extends DomainError> {
  /** For idempotency keys and messages: `teams`, `zones`, … */
  readonly name: string
  readonly schema: Schema.Codec<A, unknown>
  readonly get: (tenantId: string, id: string) => Effect.Effect<Store.Versioned<A>, Errors.NotFound>
  readonly create: (record: A) => Effect.Effect<Store.Versioned<A>, CE>
  /** Absent for records that are not updated (campaigns); their groups register no update handler. */
  readonly update?: (record: A, expectedVersion?: number) => Effect.Effect<Store.Versioned<A>, UE>
  /** What a reader without `readPersonal` gets (default: the record as is). */
  readonly redact?: (record: A) => A
}

export const branchRecordHandlers = <A extends BranchRecord, CE extends DomainError, UE extends DomainError>(
  service: BranchRecordService<A, CE, UE>,
  remembered: Effect.Success<typeof Remembered>
) => ({
  get: ({ params }: { readonly params: { readonly id: string } }) =>
    Effect.gen(function* () {
      const principal = yield* CurrentPrincipal
      const stored = yield* problems(service.get(principal.tenantId, params.id))
      yield* authorize("read", { branchId: stored.record.branchId })
      return withEtag(stored)
    }),
  create: ({
    payload,
    headers
  }: {
    readonly payload: Omit<A, "id" | "tenantId"> & { readonly id?: string | undefined }
    readonly headers: { readonly "idempotency-key"?: string | undefined }
  }) =>
    Effect.gen(function* () {
      const principal = yield* CurrentPrincipal
      const record = { ...payload, tenantId: principal.tenantId } as unknown as A
      yield* authorize("manage", { branchId: record.branchId })
      return yield* remembered(
        headers["idempotency-key"],
        `${service.name}.create`,
        payload,
        service.schema,
        problems(service.create(record))
      )
    }),
  update: ({
    params,
    payload,
    headers
  }: {
    readonly params: { readonly id: string }
    readonly payload: Omit<A, "id" | "tenantId">
    readonly headers: { readonly "if-match"?: string | undefined }
  }) =>
    Effect.gen(function* () {
      const principal = yield* CurrentPrincipal
      const current = (yield* problems(service.get(principal.tenantId, params.id))).record
      yield* authorize("manage", { branchId: current.branchId })
      yield* authorize("manage", { branchId: payload.branchId })
      const version = yield* expectedVersion(headers["if-match"])
      const record = { ...payload, id: params.id, tenantId: principal.tenantId } as unknown as A
      if (service.update === undefined) return yield* Effect.die(new Error(`${service.name} are not updated`))
      return withEtag(yield* problems(service.update(record, version)))
    })
})

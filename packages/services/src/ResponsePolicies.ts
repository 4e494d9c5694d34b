/**
 * The response policies of a tenant's branches: how long a case may take to reach each stage. A
 * Party organisation (the Party group, a standing or temporary branch) may set its own; the others
 * inherit the nearest one above them, or the defaults (`ResponsePolicy.defaultPolicy`). Setting a
 * policy is audited like any write and re-times no open case: a case keeps the due times it got when
 * it opened (see `Cases`).
 */
import { Errors, type Ids, type ResponsePolicy } from "@bishui/domain"
import { Context, Effect } from "effect"
import { layersOf } from "./internal/layers.ts"
import { makeRecords, type UpdateError } from "./internal/records.ts"
import { type PolicyInForce, policyInForce } from "./internal/responsePolicy.ts"
import type { Versioned } from "./Store.ts"
import * as Tables from "./Tables.ts"

export type { PolicyInForce } from "./internal/responsePolicy.ts"

export class ResponsePolicies extends Context.Service<
  ResponsePolicies,
  {
    /** The policy in force for an organisation: its own, an inherited one, or the defaults. */
    readonly inForce: (tenantId: string, branchId: string) => Effect.Effect<PolicyInForce, Errors.NotFound>
    /**
     * Set an organisation's own policy (create, or replace it at `expectedVersion` when given; 0
     * expects that it has none yet).
     * `InvariantViolation` when the organisation is not a Party one (a community, a contractor).
     */
    readonly set: (
      tenantId: string,
      branchId: string,
      policy: ResponsePolicy.ResponsePolicy,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<ResponsePolicy.BranchResponsePolicy>, UpdateError>
  }
>()("@bishui/services/ResponsePolicies") {
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

  return ResponsePolicies.of({
    inForce: Effect.fn("ResponsePolicies.inForce")(function* (tenantId: string, branchId: string) {
      return yield* policyInForce(records, tenantId, branchId)
    }),
    set: Effect.fn("ResponsePolicies.set")(function* (
      tenantId: string,
      branchId: string,
      policy: ResponsePolicy.ResponsePolicy,
      expectedVersion?: number
    ) {
      const organisation = (yield* records.get(Tables.organisations, tenantId, branchId)).record
      if (organisation._tag === "Community" || organisation._tag === "Contractor") {
        return yield* new Errors.InvariantViolation({
          entity: "response_policy",
          entityId: branchId,
          rule: "policy_of_party_organisation",
          message: `响应时限由党组织设定，${branchId} 是${organisation._tag === "Community" ? "社区" : "施工单位"}; a response policy is set by a Party organisation, ${branchId} is a ${organisation._tag}`
        })
      }
      const record: ResponsePolicy.BranchResponsePolicy = {
        id: organisation.id as Ids.OrganisationId,
        tenantId: organisation.tenantId,
        routine: policy.routine,
        emergency: policy.emergency
      }
      return yield* store.transaction(
        Effect.gen(function* () {
          const stored = yield* store.collection(Tables.responsePolicies).get(tenantId, branchId)
          if (stored === undefined) {
            // version 0 is "none of its own yet", as the API shows it
            if (expectedVersion !== undefined && expectedVersion !== 0) {
              return yield* new Errors.StaleVersion({
                entity: "response_policy",
                id: branchId,
                expected: expectedVersion,
                actual: 0
              })
            }
            return yield* records.create(Tables.responsePolicies, record, { change: "response_policy.set" })
          }
          return yield* records.update(Tables.responsePolicies, tenantId, branchId, {
            change: "response_policy.set",
            expectedVersion,
            step: () => Effect.succeed(record)
          })
        })
      )
    })
  })
})

/**
 * Who may do what. A principal is a token's holder: a role scoped to a tenant and, below admin, to a
 * branch subtree; a member-role principal is also a member. The decision is a pure function of the
 * principal, the action and the target record's branch, so every adapter enforces the same rules.
 */
import { Schema } from "effect"
import { MemberId, OrganisationId, TenantId } from "./Ids.ts"

export const Role = Schema.Literals(["admin", "secretary", "member", "viewer"])
export type Role = typeof Role.Type

export const Principal = Schema.Struct({
  tenantId: TenantId,
  role: Role,
  /** The root of the subtree a secretary, member or viewer works in; an admin has the whole tenant. */
  branchId: Schema.optionalKey(OrganisationId),
  /** The member a member-role token belongs to. */
  memberId: Schema.optionalKey(MemberId),
  /** The token's id, for the audit log. */
  tokenId: Schema.String
})
export type Principal = typeof Principal.Type

/**
 * What a principal wants to do:
 * - `read` a record, `readPersonal` see its personal data unmasked,
 * - `manage` create or change records of a branch (organisations, members, zones, projects, cases…),
 *   and void (作废) or restore them,
 * - `recordOwn` record their own patrols, event participation and wish claims (and void or restore
 *   their own patrols),
 * - `administer` tokens and the audit log.
 */
export type Action = "read" | "readPersonal" | "manage" | "recordOwn" | "administer"

export interface Target {
  readonly tenantId: string
  /** The branch the record belongs to; absent for tenant-wide records. */
  readonly branchId?: string | undefined
  /** For `recordOwn`: the member the record is about. */
  readonly memberId?: string | undefined
}

/**
 * Whether the principal may act on the target. `subtree` is the set of organisation ids under the
 * principal's branch (see `Tree.subtreeIds`).
 */
export const permits = (
  principal: Principal,
  action: Action,
  target: Target,
  subtree: ReadonlySet<string>
): boolean => {
  if (principal.tenantId !== target.tenantId) return false
  if (principal.role === "admin") return true
  if (action === "administer") return false
  const inScope = target.branchId === undefined ? action === "read" : subtree.has(target.branchId)
  switch (principal.role) {
    case "secretary":
      return inScope
    case "member":
      if (action === "read") return inScope
      if (action === "recordOwn")
        return inScope && target.memberId !== undefined && target.memberId === principal.memberId
      return false
    case "viewer":
      return action === "read" && inScope
  }
}

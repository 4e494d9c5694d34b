/**
 * The audit log: one append-only entry per change — who, when, which record, and the record before
 * and after (as stored JSON). Entries are never updated or deleted.
 */
import { Schema } from "effect"
import { Instant } from "./Calendar.ts"
import { EntityKind } from "./Errors.ts"
import { AuditEntryId, TenantId } from "./Ids.ts"

/** `void` and `restore`: a record voided (作废) or restored, see `Void`. */
export const AuditAction = Schema.Literals(["create", "update", "transition", "delete", "void", "restore"])
export type AuditAction = typeof AuditAction.Type

/** Who made a change: a member, an operator's import run, or the system itself. */
export const Actor = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200))
export type Actor = typeof Actor.Type

export const AuditEntry = Schema.Struct({
  id: AuditEntryId,
  tenantId: TenantId,
  actor: Actor,
  at: Instant,
  entity: EntityKind,
  entityId: Schema.String,
  action: AuditAction,
  /** A short name for what happened: `case.assign`, `wish.fulfil`, … */
  change: Schema.String,
  /** The record before the change (`null` for a create): any JSON value, `null` included. */
  before: Schema.Json,
  /** The record after the change (`null` for a delete). */
  after: Schema.Json,
  /** Why: the reason given for a void or a restore. */
  reason: Schema.optionalKey(Schema.String)
})
export type AuditEntry = typeof AuditEntry.Type

/**
 * The domain's typed errors. Rules fail with `InvalidTransition` or `InvariantViolation`; services add
 * `NotFound`, `AlreadyExists`, `StaleVersion` and `VoidBlocked`; the API's edges add `Unauthorized` (a
 * bearer token that does not hold) and `IdempotencyKeyReused`. Each carries an HTTP status hint for
 * adapters.
 */
import { Schema } from "effect"

/** The kinds of record the domain knows, as they appear in errors and in the audit log. */
export const EntityKind = Schema.Literals([
  "tenant",
  "organisation",
  "member",
  "team",
  "pioneer_post",
  "project",
  "zone",
  "patrol_log",
  "service_event",
  "campaign",
  "case",
  "case_photo",
  "micro_wish",
  "response_policy",
  "access_token",
  "invite",
  "idempotency_key"
])
export type EntityKind = typeof EntityKind.Type

/** What each kind of record is called, for messages in Chinese and English. */
export const entityNames: Record<EntityKind, { readonly zh: string; readonly en: string }> = {
  tenant: { zh: "租户", en: "tenant" },
  organisation: { zh: "组织", en: "organisation" },
  member: { zh: "成员", en: "member" },
  team: { zh: "队伍", en: "team" },
  pioneer_post: { zh: "先锋岗", en: "pioneer post" },
  project: { zh: "项目", en: "project" },
  zone: { zh: "责任区", en: "zone" },
  patrol_log: { zh: "巡河记录", en: "patrol log" },
  service_event: { zh: "活动", en: "service event" },
  campaign: { zh: "活动计划", en: "campaign" },
  case: { zh: "案件", en: "case" },
  case_photo: { zh: "案件照片", en: "case photo" },
  response_policy: { zh: "响应时限", en: "response policy" },
  micro_wish: { zh: "微心愿", en: "micro-wish" },
  access_token: { zh: "令牌", en: "access token" },
  invite: { zh: "邀请链接", en: "invite" },
  idempotency_key: { zh: "幂等键", en: "idempotency key" }
}

/** A lifecycle step that is not allowed from the record's current state. */
export class InvalidTransition extends Schema.TaggedError<InvalidTransition>()(
  "InvalidTransition",
  {
    entity: EntityKind,
    entityId: Schema.String,
    from: Schema.String,
    to: Schema.String,
    message: Schema.String
  },
  { httpApiStatus: 409 }
) {}

/** A record that breaks a rule of the model (dissolved before established, a team without a leader, …). */
export class InvariantViolation extends Schema.TaggedError<InvariantViolation>()(
  "InvariantViolation",
  {
    entity: EntityKind,
    entityId: Schema.optionalKey(Schema.String),
    rule: Schema.String,
    message: Schema.String
  },
  { httpApiStatus: 422 }
) {}

/**
 * No record of that kind with that id in the tenant. A reference to a voided record is refused as if
 * it were missing, with `voided` set so the message can say so.
 */
export class NotFound extends Schema.TaggedError<NotFound>()(
  "NotFound",
  { entity: EntityKind, id: Schema.String, voided: Schema.optionalKey(Schema.Boolean) },
  { httpApiStatus: 404 }
) {}

/** A record with that id or natural key already exists. */
export class AlreadyExists extends Schema.TaggedError<AlreadyExists>()(
  "AlreadyExists",
  { entity: EntityKind, key: Schema.String },
  { httpApiStatus: 409 }
) {}

/** An update was based on a version that is no longer current. */
export class StaleVersion extends Schema.TaggedError<StaleVersion>()(
  "StaleVersion",
  { entity: EntityKind, id: Schema.String, expected: Schema.Int, actual: Schema.Int },
  { httpApiStatus: 412 }
) {}

/** A record named in an error: its kind, id, a readable label, and where it holds the reference. */
export const RecordRef = Schema.Struct({
  entity: EntityKind,
  id: Schema.String,
  label: Schema.String,
  /** The reference, e.g. `homeBranchId`, `stages[].actorId`. */
  via: Schema.String
})
export type RecordRef = typeof RecordRef.Type

/**
 * A void or restore that the records around it do not allow: `live_dependents` — live records refer
 * to the record (void them or change them first); `voided_references` — the record refers to voided
 * ones (restore them first). `records` names the first few, `total` counts them all.
 */
export class VoidBlocked extends Schema.TaggedError<VoidBlocked>()(
  "VoidBlocked",
  {
    entity: EntityKind,
    entityId: Schema.String,
    reason: Schema.Literals(["live_dependents", "voided_references"]),
    records: Schema.Array(RecordRef),
    total: Schema.Int,
    message: Schema.String
  },
  { httpApiStatus: 409 }
) {}

export type RuleError = InvalidTransition | InvariantViolation

/**
 * A bearer token that does not hold: missing, malformed, unknown, wrong secret, revoked or expired.
 * The message names the reason, never the token: an unknown id and a wrong secret read alike.
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()(
  "Unauthorized",
  {
    /** `used`: an invite's code opened a second time (an invite works once). */
    reason: Schema.Literals(["missing", "malformed", "invalid", "revoked", "expired", "used"]),
    message: Schema.String
  },
  { httpApiStatus: 401 }
) {}

/** An `Idempotency-Key` already used, within its tenant, for a different request. */
export class IdempotencyKeyReused extends Schema.TaggedError<IdempotencyKeyReused>()(
  "IdempotencyKeyReused",
  { key: Schema.String, message: Schema.String },
  { httpApiStatus: 422 }
) {}

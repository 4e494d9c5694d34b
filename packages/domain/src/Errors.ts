/**
 * The domain's typed errors. Rules fail with `InvalidTransition` or `InvariantViolation`; services add
 * `NotFound`, `AlreadyExists` and `StaleVersion`; the API's edges add `Unauthorized` (a bearer token that
 * does not hold) and `IdempotencyKeyReused`. Each carries an HTTP status hint for adapters.
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
  "micro_wish",
  "response_policy",
  "access_token",
  "idempotency_key"
])
export type EntityKind = typeof EntityKind.Type

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

/** No record of that kind with that id in the tenant. */
export class NotFound extends Schema.TaggedError<NotFound>()(
  "NotFound",
  { entity: EntityKind, id: Schema.String },
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

export type RuleError = InvalidTransition | InvariantViolation

/**
 * A bearer token that does not hold: missing, malformed, unknown, wrong secret, revoked or expired.
 * The message names the reason, never the token: an unknown id and a wrong secret read alike.
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()(
  "Unauthorized",
  {
    reason: Schema.Literals(["missing", "malformed", "invalid", "revoked", "expired"]),
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

/**
 * The domain's typed errors. Rules fail with `InvalidTransition` or `InvariantViolation`; services add
 * `NotFound`, `AlreadyExists` and `StaleVersion`. Each carries an HTTP status hint for adapters.
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
  "access_token"
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

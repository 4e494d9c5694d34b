/**
 * Every error the API answers with, as an RFC 9457 problem (`application/problem+json`). Domain errors
 * map onto these in one place (`server/problems.ts`); nothing else reaches a client — never a stack
 * trace, SQL text or personal data. Type, status and title come from the list of problem types
 * (`ProblemTypes.ts`): a type is a page on bishui itself that explains it.
 */
import { Schema } from "effect"
import { HttpApiError } from "effect/http-api"
import { problemHead as declared } from "./ProblemTypes.ts"

/** A field-level issue: where in the request, and what is wrong. */
export const FieldIssue = Schema.Struct({
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number])),
  message: Schema.String
})

export class NotFound extends HttpApiError.Problem<NotFound>()("NotFound", declared("not-found")) {}

/** A record a problem names: its kind, id, a readable label, and the reference that ties it. */
export const NamedRecord = Schema.Struct({
  entity: Schema.String,
  id: Schema.String,
  label: Schema.String,
  via: Schema.String
})

export class Conflict extends HttpApiError.Problem<Conflict>()("Conflict", declared("conflict"), {
  /**
   * A void or restore refused for the records around it: `live_dependents` (records that refer to
   * this one: void or change them first) or `voided_references` (voided records this one refers
   * to: restore them first).
   */
  reason: Schema.optionalKey(Schema.Literals(["live_dependents", "voided_references"])),
  /** The first records in the way. */
  records: Schema.optionalKey(Schema.Array(NamedRecord)),
  /** How many records are in the way. */
  total: Schema.optionalKey(Schema.Int)
}) {}

export class PreconditionFailed extends HttpApiError.Problem<PreconditionFailed>()(
  "PreconditionFailed",
  declared("precondition-failed")
) {}

export class Unprocessable extends HttpApiError.Problem<Unprocessable>()(
  "Unprocessable",
  declared("unprocessable"),
  {
    /** The rule of the model the request broke, e.g. `dissolved_not_before_established`. */
    rule: Schema.optionalKey(Schema.String),
    errors: Schema.optionalKey(Schema.Array(FieldIssue))
  }
) {}

export class Unauthorized extends HttpApiError.Problem<Unauthorized>()(
  "Unauthorized",
  declared("unauthorized")
) {}

export class Forbidden extends HttpApiError.Problem<Forbidden>()("Forbidden", declared("forbidden")) {}

export class TooManyRequests extends HttpApiError.Problem<TooManyRequests>()(
  "TooManyRequests",
  declared("too-many-requests")
) {}

export class InternalError extends HttpApiError.Problem<InternalError>()(
  "InternalError",
  declared("internal")
) {}

/**
 * The problems the HTTP layer in front of the API answers itself (app.ts), for the document to
 * declare on every operation that takes a body: too large a body, a body that is not JSON.
 */
export class ContentTooLarge extends HttpApiError.Problem<ContentTooLarge>()(
  "ContentTooLarge",
  declared("content-too-large")
) {}

export class UnsupportedMediaType extends HttpApiError.Problem<UnsupportedMediaType>()(
  "UnsupportedMediaType",
  declared("unsupported-media-type")
) {}

/**
 * Every error the API answers with, as an RFC 9457 problem (`application/problem+json`). Domain errors
 * map onto these in one place (`server/problems.ts`); nothing else reaches a client — never a stack
 * trace, SQL text or personal data.
 */
import { Schema } from "effect"
import { HttpApiError } from "effect/http-api"

const type = (name: string) => `https://bishui.dev/problems/${name}`

/** A field-level issue: where in the request, and what is wrong. */
export const FieldIssue = Schema.Struct({
  path: Schema.Array(Schema.Union([Schema.String, Schema.Number])),
  message: Schema.String
})

export class NotFound extends HttpApiError.Problem<NotFound>()("NotFound", {
  type: type("not-found"),
  status: 404,
  title: "Not Found"
}) {}

/** A record a problem names: its kind, id, a readable label, and the reference that ties it. */
export const NamedRecord = Schema.Struct({
  entity: Schema.String,
  id: Schema.String,
  label: Schema.String,
  via: Schema.String
})

export class Conflict extends HttpApiError.Problem<Conflict>()(
  "Conflict",
  { type: type("conflict"), status: 409, title: "Conflict" },
  {
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
  }
) {}

export class PreconditionFailed extends HttpApiError.Problem<PreconditionFailed>()("PreconditionFailed", {
  type: type("precondition-failed"),
  status: 412,
  title: "Precondition Failed"
}) {}

export class Unprocessable extends HttpApiError.Problem<Unprocessable>()(
  "Unprocessable",
  { type: type("unprocessable"), status: 422, title: "Unprocessable Content" },
  {
    /** The rule of the model the request broke, e.g. `dissolved_not_before_established`. */
    rule: Schema.optionalKey(Schema.String),
    errors: Schema.optionalKey(Schema.Array(FieldIssue))
  }
) {}

export class Unauthorized extends HttpApiError.Problem<Unauthorized>()("Unauthorized", {
  type: type("unauthorized"),
  status: 401,
  title: "Unauthorized"
}) {}

export class Forbidden extends HttpApiError.Problem<Forbidden>()("Forbidden", {
  type: type("forbidden"),
  status: 403,
  title: "Forbidden"
}) {}

export class TooManyRequests extends HttpApiError.Problem<TooManyRequests>()("TooManyRequests", {
  type: type("too-many-requests"),
  status: 429,
  title: "Too Many Requests"
}) {}

export class InternalError extends HttpApiError.Problem<InternalError>()("InternalError", {
  type: type("internal"),
  status: 500,
  title: "Internal Server Error"
}) {}

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

export class Conflict extends HttpApiError.Problem<Conflict>()("Conflict", {
  type: type("conflict"),
  status: 409,
  title: "Conflict"
}) {}

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

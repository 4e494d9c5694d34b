/** The Validation middleware: schema failures of a request become a 422 problem listing each field. */
import { Cause, Effect, ErrorReporter, SchemaIssue } from "effect"
import { HttpApiMiddleware } from "effect/http-api"
import { InternalError, Unprocessable } from "../api/Problems.ts"
import { Validation } from "../api/Security.ts"

const format = SchemaIssue.makeFormatterStandardSchemaV1()

export const ValidationLive = HttpApiMiddleware.layerSchemaErrorTransform(Validation, (error) => {
  if (error.kind === "Body" || error.kind === "ResponseHeaders") {
    // Our own response failed to encode: a bug, reported, and a bare 500 for the client.
    return Effect.andThen(ErrorReporter.report(Cause.fail(error)), Effect.fail(new InternalError({})))
  }
  // "body" is what an API client calls the payload.
  const part = error.kind === "Payload" ? "body" : error.kind.toLowerCase()
  const errors = format(error.cause.issue).issues.map((issue) => ({
    path: [
      part,
      ...(issue.path ?? []).map((segment) => {
        const key =
          typeof segment === "object" && segment !== null && "key" in segment ? segment.key : segment
        return typeof key === "number" ? key : String(key)
      })
    ],
    message: issue.message
  }))
  return Effect.fail(new Unprocessable({ detail: "the request does not match the API", errors }))
})

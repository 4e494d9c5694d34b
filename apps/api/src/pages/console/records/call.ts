/**
 * How a console page calls the API: as the signed-in person (their bearer in `PageAuthorization`),
 * through the in-process typed client, and what a failure comes to for a page — not signed in, not
 * allowed, not found, a conflict naming the records in the way, field errors to show next to the
 * fields, or the records cannot be read. Field errors come from the API's 422 problem, or from the
 * client's own encoding of the request (the typed client checks a payload against the same schema
 * before it sends it): either way they carry the path of the field and the schema's message.
 */
import { Cause, Effect, Exit, SchemaIssue } from "effect"
import { PageAuthorization, type PageClient, PageRequestId } from "../../client.ts"

/** A field the request got wrong: its path in the payload (`["title"]`) and what is wrong. */
export interface FieldError {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

/** A record a 409 names: what holds the record being voided (or what is voided under a restore). */
export interface NamedRecord {
  readonly entity: string
  readonly id: string
  readonly label: string
  readonly via: string
}

export type Failure =
  | { readonly kind: "unauthorized" }
  | { readonly kind: "forbidden"; readonly detail?: string | undefined }
  | { readonly kind: "notFound"; readonly detail?: string | undefined }
  | {
      readonly kind: "conflict"
      readonly detail?: string | undefined
      readonly reason?: string | undefined
      readonly records: ReadonlyArray<NamedRecord>
      readonly total?: number | undefined
    }
  | {
      readonly kind: "invalid"
      readonly detail?: string | undefined
      readonly errors: ReadonlyArray<FieldError>
    }
  | { readonly kind: "unavailable" }

export type Outcome<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly failure: Failure }

/**
 * The status a form is shown again with, for a failure the person can mend on it (fields refused, a
 * conflict naming records, a referenced record gone); `undefined` for the rest, which get their own page.
 */
export const formStatusOf = (failure: Failure): 422 | 409 | 404 | undefined =>
  failure.kind === "invalid"
    ? 422
    : failure.kind === "conflict"
      ? 409
      : failure.kind === "notFound"
        ? 404
        : undefined

const formatIssue = SchemaIssue.makeFormatterStandardSchemaV1()

/** A problem's field errors without the request part (`body`) the API puts first. */
const fieldErrorsOf = (errors: unknown): ReadonlyArray<FieldError> =>
  Array.isArray(errors)
    ? errors.map((error: { path?: ReadonlyArray<string | number>; message?: string }) => {
        const path = error.path ?? []
        return { path: path[0] === "body" ? path.slice(1) : path, message: error.message ?? "" }
      })
    : []

/** What a failed call's error comes to for a page. */
export const failureOf = (error: unknown): Failure => {
  const problem = error as {
    readonly _tag?: string
    readonly detail?: string
    readonly reason?: string
    readonly records?: ReadonlyArray<NamedRecord>
    readonly total?: number
    readonly errors?: unknown
    readonly issue?: SchemaIssue.Issue
  } | null
  switch (problem?._tag) {
    case "Unauthorized":
      return { kind: "unauthorized" }
    case "Forbidden":
      return { kind: "forbidden", detail: problem.detail }
    case "NotFound":
      return { kind: "notFound", detail: problem.detail }
    case "Conflict":
    case "PreconditionFailed":
      return {
        kind: "conflict",
        detail: problem.detail,
        reason: problem.reason,
        records: problem.records ?? [],
        total: problem.total
      }
    case "Unprocessable":
      return { kind: "invalid", detail: problem.detail, errors: fieldErrorsOf(problem.errors) }
    case "SchemaError": {
      // The client refused to send it: the same schema the API would have checked it with.
      const issues = problem.issue === undefined ? [] : formatIssue(problem.issue).issues
      return {
        kind: "invalid",
        errors: issues.map((issue) => ({
          path: (issue.path ?? []).map((segment) => {
            const key =
              typeof segment === "object" && segment !== null && "key" in segment ? segment.key : segment
            return typeof key === "number" ? key : String(key)
          }),
          message: issue.message
        }))
      }
    }
    default:
      return { kind: "unavailable" }
  }
}

/**
 * Run API calls for a console page as the person `bearer` names: the value, or the failure. No client
 * (the database not reached yet) is `unavailable`; a defect too — the page says so, never a stack.
 */
export const callAs = async <A, E>(
  client: PageClient | undefined,
  bearer: string,
  requestId: string | undefined,
  use: (client: PageClient) => Effect.Effect<A, E>
): Promise<Outcome<A>> => {
  if (client === undefined) return { ok: false, failure: { kind: "unavailable" } }
  const exit = await Effect.runPromiseExit(
    use(client).pipe(
      Effect.provideService(PageAuthorization, bearer),
      Effect.provideService(PageRequestId, requestId)
    )
  )
  if (Exit.isSuccess(exit)) return { ok: true, value: exit.value }
  const failed = exit.cause.reasons.find(Cause.isFailReason)
  return { ok: false, failure: failed === undefined ? { kind: "unavailable" } : failureOf(failed.error) }
}

/** An API detail in the page's language: details written `中文 / English` are split, others kept. */
export const detailIn = (detail: string | undefined, lang: "zh" | "en"): string | undefined => {
  if (detail === undefined) return undefined
  const at = detail.indexOf(" / ")
  if (at < 0) return detail
  return lang === "zh" ? detail.slice(0, at) : detail.slice(at + 3)
}

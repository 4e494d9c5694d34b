/**
 * When the database cannot serve — PostgreSQL unreachable or restarting, SQLite busy, read-only or
 * out of space — a request gets a 503 problem with `Retry-After`, not a bare 500: the SQL Store
 * turns driver failures into defects (the services' contracts carry only domain errors), and this is
 * the one place that tells a database outage from a bug. Any other defect becomes a 500 problem.
 * Logs name the failure's kind and code, never its SQL or its parameters.
 */
import { Cause, Effect } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { SqlError } from "effect/sql"
import { type ProblemSlug, problemBody } from "../api/ProblemTypes.ts"

export type Outage = "unreachable" | "busy" | "read-only" | "full" | "io"

const details: Record<Outage, string> = {
  unreachable: "the database cannot be reached; try again shortly",
  busy: "the database is busy; try again shortly",
  "read-only": "the database refuses writes (it is read-only); reads still work",
  full: "the database has no space left for writes; reads still work",
  io: "the database reported an I/O error; try again shortly"
}

/** SQLite result codes (low byte) and PostgreSQL SQLSTATEs that mean "not now", not "a bug". */
const sqliteOutages: Record<number, Outage> = { 5: "busy", 6: "busy", 8: "read-only", 10: "io", 13: "full" }

const codeOf = (cause: unknown): unknown =>
  typeof cause === "object" && cause !== null
    ? ((cause as { errcode?: unknown; code?: unknown }).errcode ?? (cause as { code?: unknown }).code)
    : undefined

/** Whether a defect is the database being unavailable, and how. */
export const outageOf = (defect: unknown): Outage | undefined => {
  if (!SqlError.isSqlError(defect)) return undefined
  const reason = defect.reason
  switch (reason._tag) {
    case "ConnectionError":
      return "unreachable"
    case "LockTimeoutError":
      return "busy"
  }
  const code = codeOf(reason.cause)
  if (typeof code === "number") return sqliteOutages[code & 0xff]
  if (typeof code === "string") {
    // 08: connection exception; 53: insufficient resources (53100 disk full); 57P0x: shutting down, starting up.
    if (code.startsWith("08") || /^57P0[1-4]$/.test(code)) return "unreachable"
    if (code === "53100") return "full"
    if (code.startsWith("53")) return "busy"
    if (code === "25006") return "read-only"
  }
  return undefined
}

/**
 * A short, safe description of a failure: kind and code, no SQL. `withMessage` adds the driver's
 * message — for start-up, where it names the database or the host, never request data.
 */
export const describeFailure = (error: unknown, withMessage = false): string => {
  if (SqlError.isSqlError(error)) {
    const code = codeOf(error.reason.cause)
    const nested = (error.reason.cause as { cause?: unknown } | undefined)?.cause
    const kind = [error.reason._tag, code ?? codeOf(nested)].filter((part) => part !== undefined).join(" ")
    if (!withMessage) return kind
    const inner = (error.reason.cause as { message?: unknown } | undefined)?.message
    const messages = [error.reason.message, typeof inner === "string" ? inner : undefined]
    return [kind, ...messages.filter((m) => m !== undefined && m !== "")].join(": ")
  }
  if (error instanceof Error) return withMessage ? `${error.name}: ${error.message}` : error.name
  return typeof error
}

export const problem = (slug: ProblemSlug, detail: string) => {
  const body = problemBody(slug, detail)
  return HttpServerResponse.jsonUnsafe(body, {
    status: body.status,
    contentType: "application/problem+json",
    headers: body.status === 503 ? { "retry-after": "5" } : {}
  })
}

export const unavailable = (outage: Outage) => problem("service-unavailable", details[outage])

/**
 * The global router middleware: database outages → 503 problems, other defects → 500 problems, each
 * logged (through the app's JSON log sink) with the request id and the failure's kind.
 */
export const databaseOutages = (log: (entry: Record<string, unknown>) => void) =>
  HttpRouter.middleware(
    (httpEffect) =>
      Effect.catchCause(httpEffect, (cause) => {
        const defect = Cause.findDefect(cause)
        // A response raised as a defect is the router's own way of answering: leave it be.
        if (defect._tag === "Failure" || HttpServerResponse.isHttpServerResponse(defect.success)) {
          return Effect.failCause(cause)
        }
        const outage = outageOf(defect.success)
        return Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
          const requestId = request.headers["x-request-id"] ?? "none"
          const failure = describeFailure(defect.success)
          if (outage === undefined) {
            log({ level: "error", msg: "request failed: unexpected defect", requestId, failure })
            return problem("internal", "something went wrong on our side; the request id identifies it")
          }
          log({
            level: "error",
            msg: `request failed: the database is unavailable (${outage})`,
            requestId,
            failure
          })
          return unavailable(outage)
        })
      }),
    { global: true }
  )

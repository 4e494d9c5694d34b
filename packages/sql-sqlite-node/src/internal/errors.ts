/**
 * Turns `node:sqlite` failures into `SqlError`s with a classified `reason`.
 *
 * node:sqlite throws plain `Error`s with `code: "ERR_SQLITE_ERROR"` and the
 * (extended) SQLite result code in `errcode`; effect's `classifySqliteError`
 * reads `errno`, so the code is copied across before classifying. A few codes
 * the shared classifier leaves as `UnknownError` get a sharper reason here.
 */
import { hasProperty } from "effect/Predicate"
import {
  AuthorizationError,
  classifySqliteError,
  SqlError,
  type SqlErrorReason,
  SqlSyntaxError,
  UniqueViolation,
  UnknownError
} from "effect/sql/SqlError"

/** Primary SQLite result codes (the low byte of an extended code) that are named in messages. */
const codeNames: Record<number, string> = {
  1: "SQLITE_ERROR",
  3: "SQLITE_PERM",
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  7: "SQLITE_NOMEM",
  8: "SQLITE_READONLY",
  9: "SQLITE_INTERRUPT",
  10: "SQLITE_IOERR",
  11: "SQLITE_CORRUPT",
  13: "SQLITE_FULL",
  14: "SQLITE_CANTOPEN",
  18: "SQLITE_TOOBIG",
  19: "SQLITE_CONSTRAINT",
  20: "SQLITE_MISMATCH",
  23: "SQLITE_AUTH",
  25: "SQLITE_RANGE",
  26: "SQLITE_NOTADB"
}

const SQLITE_ERROR = 1
const SQLITE_READONLY = 8
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555

/** The extended SQLite result code carried by a node:sqlite error, if any. */
export const sqliteErrcode = (cause: unknown): number | undefined =>
  hasProperty(cause, "errcode") && typeof cause.errcode === "number" ? cause.errcode : undefined

const causeMessage = (cause: unknown): string =>
  hasProperty(cause, "message") && typeof cause.message === "string" ? cause.message : String(cause)

/**
 * Builds the `SqlError` for a driver failure.
 *
 * The message is `label: <sqlite message> (<code name>)`. SQLite's own messages
 * name constraints and columns but never bound values, and callers never pass
 * SQL text here: `expandedSQL` would inline the parameters, which may be
 * personal data, so it is never read.
 */
export const toSqlError = (cause: unknown, label: string, operation: string): SqlError => {
  const errcode = sqliteErrcode(cause)
  if (errcode !== undefined && hasProperty(cause, "message") && !hasProperty(cause, "errno")) {
    // `classifySqliteError` reads `code` (a string here: "ERR_SQLITE_ERROR") then `errno`.
    Object.defineProperty(cause, "errno", { value: errcode, enumerable: true, configurable: true })
  }
  const name = errcode === undefined ? undefined : codeNames[errcode & 0xff]
  const message = `${label}: ${causeMessage(cause)}${name === undefined ? "" : ` (${name})`}`
  return new SqlError({ reason: classify(cause, errcode, message, operation) })
}

const classify = (
  cause: unknown,
  errcode: number | undefined,
  message: string,
  operation: string
): SqlErrorReason => {
  const primary = errcode === undefined ? undefined : errcode & 0xff
  // A write refused because the connection or file is read-only is a permission failure.
  if (primary === SQLITE_READONLY) return new AuthorizationError({ cause, message, operation })
  // A duplicate primary key is a unique violation too; the shared classifier only knows
  // SQLITE_CONSTRAINT_UNIQUE. SQLite reports both as "UNIQUE constraint failed: <table.columns>".
  if (errcode === SQLITE_CONSTRAINT_PRIMARYKEY) {
    const constraint = /UNIQUE constraint failed:\s*(.+)$/.exec(causeMessage(cause))?.[1]?.trim()
    return new UniqueViolation({ cause, message, operation, constraint: constraint ?? "PRIMARY KEY" })
  }
  // SQLITE_ERROR covers many things; only "syntax error" messages are known to be syntax.
  if (primary === SQLITE_ERROR && /syntax error|incomplete input/i.test(causeMessage(cause))) {
    return new SqlSyntaxError({ cause, message, operation })
  }
  // Everything else (constraint/unique, busy/locked, auth, cantopen, and UnknownError for
  // disk full, I/O error, corruption) follows effect's shared SQLite classification.
  return classifySqliteError(cause, { message, operation })
}

/** A parameter node:sqlite cannot bind. The value itself is never put in the error. */
export const bindError = (index: number, value: unknown): SqlError => {
  const kind = value === null ? "null" : typeof value === "object" ? value.constructor?.name : typeof value
  const message = `Cannot bind parameter ${index + 1} of type ${kind ?? "object"}`
  return new SqlError({
    reason: new UnknownError({ cause: new TypeError(message), message, operation: "bind" })
  })
}

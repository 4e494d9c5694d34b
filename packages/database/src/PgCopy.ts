/**
 * `COPY … FROM STDIN` on PostgreSQL, on a connection of its own: what @effect/sql-pg does not speak.
 *
 * The connection is opened from the same `postgres://` URL the apps take (host, port, user, password,
 * database, `sslmode`, and the `host`/`port`/`user`/`password`/`dbname`/`application_name`/`options`/
 * `connect_timeout` query parameters; 5 s to connect unless told), with @effect/sql-pg's own startup
 * message, backend parser and authentication (trust, cleartext, MD5, SCRAM-SHA-256 from `PgAuth`). What that driver has no encoder for — a simple
 * `Query`, `CopyData`, `CopyDone`, `CopyFail` — is framed here.
 *
 * `copyIn` sends rows in the text format (tab-separated, `\N` for null, `\\` `\t` `\n` `\r` escaped),
 * many rows to a `CopyData` message, and waits for the socket to drain when it asks to. The server's
 * `ErrorResponse` becomes a {@link PgCopyServerError} (message, SQLSTATE, the input line it names);
 * a source that throws sends `CopyFail`, so the server drops everything the `COPY` had taken. A `COPY`
 * outside a transaction block is all-or-nothing by itself; inside one (`execute("BEGIN")` first) it
 * is part of that transaction. An interrupted `copyIn` closes the socket, which ends the server's
 * backend and rolls back what it had.
 */
import { Buffer } from "node:buffer"
import { randomBytes } from "node:crypto"
import * as Net from "node:net"
import * as Tls from "node:tls"
import * as PgAuth from "@effect/sql-pg/PgAuth"
import * as PgProtocol from "@effect/sql-pg/PgProtocol"
import type { Scope } from "effect"
import { Data, Effect, Result, Semaphore } from "effect"

/** The server refused: its message, SQLSTATE and, for a `COPY`, the input line it names (1-based). */
export class PgCopyServerError extends Data.TaggedError("PgCopyServerError")<{
  readonly message: string
  readonly sqlState: string | undefined
  readonly line: number | undefined
  readonly detail: string | undefined
  readonly where: string | undefined
}> {}

/** The connection could not be made, or broke: nothing about the data. */
export class PgCopyConnectionError extends Data.TaggedError("PgCopyConnectionError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/** The rows' source threw: `CopyFail` was sent, and the server took none of the rows. */
export class PgCopySourceError extends Data.TaggedError("PgCopySourceError")<{
  readonly message: string
  readonly cause: unknown
}> {}

export type PgCopyError = PgCopyServerError | PgCopyConnectionError | PgCopySourceError

/** One value of a row; `null`/`undefined` is SQL NULL, a `Uint8Array` goes to a `bytea`. */
export type CopyValue = string | number | bigint | boolean | Date | Uint8Array | null | undefined

export type CopyRow = ReadonlyArray<CopyValue>

export interface CopyInOptions {
  /** The table, quoted as one identifier; `schema` quoted before it when given. */
  readonly table: string
  readonly schema?: string | undefined
  readonly columns: ReadonlyArray<string>
  readonly rows: AsyncIterable<CopyRow> | Iterable<CopyRow>
  /** Bytes (roughly: UTF-16 units) gathered into one `CopyData` message; 64 KiB unless told. */
  readonly chunkSize?: number | undefined
}

export interface PgCopyConnection {
  /** Runs `COPY table (columns) FROM STDIN` with the rows; succeeds with the number of rows the server took. */
  readonly copyIn: (options: CopyInOptions) => Effect.Effect<number, PgCopyError>
  /** Runs statements by the simple query protocol (`BEGIN`, `CREATE UNLOGGED TABLE …`); results are dropped. */
  readonly execute: (sql: string) => Effect.Effect<void, PgCopyServerError | PgCopyConnectionError>
  /** Runs statements by the simple query protocol; the rows of every result, each value as text. */
  readonly query: (
    sql: string
  ) => Effect.Effect<ReadonlyArray<ReadonlyArray<string | null>>, PgCopyServerError | PgCopyConnectionError>
}

/** `"name"` with embedded quotes doubled. */
export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`

const escapes = /[\\\t\n\r]/
const escapesAll = /[\\\t\n\r]/g
const escapeOf = (c: string): string =>
  c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"

/** One value in COPY's text format. */
export const encodeCopyValue = (value: CopyValue): string => {
  if (value === null || value === undefined) return "\\N"
  if (typeof value === "string") return escapes.test(value) ? value.replace(escapesAll, escapeOf) : value
  if (typeof value === "number") {
    if (Number.isFinite(value)) return String(value)
    return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity"
  }
  if (typeof value === "bigint") return value.toString()
  if (typeof value === "boolean") return value ? "t" : "f"
  if (value instanceof Date) return value.toISOString()
  // bytea's hex input `\x…`, its backslash escaped for COPY
  return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`
}

/** One row in COPY's text format, with its newline. */
export const encodeCopyRow = (row: CopyRow): string => {
  let line = ""
  for (let i = 0; i < row.length; i++) line += (i === 0 ? "" : "\t") + encodeCopyValue(row[i])
  return `${line}\n`
}

// ---------------------------------------------------------------------------------------------
// Frames @effect/sql-pg has no encoder for

const typeQuery = 0x51 // Q
const typeCopyData = 0x64 // d
const typeCopyDone = 0x63 // c
const typeCopyFail = 0x66 // f

const cstringFrame = (type: number, text: string): Buffer => {
  const length = Buffer.byteLength(text)
  const frame = Buffer.allocUnsafe(6 + length)
  frame[0] = type
  frame.writeInt32BE(5 + length, 1)
  frame.write(text, 5)
  frame[5 + length] = 0
  return frame
}

const copyDataFrame = (text: string): Buffer => {
  const length = Buffer.byteLength(text)
  const frame = Buffer.allocUnsafe(5 + length)
  frame[0] = typeCopyData
  frame.writeInt32BE(4 + length, 1)
  frame.write(text, 5)
  return frame
}

const copyDoneFrame = Buffer.from([typeCopyDone, 0, 0, 0, 4])

// ---------------------------------------------------------------------------------------------
// Connection settings from a URL, read as @effect/sql-pg reads them

interface Settings {
  readonly host: string
  readonly port: number
  readonly path: string | undefined
  readonly user: string
  readonly password: string | undefined
  readonly database: string | undefined
  readonly applicationName: string
  readonly options: string | undefined
  readonly ssl: "disable" | "prefer" | "require"
  /** Milliseconds to connect and authenticate in; 0 waits for ever. */
  readonly connectTimeout: number
}

const settingsOf = (raw: string): Result.Result<Settings, PgCopyConnectionError> => {
  const bad = (message: string, cause?: unknown) =>
    Result.fail(new PgCopyConnectionError({ message: `PgCopy: ${message}`, cause }))
  let url: URL
  try {
    url = new URL(raw)
  } catch (cause) {
    return bad("invalid connection URL", cause)
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:")
    return bad(`unsupported connection URL protocol "${url.protocol}"`)
  try {
    let host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : decodeURIComponent(url.hostname)
    let port = url.port === "" ? 5432 : Number(url.port)
    let user = url.username === "" ? undefined : decodeURIComponent(url.username)
    let password = url.password === "" ? undefined : decodeURIComponent(url.password)
    let database: string | undefined = decodeURIComponent(url.pathname.replace(/^\//, "")) || undefined
    let applicationName = "bishui-pgcopy"
    let options: string | undefined
    let ssl: Settings["ssl"] = "disable"
    let connectTimeout = 5000
    for (const [key, value] of url.searchParams) {
      if (key === "host") host = value
      else if (key === "port") port = Number(value)
      else if (key === "user") user = value
      else if (key === "password") password = value
      else if (key === "dbname") database = value
      else if (key === "application_name") applicationName = value
      else if (key === "options") options = value
      else if (key === "connect_timeout") {
        const seconds = Number(value)
        if (!Number.isInteger(seconds) || seconds < 0) return bad(`invalid connect_timeout "${value}"`)
        connectTimeout = seconds * 1000
      } else if (key === "sslmode") {
        if (value === "disable") ssl = "disable"
        else if (value === "prefer" || value === "allow") ssl = "prefer"
        else if (value === "require" || value === "verify-ca" || value === "verify-full") ssl = "require"
        else return bad(`unrecognized sslmode "${value}"`)
      }
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) return bad("invalid port")
    user ??= process.env.USER ?? process.env.USERNAME
    if (user === undefined) return bad("no user name")
    if (host === "") host = "localhost"
    return Result.succeed({
      host,
      port,
      path: host.startsWith("/") ? `${host}/.s.PGSQL.${port}` : undefined,
      user,
      password,
      database,
      applicationName,
      options,
      ssl,
      connectTimeout
    })
  } catch (cause) {
    return bad("invalid percent-encoding in URL", cause)
  }
}

// ---------------------------------------------------------------------------------------------
// The socket and the messages the server sent, waited on one at a time

type Message = PgProtocol.BackendMessage

class Wire {
  private queue: Array<Message> = []
  private head = 0
  private wakers: Array<() => void> = []
  private parser = PgProtocol.makeParser()
  failure: PgCopyConnectionError | undefined
  socket: Net.Socket

  constructor(socket: Net.Socket) {
    this.socket = socket
    this.listen()
  }

  private readonly onData = (chunk: Buffer) => {
    try {
      this.parser.pushEach(chunk, (message) => {
        this.queue.push(message)
      })
    } catch (cause) {
      this.fail(new PgCopyConnectionError({ message: "PgCopy: cannot parse the server's reply", cause }))
    }
    this.wake()
  }
  private readonly onError = (cause: unknown) =>
    this.fail(new PgCopyConnectionError({ message: "PgCopy: connection error", cause }))
  private readonly onClose = () =>
    this.fail(new PgCopyConnectionError({ message: "PgCopy: connection closed" }))
  private readonly onDrain = () => this.wake()

  private listen() {
    this.socket.on("data", this.onData)
    this.socket.on("error", this.onError)
    this.socket.on("close", this.onClose)
    this.socket.on("drain", this.onDrain)
  }

  /** Leaves the raw socket to a TLS one wrapped around it. */
  async upgrade(ssl: Settings["ssl"], host: string): Promise<void> {
    this.socket.write(PgProtocol.encodeSslRequest())
    const answer = await new Promise<number>((resolve, reject) => {
      this.socket.off("data", this.onData)
      this.socket.once("data", (chunk: Buffer) => resolve(chunk[0] ?? 0))
      this.wakers.push(() => (this.failure === undefined ? undefined : reject(this.failure)))
    })
    if (answer === 0x4e /* N */) {
      this.socket.on("data", this.onData)
      if (ssl === "prefer") return
      throw new PgCopyConnectionError({ message: "PgCopy: the server does not speak TLS (sslmode=require)" })
    }
    if (answer !== 0x53 /* S */)
      throw new PgCopyConnectionError({ message: "PgCopy: invalid answer to SSLRequest" })
    const raw = this.socket
    raw.off("error", this.onError)
    raw.off("close", this.onClose)
    raw.off("drain", this.onDrain)
    this.socket = Tls.connect({
      socket: raw,
      host,
      // certificates verified, as @effect/sql-pg does for the apps' own connections to the same URL
      ...(Net.isIP(host) === 0 ? { servername: host } : {})
    })
    this.listen()
    this.socket.off("data", this.onData)
    await new Promise<void>((resolve, reject) => {
      this.socket.once("secureConnect", () => resolve())
      this.wakers.push(() => (this.failure === undefined ? undefined : reject(this.failure)))
    })
    this.socket.on("data", this.onData)
  }

  fail(error: PgCopyConnectionError) {
    this.failure ??= error
    this.socket.destroy()
    this.wake()
  }

  private wake() {
    const wakers = this.wakers
    this.wakers = []
    for (const waker of wakers) waker()
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => this.wakers.push(resolve))
  }

  /** The next message, waiting for it. */
  async next(): Promise<Message> {
    for (;;) {
      const message = this.take()
      if (message !== undefined) return message
      if (this.failure !== undefined) throw this.failure
      await this.wait()
    }
  }

  /** The next message if one has come. */
  take(): Message | undefined {
    if (this.head < this.queue.length) {
      const message = this.queue[this.head++] as Message
      if (this.head === this.queue.length) {
        this.queue = []
        this.head = 0
      }
      return message
    }
    return undefined
  }

  /** Whether an `ErrorResponse` is waiting (the server gave up on a `COPY` while rows were still going). */
  errorWaiting(): boolean {
    for (let i = this.head; i < this.queue.length; i++)
      if (this.queue[i]?._tag === "ErrorResponse") return true
    return false
  }

  write(bytes: Uint8Array): boolean {
    if (this.failure !== undefined) throw this.failure
    return this.socket.write(bytes)
  }

  /** Waits until the socket takes more, or the server has answered, or the connection broke. */
  async drain(): Promise<void> {
    while (this.socket.writableNeedDrain && this.failure === undefined && !this.errorWaiting())
      await this.wait()
    if (this.failure !== undefined) throw this.failure
  }

  close() {
    if (this.failure === undefined && !this.socket.destroyed) {
      this.socket.end(PgProtocol.encodeTerminate())
    }
    this.failure ??= new PgCopyConnectionError({ message: "PgCopy: connection closed" })
    this.socket.destroySoon?.()
    setTimeout(() => this.socket.destroy(), 1000).unref()
    this.wake()
  }
}

const serverError = (fields: PgProtocol.ErrorFields): PgCopyServerError => {
  const line = fields.where === undefined ? undefined : /\bline (\d+)/.exec(fields.where)?.[1]
  return new PgCopyServerError({
    message: fields.message ?? "unknown PostgreSQL error",
    sqlState: fields.code,
    line: line === undefined ? undefined : Number(line),
    detail: fields.detail,
    where: fields.where
  })
}

const asConnectionError = (cause: unknown): PgCopyConnectionError =>
  cause instanceof PgCopyConnectionError
    ? cause
    : new PgCopyConnectionError({
        message: `PgCopy: ${cause instanceof Error ? cause.message : String(cause)}`,
        cause
      })

/** Opens the socket, authenticates and waits for the first `ReadyForQuery`. */
const open = async (settings: Settings, signal: AbortSignal): Promise<Wire> => {
  const socket =
    settings.path !== undefined
      ? Net.connect({ path: settings.path })
      : Net.connect({ host: settings.host, port: settings.port, noDelay: true })
  const wire = new Wire(socket)
  const abort = () => wire.fail(new PgCopyConnectionError({ message: "PgCopy: connecting interrupted" }))
  signal.addEventListener("abort", abort, { once: true })
  const timer =
    settings.connectTimeout > 0
      ? setTimeout(
          () =>
            wire.fail(
              new PgCopyConnectionError({
                message: `PgCopy: no connection within ${settings.connectTimeout / 1000} s (connect_timeout)`
              })
            ),
          settings.connectTimeout
        )
      : undefined
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve())
      socket.once("error", reject)
      socket.once("close", () => reject(wire.failure))
    })
    if (settings.ssl !== "disable") await wire.upgrade(settings.ssl, settings.host)
    wire.write(
      PgProtocol.encodeStartupMessage({
        user: settings.user,
        database: settings.database,
        application_name: settings.applicationName,
        options: settings.options
      })
    )
    const password = () => {
      if (settings.password === undefined)
        throw new PgCopyConnectionError({
          message: "PgCopy: the server asks for a password; the URL has none"
        })
      return settings.password
    }
    const ok = <A>(result: Result.Result<A, PgAuth.AuthError>): A => {
      if (Result.isFailure(result))
        throw new PgCopyConnectionError({
          message: `PgCopy: ${result.failure.message}`,
          cause: result.failure
        })
      return result.success
    }
    let scram: PgAuth.ScramState | undefined
    for (;;) {
      const message = await wire.next()
      switch (message._tag) {
        case "AuthenticationCleartextPassword":
          wire.write(PgProtocol.encodePasswordMessage({ password: password() }))
          break
        case "AuthenticationMD5Password":
          wire.write(
            PgProtocol.encodePasswordMessage({
              password: ok(
                PgAuth.md5Password({ user: settings.user, password: password(), salt: message.salt })
              )
            })
          )
          break
        case "AuthenticationSASL": {
          if (!message.mechanisms.includes(PgAuth.SCRAM_SHA_256))
            throw new PgCopyConnectionError({
              message: `PgCopy: unsupported SASL mechanisms ${message.mechanisms.join(", ")}`
            })
          const init = ok(
            PgAuth.scramInit({ password: password(), nonce: randomBytes(18).toString("base64") })
          )
          scram = init.state
          wire.write(
            PgProtocol.encodeSASLInitialResponse({
              mechanism: PgAuth.SCRAM_SHA_256,
              initialResponse: init.response
            })
          )
          break
        }
        case "AuthenticationSASLContinue": {
          if (scram?._tag !== "ScramFirst")
            throw new PgCopyConnectionError({ message: "PgCopy: unexpected SASL challenge" })
          const next = ok(PgAuth.scramContinue(scram, message.data))
          scram = next.state
          wire.write(PgProtocol.encodeSASLResponse({ data: next.response }))
          break
        }
        case "AuthenticationSASLFinal":
          if (scram?._tag !== "ScramFinal")
            throw new PgCopyConnectionError({ message: "PgCopy: unexpected SASL final message" })
          ok(PgAuth.scramFinish(scram, message.data))
          scram = undefined
          break
        case "AuthenticationUnsupported":
          throw new PgCopyConnectionError({
            message: `PgCopy: authentication method ${message.method} is not supported`
          })
        case "ErrorResponse":
          throw serverError(message.fields)
        case "ReadyForQuery":
          if (scram !== undefined)
            throw new PgCopyConnectionError({
              message: "PgCopy: the server did not prove its identity (SCRAM)"
            })
          return wire
        default:
          // AuthenticationOk, ParameterStatus, BackendKeyData, NoticeResponse, NegotiateProtocolVersion
          break
      }
    }
  } catch (error) {
    wire.fail(asConnectionError(error))
    throw error
  } finally {
    clearTimeout(timer)
    signal.removeEventListener("abort", abort)
  }
}

const utf8 = new TextDecoder()

/** Reads to `ReadyForQuery`; the first `ErrorResponse` on the way is thrown then. Rows come as text. */
const settle = async (
  wire: Wire
): Promise<{
  readonly commandTag: string | undefined
  readonly rows: ReadonlyArray<ReadonlyArray<string | null>>
}> => {
  let error: PgCopyServerError | undefined
  let commandTag: string | undefined
  const rows: Array<ReadonlyArray<string | null>> = []
  for (;;) {
    const message = await wire.next()
    if (message._tag === "ErrorResponse") error ??= serverError(message.fields)
    else if (message._tag === "CommandComplete") commandTag = message.commandTag
    else if (message._tag === "DataRow")
      rows.push(message.values.map((v) => (v === null ? null : utf8.decode(v))))
    else if (message._tag === "CopyInResponse") {
      // a COPY … FROM STDIN in `execute`: refuse it, the server then answers with an error
      wire.write(cstringFrame(typeCopyFail, "COPY FROM STDIN is run by copyIn"))
    } else if (message._tag === "ReadyForQuery") {
      if (error !== undefined) throw error
      return { commandTag, rows }
    }
  }
}

const isAsync = (rows: AsyncIterable<CopyRow> | Iterable<CopyRow>): rows is AsyncIterable<CopyRow> =>
  Symbol.asyncIterator in rows

class SourceFailed {
  readonly cause: unknown
  constructor(cause: unknown) {
    this.cause = cause
  }
}

const runCopy = async (wire: Wire, options: CopyInOptions, signal: AbortSignal): Promise<number> => {
  const chunkSize = options.chunkSize ?? 65_536
  const target = `${options.schema === undefined ? "" : `${quoteIdentifier(options.schema)}.`}${quoteIdentifier(options.table)}`
  const statement = `COPY ${target} (${options.columns.map(quoteIdentifier).join(", ")}) FROM STDIN`
  const abort = () => wire.fail(new PgCopyConnectionError({ message: "PgCopy: COPY interrupted" }))
  signal.addEventListener("abort", abort, { once: true })
  try {
    wire.write(cstringFrame(typeQuery, statement))
    for (;;) {
      const message = await wire.next()
      if (message._tag === "CopyInResponse") break
      if (message._tag === "ErrorResponse") {
        const error = serverError(message.fields)
        await settle(wire)
        throw error
      }
    }
    let chunk = ""
    // Sends what is gathered; false when the server has already answered (an error) and rows should stop.
    const flush = async (): Promise<boolean> => {
      if (chunk.length > 0) {
        const full = !wire.write(copyDataFrame(chunk))
        chunk = ""
        if (full) await wire.drain()
      }
      return !wire.errorWaiting()
    }
    let source: SourceFailed | undefined
    let open = true
    try {
      if (isAsync(options.rows)) {
        for await (const row of options.rows) {
          chunk += encodeCopyRow(row)
          if (chunk.length >= chunkSize && !(await flush())) {
            open = false
            break
          }
        }
      } else {
        for (const row of options.rows) {
          chunk += encodeCopyRow(row)
          if (chunk.length >= chunkSize && !(await flush())) {
            open = false
            break
          }
        }
      }
    } catch (cause) {
      if (cause instanceof PgCopyConnectionError) throw cause
      source = new SourceFailed(cause)
    }
    if (source !== undefined) {
      const reason = source.cause instanceof Error ? source.cause.message : String(source.cause)
      wire.write(cstringFrame(typeCopyFail, `the rows' source failed: ${reason}`.replaceAll("\0", "")))
      await settle(wire).catch((error: unknown) => {
        if (!(error instanceof PgCopyServerError)) throw error
      })
      throw new PgCopySourceError({
        message: `PgCopy: the rows' source failed: ${reason}`,
        cause: source.cause
      })
    }
    if (open && (await flush())) wire.write(copyDoneFrame)
    const { commandTag } = await settle(wire)
    const count = commandTag === undefined ? Number.NaN : Number(commandTag.split(" ")[1])
    if (!Number.isInteger(count))
      throw new PgCopyConnectionError({ message: `PgCopy: unexpected command tag ${commandTag}` })
    return count
  } finally {
    signal.removeEventListener("abort", abort)
  }
}

const mapCopyError = (cause: unknown): PgCopyError =>
  cause instanceof PgCopyServerError || cause instanceof PgCopySourceError ? cause : asConnectionError(cause)

const mapQueryError = (cause: unknown): PgCopyServerError | PgCopyConnectionError =>
  cause instanceof PgCopyServerError ? cause : asConnectionError(cause)

/**
 * A connection of its own for `COPY`, closed with the scope (`Terminate`, then the socket). One
 * operation runs on it at a time; an interrupted one closes it.
 */
export const connect = (
  url: string
): Effect.Effect<PgCopyConnection, PgCopyConnectionError | PgCopyServerError, Scope.Scope> =>
  Effect.gen(function* () {
    const settings = yield* Effect.fromResult(settingsOf(url))
    const wire = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: (signal) => open(settings, signal),
        catch: mapQueryError
      }),
      (wire) => Effect.sync(() => wire.close())
    )
    const lock = yield* Semaphore.make(1)
    const simple = (sql: string) =>
      lock.withPermits(1)(
        Effect.tryPromise({
          try: async (signal) => {
            const abort = () => wire.fail(new PgCopyConnectionError({ message: "PgCopy: query interrupted" }))
            signal.addEventListener("abort", abort, { once: true })
            try {
              wire.write(cstringFrame(typeQuery, sql))
              return await settle(wire)
            } finally {
              signal.removeEventListener("abort", abort)
            }
          },
          catch: mapQueryError
        })
      )
    return {
      copyIn: (options) =>
        lock.withPermits(1)(
          Effect.tryPromise({ try: (signal) => runCopy(wire, options, signal), catch: mapCopyError })
        ),
      execute: (sql) => Effect.asVoid(simple(sql)),
      query: (sql) => Effect.map(simple(sql), (result) => result.rows)
    } satisfies PgCopyConnection
  })

/** `connect`, one `copyIn`, closed again: the number of rows the server took. */
export const copyIn = (url: string, options: CopyInOptions): Effect.Effect<number, PgCopyError> =>
  Effect.scoped(Effect.flatMap(connect(url), (connection) => connection.copyIn(options)))

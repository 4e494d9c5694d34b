/**
 * An `effect/sql` `SqlClient` on Node's built-in `node:sqlite` (`DatabaseSync`).
 *
 * One client owns one SQLite connection. Statements are synchronous, so the
 * client serialises work through a semaphore (`SqlClient.makeSqliteAcquirers`):
 * a transaction holds it from `BEGIN` to `COMMIT`/`ROLLBACK`, so concurrent
 * fibers never interleave statements inside each other's transactions, and
 * nested `withTransaction` calls become savepoints.
 *
 * Streams (`sql\`...\`.stream`) step through rows a chunk at a time and hold
 * the same lock until they end, so their rows are never mixed with another
 * fiber's half-done transaction. Querying the same client from inside a
 * stream's consumer therefore waits for the stream; run the consumer inside
 * `sql.withTransaction`, where both share the transaction's connection.
 *
 * Durability. For files the client switches to WAL and `synchronous=NORMAL`:
 * when `COMMIT` returns, the transaction is in the WAL file (handed to the OS),
 * so it survives the process crashing or being killed. An OS crash or power
 * loss can lose the last few commits before the next checkpoint, but never
 * corrupts the database or leaves a partial transaction. Pass
 * `synchronous: "FULL"` to also fsync the WAL on every commit.
 *
 * @since 0.1.0
 */

import { resolve } from "node:path"
import { backup as backupDatabase, DatabaseSync } from "node:sqlite"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Reactivity from "effect/reactivity/Reactivity"
import type * as Scope from "effect/Scope"
import * as Semaphore from "effect/Semaphore"
import * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import * as Statement from "effect/sql/Statement"
import { makeConnection, StatementCache } from "./internal/connection.ts"
import { toSqlError } from "./internal/errors.ts"

/**
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: TypeId = "~@bishui/sql-sqlite-node/SqliteClient"

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = "~@bishui/sql-sqlite-node/SqliteClient"

/**
 * A `SqlClient` backed by `node:sqlite`, with the options it was opened with
 * and an online backup.
 *
 * @since 0.1.0
 * @category models
 */
export interface SqliteClient extends SqlClient.SqlClient {
  readonly [TypeId]: TypeId
  readonly config: SqliteClientConfig
  /**
   * Copies the database to `destinationPath` with SQLite's online backup API
   * and returns the number of pages copied. The copy is a consistent snapshot
   * of committed data; this client's other statements wait until it finishes.
   * It takes the client's lock, so it must not run inside this client's
   * `withTransaction` or while one of its streams is being consumed.
   */
  readonly backup: (destinationPath: string) => Effect.Effect<number, SqlError>
  /** SQLite has no `UPDATE ... FROM (VALUES ...)` helper in effect's compiler. */
  readonly updateValues: never
}

/**
 * @since 0.1.0
 * @category services
 */
export const SqliteClient = Context.Service<SqliteClient>("@bishui/sql-sqlite-node/SqliteClient")

/**
 * @since 0.1.0
 * @category models
 */
export type JournalMode = "WAL" | "DELETE" | "TRUNCATE" | "PERSIST" | "MEMORY" | "OFF"

/**
 * @since 0.1.0
 * @category models
 */
export type Synchronous = "OFF" | "NORMAL" | "FULL" | "EXTRA"

/**
 * @since 0.1.0
 * @category models
 */
export interface SqliteClientConfig {
  /** A file path, or `":memory:"` for a private in-memory database. */
  readonly filename: string
  readonly readonly?: boolean | undefined
  /** How long a statement waits for another process's lock before failing with `LockTimeoutError`. Default 5000. */
  readonly busyTimeoutMs?: number | undefined
  /** Prepared statements kept, least recently used evicted first. Default 200; 0 disables caching. */
  readonly prepareCacheSize?: number | undefined
  /**
   * The most SQL text the prepared statements kept may add up to, in characters, least recently used
   * evicted first; a longer statement than a quarter of it is not kept. A statement's native memory
   * grows with its text (a 500-row multi-VALUES insert: ~1 MB), outside V8's heap. Default 512 KiB.
   */
  readonly prepareCacheBytes?: number | undefined
  /** Default `"WAL"` for files; ignored for in-memory and read-only databases. */
  readonly journalMode?: JournalMode | undefined
  /** Default `"NORMAL"` in WAL mode (see the module docs), `"FULL"` otherwise. */
  readonly synchronous?: Synchronous | undefined
  /**
   * The page cache, in KiB (`PRAGMA cache_size = -N`). Default: SQLite's (2 MiB). A server reading a
   * large database gains from more (the indexes its lists walk stay in memory between requests); a
   * writer of one big transaction holds up to this much of it in memory before spilling to the WAL.
   */
  readonly cacheSizeKib?: number | undefined
  /**
   * Bytes of the file read through memory mapping (`PRAGMA mmap_size`): reads without a copy through
   * the page cache. Default: SQLite's (0, off). Mapped pages the process touched
   * count in its RSS (they are the file's, shared and reclaimable).
   */
  readonly mmapSizeBytes?: number | undefined
  /** Rows per chunk when streaming. Default 256. */
  readonly streamChunkSize?: number | undefined
  readonly spanAttributes?: Record<string, unknown> | undefined
  readonly transformResultNames?: ((str: string) => string) | undefined
  readonly transformQueryNames?: ((str: string) => string) | undefined
}

const ATTR_DB_SYSTEM_NAME = "db.system.name"

const isMemory = (filename: string): boolean =>
  filename === ":memory:" || filename === "" || filename.includes("mode=memory")

/**
 * One semaphore per database file for all writable clients in this process.
 *
 * `DatabaseSync` waits for a lock by sleeping on the JavaScript thread. If two
 * connections in one process contend, the one waiting blocks the event loop,
 * so the one holding the lock can never reach `COMMIT`, and the wait ends in
 * `SQLITE_BUSY` after the full timeout. Sharing the semaphore makes in-process
 * clients queue asynchronously instead; `busy_timeout` then only ever waits on
 * other processes. Read-only clients never take write locks and keep their own.
 * The price: using a second writable client on the same file from inside the
 * first one's transaction or stream waits forever; use the transaction's client.
 */
const fileLocks = new Map<string, { readonly semaphore: Semaphore.Semaphore; refs: number }>()

const acquireSemaphore = (
  options: SqliteClientConfig
): Effect.Effect<Semaphore.Semaphore, never, Scope.Scope> => {
  if (options.readonly === true || isMemory(options.filename)) return Semaphore.make(1)
  const key = resolve(options.filename)
  return Effect.acquireRelease(
    Effect.sync(() => {
      const entry = fileLocks.get(key) ?? { semaphore: Semaphore.makeUnsafe(1), refs: 0 }
      entry.refs++
      fileLocks.set(key, entry)
      return entry.semaphore
    }),
    () =>
      Effect.sync(() => {
        const entry = fileLocks.get(key)
        if (entry !== undefined && --entry.refs === 0) fileLocks.delete(key)
      })
  )
}

const openDatabase = (options: SqliteClientConfig) =>
  Effect.acquireRelease(
    Effect.try({
      try: () => new DatabaseSync(options.filename, { readOnly: options.readonly === true }),
      catch: (cause) => toSqlError(cause, "Failed to open database", "open")
    }),
    (db) => Effect.sync(() => db.isOpen && db.close())
  )

/** Applies the connection pragmas; each is a fixed string, never built from input. */
const configure = (db: DatabaseSync, options: SqliteClientConfig): Effect.Effect<void, SqlError> =>
  Effect.try({
    try: () => {
      const busyTimeout = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))
      db.exec(`PRAGMA busy_timeout = ${busyTimeout}`)
      db.exec("PRAGMA foreign_keys = ON")
      if (options.cacheSizeKib !== undefined)
        db.exec(`PRAGMA cache_size = ${-Math.max(0, Math.floor(options.cacheSizeKib))}`)
      if (isMemory(options.filename)) return
      if (options.mmapSizeBytes !== undefined)
        db.exec(`PRAGMA mmap_size = ${Math.max(0, Math.floor(options.mmapSizeBytes))}`)
      if (options.readonly === true) return
      // The pragma answers with the mode in force, which is not WAL if the filesystem refuses it.
      const row = db.prepare(`PRAGMA journal_mode = ${options.journalMode ?? "WAL"}`).get()
      const wal = String(row?.journal_mode).toLowerCase() === "wal"
      // NORMAL is safe in WAL: commits are still atomic and survive a process crash, and only
      // an OS crash can roll back the newest commits. Without WAL, NORMAL could corrupt on power loss.
      db.exec(`PRAGMA synchronous = ${options.synchronous ?? (wal ? "NORMAL" : "FULL")}`)
    },
    catch: (cause) => toSqlError(cause, "Failed to configure database", "open")
  })

/**
 * Opens the database and builds the client. The database is closed when the
 * scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: SqliteClientConfig
): Effect.Effect<SqliteClient, SqlError, Scope.Scope | Reactivity.Reactivity> =>
  Effect.gen(function* () {
    const compiler = Statement.makeCompilerSqlite(options.transformQueryNames)
    const transformRows = options.transformResultNames
      ? Statement.defaultTransforms(options.transformResultNames).array
      : undefined

    const semaphore = yield* acquireSemaphore(options)
    const db = yield* openDatabase(options)
    yield* configure(db, options)
    const cache = new StatementCache(db, options.prepareCacheSize ?? 200, options.prepareCacheBytes)
    const connection = makeConnection(db, cache, Math.max(1, options.streamChunkSize ?? 256))

    const acquirers = SqlClient.makeSqliteAcquirers({
      connection: Effect.succeed(connection),
      semaphore,
      isTransaction: () => db.isTransaction
    })

    const client = yield* SqlClient.make({
      ...acquirers,
      driver: "sqlite-node",
      compiler,
      // IMMEDIATE takes the write lock at BEGIN, so a read-modify-write never has to upgrade a
      // read lock later (which fails at once with SQLITE_BUSY_SNAPSHOT under WAL, busy timeout
      // or not). Read-only connections cannot write, so they keep a deferred BEGIN.
      beginTransaction: options.readonly === true ? "BEGIN" : "BEGIN IMMEDIATE",
      // ROLLBACK TO keeps the savepoint open; release it so the savepoint stack stays flat.
      releaseSavepoint: (name) => `RELEASE SAVEPOINT ${name}`,
      prepareTransactionControls: true,
      spanAttributes: [...Object.entries(options.spanAttributes ?? {}), [ATTR_DB_SYSTEM_NAME, "sqlite"]],
      transformRows
    })

    // Holding the permit means no transaction of this client is open mid-copy.
    const backup = (destinationPath: string) =>
      semaphore.withPermit(
        Effect.tryPromise({
          try: () => backupDatabase(db, destinationPath),
          catch: (cause) => toSqlError(cause, "Failed to back up database", "backup")
        })
      )

    // Statements must not outlive the database; drop them before the close finalizer runs.
    yield* Effect.addFinalizer(() => Effect.sync(() => cache.clear()))

    return Object.assign(client as SqliteClient, {
      [TypeId]: TypeId,
      config: options,
      backup
    })
  })

const toContext = (client: SqliteClient) =>
  Context.make(SqliteClient, client).pipe(Context.add(SqlClient.SqlClient, client))

/**
 * Provides `SqliteClient` and `SqlClient.SqlClient`; the database closes with the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  config: SqliteClientConfig
): Layer.Layer<SqliteClient | SqlClient.SqlClient, SqlError> =>
  Layer.effectContext(Effect.map(make(config), toContext)).pipe(Layer.provide(Reactivity.layer))

/**
 * Like `layer`, reading the options from `Config`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Wrap<SqliteClientConfig>
): Layer.Layer<SqliteClient | SqlClient.SqlClient, Config.ConfigError | SqlError> =>
  Layer.effectContext(Effect.map(Effect.flatMap(Config.unwrap(config), make), toContext)).pipe(
    Layer.provide(Reactivity.layer)
  )

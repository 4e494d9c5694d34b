/**
 * The photos of a case, bytes included, kept in the database beside the records — so a backup of the
 * database holds them too (SQLite `VACUUM INTO`, `pg_dump`). At most three per case, each at most
 * 5 MB (`CasePhoto.checkAdd`). Adds to one case take turns (PostgreSQL locks the case's row), and the
 * SQL table allows slots 1–3 only, once each per case, so even a race cannot store a fourth. Adding a photo is audited (its record, never
 * its bytes). What the bytes are is checked before they get here: the adapter that receives an upload
 * verifies the image by its content and re-encodes it without location metadata (see apps/api).
 */

import { createHash } from "node:crypto"
import { type Audit, CasePhoto, Errors } from "@bishui/domain"
import { Context, Effect, Layer, Option, Schema } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import { CurrentActor } from "./CurrentActor.ts"
import { newId, now } from "./internal/records.ts"
import { Store } from "./Store.ts"
import * as Tables from "./Tables.ts"

/** A photo to add: its case, its checked type and size, and its bytes. */
export interface NewPhoto {
  readonly tenantId: string
  readonly caseId: string
  readonly mediaType: CasePhoto.MediaType
  readonly width: number
  readonly height: number
  readonly bytes: Uint8Array
}

export type AddError = Errors.NotFound | Errors.InvariantViolation

export class CasePhotos extends Context.Service<
  CasePhotos,
  {
    /** Store a photo on a case (which must exist): its record, or why not. */
    readonly add: (photo: NewPhoto) => Effect.Effect<CasePhoto.CasePhoto, AddError>
    /** The case's photos, in the order they were added. */
    readonly list: (tenantId: string, caseId: string) => Effect.Effect<ReadonlyArray<CasePhoto.CasePhoto>>
    /** One photo with its bytes. */
    readonly get: (
      tenantId: string,
      id: string
    ) => Effect.Effect<{ readonly photo: CasePhoto.CasePhoto; readonly bytes: Uint8Array }, Errors.NotFound>
  }
>()("@bishui/services/CasePhotos") {
  /** Needs a `Store`; on an SQL Store, its `SqlClient` too (the bytes live in their own table). */
  static readonly layer = Layer.effect(
    CasePhotos,
    Effect.suspend(() => make)
  )
  /** Over its own in-memory Store. */
  static readonly layerMemory = this.layer.pipe(Layer.provide(Store.layerMemory))
  /** Over the SQL Store: needs only an `SqlClient`. */
  static readonly layerNoDeps = this.layer.pipe(Layer.provide(Store.layerSql))
}

/** Where the bytes and records are kept: the slot (1–3) makes the per-case limit hold under races. */
interface PhotoTable {
  /**
   * Hold the case against other adds until the transaction ends, so adds to one case take turns:
   * PostgreSQL locks the case's row; SQLite's write transactions take turns already; memory's too.
   */
  readonly lockCase: (tenantId: string, caseId: string) => Effect.Effect<void>
  readonly slotsOf: (tenantId: string, caseId: string) => Effect.Effect<ReadonlyArray<number>>
  readonly insert: (photo: CasePhoto.CasePhoto, slot: number, bytes: Uint8Array) => Effect.Effect<boolean>
  readonly list: (tenantId: string, caseId: string) => Effect.Effect<ReadonlyArray<CasePhoto.CasePhoto>>
  readonly get: (
    tenantId: string,
    id: string
  ) => Effect.Effect<{ readonly photo: CasePhoto.CasePhoto; readonly bytes: Uint8Array } | undefined>
}

const memoryTable = (): PhotoTable => {
  const rows = new Map<string, { photo: CasePhoto.CasePhoto; slot: number; bytes: Uint8Array }>()
  const ofCase = (tenantId: string, caseId: string) =>
    [...rows.values()].filter((row) => row.photo.tenantId === tenantId && row.photo.caseId === caseId)
  return {
    lockCase: () => Effect.void,
    slotsOf: (tenantId, caseId) => Effect.sync(() => ofCase(tenantId, caseId).map((row) => row.slot)),
    insert: (photo, slot, bytes) =>
      Effect.sync(() => {
        if (ofCase(photo.tenantId, photo.caseId).some((row) => row.slot === slot)) return false
        rows.set(`${photo.tenantId}\u0000${photo.id}`, { photo, slot, bytes: Uint8Array.from(bytes) })
        return true
      }),
    list: (tenantId, caseId) =>
      Effect.sync(() =>
        ofCase(tenantId, caseId)
          .sort((a, b) => a.slot - b.slot)
          .map((row) => row.photo)
      ),
    get: (tenantId, id) =>
      Effect.sync(() => {
        const row = rows.get(`${tenantId}\u0000${id}`)
        return row === undefined ? undefined : { photo: row.photo, bytes: Uint8Array.from(row.bytes) }
      })
  }
}

interface PhotoRow {
  readonly tenant_id: string
  readonly id: string
  readonly case_id: string
  readonly media_type: string
  readonly byte_length: number | string
  readonly width: number | string
  readonly height: number | string
  readonly sha256: string
  readonly added_at: string
}

const decodePhoto = Schema.decodeUnknownSync(CasePhoto.CasePhoto)
const photoOf = (row: PhotoRow): CasePhoto.CasePhoto =>
  decodePhoto({
    id: row.id,
    tenantId: row.tenant_id,
    caseId: row.case_id,
    mediaType: row.media_type,
    byteLength: Number(row.byte_length),
    width: Number(row.width),
    height: Number(row.height),
    sha256: row.sha256,
    addedAt: row.added_at
  })

const metadataColumns = "tenant_id, id, case_id, media_type, byte_length, width, height, sha256, added_at"

const sqlTable = (sql: SqlClient.SqlClient): PhotoTable => {
  const orDie = <A>(effect: Effect.Effect<A, SqlError.SqlError | Schema.SchemaError>) => Effect.orDie(effect)
  return {
    lockCase: (tenantId, caseId) =>
      sql
        .onDialectOrElse({
          pg: () => sql`SELECT 1 FROM cases WHERE tenant_id = ${tenantId} AND id = ${caseId} FOR UPDATE`,
          orElse: () => Effect.succeed([])
        })
        .pipe(Effect.asVoid, orDie),
    slotsOf: (tenantId, caseId) =>
      sql<{
        slot: number | string
      }>`SELECT slot FROM case_photos WHERE tenant_id = ${tenantId} AND case_id = ${caseId}`.pipe(
        Effect.map((rows) => rows.map((row) => Number(row.slot))),
        orDie
      ),
    insert: (photo, slot, bytes) =>
      sql`INSERT INTO case_photos (tenant_id, id, case_id, slot, media_type, byte_length, width, height, sha256, added_at, bytes)
        VALUES (${photo.tenantId}, ${photo.id}, ${photo.caseId}, ${slot}, ${photo.mediaType}, ${photo.byteLength},
          ${photo.width}, ${photo.height}, ${photo.sha256}, ${photo.addedAt}, ${bytes})`.pipe(
        Effect.as(true),
        // A photo took the slot meanwhile (a concurrent add): not added.
        Effect.catchIf(
          (error: SqlError.SqlError) => error.reason._tag === "UniqueViolation",
          () => Effect.succeed(false)
        ),
        orDie
      ),
    list: (tenantId, caseId) =>
      sql<PhotoRow>`SELECT ${sql.literal(metadataColumns)} FROM case_photos
        WHERE tenant_id = ${tenantId} AND case_id = ${caseId} ORDER BY slot`.pipe(
        Effect.map((rows) => rows.map(photoOf)),
        orDie
      ),
    get: (tenantId, id) =>
      sql<PhotoRow & { readonly bytes: Uint8Array }>`SELECT ${sql.literal(metadataColumns)}, bytes
        FROM case_photos WHERE tenant_id = ${tenantId} AND id = ${id}`.pipe(
        Effect.map((rows) => {
          const row = rows[0]
          return row === undefined ? undefined : { photo: photoOf(row), bytes: new Uint8Array(row.bytes) }
        }),
        orDie
      )
  }
}

const make = Effect.gen(function* () {
  const store = yield* Store
  const sql = yield* Effect.serviceOption(SqlClient.SqlClient)
  if (store.backend !== "memory" && Option.isNone(sql)) {
    return yield* Effect.die(new Error("CasePhotos on an SQL Store needs its SqlClient"))
  }
  const table = store.backend === "memory" || Option.isNone(sql) ? memoryTable() : sqlTable(sql.value)
  const cases = store.collection(Tables.cases)
  const audit = store.collection(Tables.auditLog)
  const encode = Schema.encodeSync(CasePhoto.CasePhoto)

  const tooMany = (photo: CasePhoto.CasePhoto) =>
    Effect.fromResult(CasePhoto.checkAdd(photo, CasePhoto.maxPhotosPerCase))

  return CasePhotos.of({
    add: Effect.fn("CasePhotos.add")(function* (input: NewPhoto) {
      return yield* store.transaction(
        Effect.gen(function* () {
          if ((yield* cases.get(input.tenantId, input.caseId)) === undefined) {
            return yield* new Errors.NotFound({ entity: "case", id: input.caseId })
          }
          const at = yield* now
          const photo = decodePhoto({
            id: newId(),
            tenantId: input.tenantId,
            caseId: input.caseId,
            mediaType: input.mediaType,
            byteLength: input.bytes.byteLength,
            width: input.width,
            height: input.height,
            sha256: createHash("sha256").update(input.bytes).digest("hex"),
            addedAt: at
          })
          yield* table.lockCase(photo.tenantId, photo.caseId)
          const taken = yield* table.slotsOf(photo.tenantId, photo.caseId)
          yield* Effect.fromResult(CasePhoto.checkAdd(photo, taken.length))
          const slot = [1, 2, 3].find((s) => !taken.includes(s)) ?? CasePhoto.maxPhotosPerCase + 1
          if (!(yield* table.insert(photo, slot, input.bytes))) return yield* tooMany(photo)
          const entry: Audit.AuditEntry = {
            id: newId() as Audit.AuditEntry["id"],
            tenantId: photo.tenantId,
            actor: yield* CurrentActor,
            at,
            entity: "case_photo",
            entityId: photo.id,
            action: "create",
            change: "case.photo.add",
            before: null,
            after: encode(photo) as Schema.Json
          }
          yield* audit.insert(entry, at).pipe(Effect.orDie)
          return photo
        })
      )
    }),
    list: (tenantId, caseId) => table.list(tenantId, caseId),
    get: (tenantId, id) =>
      Effect.flatMap(table.get(tenantId, id), (found) =>
        found === undefined
          ? Effect.fail(new Errors.NotFound({ entity: "case_photo", id }))
          : Effect.succeed(found)
      )
  })
})

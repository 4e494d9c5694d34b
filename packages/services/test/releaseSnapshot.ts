/**
 * What a database holds, read through the services: every record of every table of a tenant, voided
 * ones included, with its version and timestamps (records in their encoded, JSON form), and the photos
 * of its cases with the SHA-256 of their bytes. The release fixtures (`test/fixtures/release-*`) are
 * compared with it after their databases are migrated forward: every record must read back identical.
 */
import { createHash } from "node:crypto"
import { Effect, Schema } from "effect"
import { CasePhotos } from "../src/CasePhotos.ts"
import { Store } from "../src/Store.ts"
import * as Tables from "../src/Tables.ts"

export interface StoredRecord {
  readonly record: unknown
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}

export interface StoredPhoto {
  readonly photo: unknown
  readonly bytesSha256: string
}

export interface Snapshot {
  readonly tenantId: string
  readonly tables: Readonly<Record<string, ReadonlyArray<StoredRecord>>>
  readonly casePhotos: ReadonlyArray<StoredPhoto>
}

/** Every record of the tenant, table by table in `Tables.allTables` order, each in list order. */
export const snapshotOf = (tenantId: string): Effect.Effect<Snapshot, never, Store | CasePhotos> =>
  Effect.gen(function* () {
    const store = yield* Store
    const photos = yield* CasePhotos
    const tables: Record<string, Array<StoredRecord>> = {}
    for (const table of Tables.allTables as unknown as ReadonlyArray<Tables.Table<{ readonly id: string }>>) {
      const encode = Schema.encodeSync(table.schema)
      const collection = store.collection(table)
      const rows: Array<StoredRecord> = []
      let after: string | undefined
      do {
        const page = yield* collection.list(tenantId, { includeVoided: true, limit: 500, after })
        for (const item of page.items) {
          rows.push({
            record: encode(item.record),
            version: item.version,
            createdAt: item.createdAt,
            updatedAt: item.updatedAt
          })
        }
        after = page.next
      } while (after !== undefined)
      tables[table.name] = rows
    }
    const casePhotos: Array<StoredPhoto> = []
    for (const stored of tables.cases ?? []) {
      const caseId = (stored.record as { readonly id: string }).id
      for (const photo of yield* photos.list(tenantId, caseId)) {
        const got = yield* Effect.orDie(photos.get(tenantId, photo.id))
        casePhotos.push({
          photo: JSON.parse(JSON.stringify(photo)),
          bytesSha256: createHash("sha256").update(got.bytes).digest("hex")
        })
      }
    }
    return { tenantId, tables, casePhotos } satisfies Snapshot
  })

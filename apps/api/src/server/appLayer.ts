/**
 * The services the API runs on, over a migrated database — what the server, the admin command and the
 * soak share. Kept apart from `Server.ts` so the commands load no HTTP and no pages.
 */

import * as Database from "@bishui/database"
import { Services, Store } from "@bishui/services"
import { Layer } from "effect"

/**
 * A server reads far more than it writes: a 32 MiB page cache keeps the indexes lists walk in memory
 * between requests, and the first 256 MiB of the file are read through mmap.
 */
const serverSqlite: Database.SqliteTuning = { cacheSizeKib: 32_768, mmapSizeBytes: 268_435_456 }

export const appLayer = (databaseUrl: string) =>
  Services.layer.pipe(
    Layer.provideMerge(Store.Store.layerSql),
    Layer.provideMerge(Database.layer(databaseUrl, serverSqlite))
  )

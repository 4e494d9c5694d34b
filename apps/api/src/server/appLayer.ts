/**
 * The services the API runs on, over a migrated database — what the server, the admin command and the
 * soak share. Kept apart from `Server.ts` so the commands load no HTTP and no pages.
 */
import { Services, Store } from "@bishui/services"
import { Layer } from "effect"
import * as Database from "../Database.ts"

export const appLayer = (databaseUrl: string) =>
  Services.layer.pipe(
    Layer.provideMerge(Store.Store.layerSql),
    Layer.provideMerge(Database.layer(databaseUrl))
  )

/** Every group's handlers, for the API layer. */
import { Layer } from "effect"
import { PublicHandlers } from "./public.ts"
import { ReportsHandlers } from "./reports.ts"
import { ZonesHandlers } from "./zones.ts"

export const handlers = Layer.mergeAll(ZonesHandlers, ReportsHandlers, PublicHandlers)

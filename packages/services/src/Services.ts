/**
 * All services over one Store. `layerMemory` shares one in-memory Store between them (so a report
 * sees what the other services wrote); `layerSql` needs only an `SqlClient` on a migrated database.
 */
import { Layer } from "effect"
import { AccessTokens } from "./AccessTokens.ts"
import { AuditLog } from "./AuditLog.ts"
import { CasePhotos } from "./CasePhotos.ts"
import { Cases } from "./Cases.ts"
import { Communities } from "./Communities.ts"
import { Idempotency } from "./Idempotency.ts"
import { Invites } from "./Invites.ts"
import { MicroWishes } from "./MicroWishes.ts"
import { Organisations } from "./Organisations.ts"
import { Projects } from "./Projects.ts"
import { Reports } from "./Reports.ts"
import { ResponsePolicies } from "./ResponsePolicies.ts"
import { ServiceEvents } from "./ServiceEvents.ts"
import { Store } from "./Store.ts"
import { Voiding } from "./Voiding.ts"
import { Zones } from "./Zones.ts"

/** Every service; needs a `Store`. */
export const layer = Layer.mergeAll(
  Organisations.layer,
  Projects.layer,
  Zones.layer,
  ServiceEvents.layer,
  Cases.layer,
  CasePhotos.layer,
  MicroWishes.layer,
  Communities.layer,
  Reports.layer,
  ResponsePolicies.layer,
  AuditLog.layer,
  AccessTokens.layer,
  Idempotency.layer,
  Voiding.layer,
  // invites start sessions, which are access tokens
  Invites.layer.pipe(Layer.provide(AccessTokens.layer))
)

export const layerMemory = layer.pipe(Layer.provideMerge(Store.layerMemory))

export const layerSql = layer.pipe(Layer.provideMerge(Store.layerSql))

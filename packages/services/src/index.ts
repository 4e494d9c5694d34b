/**
 * @bishui/services — Effect services over the bishui domain, each with an in-memory layer and an SQL
 * layer that needs only an `SqlClient`; the SQL migrations. The seed branch (example data, decoded and
 * checked when its module loads) is a module of its own, `@bishui/services/seed`: importing this entry
 * decodes nothing, as `sideEffects: false` says.
 */
export * as AccessTokens from "./AccessTokens.ts"
export * as AuditLog from "./AuditLog.ts"
export * as AuditRetention from "./AuditRetention.ts"
export * as BulkLoad from "./BulkLoad.ts"
export * as CasePhotos from "./CasePhotos.ts"
export * as Cases from "./Cases.ts"
export * as Communities from "./Communities.ts"
export * as CurrentActor from "./CurrentActor.ts"
export * as Id from "./Id.ts"
export * as Idempotency from "./Idempotency.ts"
export * as Invites from "./Invites.ts"
export * as MicroWishes from "./MicroWishes.ts"
export * as Migrations from "./Migrations.ts"
export * as Organisations from "./Organisations.ts"
export * as Projects from "./Projects.ts"
export * as Reports from "./Reports.ts"
export * as ResponsePolicies from "./ResponsePolicies.ts"
export * as ServiceEvents from "./ServiceEvents.ts"
export * as Services from "./Services.ts"
export * as Store from "./Store.ts"
export * as Tables from "./Tables.ts"
export * as Voiding from "./Voiding.ts"
export * as Zones from "./Zones.ts"

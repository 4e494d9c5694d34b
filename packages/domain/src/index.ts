/**
 * @bishui/domain — the pure model of a grassroots Party branch whose business is rivers.
 * Schemas with branded ids, rules as pure functions with typed errors, and the report folds.
 * Imports `effect` only and does no I/O.
 */
export * as Access from "./Access.ts"
export * as Audit from "./Audit.ts"
export * as Calendar from "./Calendar.ts"
export * as Case from "./Case.ts"
export * as Errors from "./Errors.ts"
export * as Ids from "./Ids.ts"
export * as Invariants from "./Invariants.ts"
export * as Lifecycle from "./Lifecycle.ts"
export * as Member from "./Member.ts"
export * as MicroWish from "./MicroWish.ts"
export * as Organisation from "./Organisation.ts"
export * as PersonalData from "./PersonalData.ts"
export * as PioneerPost from "./PioneerPost.ts"
export * as Presentation from "./Presentation.ts"
export * as Project from "./Project.ts"
export * as Quantity from "./Quantity.ts"
export * as Report from "./Report.ts"
export * as ServiceEvent from "./ServiceEvent.ts"
export * as Team from "./Team.ts"
export * as Tenant from "./Tenant.ts"
export * as Tree from "./Tree.ts"
export * as Zone from "./Zone.ts"

/**
 * Which records refer to which: every reference a record holds to another record that the services
 * check when the record is written. It is the dependency graph of voiding — a record cannot be voided
 * while a live record refers to it, and a voided record cannot be restored while one it refers to is
 * voided.
 *
 * Three links are back-links, not references, and are left out: a patrol's `caseIds` (the case names
 * its patrol), a team's `caseId` (the case's `team_formed` stage names the team) and a contractor's
 * `projectIds` (the project names its contractors). Each pair would otherwise hold the other and
 * neither could ever be voided.
 */
import type { EntityKind } from "./Errors.ts"
import type { VoidableKind } from "./Void.ts"

/**
 * Where a reference sits in the record (as stored, i.e. encoded): a field at a path, or each element
 * of an array at a path (the element itself, or a field of it).
 */
export type ReferencePath =
  | { readonly _tag: "Field"; readonly path: ReadonlyArray<string> }
  | { readonly _tag: "Each"; readonly path: ReadonlyArray<string>; readonly field?: string }

export interface Reference {
  /** The kind of record that holds the reference. */
  readonly from: VoidableKind | "access_token"
  /** The kind of record it refers to. */
  readonly to: EntityKind
  /** Where it is in the holder, e.g. `links.zoneId`, `stages[].actorId`. */
  readonly name: string
  readonly at: ReferencePath
}

const field = (from: Reference["from"], to: EntityKind, name: string): Reference => ({
  from,
  to,
  name,
  at: { _tag: "Field", path: name.split(".") }
})

/** `list[]` or `list[].field` */
const each = (from: Reference["from"], to: EntityKind, name: string): Reference => {
  const [list, item] = name.split("[]")
  const inner = item === undefined || item === "" ? undefined : item.replace(/^\./, "")
  return {
    from,
    to,
    name,
    at:
      inner === undefined
        ? { _tag: "Each", path: (list as string).split(".") }
        : { _tag: "Each", path: (list as string).split("."), field: inner }
  }
}

/** Every reference of the model. */
export const references: ReadonlyArray<Reference> = [
  field("organisation", "organisation", "parentId"),
  field("organisation", "project", "projectId"),
  each("organisation", "organisation", "pairedBranchIds[]"),
  field("member", "organisation", "homeBranchId"),
  each("member", "organisation", "temporaryMemberships[].branchId"),
  field("member", "organisation", "communityRegistration.communityId"),
  field("member", "organisation", "employerId"),
  field("team", "organisation", "branchId"),
  each("team", "member", "members[].memberId"),
  field("pioneer_post", "organisation", "branchId"),
  field("pioneer_post", "project", "projectId"),
  field("pioneer_post", "zone", "zoneId"),
  each("pioneer_post", "member", "roster[].memberId"),
  field("project", "organisation", "branchId"),
  each("project", "organisation", "contractorIds[]"),
  field("zone", "organisation", "branchId"),
  field("zone", "member", "responsibleMemberId"),
  field("patrol_log", "zone", "zoneId"),
  field("patrol_log", "member", "memberId"),
  field("service_event", "organisation", "branchId"),
  field("service_event", "project", "links.projectId"),
  field("service_event", "zone", "links.zoneId"),
  field("service_event", "organisation", "links.communityId"),
  field("service_event", "pioneer_post", "links.pioneerPostId"),
  field("service_event", "organisation", "links.partnerBranchId"),
  each("service_event", "member", "participantIds[]"),
  field("service_event", "campaign", "campaignId"),
  field("campaign", "organisation", "branchId"),
  field("case", "organisation", "branchId"),
  field("case", "zone", "zoneId"),
  field("case", "patrol_log", "patrolLogId"),
  each("case", "member", "stages[].actorId"),
  each("case", "member", "stages[].assigneeId"),
  each("case", "team", "stages[].teamId"),
  each("case", "organisation", "stages[].contractorId"),
  field("micro_wish", "organisation", "branchId"),
  field("micro_wish", "organisation", "communityId"),
  field("micro_wish", "member", "state.claimantId"),
  // Tokens are revoked, not voided; a live one holds its branch and member (see `Voiding`).
  field("access_token", "organisation", "branchId"),
  field("access_token", "member", "memberId")
]

/** The references to records of a kind (who may depend on it). */
export const referencesTo = (kind: EntityKind): ReadonlyArray<Reference> =>
  references.filter((r) => r.to === kind)

/** The references a kind of record holds. */
export const referencesFrom = (kind: Reference["from"]): ReadonlyArray<Reference> =>
  references.filter((r) => r.from === kind)

const at = (value: unknown, path: ReadonlyArray<string>): unknown => {
  let current = value
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

/** The ids a record (as stored: encoded) holds at a reference's place, in order, without repeats. */
export const idsAt = (record: unknown, path: ReferencePath): ReadonlyArray<string> => {
  const found = at(record, path.path)
  const ids = new Set<string>()
  if (path._tag === "Field") {
    if (typeof found === "string") ids.add(found)
  } else if (Array.isArray(found)) {
    for (const item of found) {
      const id = path.field === undefined ? item : at(item, [path.field])
      if (typeof id === "string") ids.add(id)
    }
  }
  return [...ids]
}

/**
 * Teams of a branch: the supervision & inspection group (督导检查组 — secretary as leader, committee
 * members as deputies, zone-responsible members as members) and the Party-member commando team
 * (党员突击队) formed for an emergency and led by the secretary.
 */
import { Schema } from "effect"
import { LocalDate } from "./Calendar.ts"
import { CaseId, MemberId, OrganisationId, TeamId, TenantId } from "./Ids.ts"
import { voidedField } from "./Void.ts"

export const TeamKind = Schema.Literals(["supervision_group", "commando_team"])
export type TeamKind = typeof TeamKind.Type

export const TeamRole = Schema.Literals(["leader", "deputy", "member"])
export type TeamRole = typeof TeamRole.Type

export const TeamMembership = Schema.Struct({ memberId: MemberId, role: TeamRole })
export type TeamMembership = typeof TeamMembership.Type

export const Team = Schema.Struct({
  id: TeamId,
  tenantId: TenantId,
  branchId: OrganisationId,
  kind: TeamKind,
  name: Schema.NonEmptyString,
  formedOn: LocalDate,
  disbandedOn: Schema.optionalKey(LocalDate),
  /** The case a commando team was formed for. */
  caseId: Schema.optionalKey(CaseId),
  members: Schema.Array(TeamMembership),
  illustrative: Schema.optionalKey(Schema.Boolean),
  /** 作废: set when the record was voided (see `Void`). */
  voided: voidedField
})
export type Team = typeof Team.Type

/** The team's leader, if it has one. */
export const leaderOf = (team: Team): MemberId | undefined =>
  team.members.find((m) => m.role === "leader")?.memberId

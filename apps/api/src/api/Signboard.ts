/**
 * What a river signboard (河长公示牌, 一牌一码) shows of a zone, as the public API answers it: the tenant and
 * the branch with its supervision phone, the zone with its responsible member (masked phone), its
 * patrols of the last 30 days and its problems open and resolved — times in the tenant's local time
 * (RFC 3339 with its offset), never a reporter, never a patroller's phone. The signboard pages render
 * from these schemas through the typed client; so may any other client.
 */
import { Case, Member, Zone } from "@bishui/domain"
import { Schema } from "effect"

/** An instant as RFC 3339 with the tenant's offset: `2026-11-30T08:30:00.000+08:00`. */
const LocalDateTime = Schema.String.annotate({
  description: "RFC 3339 date-time with the tenant's UTC offset, e.g. 2026-11-30T08:30:00.000+08:00"
})

export const PublicTenant = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  /** The IANA zone its times are given in. */
  timeZone: Schema.String
})

export const PublicBranch = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  unitName: Schema.optionalKey(Schema.String),
  brand: Schema.optionalKey(Schema.String),
  /** 监督电话: a public line, not personal data. */
  supervisionPhone: Schema.optionalKey(Schema.String)
})

/** The tenant and its standing branches, as its signboards name them. */
export const PublicTenantOverview = Schema.Struct({
  ...PublicTenant.fields,
  branches: Schema.Array(PublicBranch)
})

export const SignboardResponsible = Schema.Struct({
  name: Schema.String,
  role: Schema.optionalKey(Member.BranchRole),
  phone: Schema.optionalKey(Schema.String.annotate({ description: "masked, e.g. 138****1234" }))
})

export const SignboardPatrol = Schema.Struct({
  startedAt: LocalDateTime,
  endedAt: Schema.optionalKey(LocalDateTime),
  /** The patroller's name (never their phone). */
  patroller: Schema.optionalKey(Schema.String),
  /** Kilograms of litter collected, exact. */
  litterCollectedKg: Schema.optionalKey(Schema.String)
})

export const SignboardProblem = Schema.Struct({
  /** The case's id: what "me too" (POST …/problems/{id}/follow) names. */
  id: Schema.String,
  title: Schema.String,
  category: Schema.optionalKey(Case.ProblemCategory),
  /** How many residents said "me too". */
  followers: Schema.Int,
  kind: Case.CaseKind,
  /** The stage the case has reached (its last). */
  status: Case.CaseStageKind,
  openedAt: LocalDateTime,
  /** When it was fixed (`resolved`, or `repaired` for an emergency), if it was. */
  fixedAt: Schema.optionalKey(LocalDateTime)
})

export const ZoneSignboard = Schema.Struct({
  tenant: PublicTenant,
  branch: PublicBranch,
  zone: Schema.Struct({
    code: Schema.String,
    name: Schema.String,
    riverSegments: Schema.Array(Schema.String),
    responsible: Schema.optionalKey(SignboardResponsible),
    resources: Zone.ZoneResources
  }),
  patrols: Schema.Struct({
    /** The window counted: the last `days` local days, today included. */
    days: Schema.Int,
    count: Schema.Int,
    /** The latest few of the window, newest first. */
    recent: Schema.Array(SignboardPatrol)
  }),
  problems: Schema.Struct({
    openCount: Schema.Int,
    /** Not yet fixed, newest first (at most 20). */
    open: Schema.Array(SignboardProblem),
    resolvedCount: Schema.Int,
    /** Fixed, most recently fixed first (at most 5). */
    resolved: Schema.Array(SignboardProblem)
  })
})
export type ZoneSignboard = typeof ZoneSignboard.Type

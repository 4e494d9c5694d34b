/**
 * Invariants of the model that a schema alone cannot state, as pure checks returning the record or an
 * `InvariantViolation` naming the rule. Services run the check for a record's kind on every write.
 */
import { Result } from "effect"
import type { AccessToken } from "./AccessToken.ts"
import type { Case } from "./Case.ts"
import type { EntityKind, InvalidTransition } from "./Errors.ts"
import { InvariantViolation } from "./Errors.ts"
import type { Invite } from "./Invite.ts"
import { checkCaseTimeline } from "./Lifecycle.ts"
import type { MicroWish } from "./MicroWish.ts"
import type { Organisation } from "./Organisation.ts"
import type { Project } from "./Project.ts"
import type { Campaign, ServiceEvent } from "./ServiceEvent.ts"
import type { Team } from "./Team.ts"
import type { PatrolLog } from "./Zone.ts"

type Check<A> = (record: A) => Result.Result<A, InvariantViolation>

/** Build a check from rules: each rule returns a message when broken. */
const rules =
  <A extends { readonly id: string }>(
    entity: EntityKind,
    list: ReadonlyArray<readonly [rule: string, broken: (record: A) => string | undefined]>
  ): Check<A> =>
  (record) => {
    for (const [rule, broken] of list) {
      const message = broken(record)
      if (message !== undefined) {
        return Result.fail(new InvariantViolation({ entity, entityId: record.id, rule, message }))
      }
    }
    return Result.succeed(record)
  }

const duplicates = <A>(values: ReadonlyArray<A>): Array<A> => values.filter((v, i) => values.indexOf(v) !== i)

export const checkOrganisation: Check<Organisation> = rules<Organisation>("organisation", [
  [
    "dissolved_not_before_established",
    (o) =>
      o._tag === "TemporaryBranch" && o.dissolvedOn !== undefined && o.dissolvedOn < o.establishedOn
        ? `dissolved on ${o.dissolvedOn}, before it was established on ${o.establishedOn}`
        : undefined
  ],
  [
    "not_its_own_parent",
    (o) => ("parentId" in o && o.parentId === o.id ? "an organisation cannot be its own parent" : undefined)
  ]
])

export const checkTeam: Check<Team> = rules<Team>("team", [
  [
    "one_leader",
    (t) => {
      const leaders = t.members.filter((m) => m.role === "leader").length
      return leaders === 1
        ? undefined
        : `a team has exactly one leader among its members, this one has ${leaders}`
    }
  ],
  [
    "member_listed_once",
    (t) => {
      const twice = duplicates(t.members.map((m) => m.memberId))
      return twice.length === 0 ? undefined : `member ${twice[0]} is listed more than once`
    }
  ],
  [
    "disbanded_not_before_formed",
    (t) =>
      t.disbandedOn !== undefined && t.disbandedOn < t.formedOn
        ? `disbanded on ${t.disbandedOn}, before it was formed on ${t.formedOn}`
        : undefined
  ]
])

export const checkProject: Check<Project> = rules<Project>("project", [
  [
    "phase_once",
    (p) => {
      const twice = duplicates(p.phases.map((phase) => phase.phase))
      return twice.length === 0 ? undefined : `phase ${twice[0]} is recorded more than once`
    }
  ],
  [
    "phase_ends_after_start",
    (p) => {
      const bad = p.phases.find((phase) => phase.endedOn !== undefined && phase.endedOn < phase.startedOn)
      return bad === undefined
        ? undefined
        : `phase ${bad.phase} ends on ${bad.endedOn} before it starts on ${bad.startedOn}`
    }
  ],
  [
    "difficulty_resolved_after_opened",
    (p) => {
      const bad = p.difficulties.find((d) => d.resolvedAt !== undefined && d.resolvedAt < d.openedAt)
      return bad === undefined ? undefined : `difficulty "${bad.title}" is resolved before it was opened`
    }
  ]
])

export const checkPatrolLog: Check<PatrolLog> = rules<PatrolLog>("patrol_log", [
  [
    "ends_after_start",
    (p) =>
      p.endedAt !== undefined && p.endedAt < p.startedAt ? "a patrol cannot end before it starts" : undefined
  ]
])

const publicityCategories = new Set(["publicity_campaign", "regulation_publicity", "site_lecture"])

export const checkServiceEvent: Check<ServiceEvent> = rules<ServiceEvent>("service_event", [
  [
    "publicity_has_theme",
    (e) =>
      publicityCategories.has(e.category) && (e.publicity === undefined || e.publicity.themes.length === 0)
        ? `a ${e.category} event names at least one publicity theme`
        : undefined
  ],
  [
    "participant_listed_once",
    (e) => {
      const twice = duplicates(e.participantIds)
      return twice.length === 0 ? undefined : `participant ${twice[0]} is listed more than once`
    }
  ],
  [
    "hours_of_participants",
    (e) => {
      const hours = e.participantHours ?? []
      const twice = duplicates(hours.map((h) => h.memberId))
      if (twice.length > 0) return `the hours of ${twice[0]} are recorded more than once`
      const stranger = hours.find((h) => !e.participantIds.includes(h.memberId))
      return stranger === undefined
        ? undefined
        : `hours are recorded for ${stranger.memberId}, who is not a participant of the event`
    }
  ]
])

/** An event that carries out a campaign happens in the campaign's month and years. */
export const checkCampaignEvent = (
  campaign: Campaign,
  event: ServiceEvent
): Result.Result<ServiceEvent, InvariantViolation> => {
  const year = Number(event.date.slice(0, 4))
  const month = Number(event.date.slice(5, 7))
  const inYears =
    campaign.startedYear <= year && (campaign.endedYear === undefined || campaign.endedYear >= year)
  return month === campaign.recursInMonth && inYears
    ? Result.succeed(event)
    : Result.fail(
        new InvariantViolation({
          entity: "service_event",
          entityId: event.id,
          rule: "campaign_month",
          message: `campaign "${campaign.name}" runs in month ${campaign.recursInMonth}, the event is on ${event.date}`
        })
      )
}

export const checkMicroWish: Check<MicroWish> = rules<MicroWish>("micro_wish", [
  [
    "claimed_after_posted",
    (w) =>
      (w.state._tag === "Claimed" || w.state._tag === "Fulfilled") && w.state.claimedAt < w.postedAt
        ? "a wish cannot be claimed before it was posted"
        : undefined
  ],
  [
    "fulfilled_after_claimed",
    (w) =>
      w.state._tag === "Fulfilled" && w.state.fulfilledAt < w.state.claimedAt
        ? "a wish cannot be fulfilled before it was claimed"
        : undefined
  ]
])

export const checkCase = (c: Case): Result.Result<Case, InvalidTransition> => checkCaseTimeline(c)

/** The scope rules a token and an invite share: below admin a branch, for a member role the member. */
const scopeRules = (noun: string) =>
  [
    [
      "scoped_to_a_branch",
      (t: { readonly role: string; readonly branchId?: string | undefined }) =>
        t.role !== "admin" && t.branchId === undefined
          ? `a ${t.role} ${noun} works in a branch subtree and names its branch`
          : undefined
    ],
    [
      `member_${noun}_names_its_member`,
      (t: { readonly role: string; readonly memberId?: string | undefined }) =>
        t.role === "member" && t.memberId === undefined ? `a member ${noun} names its member` : undefined
    ]
  ] as const

export const checkAccessToken: Check<AccessToken> = rules<AccessToken>("access_token", [
  ...scopeRules("token"),
  [
    "expires_after_creation",
    (t) =>
      t.expiresAt !== undefined && t.expiresAt <= t.createdAt
        ? `a token created at ${t.createdAt} cannot expire at ${t.expiresAt}`
        : undefined
  ],
  [
    "revoked_after_creation",
    (t) =>
      t.revokedAt !== undefined && t.revokedAt < t.createdAt
        ? "a token cannot be revoked before it was created"
        : undefined
  ]
])

/** An invite keeps a token's scope rules, and always expires after it was created. */
export const checkInvite: Check<Invite> = rules<Invite>("invite", [
  ...scopeRules("invite"),
  [
    "expires_after_creation",
    (i) =>
      i.expiresAt <= i.createdAt
        ? `an invite created at ${i.createdAt} cannot expire at ${i.expiresAt}`
        : undefined
  ]
])

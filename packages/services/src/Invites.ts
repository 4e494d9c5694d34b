/**
 * Invites to the console: one-time, expiring links that start a session without a password. `create`
 * mints an invite `bsi_<id>_<secret>` with a role and a scope as a token has (checked as a token's
 * are) and returns its code once — only the SHA-256 of the secret is stored, through the audited write
 * path (`invite.create`). `redeem` takes a code and, in one transaction, marks the invite used
 * (`invite.use`) and starts a session: an access token of kind `session` with the invite's role and
 * scope, expiring after `sessionLifetimeMs` (`session.start`). A code works once: a second redeem, a
 * concurrent one included, fails with `Unauthorized` (`used`).
 */
import { type Access, Calendar, Errors, type Ids, Invariants, Invite } from "@bishui/domain"
import { Context, Effect, Layer } from "effect"
import { AccessTokens, type IssuedToken } from "./AccessTokens.ts"
import { CurrentActor } from "./CurrentActor.ts"
import { makeRecords, now, type WriteError } from "./internal/records.ts"
import { makeMinter, secretMatches } from "./internal/secrets.ts"
import type { ListQuery, Page, Versioned } from "./Store.ts"
import * as Tables from "./Tables.ts"

/** How long a session lasts from sign-in: 14 days, after which the person asks for a new invite. */
export const sessionLifetimeMs = 14 * 86_400_000

/** How long an invite works when its creator names no expiry: 7 days. */
export const defaultInviteLifetimeMs = 7 * 86_400_000

export interface CreateInvite {
  readonly tenantId: Ids.TenantId
  readonly role: Access.Role
  readonly branchId?: Ids.OrganisationId | undefined
  readonly memberId?: Ids.MemberId | undefined
  readonly label: string
  readonly expiresAt: Calendar.Instant
}

export interface CreatedInvite {
  /** The link's code, `bsi_<id>_<secret>`. Returned once: only a hash of the secret is stored. */
  readonly code: string
  readonly record: Versioned<Invite.Invite>
}

export class Invites extends Context.Service<
  Invites,
  {
    /** Mint an invite; fails as `AccessTokens.issue` does for a bad scope or label. */
    readonly create: (input: CreateInvite) => Effect.Effect<CreatedInvite, WriteError>
    readonly get: (tenantId: string, id: string) => Effect.Effect<Versioned<Invite.Invite>, Errors.NotFound>
    /** Invites of a tenant by creation time; filter by `branch_id`. */
    readonly list: (tenantId: string, query: ListQuery) => Effect.Effect<Page<Invite.Invite>>
    /** Withdraw an unused invite. Revoking a revoked or used invite changes nothing and returns it. */
    readonly revoke: (
      tenantId: string,
      id: string
    ) => Effect.Effect<Versioned<Invite.Invite>, Errors.NotFound>
    /**
     * Open an invite: the session it starts (its token text and record). `Unauthorized` when the code is
     * malformed, unknown or wrong (alike), used, revoked or expired (time from `Clock`).
     */
    readonly redeem: (code: string) => Effect.Effect<IssuedToken, Errors.Unauthorized>
  }
>()("@bishui/services/Invites") {
  /** Needs a `Store` and `AccessTokens`. */
  static readonly layer = Layer.effect(
    this,
    Effect.suspend(() => make)
  )
}

const unauthorized = (reason: "malformed" | "invalid" | "used" | "revoked" | "expired") =>
  new Errors.Unauthorized({
    reason,
    message: {
      malformed: "这不是邀请链接 / the link is not a bishui invite",
      invalid: "邀请链接无效 / the invite is not valid",
      used: "邀请链接已使用过，每个链接只能用一次 / the invite has been used already; an invite works once",
      revoked: "邀请链接已被撤销 / the invite has been withdrawn",
      expired: "邀请链接已过期 / the invite has expired"
    }[reason]
  })

const make = Effect.gen(function* () {
  const records = yield* makeRecords
  const tokens = yield* AccessTokens
  const invites = records.store.collection(Tables.invites)
  const mint = makeMinter(records, "invite")

  return Invites.of({
    create: Effect.fn("Invites.create")(function* (input: CreateInvite) {
      const { secret, base } = yield* mint(input)
      const record: Invite.Invite = { ...base, id: base.id as Ids.InviteId, expiresAt: input.expiresAt }
      const stored = yield* records.create(Tables.invites, record, {
        change: "invite.create",
        check: Invariants.checkInvite
      })
      const created: CreatedInvite = { code: Invite.formatCode(record.id, secret), record: stored }
      return created
    }),
    get: (tenantId, id) => records.get(Tables.invites, tenantId, id),
    list: (tenantId, query) => invites.list(tenantId, query),
    revoke: Effect.fn("Invites.revoke")(function* (tenantId: string, id: string) {
      const current = yield* records.get(Tables.invites, tenantId, id)
      if (current.record.revokedAt !== undefined || current.record.usedAt !== undefined) return current
      const at = yield* now
      return yield* records
        .update(Tables.invites, tenantId, id, {
          change: "invite.revoke",
          step: (invite) => Effect.succeed({ ...invite, revokedAt: at })
        })
        .pipe(Effect.catchTag(["AlreadyExists", "StaleVersion", "InvalidTransition"], Effect.die))
    }),
    redeem: Effect.fn("Invites.redeem")(function* (code: string) {
      const parsed = Invite.parseCode(code)
      if (parsed === undefined) return yield* unauthorized("malformed")
      const found = yield* invites.findById(parsed.id)
      if (!secretMatches(parsed.secret, found?.record.secretHash) || found === undefined) {
        return yield* unauthorized("invalid")
      }
      const at = yield* now
      const status = Invite.statusAt(found.record, at)
      if (status !== "active") return yield* unauthorized(status)
      const invite = found.record
      return yield* records.store
        .transaction(
          Effect.gen(function* () {
            const session = yield* tokens.issue({
              tenantId: invite.tenantId,
              role: invite.role,
              branchId: invite.branchId,
              memberId: invite.memberId,
              label: invite.label,
              expiresAt: Calendar.instantFromMillis(Date.parse(at) + sessionLifetimeMs),
              kind: "session"
            })
            // The version read above: a concurrent redeem that got there first makes this stale,
            // and the session just started is rolled back with it.
            yield* records.update(Tables.invites, invite.tenantId, invite.id, {
              change: "invite.use",
              expectedVersion: found.version,
              step: (current) =>
                Effect.succeed({ ...current, usedAt: at, sessionId: session.record.record.id })
            })
            return session
          })
        )
        .pipe(
          Effect.catchTag("StaleVersion", () => Effect.fail(unauthorized("used"))),
          // The scope was checked when the invite was made; a branch or member voided since ends it.
          Effect.catchTag(["NotFound", "InvariantViolation", "AlreadyExists", "InvalidTransition"], () =>
            Effect.fail(unauthorized("revoked"))
          ),
          Effect.provideService(CurrentActor, `invite:${invite.id}`)
        )
    })
  })
})

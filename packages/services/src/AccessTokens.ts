/**
 * Bearer tokens of the API. `issue` mints a token `bsh_<id>_<secret>` (32 random bytes, base64url),
 * returns its text once and stores only the SHA-256 of the secret — through the audited write path,
 * so the audit log holds the hash, never the secret. `verify` turns a presented token into the
 * `Access.Principal` it stands for, or fails with `Unauthorized`; tokens are found by id alone, so
 * the caller need not know the tenant.
 */
import { type Access, AccessToken, type Calendar, Errors, type Ids, Invariants } from "@bishui/domain"
import { Context, Effect } from "effect"
import { layersOf } from "./internal/layers.ts"
import { makeRecords, now, type WriteError } from "./internal/records.ts"
import { makeMinter, secretMatches } from "./internal/secrets.ts"
import type { ListQuery, Page, Versioned } from "./Store.ts"
import * as Tables from "./Tables.ts"

export interface IssueToken {
  readonly tenantId: Ids.TenantId
  readonly role: Access.Role
  /** Required for every role but admin: the root of the subtree the token works in. */
  readonly branchId?: Ids.OrganisationId | undefined
  /** Required for the member role: the member the token belongs to (in the branch's subtree). */
  readonly memberId?: Ids.MemberId | undefined
  readonly label: string
  readonly expiresAt?: Calendar.Instant | undefined
  /** `session`: a console sign-in (audited as `session.start`, revoked as `session.revoke`). */
  readonly kind?: "session" | undefined
}

export interface IssuedToken {
  /** The token's text, `bsh_<id>_<secret>`. Returned once: only a hash of the secret is stored. */
  readonly token: string
  readonly record: Versioned<AccessToken.AccessToken>
}

export class AccessTokens extends Context.Service<
  AccessTokens,
  {
    /**
     * Mint a token. Fails with `NotFound` for a missing tenant, branch or member, and with
     * `InvariantViolation` when the branch is not a Party organisation, the member is not in its
     * subtree, or the token breaks a rule of `Invariants.checkAccessToken`.
     */
    readonly issue: (input: IssueToken) => Effect.Effect<IssuedToken, WriteError>
    readonly get: (
      tenantId: string,
      id: string
    ) => Effect.Effect<Versioned<AccessToken.AccessToken>, Errors.NotFound>
    /** Tokens of a tenant by issue time; filter by `role`, `branch_id`, `member_id` and a date range. */
    readonly list: (tenantId: string, query: ListQuery) => Effect.Effect<Page<AccessToken.AccessToken>>
    /** Revoke a token from now on. Revoking a revoked token changes nothing and returns it. */
    readonly revoke: (
      tenantId: string,
      id: string
    ) => Effect.Effect<Versioned<AccessToken.AccessToken>, Errors.NotFound>
    /**
     * The principal a presented token stands for. `Unauthorized` when it is malformed, unknown, has a
     * wrong secret (these two read alike), is revoked or has expired (time from `Clock`).
     */
    readonly verify: (token: string) => Effect.Effect<Access.Principal, Errors.Unauthorized>
  }
>()("@bishui/services/AccessTokens") {
  private static readonly layers = layersOf(
    this,
    Effect.suspend(() => make)
  )
  /** Needs a `Store`. */
  static readonly layer = this.layers.layer
  /** Over its own in-memory Store. */
  static readonly layerMemory = this.layers.layerMemory
  /** Over the SQL Store: needs only an `SqlClient`. */
  static readonly layerNoDeps = this.layers.layerNoDeps
}

const unauthorized = (reason: Exclude<Errors.Unauthorized["reason"], "used">) =>
  new Errors.Unauthorized({
    reason,
    message: {
      missing: "no bearer token was presented",
      malformed: "the bearer token is not a bishui access token",
      invalid: "the bearer token is not valid",
      revoked: "the bearer token has been revoked",
      expired: "the bearer token has expired"
    }[reason]
  })

const make = Effect.gen(function* () {
  const records = yield* makeRecords
  const { store } = records
  const tokens = store.collection(Tables.accessTokens)

  const mint = makeMinter(records, "token")

  return AccessTokens.of({
    issue: Effect.fn("AccessTokens.issue")(function* (input: IssueToken) {
      const { secret, base } = yield* mint(input)
      const id = base.id as Ids.AccessTokenId
      const record: AccessToken.AccessToken = {
        ...base,
        id,
        ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
        ...(input.kind === undefined ? {} : { kind: input.kind })
      }
      const stored = yield* records.create(Tables.accessTokens, record, {
        change: input.kind === "session" ? "session.start" : "access_token.issue",
        check: Invariants.checkAccessToken
      })
      const issued: IssuedToken = { token: AccessToken.formatToken(id, secret), record: stored }
      return issued
    }),
    get: (tenantId, id) => records.get(Tables.accessTokens, tenantId, id),
    list: (tenantId, query) => tokens.list(tenantId, query),
    revoke: Effect.fn("AccessTokens.revoke")(function* (tenantId: string, id: string) {
      const current = yield* records.get(Tables.accessTokens, tenantId, id)
      if (current.record.revokedAt !== undefined) return current
      const at = yield* now
      return yield* records
        .update(Tables.accessTokens, tenantId, id, {
          change: current.record.kind === "session" ? "session.revoke" : "access_token.revoke",
          step: (token) => Effect.succeed(AccessToken.revoke(token, at))
        })
        .pipe(
          // a token is never renamed, its version is not asked for, and it is not voidable: none can happen
          Effect.catchTag(["AlreadyExists", "StaleVersion", "InvalidTransition"], Effect.die)
        )
    }),
    verify: Effect.fn("AccessTokens.verify")(function* (text: string) {
      const parsed = AccessToken.parseToken(text)
      if (parsed === undefined) return yield* unauthorized("malformed")
      const found = yield* tokens.findById(parsed.id)
      if (!secretMatches(parsed.secret, found?.record.secretHash)) return yield* unauthorized("invalid")
      if (found === undefined) return yield* unauthorized("invalid")
      const status = AccessToken.statusAt(found.record, yield* now)
      if (status !== "active") return yield* unauthorized(status)
      return AccessToken.principalOf(found.record)
    })
  })
})

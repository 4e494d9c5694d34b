/**
 * A bearer token of the API: who holds it (a role in a tenant and, below admin, a branch subtree; a
 * member-role token also names its member), a label, and its lifetime. The token text is
 * `bsh_<id>_<secret>`; only a hash of the secret is kept (hashing, like minting the secret, is done by
 * the services — the domain does no I/O and no randomness). The rules a token keeps are in
 * `Invariants.checkAccessToken`.
 */
import { Schema } from "effect"
import { type Principal, Role } from "./Access.ts"
import { Instant } from "./Calendar.ts"
import { AccessTokenId, MemberId, OrganisationId, TenantId } from "./Ids.ts"

/** The SHA-256 of a token's secret, as 64 lowercase hex digits. */
export const SecretHash = Schema.String.check(
  Schema.isPattern(/^[0-9a-f]{64}$/u, { expected: "a SHA-256 hash as 64 lowercase hex digits" })
)
export type SecretHash = typeof SecretHash.Type

export const AccessToken = Schema.Struct({
  id: AccessTokenId,
  tenantId: TenantId,
  role: Role,
  /** The root of the subtree the token works in; every role but admin has one. */
  branchId: Schema.optionalKey(OrganisationId),
  /** The member a member-role token belongs to. */
  memberId: Schema.optionalKey(MemberId),
  /** What the token is for, e.g. `南河巡查 App`. */
  label: Schema.NonEmptyString.check(Schema.isMaxLength(200)),
  secretHash: SecretHash,
  createdAt: Instant,
  expiresAt: Schema.optionalKey(Instant),
  revokedAt: Schema.optionalKey(Instant),
  /**
   * `session`: a console sign-in, started by opening an invite (`Invite`); its secret lives in the
   * browser's cookie. Absent for a token made for a client (`./dev token create`).
   */
  kind: Schema.optionalKey(Schema.Literal("session"))
})
export type AccessToken = typeof AccessToken.Type

/** Whether a token can be used at an instant: active, revoked, or expired (at `expiresAt` or later). */
export type TokenStatus = "active" | "revoked" | "expired"

export const statusAt = (token: AccessToken, now: Instant): TokenStatus =>
  token.revokedAt !== undefined
    ? "revoked"
    : token.expiresAt !== undefined && Date.parse(token.expiresAt) <= Date.parse(now)
      ? "expired"
      : "active"

/** The principal a token stands for (`Access.permits` decides what it may do). */
export const principalOf = (token: AccessToken): Principal => ({
  tenantId: token.tenantId,
  role: token.role,
  ...(token.branchId === undefined ? {} : { branchId: token.branchId }),
  ...(token.memberId === undefined ? {} : { memberId: token.memberId }),
  tokenId: token.id
})

/** Revoke a token at an instant. Revoking a revoked token keeps its first revocation. */
export const revoke = (token: AccessToken, at: Instant): AccessToken =>
  token.revokedAt === undefined ? { ...token, revokedAt: at } : token

// ---- the token text ------------------------------------------------------------------------------

export const tokenPrefix = "bsh_"

const tokenPattern = /^bsh_([A-Za-z0-9-]{1,120})_([A-Za-z0-9_-]{43})$/

/**
 * Whether an id can appear in a token's text: letters, digits and dashes (a UUID), no underscore —
 * the underscore separates the id from the secret, which may itself contain underscores.
 */
export const isTokenableId = (id: string): boolean => /^[A-Za-z0-9-]{1,120}$/.test(id)

/** The token text: `bsh_<id>_<secret>`, the secret being 32 bytes in base64url (43 characters). */
export const formatToken = (id: string, secret: string): string => `${tokenPrefix}${id}_${secret}`

/** The id and secret of a token's text, or `undefined` when it is not one. */
export const parseToken = (
  text: string
): { readonly id: AccessTokenId; readonly secret: string } | undefined => {
  const match = tokenPattern.exec(text)
  return match === null ? undefined : { id: match[1] as AccessTokenId, secret: match[2] as string }
}

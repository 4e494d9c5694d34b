/**
 * An invite: a one-time link an admin or secretary gives a person so they can sign in to the console
 * without a password. It carries what a token carries (a role in a tenant, below admin a branch
 * subtree, for a member role the member) and an expiry; opening it once starts a session — an access
 * token of kind `session` with the same role and scope. The link's code is `bsi_<id>_<secret>`; only
 * a hash of the secret is kept, as for tokens. The rules an invite keeps are in
 * `Invariants.checkInvite`.
 */
import { Schema } from "effect"
import { Role } from "./Access.ts"
import { SecretHash } from "./AccessToken.ts"
import { Instant } from "./Calendar.ts"
import { AccessTokenId, InviteId, MemberId, OrganisationId, TenantId } from "./Ids.ts"

export const Invite = Schema.Struct({
  id: InviteId,
  tenantId: TenantId,
  role: Role,
  branchId: Schema.optionalKey(OrganisationId),
  memberId: Schema.optionalKey(MemberId),
  /** Who it is for, e.g. `王芳（巡河员）`; the session it starts carries it. */
  label: Schema.NonEmptyString.check(Schema.isMaxLength(200)),
  secretHash: SecretHash,
  createdAt: Instant,
  /** An invite always expires: a forgotten link must not work for ever. */
  expiresAt: Instant,
  /** When it was opened (it works once). */
  usedAt: Schema.optionalKey(Instant),
  /** The session it started. */
  sessionId: Schema.optionalKey(AccessTokenId),
  revokedAt: Schema.optionalKey(Instant)
})
export type Invite = typeof Invite.Type

export type InviteStatus = "active" | "used" | "revoked" | "expired"

export const statusAt = (invite: Invite, now: Instant): InviteStatus =>
  invite.usedAt !== undefined
    ? "used"
    : invite.revokedAt !== undefined
      ? "revoked"
      : Date.parse(invite.expiresAt) <= Date.parse(now)
        ? "expired"
        : "active"

// ---- the link's code ---------------------------------------------------------------------------

export const codePrefix = "bsi_"

const codePattern = /^bsi_([A-Za-z0-9-]{1,120})_([A-Za-z0-9_-]{43})$/

/** The code of an invite link: `bsi_<id>_<secret>`, the secret being 32 bytes in base64url. */
export const formatCode = (id: string, secret: string): string => `${codePrefix}${id}_${secret}`

/** The id and secret of an invite's code, or `undefined` when it is not one. */
export const parseCode = (text: string): { readonly id: InviteId; readonly secret: string } | undefined => {
  const match = codePattern.exec(text)
  return match === null ? undefined : { id: match[1] as InviteId, secret: match[2] as string }
}

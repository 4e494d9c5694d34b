/**
 * What tokens and invites share: a secret of 32 random bytes (base64url) that is shown once and
 * stored only as its SHA-256, compared in constant time; and the check that a scope (a branch that is
 * a Party organisation, a member in its subtree) names records that exist.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"
import { type Access, Errors, type Ids, Organisation, Tree } from "@bishui/domain"
import { Effect } from "effect"
import * as Tables from "../Tables.ts"
import { type makeRecords, newId, now } from "./records.ts"

export const newSecret = (): string => randomBytes(32).toString("base64url")

const sha256 = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest()

/** The stored form of a secret: its SHA-256 as 64 lowercase hex digits. */
export const hashSecret = (secret: string): string => sha256(secret).toString("hex")

/** Compared against when the id is unknown, so an unknown id costs what a wrong secret does. */
const noHash = Buffer.alloc(32)

/** Whether a presented secret is the one behind `storedHash` (undefined: no such record — false). */
export const secretMatches = (secret: string, storedHash: string | undefined): boolean => {
  const matches = timingSafeEqual(
    sha256(secret),
    storedHash === undefined ? noHash : Buffer.from(storedHash, "hex")
  )
  return storedHash !== undefined && matches
}

export interface Scope {
  readonly label: string
  readonly tenantId: string
  readonly role: Access.Role
  readonly branchId?: string | undefined
  readonly memberId?: string | undefined
}

type Records = Effect.Success<typeof makeRecords>

/**
 * The start of a token's or an invite's record, for `mint` below: its checked label and scope, a new
 * id and secret, the secret's hash and the creation time. The secret is returned to be shown once.
 */
export const makeMinter = (records: Records, noun: "token" | "invite") => {
  const checkScope = makeScopeCheck(records, noun)
  const entity = noun === "token" ? "access_token" : "invite"
  return Effect.fn("mint")(function* (input: Scope) {
    const label = input.label.trim()
    if (label.length === 0 || label.length > 200) {
      return yield* new Errors.InvariantViolation({
        entity,
        rule: "label",
        message: `a${noun === "invite" ? "n" : ""} ${noun}'s label has 1 to 200 characters`
      })
    }
    yield* checkScope(input)
    const secret = newSecret()
    const base = {
      id: newId(),
      tenantId: input.tenantId as Ids.TenantId,
      role: input.role,
      ...(input.branchId === undefined ? {} : { branchId: input.branchId as Ids.OrganisationId }),
      ...(input.memberId === undefined ? {} : { memberId: input.memberId as Ids.MemberId }),
      label,
      secretHash: hashSecret(secret),
      createdAt: yield* now
    }
    return { secret, base }
  })
}

/**
 * A check of a scope's references: `NotFound` for a missing tenant, branch or member;
 * `InvariantViolation` (of `entity`) when the branch is not a Party organisation or the member is not
 * in its subtree.
 */
const makeScopeCheck = (records: Records, noun: "token" | "invite") => {
  const entity = noun === "token" ? "access_token" : "invite"
  const violation = (rule: string, message: string) =>
    new Errors.InvariantViolation({ entity, rule, message })
  return Effect.fn("checkScope")(function* (input: Scope) {
    yield* records.get(Tables.tenants, input.tenantId, input.tenantId)
    if (input.branchId !== undefined) {
      const branch = yield* records.referenced(Tables.organisations, input.tenantId, input.branchId)
      if (!(Organisation.isBranch(branch) || branch._tag === "PartyGroup")) {
        return yield* violation(
          "branch_is_a_party_organisation",
          `a ${noun} is scoped to a Party organisation; ${input.branchId} is a ${branch._tag}`
        )
      }
    }
    if (input.memberId !== undefined) {
      const member = yield* records.referenced(Tables.members, input.tenantId, input.memberId)
      if (input.branchId !== undefined) {
        const subtree = Tree.subtreeIds(
          yield* records.store.collection(Tables.organisations).all(input.tenantId),
          input.branchId
        )
        const inSubtree =
          subtree.has(member.homeBranchId) || member.temporaryMemberships.some((t) => subtree.has(t.branchId))
        if (!inSubtree) {
          return yield* violation(
            "member_in_branch",
            `member ${input.memberId} belongs to no branch under ${input.branchId}`
          )
        }
      }
    }
  })
}

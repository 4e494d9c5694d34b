import { assert, describe, it } from "@effect/vitest"
import { Exit, Schema } from "effect"
import * as fc from "fast-check"
import { Access, AccessToken, Errors, Invariants } from "../src/index.ts"
import { failure, instant, success, tenantId } from "./fixtures.ts"

const decode = Schema.decodeUnknownSync(AccessToken.AccessToken)
const hash = "a".repeat(64)

const token = (extra: Record<string, unknown> = {}): AccessToken.AccessToken =>
  decode({
    id: "3f1c2b9e-8d4a-4c7e-9b1a-2d3e4f5a6b7c",
    tenantId,
    role: "secretary",
    branchId: "org-branch",
    label: "南河巡查 App",
    secretHash: hash,
    createdAt: "2024-01-01T00:00:00.000Z",
    ...extra
  })

describe("AccessToken schema", () => {
  it("keeps only a lowercase hex SHA-256 of the secret", () => {
    for (const bad of ["A".repeat(64), "a".repeat(63), "g".repeat(64), ""]) {
      assert.isTrue(
        Exit.isFailure(Schema.decodeUnknownExit(AccessToken.AccessToken)({ ...token(), secretHash: bad }))
      )
    }
  })

  it("a label is non-empty", () => {
    assert.isTrue(
      Exit.isFailure(Schema.decodeUnknownExit(AccessToken.AccessToken)({ ...token(), label: "" }))
    )
  })
})

describe("Invariants.checkAccessToken", () => {
  it("a secretary, member or viewer token names its branch; an admin token need not", () => {
    for (const role of ["secretary", "member", "viewer"] as const) {
      const { branchId: _, ...rest } = token({ role, memberId: "member-1" })
      const error = failure(Invariants.checkAccessToken(rest))
      assert.instanceOf(error, Errors.InvariantViolation)
      assert.deepStrictEqual([error.entity, error.rule], ["access_token", "scoped_to_a_branch"])
    }
    const { branchId: _, ...admin } = token({ role: "admin" })
    success(Invariants.checkAccessToken(admin))
  })

  it("a member token names its member", () => {
    assert.strictEqual(
      failure(Invariants.checkAccessToken(token({ role: "member" }))).rule,
      "member_token_names_its_member"
    )
    success(Invariants.checkAccessToken(token({ role: "member", memberId: "member-1" })))
  })

  it("a token expires after it was created and is not revoked before", () => {
    assert.strictEqual(
      failure(Invariants.checkAccessToken(token({ expiresAt: "2024-01-01T00:00:00.000Z" }))).rule,
      "expires_after_creation"
    )
    assert.strictEqual(
      failure(Invariants.checkAccessToken(token({ revokedAt: "2023-12-31T23:59:59.999Z" }))).rule,
      "revoked_after_creation"
    )
    success(Invariants.checkAccessToken(token({ expiresAt: "2024-01-01T00:00:00.001Z" })))
  })
})

describe("token status and principal", () => {
  it("is active until it expires (at expiresAt) or is revoked", () => {
    const t = token({ expiresAt: "2024-02-01T00:00:00.000Z" })
    assert.strictEqual(AccessToken.statusAt(t, instant("2024-01-31T23:59:59.999Z")), "active")
    assert.strictEqual(AccessToken.statusAt(t, instant("2024-02-01T00:00:00.000Z")), "expired")
    const revoked = AccessToken.revoke(t, instant("2024-01-10T00:00:00.000Z"))
    assert.strictEqual(AccessToken.statusAt(revoked, instant("2024-01-09T00:00:00.000Z")), "revoked")
    // revoking again keeps the first revocation
    assert.strictEqual(
      AccessToken.revoke(revoked, instant("2024-01-20T00:00:00.000Z")).revokedAt,
      revoked.revokedAt
    )
    assert.strictEqual(AccessToken.statusAt(token(), instant("2999-01-01T00:00:00.000Z")), "active")
  })

  it("the principal carries the token's tenant, role, scope and id, and passes Access.permits", () => {
    const t = token({ role: "member", memberId: "member-1" })
    const principal = AccessToken.principalOf(t)
    assert.deepStrictEqual(principal, {
      tenantId,
      role: "member",
      branchId: t.branchId,
      memberId: t.memberId,
      tokenId: t.id
    } as Access.Principal)
    assert.isTrue(Schema.is(Access.Principal)(principal))
    const subtree = new Set(["org-branch"])
    assert.isTrue(
      Access.permits(
        principal,
        "recordOwn",
        { tenantId, branchId: "org-branch", memberId: "member-1" },
        subtree
      )
    )
    const { branchId: _, ...admin } = token({ role: "admin" })
    assert.deepStrictEqual(Object.keys(AccessToken.principalOf(admin)).sort(), [
      "role",
      "tenantId",
      "tokenId"
    ])
  })
})

describe("token text", () => {
  const secret = "Q2hhbmdlIG1lISBUaGlzIGlzIGEgMzItYnl0ZSBzZWM"

  it("formats and parses bsh_<id>_<secret>, the secret possibly holding underscores and dashes", () => {
    const id = "3f1c2b9e-8d4a-4c7e-9b1a-2d3e4f5a6b7c"
    for (const s of [secret, `_${secret.slice(1)}`, `${secret.slice(0, 42)}-`, "_".repeat(43)]) {
      assert.deepStrictEqual(AccessToken.parseToken(AccessToken.formatToken(id, s)), { id, secret: s })
    }
  })

  it("rejects anything else", () => {
    for (const text of [
      "",
      "bsh_",
      `bsh__${secret}`,
      `bsh_id_${secret.slice(1)}`,
      `bsh_id_${secret}x`,
      `Bearer bsh_id_${secret}`,
      `xsh_id_${secret}`,
      `bsh_id_${secret.slice(1)}=`,
      `bsh_i.d_${secret}`,
      ` bsh_id_${secret}`
    ]) {
      assert.isUndefined(AccessToken.parseToken(text), text)
    }
  })

  it("round-trips any tokenable id and base64url secret", () => {
    const idChar = fc.constantFrom(..."abcdefABCDEF0123456789-")
    const secretChar = fc.constantFrom(..."abcxyzABCXYZ0189-_")
    fc.assert(
      fc.property(
        fc.string({ unit: idChar, minLength: 1, maxLength: 120 }),
        fc.string({ unit: secretChar, minLength: 43, maxLength: 43 }),
        (id, s) => {
          assert.isTrue(AccessToken.isTokenableId(id))
          assert.deepStrictEqual(AccessToken.parseToken(AccessToken.formatToken(id, s)), { id, secret: s })
        }
      )
    )
  })
})

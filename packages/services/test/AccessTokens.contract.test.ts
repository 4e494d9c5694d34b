/**
 * The AccessTokens contract, on every backend: issuing checks the scope (tenant, Party organisation,
 * member in its subtree) and the token rules, returns the text once and stores only the hash — the
 * audit log never sees the secret; verify finds a token by id alone, across tenants, and refuses
 * malformed, unknown, wrong, revoked and expired tokens without echoing them; revoke, get and list.
 */
import { createHash } from "node:crypto"
import { AccessToken, Ids } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Clock, Effect } from "effect"
import { AccessTokens } from "../src/AccessTokens.ts"
import { AuditLog } from "../src/AuditLog.ts"
import { CurrentActor } from "../src/CurrentActor.ts"
import { Organisations } from "../src/Organisations.ts"
import { forEachBackend } from "./backends.ts"
import { branchOf, expectFailure, instant, memberOf, newWorld, shiftedClock, uid } from "./fixtures.ts"

const hour = 3_600_000

const nowPlus = (millis: number) =>
  Effect.map(Clock.currentTimeMillis, (ms) => instant(new Date(ms + millis).toISOString()))

const secretOf = (token: string): string => {
  const parsed = AccessToken.parseToken(token)
  if (parsed === undefined) throw new Error("not a token")
  return parsed.secret
}

forEachBackend((it) => {
  it.effect(
    "issue returns the token once and stores the hash of its secret; verify gives the principal",
    () =>
      Effect.gen(function* () {
        const tokens = yield* AccessTokens
        const world = yield* newWorld
        const issued = yield* tokens.issue({
          tenantId: world.tenantId,
          role: "secretary",
          branchId: world.branchId,
          label: "  南河巡查 App "
        })
        assert.match(issued.token, /^bsh_[0-9a-f-]{36}_[A-Za-z0-9_-]{43}$/)
        const { record } = issued.record
        assert.strictEqual(issued.record.version, 1)
        assert.strictEqual(issued.token, AccessToken.formatToken(record.id, secretOf(issued.token)))
        assert.deepStrictEqual(
          [record.tenantId, record.role, record.branchId, record.memberId, record.label],
          [world.tenantId, "secretary", world.branchId, undefined, "南河巡查 App"]
        )
        assert.strictEqual(
          record.secretHash,
          createHash("sha256").update(secretOf(issued.token)).digest("hex")
        )
        assert.isTrue(record.createdAt <= issued.record.createdAt)
        assert.isUndefined(record.revokedAt)
        // stored as returned
        assert.deepStrictEqual((yield* tokens.get(world.tenantId, record.id)).record, record)

        const principal = yield* tokens.verify(issued.token)
        assert.deepStrictEqual(principal, {
          tenantId: world.tenantId,
          role: "secretary",
          branchId: world.branchId,
          tokenId: record.id
        })

        // two tokens never share a secret
        const other = yield* tokens.issue({ tenantId: world.tenantId, role: "admin", label: "运维" })
        assert.notStrictEqual(secretOf(other.token), secretOf(issued.token))
        assert.deepStrictEqual(yield* tokens.verify(other.token), {
          tenantId: world.tenantId,
          role: "admin",
          tokenId: other.record.record.id
        })
      })
  )

  it.effect("the audit entry of an issue and a revoke holds the hash, never the secret or the token", () =>
    Effect.gen(function* () {
      const tokens = yield* AccessTokens
      const audit = yield* AuditLog
      const world = yield* newWorld
      const issued = yield* tokens
        .issue({ tenantId: world.tenantId, role: "viewer", branchId: world.branchId, label: "大屏" })
        .pipe(Effect.provideService(CurrentActor, "token:admin"))
      const id = issued.record.record.id
      yield* tokens.revoke(world.tenantId, id)
      const entries = (yield* audit.list(world.tenantId, { where: { entity_id: id } })).items.map(
        (v) => v.record
      )
      assert.deepStrictEqual(
        entries.map((e) => [e.entity, e.action, e.change]),
        [
          ["access_token", "create", "access_token.issue"],
          ["access_token", "update", "access_token.revoke"]
        ]
      )
      assert.strictEqual(entries[0]?.actor, "token:admin")
      const text = JSON.stringify(entries)
      assert.include(text, issued.record.record.secretHash)
      assert.notInclude(text, secretOf(issued.token))
      assert.notInclude(text, issued.token)
    })
  )

  it.effect("member tokens name a member of the branch's subtree; scope and rules are checked", () =>
    Effect.gen(function* () {
      const tokens = yield* AccessTokens
      const organisations = yield* Organisations
      const world = yield* newWorld
      const member = yield* tokens.issue({
        tenantId: world.tenantId,
        role: "member",
        branchId: world.branchId,
        memberId: world.memberId,
        label: "王建华的手机"
      })
      assert.deepStrictEqual(yield* tokens.verify(member.token), {
        tenantId: world.tenantId,
        role: "member",
        branchId: world.branchId,
        memberId: world.memberId,
        tokenId: member.record.record.id
      })
      // a token scoped to the Party group covers its branches' members
      yield* tokens.issue({
        tenantId: world.tenantId,
        role: "member",
        branchId: world.partyGroupId,
        memberId: world.memberId,
        label: "局党组范围"
      })

      const base = { tenantId: world.tenantId, label: "x" } as const
      const rule = (input: Parameters<typeof tokens.issue>[0]) =>
        Effect.map(expectFailure(tokens.issue(input), "InvariantViolation"), (e) => e.rule)
      assert.strictEqual(yield* rule({ ...base, role: "secretary" }), "scoped_to_a_branch")
      assert.strictEqual(yield* rule({ ...base, role: "viewer" }), "scoped_to_a_branch")
      assert.strictEqual(
        yield* rule({ ...base, role: "member", branchId: world.branchId }),
        "member_token_names_its_member"
      )
      assert.strictEqual(
        yield* rule({ ...base, role: "viewer", branchId: world.communityId }),
        "branch_is_a_party_organisation"
      )
      const sibling = branchOf(world.tenantId, world.partyGroupId, "兄弟支部")
      yield* organisations.create(sibling)
      const stranger = memberOf(world.tenantId, sibling.id)
      yield* organisations.createMember(stranger)
      assert.strictEqual(
        yield* rule({ ...base, role: "member", branchId: world.branchId, memberId: stranger.id }),
        "member_in_branch"
      )
      assert.strictEqual(yield* rule({ ...base, role: "admin", label: "   " }), "label")
      assert.strictEqual(yield* rule({ ...base, role: "admin", label: "长".repeat(201) }), "label")
      assert.strictEqual(
        yield* rule({ ...base, role: "admin", expiresAt: yield* nowPlus(-hour) }),
        "expires_after_creation"
      )

      const notFound = (input: Parameters<typeof tokens.issue>[0]) =>
        Effect.map(expectFailure(tokens.issue(input), "NotFound"), (e) => e.entity)
      assert.strictEqual(
        yield* notFound({ ...base, role: "viewer", branchId: Ids.OrganisationId.make(`org-${uid()}`) }),
        "organisation"
      )
      assert.strictEqual(
        yield* notFound({
          ...base,
          role: "member",
          branchId: world.branchId,
          memberId: Ids.MemberId.make(`member-${uid()}`)
        }),
        "member"
      )
      assert.strictEqual(
        yield* notFound({ ...base, role: "admin", tenantId: Ids.TenantId.make(`tenant-${uid()}`) }),
        "tenant"
      )
      // a branch or member of another tenant is not found either
      const other = yield* newWorld
      assert.strictEqual(
        yield* notFound({ ...base, role: "viewer", branchId: other.branchId }),
        "organisation"
      )
      assert.strictEqual(
        yield* notFound({ ...base, role: "member", branchId: world.branchId, memberId: other.memberId }),
        "member"
      )
      // only the two good tokens were stored
      assert.strictEqual((yield* tokens.list(world.tenantId, {})).items.length, 2)
    })
  )

  it.effect("verify refuses malformed, unknown and wrong tokens alike, and never echoes them", () =>
    Effect.gen(function* () {
      const tokens = yield* AccessTokens
      const world = yield* newWorld
      const issued = yield* tokens.issue({ tenantId: world.tenantId, role: "admin", label: "运维" })
      const id = issued.record.record.id
      const secret = secretOf(issued.token)
      const flipped = `${secret.slice(0, 10)}${secret[10] === "A" ? "B" : "A"}${secret.slice(11)}`

      const refused = (token: string, reason: string) =>
        Effect.gen(function* () {
          const error = yield* expectFailure(tokens.verify(token), "Unauthorized")
          assert.strictEqual(error.reason, reason, token)
          if (token.length > 0) assert.notInclude(error.message, token)
          assert.notInclude(JSON.stringify(error), secret)
          return error
        })
      for (const malformed of [
        "",
        "bsh_",
        `Bearer ${issued.token}`,
        `${issued.token} `,
        `${issued.token}x`,
        issued.token.slice(0, -1),
        `bsh_${id}`,
        secret
      ]) {
        yield* refused(malformed, "malformed")
      }
      const unknown = yield* refused(AccessToken.formatToken(uid(), secret), "invalid")
      const wrong = yield* refused(AccessToken.formatToken(id, flipped), "invalid")
      // an unknown id and a wrong secret read alike
      assert.strictEqual(unknown.message, wrong.message)
      assert.strictEqual(unknown.reason, wrong.reason)
      // the secret of one token does not open another
      const second = yield* tokens.issue({ tenantId: world.tenantId, role: "admin", label: "二" })
      yield* refused(AccessToken.formatToken(second.record.record.id, secret), "invalid")
      assert.strictEqual((yield* tokens.verify(issued.token)).tokenId, id)
    })
  )

  it.effect("tokens are found by id alone, each verifying to its own tenant", () =>
    Effect.gen(function* () {
      const tokens = yield* AccessTokens
      const a = yield* newWorld
      const b = yield* newWorld
      const ta = yield* tokens.issue({
        tenantId: a.tenantId,
        role: "viewer",
        branchId: a.branchId,
        label: "a"
      })
      const tb = yield* tokens.issue({
        tenantId: b.tenantId,
        role: "viewer",
        branchId: b.branchId,
        label: "b"
      })
      assert.strictEqual((yield* tokens.verify(ta.token)).tenantId, a.tenantId)
      assert.strictEqual((yield* tokens.verify(tb.token)).tenantId, b.tenantId)
      // a tenant sees only its own tokens
      yield* expectFailure(tokens.get(a.tenantId, tb.record.record.id), "NotFound")
      yield* expectFailure(tokens.revoke(a.tenantId, tb.record.record.id), "NotFound")
      assert.deepStrictEqual(
        (yield* tokens.list(a.tenantId, {})).items.map((v) => v.record.id),
        [ta.record.record.id]
      )
      assert.strictEqual((yield* tokens.verify(tb.token)).tenantId, b.tenantId)
    })
  )

  it.effect("a revoked token is refused from then on; revoking again changes nothing", () =>
    Effect.gen(function* () {
      const tokens = yield* AccessTokens
      const world = yield* newWorld
      const issued = yield* tokens.issue({
        tenantId: world.tenantId,
        role: "viewer",
        branchId: world.branchId,
        label: "v"
      })
      const id = issued.record.record.id
      const revoked = yield* tokens.revoke(world.tenantId, id)
      assert.strictEqual(revoked.version, 2)
      assert.isDefined(revoked.record.revokedAt)
      assert.deepStrictEqual(
        { ...revoked.record, revokedAt: undefined },
        { ...issued.record.record, revokedAt: undefined }
      )
      const error = yield* expectFailure(tokens.verify(issued.token), "Unauthorized")
      assert.strictEqual(error.reason, "revoked")
      const again = yield* tokens.revoke(world.tenantId, id)
      assert.deepStrictEqual([again.version, again.record.revokedAt], [2, revoked.record.revokedAt])
      yield* expectFailure(tokens.revoke(world.tenantId, `token-${uid()}`), "NotFound")
    })
  )

  it.effect("a token expires at its expiresAt by the Clock", () =>
    Effect.gen(function* () {
      const tokens = yield* AccessTokens
      const world = yield* newWorld
      const issued = yield* tokens.issue({
        tenantId: world.tenantId,
        role: "admin",
        label: "临时",
        expiresAt: yield* nowPlus(hour)
      })
      assert.strictEqual((yield* tokens.verify(issued.token)).role, "admin")
      assert.strictEqual((yield* shiftedClock(hour / 2, tokens.verify(issued.token))).role, "admin")
      const error = yield* expectFailure(
        shiftedClock(hour + 1000, tokens.verify(issued.token)),
        "Unauthorized"
      )
      assert.deepStrictEqual([error.reason, error.message], ["expired", "the bearer token has expired"])
      // a token without expiresAt does not expire
      const lasting = yield* tokens.issue({ tenantId: world.tenantId, role: "admin", label: "长期" })
      assert.strictEqual(
        (yield* shiftedClock(100 * 365 * 24 * hour, tokens.verify(lasting.token))).role,
        "admin"
      )
    })
  )

  it.effect("tokens list by issue time, filtered by role, branch and member", () =>
    Effect.gen(function* () {
      const tokens = yield* AccessTokens
      const world = yield* newWorld
      const issue = (offset: number, input: Omit<Parameters<typeof tokens.issue>[0], "tenantId" | "label">) =>
        shiftedClock(offset, tokens.issue({ tenantId: world.tenantId, label: `t${offset}`, ...input }))
      const admin = yield* issue(3 * hour, { role: "admin" })
      const viewer = yield* issue(1 * hour, { role: "viewer", branchId: world.branchId })
      const member = yield* issue(2 * hour, {
        role: "member",
        branchId: world.branchId,
        memberId: world.memberId
      })
      const ids = (page: { readonly items: ReadonlyArray<{ readonly record: { readonly id: string } }> }) =>
        page.items.map((v) => v.record.id)
      const idOf = (t: typeof admin) => t.record.record.id
      assert.deepStrictEqual(ids(yield* tokens.list(world.tenantId, {})), [
        idOf(viewer),
        idOf(member),
        idOf(admin)
      ])
      assert.deepStrictEqual(ids(yield* tokens.list(world.tenantId, { where: { role: "admin" } })), [
        idOf(admin)
      ])
      assert.deepStrictEqual(
        ids(yield* tokens.list(world.tenantId, { where: { branch_id: world.branchId } })),
        [idOf(viewer), idOf(member)]
      )
      assert.deepStrictEqual(
        ids(yield* tokens.list(world.tenantId, { where: { member_id: world.memberId } })),
        [idOf(member)]
      )
      const firstPage = yield* tokens.list(world.tenantId, { limit: 2 })
      assert.deepStrictEqual(ids(firstPage), [idOf(viewer), idOf(member)])
      assert.deepStrictEqual(ids(yield* tokens.list(world.tenantId, { after: firstPage.next })), [
        idOf(admin)
      ])
    })
  )
})

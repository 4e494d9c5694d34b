/**
 * The Invites contract, on every backend: an invite's code is returned once and only its hash is
 * stored; redeeming it starts a session — an access token of kind `session` with the invite's role
 * and scope, for 14 days — and marks the invite used; a code works once, even when two redeem it at
 * the same time; used, withdrawn, expired and wrong codes are refused with their reason; the scope is
 * checked as a token's.
 */
import { Invite } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Clock, Effect } from "effect"
import { AccessTokens } from "../src/AccessTokens.ts"
import { Invites, sessionLifetimeMs } from "../src/Invites.ts"
import { forEachBackend } from "./backends.ts"
import { expectFailure, instant, newWorld, shiftedClock } from "./fixtures.ts"

const hour = 3_600_000

const inHours = (hours: number) =>
  Effect.map(Clock.currentTimeMillis, (ms) => instant(new Date(ms + hours * hour).toISOString()))

forEachBackend((it) => {
  it.effect("a code starts one session with the invite's scope; only its hash is stored", () =>
    Effect.gen(function* () {
      const invites = yield* Invites
      const tokens = yield* AccessTokens
      const world = yield* newWorld
      const created = yield* invites.create({
        tenantId: world.tenantId,
        role: "member",
        branchId: world.branchId,
        memberId: world.memberId,
        label: " 王建华 ",
        expiresAt: yield* inHours(24)
      })
      const parsed = Invite.parseCode(created.code)
      assert.strictEqual(parsed?.id, created.record.record.id)
      assert.strictEqual(created.record.record.label, "王建华")
      assert.notInclude(JSON.stringify(created.record), parsed?.secret as string)

      const session = yield* invites.redeem(created.code)
      assert.strictEqual(session.record.record.kind, "session")
      const principal = yield* tokens.verify(session.token)
      assert.deepStrictEqual(
        [principal.role, principal.branchId, principal.memberId],
        ["member", world.branchId, world.memberId]
      )
      const used = yield* invites.get(world.tenantId, created.record.record.id)
      assert.strictEqual(used.record.sessionId, session.record.record.id)
      assert.strictEqual(Invite.statusAt(used.record, yield* inHours(0)), "used")

      const again = yield* expectFailure(invites.redeem(created.code), "Unauthorized")
      assert.strictEqual(again.reason, "used")
      // the session ends after its lifetime
      const late = yield* expectFailure(
        shiftedClock(sessionLifetimeMs + 1000, tokens.verify(session.token)),
        "Unauthorized"
      )
      assert.strictEqual(late.reason, "expired")
    })
  )

  it.effect("two redeems of one code at once: one session", () =>
    Effect.gen(function* () {
      const invites = yield* Invites
      const world = yield* newWorld
      const created = yield* invites.create({
        tenantId: world.tenantId,
        role: "admin",
        label: "并发",
        expiresAt: yield* inHours(1)
      })
      const both = yield* Effect.all(
        [invites.redeem(created.code), invites.redeem(created.code)].map(Effect.result),
        {
          concurrency: 2
        }
      )
      assert.deepStrictEqual(both.map((r) => r._tag).sort(), ["Failure", "Success"])
    })
  )

  it.effect("expired, withdrawn, wrong and malformed codes are refused with their reason", () =>
    Effect.gen(function* () {
      const invites = yield* Invites
      const world = yield* newWorld
      const make = Effect.gen(function* () {
        return yield* invites.create({
          tenantId: world.tenantId,
          role: "viewer",
          branchId: world.branchId,
          label: "查看",
          expiresAt: yield* inHours(1)
        })
      })
      const expiring = yield* make
      const expired = yield* expectFailure(
        shiftedClock(hour + 1000, invites.redeem(expiring.code)),
        "Unauthorized"
      )
      assert.strictEqual(expired.reason, "expired")

      const withdrawn = yield* make
      yield* invites.revoke(world.tenantId, withdrawn.record.record.id)
      assert.strictEqual(
        (yield* expectFailure(invites.redeem(withdrawn.code), "Unauthorized")).reason,
        "revoked"
      )

      const wrong = `${withdrawn.code.slice(0, -4)}AAAA`
      assert.strictEqual((yield* expectFailure(invites.redeem(wrong), "Unauthorized")).reason, "invalid")
      assert.strictEqual(
        (yield* expectFailure(invites.redeem("bsh_x_y"), "Unauthorized")).reason,
        "malformed"
      )
      // a wrong code never names itself in the message
      assert.notInclude((yield* expectFailure(invites.redeem(wrong), "Unauthorized")).message, wrong)
    })
  )

  it.effect("the scope is checked as a token's; an invite always expires after it is made", () =>
    Effect.gen(function* () {
      const invites = yield* Invites
      const world = yield* newWorld
      const noMember = yield* expectFailure(
        invites.create({
          tenantId: world.tenantId,
          role: "member",
          branchId: world.branchId,
          label: "x",
          expiresAt: yield* inHours(1)
        }),
        "InvariantViolation"
      )
      assert.strictEqual(noMember.rule, "member_invite_names_its_member")
      const past = yield* expectFailure(
        invites.create({
          tenantId: world.tenantId,
          role: "admin",
          label: "x",
          expiresAt: yield* inHours(-1)
        }),
        "InvariantViolation"
      )
      assert.strictEqual(past.rule, "expires_after_creation")
      yield* expectFailure(
        invites.create({
          tenantId: world.tenantId,
          role: "secretary",
          branchId: world.communityId,
          label: "x",
          expiresAt: yield* inHours(1)
        }),
        "InvariantViolation"
      )
    })
  )
})

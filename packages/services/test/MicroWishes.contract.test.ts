/**
 * The MicroWishes contract, on every backend: post → claim → fulfil, release, withdraw, the refused
 * steps, and lists by status, community and posting time.
 */
import { Ids, MicroWish } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { MicroWishes } from "../src/MicroWishes.ts"
import { Organisations } from "../src/Organisations.ts"
import { forEachBackend } from "./backends.ts"
import {
  assertSameRecord,
  communityOf,
  expectFailure,
  instant,
  memberOf,
  newWorld,
  uid,
  wishOf
} from "./fixtures.ts"

forEachBackend((it) => {
  it.effect("post → claim → fulfil; fulfilling an unclaimed wish fails and changes nothing", () =>
    Effect.gen(function* () {
      const wishes = yield* MicroWishes
      const organisations = yield* Organisations
      const world = yield* newWorld
      const wish = wishOf(world, { illustrative: true })
      const posted = yield* wishes.post(wish)
      assert.strictEqual(posted.version, 1)
      assertSameRecord(MicroWish.MicroWish, (yield* wishes.get(world.tenantId, wish.id)).record, wish)
      yield* expectFailure(wishes.post(wish), "AlreadyExists")

      const unclaimed = yield* expectFailure(
        wishes.fulfil(world.tenantId, wish.id, "送到"),
        "InvalidTransition"
      )
      assert.deepStrictEqual(
        [unclaimed.entity, unclaimed.from, unclaimed.to],
        ["micro_wish", "Posted", "Fulfilled"]
      )
      assert.strictEqual(
        yield* expectFailure(wishes.release(world.tenantId, wish.id), "InvalidTransition").pipe(
          Effect.map((e) => e.from)
        ),
        "Posted"
      )
      const unchanged = yield* wishes.get(world.tenantId, wish.id)
      assert.strictEqual(unchanged.version, 1)
      assert.strictEqual(unchanged.record.state._tag, "Posted")

      yield* expectFailure(wishes.claim(world.tenantId, wish.id, `member-${uid()}`), "NotFound")
      yield* expectFailure(wishes.claim(world.tenantId, wish.id, world.memberId, 9), "StaleVersion")
      const claimed = yield* wishes.claim(world.tenantId, wish.id, world.memberId, 1)
      assert.strictEqual(claimed.version, 2)
      assert.strictEqual(claimed.record.state._tag, "Claimed")
      const other = memberOf(world.tenantId, world.branchId, { name: "吴海峰" })
      yield* organisations.createMember(other)
      const twice = yield* expectFailure(wishes.claim(world.tenantId, wish.id, other.id), "InvalidTransition")
      assert.strictEqual(twice.from, "Claimed")

      const fulfilled = yield* wishes.fulfil(world.tenantId, wish.id, "老花镜已送到", 2)
      assert.strictEqual(fulfilled.version, 3)
      const stored = (yield* wishes.get(world.tenantId, wish.id)).record
      assert.strictEqual(stored.state._tag, "Fulfilled")
      if (stored.state._tag === "Fulfilled") {
        assert.strictEqual(stored.state.claimantId, world.memberId)
        assert.strictEqual(stored.state.note, "老花镜已送到")
        assert.isTrue(stored.state.fulfilledAt >= stored.state.claimedAt)
      }
      assertSameRecord(MicroWish.MicroWish, stored, fulfilled.record)
      yield* expectFailure(wishes.fulfil(world.tenantId, wish.id), "InvalidTransition")
      yield* expectFailure(wishes.withdraw(world.tenantId, wish.id, "不需要了"), "InvalidTransition")
      assert.strictEqual((yield* wishes.get(world.tenantId, wish.id)).version, 3)
      yield* expectFailure(wishes.fulfil(world.tenantId, `wish-${uid()}`), "NotFound")
    })
  )

  it.effect("a claimed wish is released back to posted; a posted or claimed wish is withdrawn once", () =>
    Effect.gen(function* () {
      const wishes = yield* MicroWishes
      const world = yield* newWorld
      const wish = wishOf(world)
      yield* wishes.post(wish)
      yield* wishes.claim(world.tenantId, wish.id, world.memberId)
      const released = yield* wishes.release(world.tenantId, wish.id, 2)
      assert.deepStrictEqual(released.record.state, { _tag: "Posted" })
      const withdrawn = yield* wishes.withdraw(world.tenantId, wish.id, "居民已自行解决", 3)
      assert.strictEqual(withdrawn.version, 4)
      const stored = (yield* wishes.get(world.tenantId, wish.id)).record
      assert.strictEqual(stored.state._tag, "Withdrawn")
      assert.strictEqual(
        stored.state._tag === "Withdrawn" ? stored.state.reason : undefined,
        "居民已自行解决"
      )
      const again = yield* expectFailure(wishes.withdraw(world.tenantId, wish.id), "InvalidTransition")
      assert.strictEqual(again.from, "Withdrawn")
      yield* expectFailure(wishes.claim(world.tenantId, wish.id, world.memberId), "InvalidTransition")

      const claimedThenWithdrawn = wishOf(world)
      yield* wishes.post(claimedThenWithdrawn)
      yield* wishes.claim(world.tenantId, claimedThenWithdrawn.id, world.memberId)
      assert.strictEqual(
        (yield* wishes.withdraw(world.tenantId, claimedThenWithdrawn.id)).record.state._tag,
        "Withdrawn"
      )
    })
  )

  it.effect("posting checks the branch, the community and an imported state", () =>
    Effect.gen(function* () {
      const wishes = yield* MicroWishes
      const world = yield* newWorld
      yield* expectFailure(
        wishes.post(wishOf(world, { communityId: Ids.OrganisationId.make(`org-${uid()}`) })),
        "NotFound"
      )
      yield* expectFailure(
        wishes.post(wishOf(world, { branchId: Ids.OrganisationId.make(`org-${uid()}`) })),
        "NotFound"
      )
      const notCommunity = yield* expectFailure(
        wishes.post(wishOf(world, { communityId: world.branchId })),
        "InvariantViolation"
      )
      assert.strictEqual(notCommunity.rule, "wish_in_a_community")
      yield* expectFailure(
        wishes.post(
          wishOf(world, {
            state: {
              _tag: "Claimed",
              claimantId: Ids.MemberId.make(`member-${uid()}`),
              claimedAt: instant("2023-04-02T00:00:00.000Z")
            }
          })
        ),
        "NotFound"
      )
      const early = yield* expectFailure(
        wishes.post(
          wishOf(world, {
            state: {
              _tag: "Claimed",
              claimantId: world.memberId,
              claimedAt: instant("2023-03-01T00:00:00.000Z")
            }
          })
        ),
        "InvariantViolation"
      )
      assert.strictEqual(early.rule, "claimed_after_posted")
      const imported = wishOf(world, {
        state: {
          _tag: "Fulfilled",
          claimantId: world.memberId,
          claimedAt: instant("2023-04-02T00:00:00.000Z"),
          fulfilledAt: instant("2023-04-10T00:00:00.000Z"),
          note: "已送达"
        }
      })
      yield* wishes.post(imported)
      assertSameRecord(MicroWish.MicroWish, (yield* wishes.get(world.tenantId, imported.id)).record, imported)
      assert.deepStrictEqual(
        (yield* wishes.list(world.tenantId, {})).items.map((v) => v.record.id),
        [imported.id]
      )
    })
  )

  it.effect("wishes list by status and community, in posting order, within a range", () =>
    Effect.gen(function* () {
      const wishes = yield* MicroWishes
      const organisations = yield* Organisations
      const world = yield* newWorld
      const other = communityOf(world.tenantId, world.branchId, "平安社区")
      yield* organisations.create(other)
      const at = (text: string) => instant(`2023-${text}:00.000Z`)
      const a = wishOf(world, { postedAt: at("04-01T00:00") })
      const b = wishOf(world, { postedAt: at("04-02T12:00"), communityId: other.id })
      // 23:59 on 3 April in Beijing time, the tenant's: the last minute of the range below
      const c = wishOf(world, { postedAt: at("04-03T15:59") })
      const d = wishOf(world, { postedAt: at("04-05T00:00"), communityId: other.id })
      for (const w of [d, b, c, a]) yield* wishes.post(w)
      yield* wishes.claim(world.tenantId, b.id, world.memberId)
      yield* wishes.claim(world.tenantId, c.id, world.memberId)
      yield* wishes.fulfil(world.tenantId, c.id)
      yield* wishes.withdraw(world.tenantId, d.id)
      const ids = (items: ReadonlyArray<{ readonly record: MicroWish.MicroWish }>) =>
        items.map((v) => v.record.id)

      assert.deepStrictEqual(ids((yield* wishes.list(world.tenantId, {})).items), [a.id, b.id, c.id, d.id])
      for (const [status, expected] of [
        ["Posted", [a.id]],
        ["Claimed", [b.id]],
        ["Fulfilled", [c.id]],
        ["Withdrawn", [d.id]]
      ] as const) {
        assert.deepStrictEqual(ids((yield* wishes.list(world.tenantId, { where: { status } })).items), [
          ...expected
        ])
      }
      assert.deepStrictEqual(
        ids((yield* wishes.list(world.tenantId, { where: { community_id: other.id } })).items),
        [b.id, d.id]
      )
      assert.deepStrictEqual(
        ids((yield* wishes.list(world.tenantId, { from: "2023-04-02", to: "2023-04-03" })).items),
        [b.id, c.id]
      )
      const page = yield* wishes.list(world.tenantId, { limit: 3 })
      assert.deepStrictEqual(ids(page.items), [a.id, b.id, c.id])
      assert.deepStrictEqual(
        ids((yield* wishes.list(world.tenantId, { limit: 3, after: page.next })).items),
        [d.id]
      )
      const stranger = yield* newWorld
      assert.strictEqual(
        (yield* wishes.list(stranger.tenantId, { where: { status: "Fulfilled" } })).items.length,
        0
      )
      yield* expectFailure(wishes.get(stranger.tenantId, c.id), "NotFound")
    })
  )
})

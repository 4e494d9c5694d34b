/**
 * The Idempotency contract, on every backend: a key runs its request once and replays the stored
 * response; another request on the key is refused; keys are per tenant; a failing request stores
 * nothing (neither the key nor its writes); concurrent calls with one key run the request once; old
 * keys are purged.
 */
import { Zone } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Clock, Deferred, Effect, Fiber, Ref, Schema } from "effect"
import { Idempotency } from "../src/Idempotency.ts"
import { Zones } from "../src/Zones.ts"
import { forEachBackend } from "./backends.ts"
import { expectFailure, newWorld, shiftedClock, uid, type World, zoneOf } from "./fixtures.ts"

const encodeZone = Schema.encodeSync(Zone.Zone)

/** A create request: counts its runs, creates a zone, answers 201 with the zone as JSON. */
const createZone = (world: World, runs: Ref.Ref<number>, code: string) =>
  Effect.gen(function* () {
    yield* Ref.update(runs, (n) => n + 1)
    const zone = zoneOf(world.tenantId, world.branchId, code)
    const created = yield* (yield* Zones).create(zone)
    return { status: 201, body: { zone: encodeZone(created.record), version: created.version } }
  })

const zoneCount = (world: World) =>
  Effect.gen(function* () {
    const page = yield* (yield* Zones).list(world.tenantId, {})
    return page.items.length
  })

forEachBackend((it) => {
  it.effect("a key runs its request once; the same request again gets the stored response", () =>
    Effect.gen(function* () {
      const idempotency = yield* Idempotency
      const world = yield* newWorld
      const runs = yield* Ref.make(0)
      const key = `key-${uid()}`
      const request = { tenantId: world.tenantId, key, fingerprint: "POST /zones sha256:aa" }
      const first = yield* idempotency.run({ ...request, effect: createZone(world, runs, "NH-01") })
      assert.isFalse(first.replayed)
      assert.strictEqual(first.status, 201)
      const second = yield* idempotency.run({ ...request, effect: createZone(world, runs, "NH-01") })
      assert.isTrue(second.replayed)
      assert.strictEqual(second.status, 201)
      assert.deepStrictEqual(second.body, JSON.parse(JSON.stringify(first.body)))
      assert.strictEqual(yield* Ref.get(runs), 1)
      assert.strictEqual(yield* zoneCount(world), 1)

      // another request on the key is refused, and not run
      const reused = yield* expectFailure(
        idempotency.run({
          ...request,
          fingerprint: "POST /zones sha256:bb",
          effect: createZone(world, runs, "NH-02")
        }),
        "IdempotencyKeyReused"
      )
      assert.strictEqual(reused.key, key)
      assert.strictEqual(yield* Ref.get(runs), 1)
      assert.strictEqual(yield* zoneCount(world), 1)

      // keys are per tenant
      const other = yield* newWorld
      const elsewhere = yield* idempotency.run({
        ...request,
        tenantId: other.tenantId,
        effect: createZone(other, runs, "NH-01")
      })
      assert.isFalse(elsewhere.replayed)
      assert.strictEqual(yield* Ref.get(runs), 2)
    })
  )

  it.effect("bodies are stored as JSON: a missing body replays as null, nested values as they were", () =>
    Effect.gen(function* () {
      const idempotency = yield* Idempotency
      const world = yield* newWorld
      const body = { ok: true, list: [1, "二", null, { deep: "值" }], skipped: undefined }
      const request = { tenantId: world.tenantId, key: `k-${uid()}`, fingerprint: "f" }
      yield* idempotency.run({ ...request, effect: Effect.succeed({ status: 200, body }) })
      const replayed = yield* idempotency.run({ ...request, effect: Effect.die("not again") })
      assert.deepStrictEqual(replayed, {
        replayed: true,
        status: 200,
        body: { ok: true, list: [1, "二", null, { deep: "值" }] }
      })
      const empty = { tenantId: world.tenantId, key: `k-${uid()}`, fingerprint: "f" }
      yield* idempotency.run({ ...empty, effect: Effect.succeed({ status: 204, body: undefined }) })
      assert.deepStrictEqual(yield* idempotency.run({ ...empty, effect: Effect.die("not again") }), {
        replayed: true,
        status: 204,
        body: null
      })
    })
  )

  it.effect("a failing request stores nothing: not its writes, not the key, which can be used again", () =>
    Effect.gen(function* () {
      const idempotency = yield* Idempotency
      const world = yield* newWorld
      const runs = yield* Ref.make(0)
      const request = { tenantId: world.tenantId, key: `key-${uid()}`, fingerprint: "f1" }
      // writes a zone, then fails
      const failing = createZone(world, runs, "NH-01").pipe(Effect.andThen(Effect.fail("boom" as const)))
      const error = yield* Effect.flip(idempotency.run({ ...request, effect: failing }))
      assert.strictEqual(error, "boom")
      assert.strictEqual(yield* zoneCount(world), 0)
      // the effect's own AlreadyExists is its own, not the key's
      yield* (yield* Zones).create(zoneOf(world.tenantId, world.branchId, "BH-01"))
      const taken = yield* expectFailure(
        idempotency.run({ ...request, effect: createZone(world, runs, "BH-01") }),
        "AlreadyExists"
      )
      assert.deepStrictEqual([taken.entity, taken.key], ["zone", "BH-01"])
      // a defect rolls back too
      yield* Effect.exit(
        idempotency.run({
          ...request,
          effect: Effect.andThen(createZone(world, runs, "XH-01"), Effect.die("x"))
        })
      )
      assert.strictEqual(yield* zoneCount(world), 1)
      // even with another fingerprint: nothing was stored under the key
      const done = yield* idempotency.run({
        ...request,
        fingerprint: "f2",
        effect: createZone(world, runs, "NH-01")
      })
      assert.isFalse(done.replayed)
      assert.strictEqual(yield* Ref.get(runs), 4)
      assert.strictEqual(yield* zoneCount(world), 2)
    })
  )

  it.effect("concurrent calls with one key run the request once; the others replay its response", () =>
    Effect.gen(function* () {
      const idempotency = yield* Idempotency
      const world = yield* newWorld
      const runs = yield* Ref.make(0)
      const request = { tenantId: world.tenantId, key: `key-${uid()}`, fingerprint: "f" }
      // all start together
      const together = yield* Effect.all(
        Array.from({ length: 6 }, () =>
          idempotency.run({
            ...request,
            effect: Effect.andThen(Effect.sleep("30 millis"), createZone(world, runs, "NH-01"))
          })
        ),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(yield* Ref.get(runs), 1)
      assert.strictEqual(together.filter((o) => !o.replayed).length, 1)
      const fresh = together.find((o) => !o.replayed)
      for (const outcome of together) {
        assert.strictEqual(outcome.status, 201)
        assert.deepStrictEqual(outcome.body, JSON.parse(JSON.stringify(fresh?.body)))
      }
      assert.strictEqual(yield* zoneCount(world), 1)

      // the others arrive while the first is running (it holds the key)
      const key2 = { ...request, key: `key-${uid()}` }
      const started = yield* Deferred.make<void>()
      const first = yield* Effect.forkChild(
        idempotency.run({
          ...key2,
          effect: Effect.gen(function* () {
            yield* Deferred.succeed(started, undefined)
            yield* Effect.sleep("150 millis")
            return yield* createZone(world, runs, "NH-02")
          })
        })
      )
      yield* Deferred.await(started)
      const others = yield* Effect.all(
        Array.from({ length: 4 }, () =>
          idempotency.run({ ...key2, effect: createZone(world, runs, "NH-03") })
        ),
        { concurrency: "unbounded" }
      )
      const firstOutcome = yield* Fiber.join(first)
      assert.isFalse(firstOutcome.replayed)
      assert.isTrue(others.every((o) => o.replayed && o.status === 201))
      assert.strictEqual(yield* Ref.get(runs), 2)
      assert.strictEqual(yield* zoneCount(world), 2)
    })
  )

  it.effect("a call waiting on a key whose first request fails runs its own request", () =>
    Effect.gen(function* () {
      const idempotency = yield* Idempotency
      const world = yield* newWorld
      const runs = yield* Ref.make(0)
      const request = { tenantId: world.tenantId, key: `key-${uid()}`, fingerprint: "f" }
      const started = yield* Deferred.make<void>()
      const failing = yield* Effect.forkChild(
        Effect.flip(
          idempotency.run({
            ...request,
            effect: Effect.gen(function* () {
              yield* createZone(world, runs, "NH-01")
              yield* Deferred.succeed(started, undefined)
              yield* Effect.sleep("100 millis")
              return yield* Effect.fail("boom" as const)
            })
          })
        )
      )
      yield* Deferred.await(started)
      const second = yield* idempotency.run({ ...request, effect: createZone(world, runs, "NH-01") })
      assert.strictEqual(yield* Fiber.join(failing), "boom")
      assert.isFalse(second.replayed)
      assert.strictEqual(yield* Ref.get(runs), 2)
      assert.strictEqual(yield* zoneCount(world), 1)
    })
  )

  it.effect(
    "any text is a key: empty, long, spaced or not ASCII; keys differing in any way are distinct",
    () =>
      Effect.gen(function* () {
        const idempotency = yield* Idempotency
        const world = yield* newWorld
        const keys = ["", " ", "has space", "键", "x".repeat(5000), "x".repeat(4999), "Key", "key"]
        for (const [i, key] of keys.entries()) {
          const first = yield* idempotency.run({
            tenantId: world.tenantId,
            key,
            fingerprint: "f",
            effect: Effect.succeed({ status: 200, body: i })
          })
          assert.deepStrictEqual([first.replayed, first.body], [false, i], JSON.stringify(key.slice(0, 10)))
        }
        for (const [i, key] of keys.entries()) {
          const again = yield* idempotency.run({
            tenantId: world.tenantId,
            key,
            fingerprint: "f",
            effect: Effect.die("not again")
          })
          assert.deepStrictEqual([again.replayed, again.body], [true, i])
        }
        // the error names the key the client sent
        const reused = yield* expectFailure(
          idempotency.run({
            tenantId: world.tenantId,
            key: "键",
            fingerprint: "g",
            effect: Effect.die("not run")
          }),
          "IdempotencyKeyReused"
        )
        assert.strictEqual(reused.key, "键")
      })
  )

  it.effect("keys used before an instant are purged, across tenants; later ones stay", () =>
    Effect.gen(function* () {
      const idempotency = yield* Idempotency
      const a = yield* newWorld
      const b = yield* newWorld
      const day = 24 * 3_600_000
      const ok = Effect.succeed({ status: 200, body: "done" })
      const oldA = { tenantId: a.tenantId, key: `old-${uid()}`, fingerprint: "f" }
      const oldB = { tenantId: b.tenantId, key: `old-${uid()}`, fingerprint: "f" }
      yield* idempotency.run({ ...oldA, effect: ok })
      yield* idempotency.run({ ...oldB, effect: ok })
      // a key used two days later
      const later = { tenantId: a.tenantId, key: `new-${uid()}`, fingerprint: "f" }
      yield* shiftedClock(2 * day, idempotency.run({ ...later, effect: ok }))

      const cutoff = new Date((yield* Clock.currentTimeMillis) + day).toISOString()
      const purged = yield* idempotency.purgeOlderThan(cutoff)
      assert.isAtLeast(purged, 2)
      // purged keys run again; the later one still replays
      assert.isFalse((yield* idempotency.run({ ...oldA, fingerprint: "other", effect: ok })).replayed)
      assert.isFalse((yield* idempotency.run({ ...oldB, effect: ok })).replayed)
      assert.isTrue((yield* idempotency.run({ ...later, effect: Effect.die("not again") })).replayed)
      assert.strictEqual(yield* idempotency.purgeOlderThan("2000-01-01T00:00:00.000Z"), 0)
    })
  )
})

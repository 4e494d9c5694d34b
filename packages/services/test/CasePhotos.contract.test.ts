/**
 * The CasePhotos contract, on every backend: a photo's bytes come back exactly as stored (with their
 * SHA-256), a case holds at most three photos — also when four adds race —, a photo above 5 MB or on a
 * missing case is refused with nothing stored, tenants do not see each other's photos, and each add
 * is audited without its bytes.
 */
import { createHash, randomBytes } from "node:crypto"
import { Ids } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { AuditLog } from "../src/AuditLog.ts"
import { CasePhotos, type NewPhoto } from "../src/CasePhotos.ts"
import { Cases } from "../src/Cases.ts"
import { forEachBackend } from "./backends.ts"
import { caseOf, expectFailure, newTenant, newWorld } from "./fixtures.ts"

const photoOf = (tenantId: string, caseId: string, bytes: Uint8Array = randomBytes(2048)): NewPhoto => ({
  tenantId,
  caseId,
  mediaType: "image/jpeg",
  width: 640,
  height: 480,
  bytes
})

forEachBackend((it) => {
  it.effect("stores a photo's bytes exactly, lists a case's photos in order, audits each add", () =>
    Effect.gen(function* () {
      const photos = yield* CasePhotos
      const cases = yield* Cases
      const world = yield* newWorld
      const kase = caseOf(world)
      yield* cases.importCase(kase)
      // Every byte value, including NUL and 0xFF runs.
      const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256)
      const first = yield* photos.add(photoOf(world.tenantId, kase.id, bytes))
      assert.strictEqual(first.byteLength, 70_000)
      assert.strictEqual(first.sha256, createHash("sha256").update(bytes).digest("hex"))
      assert.strictEqual(first.mediaType, "image/jpeg")
      const second = yield* photos.add({ ...photoOf(world.tenantId, kase.id), mediaType: "image/webp" })

      const got = yield* photos.get(world.tenantId, first.id)
      assert.deepStrictEqual(got.photo, first)
      assert.deepStrictEqual([...got.bytes], [...bytes])
      assert.deepStrictEqual(
        (yield* photos.list(world.tenantId, kase.id)).map((p) => p.id),
        [first.id, second.id]
      )

      const audit = yield* AuditLog
      const entries = yield* audit.list(world.tenantId, {
        where: { entity: "case_photo", entity_id: first.id }
      })
      assert.strictEqual(entries.items.length, 1)
      const entry = entries.items[0]?.record
      assert.strictEqual(entry?.change, "case.photo.add")
      assert.deepStrictEqual(entry?.after, { ...first })
    })
  )

  it.effect("a case holds at most three photos, also when four adds race; a fourth is refused", () =>
    Effect.gen(function* () {
      const photos = yield* CasePhotos
      const cases = yield* Cases
      const world = yield* newWorld
      const kase = caseOf(world)
      yield* cases.importCase(kase)
      const results = yield* Effect.forEach(
        [1, 2, 3, 4],
        () => Effect.result(photos.add(photoOf(world.tenantId, kase.id))),
        { concurrency: "unbounded" }
      )
      const added = results.filter((r) => r._tag === "Success")
      const refused = results.flatMap((r) => (r._tag === "Failure" ? [r.failure] : []))
      assert.strictEqual(added.length, 3)
      assert.strictEqual(refused.length, 1)
      assert.strictEqual(refused[0]?._tag, "InvariantViolation")
      assert.strictEqual(
        refused[0]?._tag === "InvariantViolation" ? refused[0].rule : undefined,
        "at_most_three_photos_per_case"
      )
      assert.strictEqual((yield* photos.list(world.tenantId, kase.id)).length, 3)
      const error = yield* expectFailure(photos.add(photoOf(world.tenantId, kase.id)), "InvariantViolation")
      assert.strictEqual(error.rule, "at_most_three_photos_per_case")
    })
  )

  it.effect("refuses a photo above 5 MB and a photo of a missing case, storing nothing", () =>
    Effect.gen(function* () {
      const photos = yield* CasePhotos
      const cases = yield* Cases
      const world = yield* newWorld
      const kase = caseOf(world)
      yield* cases.importCase(kase)
      const big = yield* expectFailure(
        photos.add(photoOf(world.tenantId, kase.id, new Uint8Array(5 * 1024 * 1024 + 1))),
        "InvariantViolation"
      )
      assert.strictEqual(big.rule, "photo_at_most_5_mb")
      // Exactly 5 MB is allowed.
      yield* photos.add(photoOf(world.tenantId, kase.id, new Uint8Array(5 * 1024 * 1024)))
      const missing = yield* expectFailure(photos.add(photoOf(world.tenantId, "case-nowhere")), "NotFound")
      assert.strictEqual(missing.entity, "case")
      assert.strictEqual((yield* photos.list(world.tenantId, kase.id)).length, 1)
    })
  )

  it.effect("tenants do not see each other's photos", () =>
    Effect.gen(function* () {
      const photos = yield* CasePhotos
      const cases = yield* Cases
      const world = yield* newWorld
      const kase = caseOf(world)
      yield* cases.importCase(kase)
      const photo = yield* photos.add(photoOf(world.tenantId, kase.id))
      const other = yield* newTenant
      yield* expectFailure(photos.get(other, photo.id), "NotFound")
      assert.deepStrictEqual(yield* photos.list(other, kase.id), [])
      yield* expectFailure(photos.get(world.tenantId, Ids.CasePhotoId.make("photo-nowhere")), "NotFound")
    })
  )
})

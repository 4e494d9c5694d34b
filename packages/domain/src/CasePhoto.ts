/**
 * A photo of a case's problem — a resident's report comes with up to three. The domain knows what a
 * stored photo is (its case, its image type, size and dimensions, the SHA-256 of its bytes) and the
 * rules every store keeps: JPEG, PNG or WebP only, at most 5 MB, at most three per case. The bytes
 * themselves are not part of the record: adapters check them (by content, never by name) and strip
 * their location metadata before a photo is stored; the store keeps them beside the record.
 */
import { Result, Schema } from "effect"
import { Instant } from "./Calendar.ts"
import { InvariantViolation } from "./Errors.ts"
import { CaseId, CasePhotoId, TenantId } from "./Ids.ts"

/** The image types a photo may have. */
export const MediaType = Schema.Literals(["image/jpeg", "image/png", "image/webp"])
export type MediaType = typeof MediaType.Type

/** At most three photos on one case. */
export const maxPhotosPerCase = 3

/** At most 5 MB (5 × 1024 × 1024 bytes) a photo. */
export const maxPhotoBytes = 5 * 1024 * 1024

export const CasePhoto = Schema.Struct({
  id: CasePhotoId,
  tenantId: TenantId,
  caseId: CaseId,
  mediaType: MediaType,
  byteLength: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  width: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  height: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  /** The SHA-256 of the stored bytes, lowercase hex. */
  sha256: Schema.String.check(
    Schema.isPattern(/^[0-9a-f]{64}$/u, { expected: "a SHA-256 in lowercase hex" })
  ),
  addedAt: Instant
})
export type CasePhoto = typeof CasePhoto.Type

/**
 * Whether `photo` may join a case that already has `photosOfCase` photos: within the size limit, and
 * not a fourth. Returns the photo, or the rule it breaks.
 */
export const checkAdd = (
  photo: CasePhoto,
  photosOfCase: number
): Result.Result<CasePhoto, InvariantViolation> => {
  const broken = (rule: string, message: string) =>
    Result.fail(new InvariantViolation({ entity: "case_photo", entityId: photo.id, rule, message }))
  if (photo.byteLength > maxPhotoBytes) {
    return broken(
      "photo_at_most_5_mb",
      `a photo is at most 5 MB (${maxPhotoBytes} bytes); this one is ${photo.byteLength} bytes`
    )
  }
  if (photosOfCase >= maxPhotosPerCase) {
    return broken(
      "at_most_three_photos_per_case",
      `a case has at most ${maxPhotosPerCase} photos; case ${photo.caseId} has ${photosOfCase}`
    )
  }
  return Result.succeed(photo)
}

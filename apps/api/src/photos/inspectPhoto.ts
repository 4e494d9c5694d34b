/**
 * What a resident's uploaded photo must pass before it is stored (`CasePhotos.add`): at most 5 MB;
 * a JPEG, PNG or WebP by its content — the magic bytes at its start, then a real decode by libvips
 * (sharp) that must agree, never the file's name or the type the client declared —; and re-encoded,
 * turned upright by its EXIF orientation first, so that none of its metadata survives: no GPS
 * position, camera serial or timestamp reaches anyone else. Very large pictures are scaled down to
 * 2560 pixels on the long side (a phone photo is ~4000), which a problem report does not need.
 */
import { CasePhoto } from "@bishui/domain"
import { Effect, Schema } from "effect"
import sharp from "sharp"

/** Why an upload is not a photo bishui keeps, with the message for people in Chinese and English. */
export class PhotoRejected extends Schema.TaggedError<PhotoRejected>()("PhotoRejected", {
  reason: Schema.Literals(["too_large", "not_an_image", "undecodable", "type_mismatch", "too_many_pixels"]),
  message: Schema.String
}) {}

/** The photo as it will be stored: its type, size in pixels and the re-encoded bytes. */
export interface InspectedPhoto {
  readonly mediaType: CasePhoto.MediaType
  readonly width: number
  readonly height: number
  readonly bytes: Uint8Array
}

/** The longest side a stored photo keeps, in pixels. */
export const maxSide = 2560
/** Pictures above this many pixels are refused before they are decoded (a decompression bomb). */
const maxInputPixels = 50_000_000

const rejected = (reason: PhotoRejected["reason"], zh: string, en: string) =>
  new PhotoRejected({ reason, message: `${zh} / ${en}` })

/** The image type the first bytes announce: JPEG `FF D8 FF`, PNG's 8-byte signature, WebP `RIFF….WEBP`. */
export const sniffMediaType = (bytes: Uint8Array): CasePhoto.MediaType | undefined => {
  const at = (i: number) => bytes[i]
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return "image/jpeg"
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (png.every((b, i) => at(i) === b)) return "image/png"
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to))
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp"
  return undefined
}

const formatOf: Record<CasePhoto.MediaType, "jpeg" | "png" | "webp"> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/webp": "webp"
}

/**
 * Check an uploaded file and re-encode it without metadata. Fails with `PhotoRejected` saying why.
 */
export const inspectPhoto = Effect.fn("inspectPhoto")(function* (upload: Uint8Array) {
  if (upload.byteLength > CasePhoto.maxPhotoBytes) {
    return yield* rejected(
      "too_large",
      `照片不能超过 5 MB（这张 ${(upload.byteLength / 1024 / 1024).toFixed(1)} MB）`,
      `a photo is at most 5 MB (this one is ${(upload.byteLength / 1024 / 1024).toFixed(1)} MB)`
    )
  }
  const mediaType = sniffMediaType(upload)
  if (mediaType === undefined) {
    return yield* rejected("not_an_image", "只能上传 JPEG、PNG 或 WebP 照片", "only JPEG, PNG or WebP photos")
  }
  const format = formatOf[mediaType]
  const output = yield* Effect.tryPromise({
    try: async () => {
      const image = sharp(upload, { failOn: "error", limitInputPixels: maxInputPixels })
      const metadata = await image.metadata()
      if (metadata.format !== format) return { mismatch: metadata.format ?? "unknown" } as const
      // rotate() applies the EXIF orientation; the output carries no metadata unless asked to keep it.
      const pipeline = image
        .rotate()
        .resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true })
      const encoded =
        format === "jpeg"
          ? pipeline.jpeg({ quality: 85, mozjpeg: true })
          : format === "png"
            ? pipeline.png({ compressionLevel: 9 })
            : pipeline.webp({ quality: 85 })
      return await encoded.toBuffer({ resolveWithObject: true })
    },
    catch: (error) =>
      String((error as Error | undefined)?.message).includes("pixel limit")
        ? rejected("too_many_pixels", "照片像素过多", "the picture has too many pixels")
        : rejected(
            "undecodable",
            "无法读取这张照片（文件可能已损坏）",
            "the photo cannot be read (the file may be damaged)"
          )
  })
  if ("mismatch" in output) {
    return yield* rejected(
      "type_mismatch",
      "文件内容与图片格式不符",
      `the file's content is not the image its first bytes announce (${String(output.mismatch)})`
    )
  }
  const photo: InspectedPhoto = {
    mediaType,
    width: output.info.width,
    height: output.info.height,
    bytes: new Uint8Array(output.data.buffer, output.data.byteOffset, output.data.byteLength)
  }
  return photo
})

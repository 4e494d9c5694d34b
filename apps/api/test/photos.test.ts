/**
 * Residents' photos at the edge and in storage. A JPEG, a PNG and a WebP carrying a GPS position and an
 * orientation, written by a real tool (exiftool, Debian's libimage-exiftool-perl), come out of
 * `inspectPhoto` upright with no GPS — nor any EXIF — left, as exiftool reads them back; uploads that
 * are not such images by their content are refused, whatever their name would say. Stored through
 * `CasePhotos`, a photo is in `pnpm backup`'s backup on SQLite (`VACUUM INTO`) and PostgreSQL
 * (`pg_dump`, restored with `pg_restore`), byte for byte.
 */
import { execFile, execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { CasePhotos } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect, ManagedRuntime } from "effect"
import sharp from "sharp"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { inspectPhoto, sniffMediaType } from "../src/photos/inspectPhoto.ts"
import { appLayer } from "../src/server/appLayer.ts"
import { makeServer } from "../src/server/Server.ts"
import { describePg, freshDatabase } from "./reliability/support/pg.ts"
import { apiDir, childEnv } from "./reliability/support/process.ts"

const run = promisify(execFile)
const exiftool = "/usr/bin/exiftool"
const hasExiftool = existsSync(exiftool)
const inCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"
if (!hasExiftool && inCi) throw new Error("CI needs exiftool (apt-get install libimage-exiftool-perl)")
if (!hasExiftool)
  process.stderr.write("\n*** /usr/bin/exiftool not found: the photo tests are SKIPPED ***\n\n")

const dir = mkdtempSync(join(tmpdir(), "bishui-photos-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Every tag exiftool finds in a file, by group:name. */
const tagsOf = (bytes: Uint8Array, name: string): Record<string, unknown> => {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  const [tags] = JSON.parse(
    execFileSync(exiftool, ["-json", "-G", "-n", path], { encoding: "utf8" })
  ) as Array<Record<string, unknown>>
  return tags ?? {}
}

/** A 600×400 picture of the type, then a GPS position (四平) and orientation 6 (turn 90°) written by exiftool. */
const photoWithGps = async (format: "jpeg" | "png" | "webp"): Promise<Uint8Array> => {
  const raw = Buffer.alloc(600 * 400 * 3)
  for (let i = 0; i < raw.length; i += 3) {
    raw[i] = (i / 3) % 600 < 300 ? 30 : 200
    raw[i + 1] = 120
    raw[i + 2] = Math.floor(i / 3 / 600) < 200 ? 60 : 220
  }
  const image = sharp(raw, { raw: { width: 600, height: 400, channels: 3 } })
  const encoded = await (format === "jpeg"
    ? image.jpeg()
    : format === "png"
      ? image.png()
      : image.webp()
  ).toBuffer()
  const path = join(dir, `gps.${format}`)
  writeFileSync(path, encoded)
  execFileSync(exiftool, [
    "-overwrite_original",
    "-n",
    "-GPSLatitude=43.1667",
    "-GPSLatitudeRef=N",
    "-GPSLongitude=124.35",
    "-GPSLongitudeRef=E",
    "-Orientation=6",
    "-Make=TestPhone",
    path
  ])
  return new Uint8Array(readFileSync(path))
}

const gpsTags = (tags: Record<string, unknown>) => Object.keys(tags).filter((key) => /GPS/i.test(key))

describe.skipIf(!hasExiftool)("inspectPhoto: by content, re-encoded without location", () => {
  for (const [format, mediaType] of [
    ["jpeg", "image/jpeg"],
    ["png", "image/png"],
    ["webp", "image/webp"]
  ] as const) {
    it(`a ${format} with a GPS tag and orientation 6 comes out upright, its GPS and EXIF gone`, async () => {
      const upload = await photoWithGps(format)
      const before = tagsOf(upload, `before.${format}`)
      expect(gpsTags(before).length, JSON.stringify(before)).toBeGreaterThan(0)
      expect(Object.values(before)).toContain("TestPhone")

      const photo = await Effect.runPromise(inspectPhoto(upload))
      expect(photo.mediaType).toBe(mediaType)
      expect(sniffMediaType(photo.bytes)).toBe(mediaType)
      // Turned by its orientation: 600×400 lying on its side is 400×600 upright.
      expect([photo.width, photo.height]).toEqual([400, 600])
      const after = tagsOf(photo.bytes, `after.${format}`)
      expect(gpsTags(after)).toEqual([])
      expect(Object.keys(after).filter((key) => key.startsWith("EXIF:"))).toEqual([])
      expect(Object.values(after)).not.toContain("TestPhone")
      const metadata = await sharp(photo.bytes).metadata()
      expect(metadata.exif).toBeUndefined()
      expect(metadata.format).toBe(format)
    })
  }

  it("refuses what is not a JPEG, PNG or WebP by content, whatever it claims to be", async () => {
    const reasonOf = async (bytes: Uint8Array) =>
      (await Effect.runPromise(Effect.flip(inspectPhoto(bytes)))).reason
    // Text named photo.jpg; a GIF; a PDF.
    expect(await reasonOf(new TextEncoder().encode("not a photo at all, just text"))).toBe("not_an_image")
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: "red" } })
      .gif()
      .toBuffer()
    expect(await reasonOf(new Uint8Array(gif))).toBe("not_an_image")
    expect(await reasonOf(new TextEncoder().encode("%PDF-1.4\n"))).toBe("not_an_image")
    // JPEG's first bytes, then nothing a decoder can read; a JPEG cut in half.
    expect(await reasonOf(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6]))).toBe("undecodable")
    const jpeg = await photoWithGps("jpeg")
    expect(await reasonOf(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toBe("undecodable")
    // Above 5 MB: refused before anything reads it.
    const big = new Uint8Array(5 * 1024 * 1024 + 1)
    big.set(jpeg.subarray(0, 3))
    expect(await reasonOf(big)).toBe("too_large")
    // A decompression bomb: a small PNG of 60 million pixels.
    const bomb = await sharp({ create: { width: 10_000, height: 6_000, channels: 3, background: "black" } })
      .png({ compressionLevel: 9 })
      .toBuffer()
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024)
    expect(await reasonOf(new Uint8Array(bomb))).toBe("too_many_pixels")
    // Every refusal speaks Chinese and English.
    const error = await Effect.runPromise(Effect.flip(inspectPhoto(new Uint8Array([1, 2, 3]))))
    expect(error.message).toMatch(/JPEG.*\/.*only JPEG/)
  }, 60_000)

  it("a large photo is scaled to 2560 pixels on its long side", async () => {
    const large = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: "teal" } })
      .jpeg()
      .toBuffer()
    const photo = await Effect.runPromise(inspectPhoto(new Uint8Array(large)))
    expect([photo.width, photo.height]).toEqual([2560, 1920])
  })
})

/** A photo stored on a seed case, then `pnpm backup`; the restored database has its bytes. */
const backedUp = (name: string, database: () => Promise<{ url: string; drop: () => Promise<void> }>) =>
  describe.skipIf(!hasExiftool)(name, () => {
    const drops: Array<() => Promise<void>> = []
    afterAll(async () => {
      for (const drop of drops) await drop()
    })
    let live = ""
    beforeAll(async () => {
      const db = await database()
      drops.push(db.drop)
      live = db.url
      // The server migrates and seeds the database, as in production.
      const server = await makeServer({
        databaseUrl: live,
        seed: true,
        publicRateLimit: 10,
        corsOrigins: [],
        log: () => {}
      })
      await server.dispose()
    })

    it("the photo, stored without its GPS tag, is in the backup byte for byte", async () => {
      const photo = await Effect.runPromise(inspectPhoto(await photoWithGps("jpeg")))
      const writer = ManagedRuntime.make(appLayer(live))
      const stored = await writer.runPromise(
        Effect.gen(function* () {
          const photos = yield* CasePhotos.CasePhotos
          return yield* photos.add({
            tenantId: Seed.seedTenantId,
            caseId: "case-2023-xh01-litter",
            ...photo
          })
        })
      )
      await writer.dispose()
      expect(stored.sha256).toBe(createHash("sha256").update(photo.bytes).digest("hex"))

      const dest = join(dir, `${name.replace(/\W+/g, "-")}.backup`)
      const { stdout } = await run(process.execPath, ["--conditions=source", "src/backup.ts", dest], {
        cwd: apiDir,
        env: childEnv({ DATABASE_URL: live }),
        timeout: 60_000
      })
      expect(stdout).toMatch(/written to/)
      let restored = dest
      if (live.startsWith("postgres")) {
        const fresh = await freshDatabase()
        drops.push(fresh.drop)
        await run("pg_restore", ["--no-owner", `--dbname=${fresh.url}`, dest], { timeout: 60_000 })
        restored = fresh.url
      } else {
        expect(stdout).toContain("case_photos 1")
      }
      const runtime = ManagedRuntime.make(appLayer(restored))
      const found = await runtime.runPromise(
        Effect.gen(function* () {
          const photos = yield* CasePhotos.CasePhotos
          return yield* photos.get(Seed.seedTenantId, stored.id)
        })
      )
      await runtime.dispose()
      expect(found.photo).toEqual(stored)
      expect(createHash("sha256").update(found.bytes).digest("hex")).toBe(stored.sha256)
      expect(gpsTags(tagsOf(found.bytes, "restored.jpg"))).toEqual([])
    }, 120_000)
  })

backedUp("SQLite: pnpm backup holds the photos", async () => {
  const sqliteDir = mkdtempSync(join(tmpdir(), "bishui-photos-db-"))
  return {
    url: join(sqliteDir, "bishui.db"),
    drop: async () => rmSync(sqliteDir, { recursive: true, force: true })
  }
})

await describePg("PostgreSQL: pnpm backup holds the photos", () => {
  backedUp("on PostgreSQL", freshDatabase)
})

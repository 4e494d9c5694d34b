/**
 * Text responses compressed for clients that accept it (`Accept-Encoding`): JSON, problems, HTML, CSV,
 * JavaScript, CSS — brotli when accepted, else gzip — with `Vary: Accept-Encoding` on every such
 * response, compressed or not. Bodies under 1 KiB go as they are (compressing them saves nothing).
 * Large bodies (the /docs page is 3.4 MB, the OpenAPI document ~700 KB) are the same bytes on every
 * request: their compressed form is kept, by a hash of the body, so each is compressed once.
 * Large bodies are compressed on libuv's thread pool (zlib's async API), off the event loop; small ones
 * at once (see `compressSmall`).
 */
import { createHash } from "node:crypto"
import { promisify } from "node:util"
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from "node:zlib"
import type { MiddlewareHandler } from "hono"

const brotli = promisify(brotliCompress)
const gzipped = promisify(gzip)

/** Smaller than this, a body goes uncompressed. */
export const minimumBytes = 1024
/** From this size on, compressed bodies are kept (by hash) for the next request. */
const keptFromBytes = 64 * 1024
const keptEntries = 16

const compressible =
  /^(?:text\/|application\/(?:json|problem\+json|javascript|xml|[\w.+-]+\+json|x-ndjson)(?:$|;))/i

type Encoding = "br" | "gzip"

/** The encoding to answer with: brotli or gzip as the client accepts them (q > 0), brotli first. */
export const chooseEncoding = (acceptEncoding: string | undefined): Encoding | undefined => {
  if (acceptEncoding === undefined || acceptEncoding === "") return undefined
  const accepted = new Map<string, number>()
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";")
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find((m) => m !== null)
    accepted.set(name.trim(), q === undefined || q === null ? 1 : Number(q[1]))
  }
  const quality = (name: Encoding) => accepted.get(name) ?? accepted.get("*") ?? 0
  if (quality("br") > 0 && quality("br") >= quality("gzip")) return "br"
  if (quality("gzip") > 0) return "gzip"
  return undefined
}

const brotliParams = (body: Buffer, quality: number) => ({
  [constants.BROTLI_PARAM_QUALITY]: quality,
  [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
  // A window no larger than the body (at least 64 KiB): less to set up for a small one.
  [constants.BROTLI_PARAM_LGWIN]: Math.min(24, Math.max(16, Math.ceil(Math.log2(body.length))))
})

/**
 * A body under 64 KiB (a list page, a record) is compressed at once, on the event loop: ~0.1 ms of
 * CPU for a page of 50 records, where handing it to the thread pool cost ~0.3 ms more (measured).
 * Brotli quality 4 costs about what gzip 5 does and gives a smaller body.
 */
const compressSmall = (encoding: Encoding, body: Buffer): Buffer =>
  encoding === "br"
    ? brotliCompressSync(body, { params: brotliParams(body, 4) })
    : gzipSync(body, { level: 5 })

/** A large body — compressed once and kept — is worth more effort, off the event loop. */
const compressLarge = (encoding: Encoding, body: Buffer): Promise<Buffer> =>
  encoding === "br" ? brotli(body, { params: brotliParams(body, 5) }) : gzipped(body, { level: 6 })

export const compression = (): MiddlewareHandler => {
  const kept = new Map<string, Buffer>()
  return async (c, next) => {
    await next()
    const response = c.res
    const type = response.headers.get("content-type") ?? ""
    if (!compressible.test(type) || response.headers.has("content-encoding")) return
    if (response.status === 204 || response.status === 304 || response.body === null) return
    response.headers.append("vary", "Accept-Encoding")
    const encoding = chooseEncoding(c.req.header("accept-encoding"))
    if (encoding === undefined || c.req.method === "HEAD") return
    const length = Number(response.headers.get("content-length") ?? Number.NaN)
    if (length < minimumBytes) return
    const body = Buffer.from(await response.arrayBuffer())
    const headers = new Headers(response.headers)
    if (body.length < minimumBytes) {
      c.res = undefined
      c.res = new Response(body, { status: response.status, headers })
      return
    }
    const large = body.length >= keptFromBytes
    let compressed: Buffer | undefined
    if (large) {
      const key = `${encoding}:${createHash("sha1").update(body).digest("base64")}`
      compressed = kept.get(key)
      if (compressed === undefined) {
        compressed = await compressLarge(encoding, body)
        if (kept.size >= keptEntries) kept.delete(kept.keys().next().value as string)
        kept.set(key, compressed)
      }
    } else {
      compressed = compressSmall(encoding, body)
    }
    headers.set("content-encoding", encoding)
    headers.set("content-length", String(compressed.length))
    // The ETag stays: it is the record's version (what `If-Match` sends back), whatever the encoding.
    // Assigning `c.res` merges the old response's headers into the new one (Content-Length…): clear it.
    c.res = undefined
    c.res = new Response(compressed, { status: response.status, headers })
  }
}

/**
 * A short-lived cache of rendered public pages (the signboard pages a QR code opens): a page is the
 * same for every resident in a language, and rendering it — several in-process API calls and the JSX —
 * costs tens of milliseconds, against well under one to send a stored copy. A copy lives `ttlMs`
 * (the page shows patrols of the last 30 days and this year's figures: seconds of delay are harmless)
 * and every write through the API forgets every copy at once (`clear`), so a report, a patrol or a
 * closed case shows on the next page. Concurrent misses of one page share one rendering, and while an
 * expired copy is rendered again the others are served the expired one. Each copy
 * carries an ETag (a hash of its bytes), so a browser's revalidation is answered `304` by the
 * conditional reads. Only `200` answers that set no cookie are kept.
 *
 * The front door (`answered` / `remember`): once the whole app has answered a kept page — secure
 * headers, `Vary`, compression for the client's encoding — that answer's bytes and headers are kept
 * beside the copy, per encoding, and the next request for it is answered with them before any other
 * middleware runs (the server still gives it a request id, counts it against the public budget and
 * logs it). The copy's lifetime and `clear` rule it: it goes when the copy goes.
 *
 * A private page (the console's dashboard) is kept per person: `keyed(scope)` keeps a copy for each
 * value `scope` gives a request — a hash of its session token —, and none for a request it gives none.
 * The same rules hold: seconds at most, forgotten on every write through the API (a revoked session
 * included), never kept when the answer sets a cookie (a session the API refused ends there). The front
 * door serves public pages only: a private copy's key is never one it looks up.
 */
import { createHash } from "node:crypto"
import type { MiddlewareHandler } from "hono"
import { parse } from "hono/utils/cookie"
import { chooseEncoding } from "../http/compression.ts"
import { langCookie, langOf } from "./i18n.ts"

export interface PageCacheOptions {
  /** How long a copy is served. */
  readonly ttlMs: number
  /** The most pages kept (the oldest goes first). */
  readonly maxEntries?: number
  readonly now?: () => number
}

export interface PageCache {
  /** Serves a stored copy, or renders the page (once for concurrent requests) and keeps it. */
  readonly middleware: MiddlewareHandler
  /** The same for a page that differs by person: a copy per `scope` of the request; none without one. */
  readonly keyed: (scope: (request: Request) => string | undefined) => MiddlewareHandler
  /** Forgets every copy: something was written. */
  readonly clear: () => void
  /** The app's whole answer to this request as it was last sent, while its copy is kept. */
  readonly answered: (request: Request) => Served | undefined
  /** Keeps the app's whole answer to a request for a kept page (the outermost middleware calls it). */
  readonly remember: (request: Request, response: Response) => Promise<void>
}

/** A page's answer as the app sent it to a client of one encoding: its bytes and every header but the request id's. */
export interface Served {
  readonly body: Uint8Array<ArrayBuffer>
  readonly headers: Readonly<Record<string, string>>
}

interface Entry {
  /** Encoded once: encoding the text again for every answer cost ~3% of a cached page's CPU (profiled). */
  readonly body: Uint8Array<ArrayBuffer>
  readonly contentType: string
  readonly etag: string
  readonly expires: number
  /** The app's whole answers for this copy, by the encoding the client accepts (`identity`: none). */
  readonly served: Map<string, Served>
}

const encoder = new TextEncoder()

/** The scope of a public page: everyone's. */
const everyone = (): string => ""

const responseOf = (entry: Entry): Response =>
  new Response(entry.body, { status: 200, headers: { "content-type": entry.contentType, etag: entry.etag } })

/** A page's copy is per language (the cookie's) and URL. */
const keyOf = (url: URL, cookie: string | undefined): string =>
  `${langOf(undefined, cookie === undefined ? undefined : parse(cookie, langCookie)[langCookie])} ${url.pathname}${url.search}`

/** Headers of an answer that are the request's own, not the page's. */
const ownHeaders = new Set(["x-request-id", "date"])

export const makePageCache = (options: PageCacheOptions): PageCache => {
  const now = options.now ?? Date.now
  const maxEntries = options.maxEntries ?? 500
  const entries = new Map<string, Entry>()
  const rendering = new Map<string, Promise<Entry | undefined>>()
  // A page rendered while something was written may show the state before it: not kept.
  let generation = 0

  /** The scopes of the private pages kept (the front door looks their copies up too). */
  const scopes: Array<(request: Request) => string | undefined> = []

  const keyed = (scope: (request: Request) => string | undefined): MiddlewareHandler => {
    if (scope !== everyone) scopes.push(scope)
    return async (c, next) => {
      // `?lang=` sets the language cookie: that answer is the request's own.
      if (c.req.method !== "GET" || c.req.query("lang") !== undefined) return next()
      const whose = scope(c.req.raw)
      if (whose === undefined) return next()
      // a public page's key is its language and URL (the front door's too); a private one's adds whose it is
      const key = `${keyOf(new URL(c.req.url), c.req.header("cookie"))}${whose === "" ? "" : ` ${whose}`}`
      const stored = entries.get(key)
      if (stored !== undefined && stored.expires > now()) return responseOf(stored)
      const pending = rendering.get(key)
      if (pending !== undefined) {
        // One request renders an expired page again; meanwhile the others get the copy there is, so no
        // one waits a rendering's time for a page that changed at most seconds ago.
        if (stored !== undefined) return responseOf(stored)
        const shared = await pending
        if (shared !== undefined) return responseOf(shared)
        return next()
      }
      let settle: (entry: Entry | undefined) => void = () => {}
      rendering.set(key, new Promise((resolve) => (settle = resolve)))
      const started = generation
      let entry: Entry | undefined
      try {
        await next()
        const response = c.res
        if (response.status !== 200 || response.headers.has("set-cookie")) return
        const text = await response.text()
        const body = encoder.encode(text)
        entry = {
          body,
          contentType: response.headers.get("content-type") ?? "text/html; charset=UTF-8",
          etag: `"p-${createHash("sha1").update(text).digest("base64url").slice(0, 22)}"`,
          expires: now() + options.ttlMs,
          served: new Map()
        }
        if (generation === started) {
          if (entries.size >= maxEntries && !entries.has(key)) {
            const oldest = entries.keys().next()
            if (oldest.done !== true) entries.delete(oldest.value)
          }
          entries.set(key, entry)
        }
        // Assigning `c.res` merges the old response's headers into the new one: clear it first.
        c.res = undefined
        c.res = responseOf(entry)
      } finally {
        rendering.delete(key)
        settle(entry)
      }
    }
  }

  const middleware = keyed(everyone)

  /** A private page's key and copy for this request's person, when one is kept. */
  const privateEntryOf = (key: string, request: Request): readonly [string, Entry] | undefined => {
    for (const scope of scopes) {
      const whose = scope(request)
      if (whose === undefined || whose === "") continue
      const entry = entries.get(`${key} ${whose}`)
      if (entry !== undefined) return [`${key} ${whose}`, entry]
    }
    return undefined
  }

  /**
   * The kept copy a plain GET asks for (no `?lang=`, no `If-None-Match`): while it is fresh, and while
   * an expired one is being rendered again (as the middleware serves it then, so no one waits).
   */
  const freshEntryOf = (request: Request): Entry | undefined => {
    if (request.method !== "GET" || request.headers.has("if-none-match")) return undefined
    const url = new URL(request.url)
    if (url.searchParams.has("lang")) return undefined
    const key = keyOf(url, request.headers.get("cookie") ?? undefined)
    const publicEntry = entries.get(key)
    const found = publicEntry === undefined ? privateEntryOf(key, request) : ([key, publicEntry] as const)
    if (found === undefined) return undefined
    const [kept, entry] = found
    return entry.expires > now() || rendering.has(kept) ? entry : undefined
  }
  const encodingOf = (request: Request) =>
    chooseEncoding(request.headers.get("accept-encoding") ?? undefined) ?? "identity"

  const answered = (request: Request): Served | undefined =>
    freshEntryOf(request)?.served.get(encodingOf(request))

  const remember = async (request: Request, response: Response): Promise<void> => {
    if (response.status !== 200 || response.headers.has("set-cookie")) return
    const entry = freshEntryOf(request)
    // Only the answer made of this very copy (its ETag), once per encoding.
    if (entry === undefined || response.headers.get("etag") !== entry.etag) return
    const encoding = encodingOf(request)
    if (entry.served.has(encoding)) return
    const headers: Record<string, string> = {}
    for (const [name, value] of response.headers) if (!ownHeaders.has(name)) headers[name] = value
    const body = new Uint8Array(await response.clone().arrayBuffer())
    entry.served.set(encoding, { body, headers })
  }

  return {
    middleware,
    keyed,
    answered,
    remember,
    clear: () => {
      generation++
      entries.clear()
    }
  }
}

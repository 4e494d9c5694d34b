/**
 * The signboard page's short-lived cache: a copy is served (with an ETag a browser revalidates against)
 * until it expires or anything is written through the API; concurrent misses render once; answers
 * that set a cookie or are not 200 are never kept.
 */
import { Hono } from "hono"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeApp } from "../src/http/app.ts"
import { makePageCache } from "../src/pages/page-cache.ts"
import { startApi, type TestApi, tenantId } from "./support.ts"

describe("page cache, alone", () => {
  const setup = () => {
    let clock = 0
    let renders = 0
    const cache = makePageCache({ ttlMs: 1000, now: () => clock, maxEntries: 2 })
    const app = new Hono()
    app.use("/s/:tenantId/:code", cache.middleware)
    app.get("/s/:tenantId/:code", async (c) => {
      renders++
      await new Promise((resolve) => setTimeout(resolve, 5))
      if (c.req.param("code") === "missing") return c.text("no", 404)
      return c.html(`<p>${c.req.param("code")} ${renders}</p>`)
    })
    return {
      cache,
      get: (path: string, headers: Record<string, string> = {}) => app.request(path, { headers }),
      renders: () => renders,
      tick: (ms: number) => {
        clock += ms
      }
    }
  }

  it("serves the copy until it expires, then renders again", async () => {
    const t = setup()
    const first = await t.get("/s/t/A")
    expect(await first.text()).toBe("<p>A 1</p>")
    expect(first.headers.get("etag")).toMatch(/^"p-[\w-]{22}"$/)
    t.tick(999)
    const again = await t.get("/s/t/A")
    expect(await again.text()).toBe("<p>A 1</p>")
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"))
    expect(t.renders()).toBe(1)
    t.tick(1)
    expect(await (await t.get("/s/t/A")).text()).toBe("<p>A 2</p>")
  })

  it("while an expired copy renders again, the other requests get the expired copy without waiting", async () => {
    const t = setup()
    await t.get("/s/t/A")
    t.tick(1000)
    const [renderer, other] = await Promise.all([t.get("/s/t/A"), t.get("/s/t/A")])
    expect(await renderer.text()).toBe("<p>A 2</p>")
    expect(await other.text()).toBe("<p>A 1</p>")
    expect(await (await t.get("/s/t/A")).text()).toBe("<p>A 2</p>")
    expect(t.renders()).toBe(2)
  })

  it("keeps one copy per language and query; clear forgets them all", async () => {
    const t = setup()
    await t.get("/s/t/A")
    const english = await t.get("/s/t/A", { cookie: "lang=en" })
    expect(await english.text()).toBe("<p>A 2</p>")
    expect(await (await t.get("/s/t/A?year=2023")).text()).toBe("<p>A 3</p>")
    expect(await (await t.get("/s/t/A", { cookie: "lang=en" })).text()).toBe("<p>A 2</p>")
    t.cache.clear()
    expect(await (await t.get("/s/t/A", { cookie: "lang=en" })).text()).toBe("<p>A 4</p>")
  })

  it("renders once for concurrent misses; never keeps a 404 or a ?lang= answer", async () => {
    const t = setup()
    const bodies = await Promise.all([1, 2, 3, 4].map(async () => (await t.get("/s/t/B")).text()))
    expect(bodies).toEqual(["<p>B 1</p>", "<p>B 1</p>", "<p>B 1</p>", "<p>B 1</p>"])
    expect((await t.get("/s/t/missing")).status).toBe(404)
    expect((await t.get("/s/t/missing")).status).toBe(404)
    expect(t.renders()).toBe(3)
    await t.get("/s/t/C?lang=en")
    await t.get("/s/t/C?lang=en")
    expect(t.renders()).toBe(5)
  })

  it("holds at most maxEntries pages, dropping the oldest", async () => {
    const t = setup()
    await t.get("/s/t/A")
    await t.get("/s/t/B")
    await t.get("/s/t/C")
    expect(t.renders()).toBe(3)
    await t.get("/s/t/C")
    await t.get("/s/t/B")
    expect(t.renders()).toBe(3)
    expect(await (await t.get("/s/t/A")).text()).toBe("<p>A 4</p>")
  })
})

describe("the pages' front door", () => {
  const setup = (publicRateLimit = 1000) => {
    let clock = 0
    let renders = 0
    let frontAnswers = 0
    const logged: Array<Record<string, unknown>> = []
    const cache = makePageCache({ ttlMs: 1000, now: () => clock })
    const pages = new Hono<{ Variables: { requestId: string } }>()
    pages.use("/s/*", async (c, next) => {
      await next()
      c.header("vary", "Cookie")
      c.header("cache-control", "no-cache")
    })
    pages.use("/s/:tenantId/:code", cache.middleware)
    // a private page, kept per person (the `who` cookie stands for a session)
    pages.use(
      "/console",
      cache.keyed((request) => /who=(\w+)/.exec(request.headers.get("cookie") ?? "")?.[1])
    )
    pages.get("/console", (c) => {
      renders++
      return c.html(`<p>${c.req.header("cookie")} ${renders} ${"水".repeat(2000)}</p>`)
    })
    pages.get("/s/:tenantId/:code", async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      renders++
      return c.html(`<p>${c.req.param("code")} ${renders} ${"水".repeat(2000)}</p>`)
    })
    const app = makeApp({
      handler: async () => new Response("no", { status: 404 }),
      ready: async () => true,
      corsOrigins: [],
      log: (entry) => logged.push(entry),
      publicRateLimit,
      pages,
      pageFront: {
        answered: (request) => {
          const served = cache.answered(request)
          if (served !== undefined) frontAnswers++
          return served
        },
        remember: cache.remember
      }
    })
    return {
      cache,
      get: (path: string, headers: Record<string, string> = {}) => app.request(path, { headers }),
      renders: () => renders,
      frontAnswers: () => frontAnswers,
      logged,
      tick: (ms: number) => {
        clock += ms
      }
    }
  }
  /** An answer's headers but the request's own (its id, its date). */
  const headersOf = (response: Response) =>
    Object.fromEntries([...response.headers].filter(([name]) => name !== "x-request-id" && name !== "date"))

  it("answers a kept page again with the whole app's bytes and headers, per encoding and language", async () => {
    const t = setup()
    for (const headers of [
      {},
      { "accept-encoding": "gzip" },
      { "accept-encoding": "br, gzip" },
      { cookie: "lang=en" }
    ]) {
      const first = await t.get("/s/t/A", headers)
      const before = t.frontAnswers()
      const again = await t.get("/s/t/A", headers)
      expect(t.frontAnswers()).toBe(before + 1)
      expect(again.status).toBe(200)
      expect(headersOf(again)).toEqual(headersOf(first))
      expect(Buffer.from(await again.arrayBuffer())).toEqual(Buffer.from(await first.arrayBuffer()))
      expect(again.headers.get("x-request-id")).toMatch(/^[\w-]{20,}$/)
      expect(again.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"))
    }
    const gzip = await t.get("/s/t/A", { "accept-encoding": "gzip" })
    expect(gzip.headers.get("content-encoding")).toBe("gzip")
    expect(gzip.headers.get("content-security-policy")).toContain("default-src 'self'")
    // The Chinese page and the English one are two copies; everything else shared the first render.
    expect(t.renders()).toBe(2)
    // Every answer is logged, the front door's too.
    expect(t.logged.filter((e) => e.msg === "request")).toHaveLength(9)
  })

  it("keeps a client's request id, leaves revalidation and ?lang= to the app, and goes with the copy", async () => {
    const t = setup()
    const first = await t.get("/s/t/A")
    const mine = await t.get("/s/t/A", { "x-request-id": "resident-1" })
    expect(t.frontAnswers()).toBe(1)
    expect(mine.headers.get("x-request-id")).toBe("resident-1")
    const revalidated = await t.get("/s/t/A", { "if-none-match": first.headers.get("etag") as string })
    expect(revalidated.status).toBe(304)
    await t.get("/s/t/A?lang=en")
    expect(t.frontAnswers()).toBe(1)
    t.cache.clear()
    expect(await (await t.get("/s/t/A")).text()).toContain("A 3")
    t.tick(1000)
    expect(await (await t.get("/s/t/A")).text()).toContain("A 4")
    expect(t.frontAnswers()).toBe(1)
  })

  it("while an expired copy renders again, sends the copy there is, as the cache would", async () => {
    const t = setup()
    await t.get("/s/t/A")
    await t.get("/s/t/A")
    expect(t.frontAnswers()).toBe(1)
    t.tick(1000)
    const renderer = t.get("/s/t/A")
    await new Promise((resolve) => setTimeout(resolve, 1))
    const other = await t.get("/s/t/A")
    expect(t.frontAnswers()).toBe(2)
    expect(await other.text()).toContain("A 1")
    expect(await (await renderer).text()).toContain("A 2")
    // a write forgets every copy: nothing old is sent after it
    t.cache.clear()
    expect(await (await t.get("/s/t/A")).text()).toContain("A 3")
  })

  it("answers a private page again only to its own person", async () => {
    const t = setup()
    const mine = await t.get("/console", { cookie: "who=a" })
    const again = await t.get("/console", { cookie: "who=a" })
    expect(t.frontAnswers()).toBe(1)
    expect(await again.text()).toBe(await mine.text())
    const theirs = await t.get("/console", { cookie: "who=b" })
    expect(t.frontAnswers()).toBe(1)
    expect(await theirs.text()).toContain("who=b")
    // no person, no copy: every such request is the app's
    await t.get("/console")
    await t.get("/console")
    expect(t.frontAnswers()).toBe(1)
    expect(t.renders()).toBe(4)
  })

  it("counts its answers against the public budget", async () => {
    const t = setup(3)
    expect((await t.get("/s/t/A")).status).toBe(200)
    expect((await t.get("/s/t/A")).status).toBe(200)
    expect((await t.get("/s/t/A")).status).toBe(200)
    expect(t.frontAnswers()).toBe(2)
    const refused = await t.get("/s/t/A")
    expect(refused.status).toBe(429)
    expect(refused.headers.get("retry-after")).not.toBeNull()
  })
})

describe("page cache, in the server", () => {
  let api: TestApi
  beforeAll(async () => {
    api = await startApi()
  })
  afterAll(() => api.dispose())

  it("a browser's revalidation is a 304; a problem reported through the API shows on the next page", async () => {
    const page = `/s/${tenantId}/XH-01`
    const first = await api.app.request(page)
    expect(first.status).toBe(200)
    const etag = first.headers.get("etag") as string
    expect(etag).toMatch(/^"p-/)
    expect(first.headers.get("cache-control")).toBe("no-cache")
    const revalidated = await api.app.request(page, { headers: { "if-none-match": etag } })
    expect(revalidated.status).toBe(304)

    const title = "缓存测试：步道旁漂浮塑料袋"
    const reported = await api.post(`/v1/public/${tenantId}/zones/XH-01/problems`, {
      title,
      description: "步道旁"
    })
    expect(reported.status).toBe(202)
    const after = await api.app.request(page, { headers: { "if-none-match": etag } })
    expect(after.status).toBe(200)
    expect(await after.text()).toContain(title)
    expect(after.headers.get("etag")).not.toBe(etag)
  })
})

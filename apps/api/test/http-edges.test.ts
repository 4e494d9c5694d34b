/**
 * The HTTP edges, in process (`app.request`): 405 with `Allow` for a known path and a method it does
 * not take; OPTIONS with `Allow`, CORS preflights still answered for configured origins; `If-None-Match`
 * with the current ETag is a 304; text responses compressed as the client accepts (`Vary:
 * Accept-Encoding`); the CSV report downloads under a Chinese file name (RFC 6266/5987); HSTS only for
 * requests that came over https (through a trusted proxy).
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectProblem, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
let cors: TestApi
beforeAll(async () => {
  api = await startApi({ trustedProxies: ["10.0.0.7"] })
  cors = await startApi({ corsOrigins: ["https://console.example"] })
})
afterAll(async () => {
  await api.dispose()
  await cors.dispose()
})

describe("methods", () => {
  it("a known path with a method it does not take: 405 with Allow", async () => {
    const reply = await api.request("DELETE", `/v1/members/${seed.liu}`, { token: api.tokens.admin })
    expectProblem(reply, 405)
    expect(reply.headers.get("allow")).toBe("GET, HEAD, PUT, OPTIONS")
    expect(reply.body.type).toBe("/problems/method-not-allowed")
    const docs = await api.request("POST", "/docs", { body: {} })
    expectProblem(docs, 405)
    expect(docs.headers.get("allow")).toBe("GET, HEAD, OPTIONS")
    // An unknown path stays a 404.
    expectProblem(await api.request("DELETE", "/v1/nothing-here", { token: api.tokens.admin }), 404)
  })

  it("OPTIONS answers 204 with Allow, with or without a token", async () => {
    const reply = await api.request("OPTIONS", "/v1/organisations/temporary-branches")
    expect(reply.status).toBe(204)
    // Also /v1/organisations/:id, which takes GET and PUT.
    expect(reply.headers.get("allow")).toBe("GET, HEAD, POST, PUT, OPTIONS")
    expectProblem(await api.request("OPTIONS", "/v1/nothing-here"), 404)
  })

  it("a CORS preflight from a configured origin is still answered, with Allow", async () => {
    const preflight = await cors.request("OPTIONS", "/v1/members", {
      headers: { origin: "https://console.example", "access-control-request-method": "POST" }
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://console.example")
    expect(preflight.headers.get("access-control-allow-headers")).toContain("if-none-match")
    expect(preflight.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS")
    const stranger = await cors.request("OPTIONS", "/v1/members", {
      headers: { origin: "https://elsewhere.example", "access-control-request-method": "POST" }
    })
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull()
  })
})

describe("conditional reads", () => {
  it("If-None-Match with the current ETag: 304 without a body; a stale one: 200", async () => {
    const path = `/v1/members/${seed.liu}`
    const first = await api.get(path, api.tokens.admin)
    const etag = first.headers.get("etag") as string
    expect(etag).toMatch(/^"\d+"$/)
    expect(first.headers.get("vary")).toContain("Authorization")
    for (const ifNoneMatch of [etag, `W/${etag}`, `"0", ${etag}`, "*"]) {
      const again = await api.get(path, api.tokens.admin, { "if-none-match": ifNoneMatch })
      expect(again.status, ifNoneMatch).toBe(304)
      expect(again.body).toBe("")
      expect(again.headers.get("etag")).toBe(etag)
      expect(again.headers.get("content-length")).toBeNull()
    }
    const stale = await api.get(path, api.tokens.admin, { "if-none-match": '"0"' })
    expect(stale.status).toBe(200)
    expect(stale.body.data.id).toBe(seed.liu)
  })
})

describe("compression", () => {
  it("compresses the docs page as the client accepts: brotli, gzip, or not at all", async () => {
    const plain = await api.get("/docs")
    expect(plain.headers.get("content-encoding")).toBeNull()
    expect(plain.headers.get("vary")).toContain("Accept-Encoding")
    const html = plain.body as string
    expect(html.length).toBeGreaterThan(1_000_000)
    for (const [accept, encoding] of [
      ["gzip, deflate, br", "br"],
      ["gzip", "gzip"],
      ["br;q=0, gzip;q=0.5", "gzip"],
      ["identity", null]
    ] as const) {
      const reply = await bytes(api, "/docs", { "accept-encoding": accept })
      expect(reply.headers.get("content-encoding"), accept).toBe(encoding)
      expect(reply.headers.get("vary")).toContain("Accept-Encoding")
      const text =
        encoding === "br"
          ? brotliDecompressSync(reply.body).toString("utf8")
          : encoding === "gzip"
            ? gunzipSync(reply.body).toString("utf8")
            : reply.body.toString("utf8")
      expect(text === html, accept).toBe(true)
      if (encoding !== null) {
        expect(reply.body.length).toBeLessThan(html.length / 3)
        expect(Number(reply.headers.get("content-length"))).toBe(reply.body.length)
      }
    }
  })

  it("compresses JSON lists and reports; leaves a small body (under 1 KiB) as it is", async () => {
    const list = await bytes(api, "/v1/members?limit=100", { "accept-encoding": "gzip" }, api.tokens.admin)
    expect(list.headers.get("content-encoding")).toBe("gzip")
    expect(JSON.parse(gunzipSync(list.body).toString("utf8")).items.length).toBeGreaterThan(5)
    const report = await bytes(
      api,
      `/v1/branches/${seed.branch}/reports/annual/2023`,
      { "accept-encoding": "br" },
      api.tokens.admin
    )
    expect(report.headers.get("content-encoding")).toBe("br")
    expect(JSON.parse(brotliDecompressSync(report.body).toString("utf8")).figures.length).toBeGreaterThan(5)
    const csv = await bytes(
      api,
      `/v1/branches/${seed.branch}/reports/annual/2023/csv`,
      { "accept-encoding": "br" },
      api.tokens.admin
    )
    expect(csv.headers.get("content-encoding")).toBe("br")
    expect(brotliDecompressSync(csv.body).toString("utf8")).toContain("volunteer_labour_sessions")
    // The tenant is well under 1 KiB: compressing it would save nothing.
    const tenant = await bytes(api, "/v1/tenant", { "accept-encoding": "br" }, api.tokens.admin)
    expect(tenant.body.length).toBeLessThan(1024)
    expect(tenant.headers.get("content-encoding")).toBeNull()
    expect(tenant.headers.get("vary")).toContain("Accept-Encoding")
    expect(JSON.parse(tenant.body.toString("utf8")).data.timeZone).toBe("Asia/Shanghai")
    const small = await bytes(api, "/healthz", { "accept-encoding": "br, gzip" })
    expect(small.headers.get("content-encoding")).toBeNull()
    expect(JSON.parse(small.body.toString("utf8"))).toEqual({ status: "ok" })
  })
})

describe("the CSV report", () => {
  it("downloads under a Chinese file name, with an ASCII fallback (RFC 6266, RFC 5987)", async () => {
    const reply = await api.get(`/v1/branches/${seed.branch}/reports/annual/2023/csv`, api.tokens.admin)
    expect(reply.status).toBe(200)
    const disposition = reply.headers.get("content-disposition") ?? ""
    expect(disposition).toMatch(/^attachment; /)
    expect(disposition).toContain('filename="bishui-annual-report-branch-nanbeihe-2023.csv"')
    const star = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? ""
    expect(star).toMatch(/^[A-Za-z0-9%!#$&+.^_`|~-]+$/)
    expect(decodeURIComponent(star)).toBe("四平市南北河管理中心党支部2023年度报告.csv")
  })
})

describe("HSTS", () => {
  const at = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })

  it("only for a request that came over https through a trusted proxy", async () => {
    const hsts = async (headers: Record<string, string>, env: unknown) =>
      (await serverOf(api).request("/healthz", { headers }, env)).headers.get("strict-transport-security")
    expect(await hsts({}, at("10.0.0.7"))).toBeNull()
    expect(await hsts({ "x-forwarded-proto": "http" }, at("10.0.0.7"))).toBeNull()
    expect(await hsts({ "x-forwarded-proto": "https" }, at("10.0.0.8"))).toBeNull()
    expect(await hsts({ "x-forwarded-proto": "https" }, at("10.0.0.7"))).toBe(
      "max-age=31536000; includeSubDomains"
    )
    expect(await hsts({ "x-forwarded-proto": "https" }, at("::ffff:10.0.0.7"))).toBe(
      "max-age=31536000; includeSubDomains"
    )
    // Without trusted proxies, never.
    expect(
      (
        await serverOf(cors).request(
          "/healthz",
          { headers: { "x-forwarded-proto": "https" } },
          at("10.0.0.7")
        )
      ).headers.get("strict-transport-security")
    ).toBeNull()
  })
})

/** A response's raw bytes (not decoded), with its headers. */
const bytes = async (target: TestApi, path: string, headers: Record<string, string>, token?: string) => {
  const response = await serverOf(target).request(path, {
    headers: { ...headers, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) }
  })
  return { headers: response.headers, body: Buffer.from(await response.arrayBuffer()) }
}

const serverOf = (target: TestApi) => target.app

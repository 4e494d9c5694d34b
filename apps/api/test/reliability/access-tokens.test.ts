/**
 * Tokens and the public rate limit: a token is stored as the SHA-256 of its secret — neither the
 * secret nor the token is anywhere in the database file, its WAL or the audit log —; a token that
 * differs from a real one in a single character is refused, and an unknown token and a wrong secret
 * are refused alike; a revoked token stops working; the public endpoints are rate-limited per client,
 * the others are not. (The secret's hash is compared with `crypto.timingSafeEqual`, also for unknown
 * ids: see `AccessTokens.verify`.)
 */
import { createHash } from "node:crypto"
import { existsSync, readFileSync } from "node:fs"
import { AccessTokens, CurrentActor } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type InProcess, startInProcess } from "./support/inProcess.ts"

let api: InProcess
beforeAll(async () => {
  api = await startInProcess()
})
afterAll(() => api?.dispose())

/** `bsh_<id>_<secret>` */
const partsOf = (token: string) => {
  const match = /^bsh_(.+)_([A-Za-z0-9_-]{43})$/.exec(token)
  if (match === null) throw new Error(`not a bishui token: ${token.slice(0, 8)}…`)
  return { id: match[1] as string, secret: match[2] as string }
}

const flip = (text: string, index: number) => {
  const c = text[index] as string
  const replacement = c === "A" ? "B" : "A"
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`
}

describe("access tokens", () => {
  it("are stored hashed: no plaintext in the record, the file, its WAL or the audit log", async () => {
    const token = await api.token({ role: "admin" })
    const { id, secret } = partsOf(token)
    const [row] = await api.sql<{ doc: string }>("SELECT doc FROM access_tokens WHERE id = ?", [id])
    const record = JSON.parse(String(row?.doc)) as Record<string, unknown>
    expect(record.secretHash).toBe(createHash("sha256").update(secret, "utf8").digest("hex"))
    expect(JSON.stringify(record)).not.toContain(secret)
    const audit = await api.sql<{ doc: string }>("SELECT doc FROM audit_log WHERE entity_id = ?", [id])
    expect(audit).toHaveLength(1)
    expect(audit[0]?.doc).not.toContain(secret)
    // Every byte the database holds, committed or not yet checkpointed.
    for (const file of [api.databaseUrl, `${api.databaseUrl}-wal`]) {
      if (!existsSync(file)) continue
      const bytes = readFileSync(file)
      expect(bytes.includes(Buffer.from(secret)), file).toBe(false)
      expect(bytes.includes(Buffer.from(token)), file).toBe(false)
    }
  })

  it("refuses a token that differs in one character, and an unknown one alike", async () => {
    const token = await api.token({ role: "viewer", branchId: Seed.seedBranchId })
    const read = (t: string) => api.request("GET", "/v1/zones", { token: t })
    expect((await read(token)).status).toBe(200)
    const { id, secret } = partsOf(token)
    const variants = [
      // in the secret: first, middle, last character
      `bsh_${id}_${flip(secret, 0)}`,
      `bsh_${id}_${flip(secret, 21)}`,
      `bsh_${id}_${flip(secret, 42)}`,
      // in the id
      `bsh_${flip(id, 0)}_${secret}`,
      `bsh_${flip(id, id.length - 1)}_${secret}`,
      // one character more or less
      `${token}A`,
      token.slice(0, -1),
      token.toUpperCase()
    ]
    const answers = await Promise.all(variants.map(read))
    for (const [index, answer] of answers.entries()) {
      expect(answer.status, variants[index]).toBe(401)
      expect(answer.headers.get("content-type")).toBe("application/problem+json")
    }
    // A wrong secret and an unknown id read alike: nothing tells which part was wrong.
    const wrongSecret = (answers[1]?.body as { detail?: string } | undefined)?.detail
    const unknownId = (answers[3]?.body as { detail?: string } | undefined)?.detail
    expect(wrongSecret).toBeDefined()
    expect(wrongSecret).toBe(unknownId)
  })

  it("stops working when revoked", async () => {
    const token = await api.token({ role: "admin" })
    expect((await api.request("GET", "/v1/audit?limit=1", { token })).status).toBe(200)
    await api.runtime.runPromise(
      Effect.gen(function* () {
        const tokens = yield* AccessTokens.AccessTokens
        yield* tokens.revoke(Seed.seedTenantId, partsOf(token).id)
      }).pipe(Effect.provideService(CurrentActor.CurrentActor, "reliability-test"))
    )
    expect((await api.request("GET", "/v1/audit?limit=1", { token })).status).toBe(401)
  })
})

describe("the public rate limit", () => {
  let limited: InProcess
  beforeAll(async () => {
    limited = await startInProcess({ publicRateLimit: 5 })
  })
  afterAll(() => limited?.dispose())

  it("answers 429 problems with Retry-After after the limit; other endpoints are not limited", async () => {
    const statuses: Array<number> = []
    for (let i = 0; i < 8; i++)
      statuses.push((await limited.request("GET", "/v1/public/siping-water/zones")).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429])
    const report = await limited.request("POST", "/v1/public/siping-water/zones/NH-02/problems", {
      body: { title: "垃圾", description: "桥下" }
    })
    expect(report.status).toBe(429)
    expect(report.headers.get("content-type")).toBe("application/problem+json")
    expect(Number(report.headers.get("retry-after"))).toBeGreaterThan(0)
    const token = await limited.token({ role: "admin" })
    for (let i = 0; i < 10; i++)
      expect((await limited.request("GET", "/v1/zones", { token })).status).toBe(200)
    expect((await limited.request("GET", "/healthz")).status).toBe(200)
  })
})

/**
 * Every endpoint fuzzed from its OpenAPI schema with fast-check: requests built from the operation's
 * parameters and body schema, then made hostile — wrong types, huge strings, unicode edge cases
 * (lone surrogates, NUL, bidi overrides, combining marks, emoji), deep nesting, invalid JSON, missing
 * and extra fields, odd headers and tokens. Whatever comes in, the answer is never a 5xx, every
 * error is a problem document (RFC 9457) with its status, no answer shows a stack trace, and the
 * server keeps serving.
 *
 * Bounded: FUZZ_RUNS runs per endpoint (default 25) with a fixed seed (FUZZ_SEED, printed on
 * failure with fast-check's counterexample path, so a failure replays exactly).
 */

import { OpenApi } from "effect/http-api"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Api } from "../../src/api/Api.ts"
import { type InProcess, startInProcess } from "./support/inProcess.ts"

const runs = Number(process.env.FUZZ_RUNS ?? 25)
const seed = Number(process.env.FUZZ_SEED ?? 20_261_126)

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema is walked freely
type JsonSchema = any

const document = OpenApi.fromApi(Api) as unknown as {
  paths: Record<string, Record<string, JsonSchema>>
  components: { schemas: Record<string, JsonSchema> }
}

const resolve = (schema: JsonSchema): JsonSchema =>
  typeof schema?.$ref === "string"
    ? resolve(document.components.schemas[schema.$ref.replace("#/components/schemas/", "")])
    : schema

// ---- hostile values -----------------------------------------------------------------------------

const edgeStrings = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF\uD800",
  "\u202Eevil\u202C",
  "\uFEFF",
  "e\u0301\u0301\u0301",
  "🏞️‍🌊",
  "𝕏𝕐ℤ",
  "\u2028\u2029",
  "\r\n\t",
  "../../../etc/passwd",
  "%00%2e%2e%2f",
  "' OR '1'='1' --",
  '"; DROP TABLE cases; --',
  "<script>alert(1)</script>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection probe, on purpose
  "${7*7}{{7*7}}",
  "__proto__",
  "constructor",
  '=HYPERLINK("x")',
  "NaN",
  "-0",
  "1e309",
  "9007199254740993",
  "2023-02-30",
  "2023-13-01T25:61:61Z",
  "bsh_x_y",
  "碧水".repeat(50)
]

const hugeString = fc
  .constantFrom(1_000, 70_000, 300_000)
  .chain((size) => fc.constantFrom("a", "碧", "🌊", "\u0000", "9").map((c) => c.repeat(size)))

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...edgeStrings) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString }
)

const hostileNumber = fc.constantFrom(0, -1, 1.5, -0, 1e308, -1e308, 2 ** 53 + 1, 4_294_967_296, 1949, 2201)

/** Deep nesting, as a value (a few hundred levels) — raw bodies go deeper. */
const deep = fc.integer({ min: 50, max: 400 }).map((depth) => {
  let value: unknown = "bottom"
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value }
  return value
})

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 1, arbitrary: deep },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 4, withNullPrototype: true }) }
)

// ---- values from a schema -----------------------------------------------------------------------

/** Values a field of this name takes in the seed (dates, instants, ids), so requests get past validation. */
const hints: ReadonlyArray<readonly [RegExp, fc.Arbitrary<string>]> = [
  [/^(limit)$/, fc.constantFrom("1", "5", "500")],
  [/^(year)$/, fc.constantFrom("2023", "2024")],
  [/(On|^from|^to|^date|^since)$/, fc.constantFrom("2023-05-01", "2024-01-10", "2023-12-31")],
  [/(At|^at)$/, fc.constantFrom("2023-05-01T02:00:00.000Z", "2024-03-01T08:30:00.000Z")],
  [/^(branchId|parentId|homeBranchId)$/, fc.constantFrom("branch-nanbeihe", "tempbranch-nanhe-phase1")],
  [
    /^(memberId|assigneeId|actorId|responsibleMemberId|claimantId)$/,
    fc.constantFrom("member-liu-yang", "member-zhang-wei")
  ],
  [/^zoneId$/, fc.constantFrom("zone-nh-01")],
  [/^projectId$/, fc.constantFrom("project-nanhe-phase1")],
  [/^communityId$/, fc.constantFrom("community-zhongxing")],
  [/^campaignId$/, fc.constantFrom("campaign-river-regulations-november")],
  [/^(phone)$/, fc.constantFrom("13800001234", "0434-3201234")],
  [/^(litterCollected|kilograms|amount)$/, fc.constantFrom("3.5", "120", "2300.50")]
]

/** A value of the schema's shape (loosely: it may still break rules the schema cannot say). */
const valid = (raw: JsonSchema, depth = 0, name = ""): fc.Arbitrary<unknown> => {
  const schema = resolve(raw)
  const hint = hints.find(([pattern]) => pattern.test(name))?.[1]
  if (hint !== undefined && schema?.type === "string" && !Array.isArray(schema.enum)) {
    return fc.oneof({ weight: 4, arbitrary: hint }, { weight: 1, arbitrary: valid(raw, depth) })
  }
  if (schema === undefined || depth > 6) return fc.constant(null)
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum)
  if ("const" in schema) return fc.constant(schema.const)
  const union = schema.anyOf ?? schema.oneOf
  if (Array.isArray(union)) return fc.oneof(...union.map((s: JsonSchema) => valid(s, depth + 1)))
  switch (schema.type) {
    case "string": {
      if (typeof schema.pattern === "string") return fc.stringMatching(new RegExp(schema.pattern))
      const minLength = schema.minLength ?? 0
      return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 20, 20)) })
    }
    case "integer":
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 })
    case "number":
      return fc.double({
        noNaN: true,
        noDefaultInfinity: true,
        min: schema.minimum ?? -1e6,
        max: schema.maximum ?? 1e6
      })
    case "boolean":
      return fc.boolean()
    case "null":
      return fc.constant(null)
    case "array": {
      if (Array.isArray(schema.prefixItems)) {
        return fc.tuple(...schema.prefixItems.map((s: JsonSchema) => valid(s, depth + 1)))
      }
      return fc.array(schema.items === undefined ? fc.string() : valid(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, 3)
      })
    }
    case "object": {
      const properties: Record<string, JsonSchema> = schema.properties ?? {}
      const required: Array<string> = schema.required ?? []
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [key, value] of Object.entries(properties)) record[key] = valid(value, depth + 1, key)
      return fc.record(record, { requiredKeys: required.filter((key) => key in properties) })
    }
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

/** A body: valid-shaped, or with a field missing, extra or of the wrong kind, or hostile whole. */
const bodyOf = (schema: JsonSchema): fc.Arbitrary<unknown> => {
  const shaped = valid(schema)
  const object = (f: (value: Record<string, unknown>, key: string | undefined, extra: unknown) => unknown) =>
    fc.tuple(shaped, fc.nat(), hostileValue).map(([value, index, extra]) => {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return extra
      const copy = { ...(value as Record<string, unknown>) }
      const keys = Object.keys(copy)
      return f(copy, keys.length === 0 ? undefined : keys[index % keys.length], extra)
    })
  return fc.oneof(
    { weight: 3, arbitrary: shaped },
    {
      weight: 2,
      arbitrary: object((value, key) => {
        if (key !== undefined) delete value[key]
        return value
      })
    },
    {
      weight: 2,
      arbitrary: object((value, _key, extra) => ({
        ...value,
        "extra-field": extra,
        __proto__: { admin: true }
      }))
    },
    {
      weight: 3,
      arbitrary: object((value, key, extra) => (key === undefined ? extra : { ...value, [key]: extra }))
    },
    { weight: 2, arbitrary: hostileValue }
  )
}

/** Bodies that are not JSON a serializer would write. */
const rawBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('{"a":', "{", "[", "nul", '{"a":1,}', "'x'", "\u0000", '"\uD800"', "{}{}", "", "  "),
  fc.integer({ min: 1_000, max: 60_000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`),
  fc.integer({ min: 1_000, max: 40_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`),
  fc
    .integer({ min: 100, max: 20_000 })
    .map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(",")}}`)
)

/** A path segment: an id the seed has, a value of the parameter's schema, or something hostile. */
const knownIds = [
  "branch-nanbeihe",
  "partygroup-siping-water",
  "tempbranch-nanhe-phase1",
  "member-liu-yang",
  "zone-nh-01",
  "NH-02",
  "project-nanhe-phase1",
  "post-yuepingtan",
  "case-2023-xh01-litter",
  "campaign-river-regulations-november",
  "team-supervision",
  "wish-2023-pingan-glasses",
  "siping-water",
  "2023",
  "acknowledged",
  "resolved"
]

const encodeSegment = (value: string): string => {
  try {
    return encodeURIComponent(value)
  } catch {
    // A lone surrogate: send bytes that are not UTF-8 at all.
    return `${encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, ""))}%ED%A0%80%C0%AF`
  }
}

const text = (value: unknown): string =>
  typeof value === "string" ? value : (JSON.stringify(value) ?? String(value))

interface Operation {
  readonly method: string
  readonly path: string
  readonly parameters: ReadonlyArray<{ name: string; in: string; schema: JsonSchema; required?: boolean }>
  readonly body: JsonSchema | undefined
}

const operations: ReadonlyArray<Operation> = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({
    method: method.toUpperCase(),
    path,
    parameters: operation.parameters ?? [],
    body: operation.requestBody?.content?.["application/json"]?.schema
  }))
)

interface FuzzRequest {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: string | undefined
}

/** How often each status was answered: the fuzzer must reach past validation, not only bounce off it. */
const seen = new Map<number, number>()
let api: InProcess
let tokens: ReadonlyArray<string | undefined> = []

const requestOf = (operation: Operation): fc.Arbitrary<FuzzRequest> => {
  const segments = operation.parameters
    .filter((p) => p.in === "path")
    .map((p) =>
      fc
        .oneof(
          { weight: 6, arbitrary: fc.constantFrom(...knownIds) },
          { weight: 2, arbitrary: valid(p.schema, 0, p.name).map(text) },
          { weight: 3, arbitrary: hostileString }
        )
        .map((value) => [p.name, value] as const)
    )
  const queries = operation.parameters
    .filter((p) => p.in === "query")
    .map((p) =>
      fc
        .option(
          fc.oneof(
            { weight: 3, arbitrary: valid(p.schema, 0, p.name).map(text) },
            { weight: 1, arbitrary: hostileString },
            { weight: 1, arbitrary: fc.constantFrom(...knownIds) }
          ),
          { freq: 2 }
        )
        .map((value) => [p.name, value] as const)
    )
  const headerValue = fc.oneof(
    fc.constantFrom('"1"', 'W/"2"', "*", "0", "-1", '"99999999999"', ""),
    fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 300
    }),
    fc.constantFrom(1_000, 20_000).map((n) => "k".repeat(n))
  )
  const contentType = fc.oneof(
    { weight: 12, arbitrary: fc.constant("application/json") },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        "application/json; charset=utf-8",
        "application/json; charset=utf-16",
        "application/merge-patch+json",
        "text/plain",
        "application/x-www-form-urlencoded"
      )
    }
  )
  const authorization = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...tokens.filter((t) => t !== undefined)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("bsh_x_y", "bsh__", "Basic YWRtaW46YWRtaW4=", "null", "k".repeat(10_000))
    }
  )
  return fc
    .record({
      segments: fc.tuple(...segments),
      queries: fc.tuple(...queries),
      extraQuery: fc.option(fc.tuple(hostileString, hostileString), { freq: 4 }),
      ifMatch: fc.option(headerValue, { freq: 2 }),
      idempotencyKey: fc.option(headerValue, { freq: 2 }),
      contentType,
      authorization,
      body:
        operation.body === undefined
          ? fc.option(
              bodyOf({ type: "object" }).map((v) => JSON.stringify(v) ?? "null"),
              { freq: 4 }
            )
          : fc.oneof(
              { weight: 8, arbitrary: bodyOf(operation.body).map((v) => JSON.stringify(v) ?? "null") },
              { weight: 2, arbitrary: rawBody }
            ),
      method: fc.oneof(
        { weight: 20, arbitrary: fc.constant(operation.method) },
        { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS") }
      )
    })
    .map((r) => {
      let path = operation.path
      for (const [name, value] of r.segments) path = path.replace(`{${name}}`, encodeSegment(value))
      const query = new URLSearchParams()
      for (const [name, value] of r.queries)
        if (value !== null) query.append(name, value.replace(/[\uD800-\uDFFF]/g, "?"))
      if (r.extraQuery !== null)
        query.append(...(r.extraQuery.map((s) => s.replace(/[\uD800-\uDFFF]/g, "?")) as [string, string]))
      const headers: Record<string, string> = { "content-type": r.contentType }
      if (r.authorization !== undefined) {
        headers.authorization = r.authorization.startsWith("Basic")
          ? r.authorization
          : `Bearer ${r.authorization}`
      }
      if (r.ifMatch !== null) headers["if-match"] = r.ifMatch
      if (r.idempotencyKey !== null) headers["idempotency-key"] = r.idempotencyKey
      const search = query.toString()
      const withBody = r.method !== "GET" && r.method !== "OPTIONS" && r.body !== null
      return {
        method: r.method,
        url: `${path}${search === "" ? "" : `?${search}`}`,
        headers,
        body: withBody ? (r.body ?? undefined) : undefined
      }
    })
}

beforeAll(async () => {
  api = await startInProcess()
  tokens = [
    await api.token({ role: "admin" }),
    await api.token({ role: "secretary", branchId: "branch-nanbeihe", memberId: "member-wang-jianhua" }),
    await api.token({ role: "member", branchId: "branch-nanbeihe", memberId: "member-liu-yang" }),
    await api.token({ role: "viewer", branchId: "branch-nanbeihe" }),
    undefined
  ]
})
afterAll(() => api?.dispose())

const problemsOf = async (request: FuzzRequest): Promise<ReadonlyArray<string>> => {
  const reply = await api.request(request.method, request.url, {
    headers: request.headers,
    ...(request.body === undefined ? {} : { raw: request.body })
  })
  seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1)
  const wrong: Array<string> = []
  if (reply.status >= 500) wrong.push(`answered ${reply.status}: ${reply.text.slice(0, 300)}`)
  if (reply.status >= 400) {
    if (reply.headers.get("content-type") !== "application/problem+json") {
      wrong.push(`${reply.status} with content-type ${reply.headers.get("content-type")}`)
    } else if (
      typeof reply.body !== "object" ||
      reply.body?.status !== reply.status ||
      typeof reply.body?.title !== "string"
    ) {
      wrong.push(`${reply.status} with a body that is not its problem document: ${reply.text.slice(0, 300)}`)
    }
  }
  if (/\n\s+at \S+/.test(reply.text) || /node:internal|\.ts:\d+:\d+/.test(reply.text)) {
    wrong.push(`a stack trace in the answer: ${reply.text.slice(0, 300)}`)
  }
  return wrong
}

describe(`fuzzing every endpoint from the OpenAPI document (seed ${seed}, ${runs} runs each)`, () => {
  it("covers every operation", () => {
    expect(operations.length).toBeGreaterThan(50)
  })

  describe.each(operations)("$method $path", (operation) => {
    it("never answers 5xx, always answers errors as problem details", async () => {
      await fc.assert(
        fc.asyncProperty(requestOf(operation), async (request) => {
          const wrong = await problemsOf(request)
          if (wrong.length > 0) {
            throw new Error(
              `${request.method} ${request.url.slice(0, 200)} (body ${String(request.body?.length ?? 0)} chars): ${wrong.join("; ")}`
            )
          }
        }),
        { numRuns: runs, seed, interruptAfterTimeLimit: 30_000 }
      )
    }, 60_000)
  })

  it("reached every layer: successes, refusals of tokens and scopes, validation, missing records", () => {
    const statuses = JSON.stringify(Object.fromEntries(seen))
    const count = (from: number, to: number) =>
      [...seen].filter(([status]) => status >= from && status < to).reduce((sum, [, n]) => sum + n, 0)
    expect(count(200, 300), statuses).toBeGreaterThan(runs)
    for (const status of [401, 403, 404, 413, 415, 422])
      expect(seen.get(status) ?? 0, statuses).toBeGreaterThan(0)
    expect(count(500, 600), statuses).toBe(0)
  })

  it("still serves after all of it", async () => {
    expect((await api.request("GET", "/healthz")).status).toBe(200)
    expect((await api.request("GET", "/readyz")).status).toBe(200)
    expect((await api.request("GET", "/v1/zones", { token: tokens[0] })).status).toBe(200)
  })
})

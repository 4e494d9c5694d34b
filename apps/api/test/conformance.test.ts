/**
 * The served OpenAPI document against real answers, judged by an independent validator (Ajv over the
 * document's own schemas: test/support/conformance.ts). Every operation is driven here with the error
 * statuses a client can provoke from the document alone — 401 without a token, 404 for an id that does
 * not exist, 422 for a cursor the API did not give and for a body that is not the schema's, 415 for a
 * body that is not JSON, 413 for one too large — and with the ones that need a record — 400, 403, 409,
 * 412 —; every read of the seed branch with a valid request. Any undeclared status, content type or
 * body that does not match fails. (The authorisation matrix, test/reliability/access-matrix.test.ts,
 * drives every operation with a valid request as every role and checks each answer the same way.)
 */
import sharp from "sharp"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { conformance } from "./support/conformance.ts"
import { seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
let contract: ReturnType<typeof conformance>
// biome-ignore lint/suspicious/noExplicitAny: the served document is walked as plain JSON
let doc: any
beforeAll(async () => {
  api = await startApi()
  doc = (await api.get("/openapi.json")).body
  contract = conformance(doc)
}, 60_000)
afterAll(() => api.dispose())

interface Sent {
  readonly token?: string | undefined
  readonly body?: string | Uint8Array<ArrayBuffer> | undefined
  readonly contentType?: string
  readonly headers?: Record<string, string>
}

/** Send a request as a client would (raw body, any content type) and check the answer. */
const send = async (method: string, url: string, sent: Sent = {}) => {
  const headers = new Headers(sent.headers)
  if (sent.token !== undefined) headers.set("authorization", `Bearer ${sent.token}`)
  if (sent.body !== undefined) headers.set("content-type", sent.contentType ?? "application/json")
  else if (method !== "GET" && method !== "DELETE") headers.set("content-length", "0")
  const response = await api.app.request(url, {
    method,
    headers,
    ...(sent.body === undefined ? {} : { body: sent.body })
  })
  const answer = { status: response.status, headers: response.headers, text: await response.text() }
  return { ...answer, problems: contract.check(method, url, answer) }
}

/** A multipart form as a client sends it: its bytes and its content type (with the boundary). */
const formBody = async (parts: ReadonlyArray<readonly [string, string | Blob, string?]>) => {
  const form = new FormData()
  for (const [name, value, fileName] of parts) {
    if (typeof value === "string") form.append(name, value)
    else form.append(name, value, fileName)
  }
  const encoded = new Response(form)
  return {
    body: new Uint8Array(await encoded.arrayBuffer()),
    contentType: encoded.headers.get("content-type") as string
  }
}

/** A resident's report through the public endpoint (its receipt and case id in the answer). */
const report = () =>
  send("POST", "/v1/public/siping-water/zones/NH-01/problems", {
    body: JSON.stringify({ title: "河面漂浮垃圾", description: "桥下有塑料袋" })
  })

const freshReceipt = async (): Promise<string> => JSON.parse((await report()).text).receipt

/** A path of an operation's template, each parameter given a value its schema accepts. */
const fill = (template: string, values: Record<string, string> = {}) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (values[name] !== undefined) return values[name]
    if (name === "year") return "2023"
    if (name === "stage") return "acknowledged"
    if (name === "key") return "responsibility_zones"
    if (name === "tenantId") return "siping-water"
    if (name === "code") return "NH-01"
    return `no-such-${name}`
  })

interface Operation {
  readonly method: string
  readonly template: string
  // biome-ignore lint/suspicious/noExplicitAny: as above
  readonly operation: any
}
const operations = (): ReadonlyArray<Operation> =>
  Object.entries(doc.paths).flatMap(([template, item]) =>
    // biome-ignore lint/suspicious/noExplicitAny: as above
    Object.entries(item as Record<string, any>).map(([method, operation]) => ({
      method: method.toUpperCase(),
      template,
      operation
    }))
  )
/** The operations that take no token: the resident's, and opening an invite (its code is the credential). */
const isPublic = (op: Operation) => op.template.startsWith("/v1/public/") || op.template === "/v1/sign-in"

describe("the validator", () => {
  it("can fail: an undeclared status, a wrong content type and a body off its schema are each caught", () => {
    const json = new Headers({ "content-type": "application/json" })
    expect(contract.check("GET", "/v1/members", { status: 418, headers: json, text: "{}" })).toHaveLength(1)
    expect(
      contract.check("GET", "/v1/members", {
        status: 200,
        headers: new Headers({ "content-type": "text/html" }),
        text: "<p>"
      })
    ).toHaveLength(1)
    expect(
      contract.check("GET", "/v1/members", { status: 200, headers: json, text: '{"items":3}' })
    ).toHaveLength(1)
    expect(contract.check("GET", "/v1/nowhere", { status: 200, headers: json, text: "{}" })).toHaveLength(1)
    expect(
      contract.check("GET", "/v1/members", { status: 200, headers: json, text: '{"items":[]}' })
    ).toEqual([])
  })
})

describe("every operation's answers keep to the document", () => {
  it("401 without a token (every operation but the public ones)", async () => {
    const problems: Array<string> = []
    for (const op of operations().filter((o) => !isPublic(o))) {
      const body = op.operation.requestBody === undefined ? undefined : "{}"
      const reply = await send(op.method, fill(op.template), { body })
      if (reply.status !== 401) problems.push(`${op.method} ${op.template}: ${reply.status}, not 401`)
      problems.push(...reply.problems)
    }
    expect(problems).toEqual([])
  })

  it("404 for a record that does not exist (every operation naming one)", async () => {
    const problems: Array<string> = []
    for (const op of operations().filter((o) => /\{(id|branchId|tenantId)\}/.test(o.template))) {
      if (op.operation.requestBody !== undefined && !/\/(void|restore)$/.test(op.template)) continue
      const body = /\/void$/.test(op.template)
        ? JSON.stringify({ reason: "误录" })
        : op.method === "POST"
          ? "{}"
          : undefined
      const query = /\/reports\/(zones|members|counts)$/.test(op.template)
        ? "?from=2023-01-01&to=2023-12-31"
        : ""
      const url = `${fill(op.template, { tenantId: "no-such-tenant" })}${query}`
      const reply = await send(op.method, url, { token: api.tokens.admin, body })
      if (reply.status !== 404)
        problems.push(`${op.method} ${url}: ${reply.status}, not 404 ${reply.text.slice(0, 120)}`)
      problems.push(...reply.problems)
    }
    expect(problems).toEqual([])
  })

  it("422 for a cursor the API did not give (every list)", async () => {
    const problems: Array<string> = []
    const lists = operations().filter((o) =>
      // biome-ignore lint/suspicious/noExplicitAny: as above
      (o.operation.parameters ?? []).some((p: any) => p.name === "after")
    )
    expect(lists.length).toBeGreaterThan(10)
    for (const op of lists) {
      const reply = await send(op.method, `${op.template}?after=not-a-cursor`, { token: api.tokens.admin })
      if (reply.status !== 422) problems.push(`${op.method} ${op.template}: ${reply.status}, not 422`)
      problems.push(...reply.problems)
    }
    expect(problems).toEqual([])
  })

  it("415 for a body that is not JSON, 413 for one too large, 422 for one off its schema (every operation taking a body)", async () => {
    const problems: Array<string> = []
    const writes = operations().filter((o) => o.operation.requestBody !== undefined)
    expect(writes.length).toBeGreaterThan(30)
    const large = JSON.stringify({ notes: "河".repeat(200_000) })
    for (const op of writes) {
      const url = fill(op.template, { id: seed.zoneNh01, branchId: seed.branch })
      const token = isPublic(op) ? undefined : api.tokens.admin
      // An operation whose body is an image (a report's photo): too large is over its 5 MB; off its
      // schema is bytes that are no image, sent as one; a real receipt, so the body is what is judged.
      const content = op.operation.requestBody.content
      // An upload of ledgers (multipart): too large is over its 20 MB; off its schema is a form
      // without a file.
      const multipart = content["multipart/form-data"] !== undefined
      const image = content["application/json"] === undefined && !multipart
      const target = image ? fill(op.template, { code: await freshReceipt() }) : url
      const cases = multipart
        ? ([
            [415, { token, body: "name=x", contentType: "application/x-www-form-urlencoded" }],
            [
              413,
              {
                token,
                ...(await formBody([["file", new Blob([new Uint8Array(20 * 1024 * 1024 + 1)]), "成员.csv"]]))
              }
            ],
            [422, { token, ...(await formBody([["note", "no file"]])) }]
          ] as const)
        : image
          ? ([
              [415, { token, body: "name=x", contentType: "application/x-www-form-urlencoded" }],
              [
                413,
                { token, body: new Uint8Array(5 * 1024 * 1024 + 1).fill(0xff), contentType: "image/jpeg" }
              ],
              [422, { token, body: new TextEncoder().encode("not an image"), contentType: "image/jpeg" }]
            ] as const)
          : ([
              [415, { token, body: "name=x", contentType: "application/x-www-form-urlencoded" }],
              [413, { token, body: large }],
              [422, { token, body: JSON.stringify(["not", "an", "object"]) }]
            ] as const)
      for (const [want, sent] of cases) {
        const reply = await send(op.method, target, sent)
        if (reply.status !== want) problems.push(`${op.method} ${target}: ${reply.status}, not ${want}`)
        problems.push(...reply.problems)
      }
    }
    expect(problems).toEqual([])
  }, 120_000)

  it("400, 403, 409 and 412 where a request provokes them", async () => {
    const problems: Array<string> = []
    const expectAnswer = async (want: number, method: string, url: string, sent: Sent) => {
      const reply = await send(method, url, sent)
      if (reply.status !== want)
        problems.push(`${method} ${url}: ${reply.status}, not ${want} ${reply.text.slice(0, 160)}`)
      problems.push(...reply.problems)
      return reply
    }
    const admin = api.tokens.admin
    // 403: a viewer may not write; a secretary may not read the audit log.
    await expectAnswer(403, "POST", "/v1/members", {
      token: api.tokens.viewer,
      body: JSON.stringify({
        name: "新成员",
        homeBranchId: seed.branch,
        role: "member",
        temporaryMemberships: []
      })
    })
    await expectAnswer(403, "GET", "/v1/audit", { token: api.tokens.secretary })
    // 409: a zone code already taken.
    await expectAnswer(409, "POST", "/v1/zones", {
      token: admin,
      body: JSON.stringify({
        branchId: seed.branch,
        code: "NH-01",
        name: "重复的责任区",
        riverSegments: ["南河"],
        resources: { cleaners: 1, boats: 0, crew: 0 }
      })
    })
    // 412: a stale If-Match.
    const member = JSON.parse((await send("GET", `/v1/members/${seed.zhang}`, { token: admin })).text).data
    const { id: _id, tenantId: _tenant, ...change } = member
    await expectAnswer(412, "PUT", `/v1/members/${seed.zhang}`, {
      token: admin,
      body: JSON.stringify(change),
      headers: { "if-match": '"999"' }
    })
    // 400 (or the 422 of an unreadable body), whichever the operation declares: malformed JSON.
    const malformed = await send("POST", "/v1/zones", { token: admin, body: "{" })
    problems.push(...malformed.problems)
    expect([400, 415, 422]).toContain(malformed.status)
    expect(problems).toEqual([])
  })

  it("200 for every read of the seed branch", async () => {
    const problems: Array<string> = []
    const ids: Record<string, Record<string, string>> = {
      "/v1/organisations/{id}": { id: seed.branch },
      "/v1/members/{id}": { id: seed.zhang },
      "/v1/teams/{id}": { id: "team-supervision" },
      "/v1/projects/{id}": { id: seed.projectNanhe },
      "/v1/pioneer-posts/{id}": { id: seed.post },
      "/v1/zones/{id}": { id: seed.zoneNh01 },
      "/v1/events/{id}": { id: "" },
      "/v1/patrols/{id}": { id: "" },
      "/v1/campaigns/{id}": { id: seed.campaign },
      "/v1/cases/{id}": { id: seed.caseSignboard },
      "/v1/wishes/{id}": { id: "" },
      "/v1/audit/{id}": { id: "" },
      "/v1/communities/{id}": { id: seed.zhongxing },
      "/v1/communities/{id}/ledger/{year}": { id: seed.zhongxing },
      "/v1/public/{tenantId}/receipts/{code}": { code: "" }
    }
    // Ids the seed does not name: the first of each list.
    for (const [template, list] of [
      ["/v1/events/{id}", "/v1/events"],
      ["/v1/patrols/{id}", "/v1/patrols"],
      ["/v1/wishes/{id}", "/v1/wishes"],
      ["/v1/audit/{id}", "/v1/audit"]
    ] as const) {
      const first = JSON.parse((await send("GET", `${list}?limit=1`, { token: api.tokens.admin })).text)
      ids[template] = { id: first.items[0].data.id }
    }
    // A receipt: a resident's report through the public endpoint, with a photo the branch then sees.
    const reported = await report()
    problems.push(...reported.problems)
    const { receipt, caseId } = JSON.parse(reported.text)
    ids["/v1/public/{tenantId}/receipts/{code}"] = { code: receipt }
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#3a7" } })
      .jpeg()
      .toBuffer()
    const added = await send("POST", `/v1/public/siping-water/receipts/${receipt}/photos`, {
      body: new Uint8Array(photo),
      contentType: "image/jpeg"
    })
    expect(added.status, added.text).toBe(201)
    problems.push(...added.problems)
    const photos = JSON.parse(
      (await send("GET", `/v1/cases/${caseId}/photos`, { token: api.tokens.admin })).text
    )
    ids["/v1/cases/{id}/photos"] = { id: caseId }
    ids["/v1/cases/{id}/photos/{photoId}"] = { id: caseId, photoId: photos[0].id }
    // An errors file: a ledger checked with a rejected row.
    const checked = await send("POST", "/v1/imports", {
      token: api.tokens.admin,
      ...(await formBody([
        ["file", new Blob(["姓名*,所属支部*,职务*\r\n钱错,不存在的支部,党员"]), "成员.csv"]
      ]))
    })
    expect(checked.status, checked.text).toBe(200)
    problems.push(...checked.problems)
    ids["/v1/imports/{id}/errors"] = { id: JSON.parse(checked.text).id }
    // An invite, and the session its code starts.
    const invited = await send("POST", "/v1/invites", {
      token: api.tokens.admin,
      body: JSON.stringify({ role: "viewer", branchId: seed.branch, label: "查看者" })
    })
    expect(invited.status, invited.text).toBe(200)
    problems.push(...invited.problems)
    const signedIn = await send("POST", "/v1/sign-in", {
      body: JSON.stringify({ code: JSON.parse(invited.text).code })
    })
    expect(signedIn.status, signedIn.text).toBe(200)
    problems.push(...signedIn.problems)
    ids["/v1/invites/{id}"] = { id: JSON.parse(invited.text).id }
    ids["/v1/sessions/{id}"] = { id: JSON.parse(signedIn.text).session.id }
    const reads = operations().filter((o) => o.method === "GET")
    for (const op of reads) {
      const values = { branchId: seed.branch, ...(ids[op.template] ?? {}) }
      const query =
        op.template.includes("/reports/") && !op.template.includes("/annual/")
          ? "?from=2023-01-01&to=2023-12-31"
          : ""
      const url = `${fill(op.template, values)}${query}`
      const reply = await send("GET", url, { token: isPublic(op) ? undefined : api.tokens.admin })
      if (reply.status !== 200) problems.push(`GET ${url}: ${reply.status} ${reply.text.slice(0, 160)}`)
      problems.push(...reply.problems)
    }
    expect(problems).toEqual([])
  })
})

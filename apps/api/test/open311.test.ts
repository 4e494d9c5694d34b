/**
 * Open311 GeoReport v2, driven as a 311 client drives it: the services and their zone attribute, a
 * form-encoded request filed, its status by id, by a list of ids and by token, the case the branch
 * sees through /v1, and the status following the branch to closure — in JSON and XML, with the
 * standard's errors, and never a name or a phone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { describePg, freshDatabase } from "./reliability/support/pg.ts"
import { type Reply, seed, startApi, type TestApi, tenantId } from "./support.ts"

let api: TestApi

const endpoint = `/open311/v2/${tenantId}`

/** A request as a 311 client sends it. */
const send = async (method: string, path: string, form?: Record<string, string>, type?: string) => {
  const response = await api.app.request(path, {
    method,
    ...(form === undefined
      ? {}
      : {
          headers: { "content-type": type ?? "application/x-www-form-urlencoded" },
          body: new URLSearchParams(form).toString()
        })
  })
  const text = await response.text()
  const json = response.headers.get("content-type")?.includes("json") ?? false
  return { status: response.status, headers: response.headers, body: json ? JSON.parse(text) : text } as Reply
}

const resident = {
  service_code: "litter",
  "attribute[zone]": "NH-01",
  description: "南河桥下游右岸水面漂浮大量塑料瓶",
  address_string: "南河桥下游右岸",
  lat: "43.1665",
  long: "124.3503",
  first_name: "先生",
  last_name: "李",
  phone: "13712345678",
  email: "li@example.com"
}

/** File the resident's request and return its id. */
const file = async (form: Record<string, string> = resident) => {
  const reply = await send("POST", `${endpoint}/requests.json`, form)
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  expect(reply.body).toHaveLength(1)
  return reply.body[0] as { service_request_id: string; service_notice: string }
}

const expectError = (reply: Reply, status: number, says?: RegExp) => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status)
  expect(reply.body).toEqual([{ code: status, description: expect.any(String) }])
  if (says !== undefined) expect(reply.body[0].description).toMatch(says)
}

/** The suite on one database: SQLite, or a fresh PostgreSQL database. */
const suite = (name: string, database: () => Promise<{ url?: string; drop: () => Promise<void> }>) =>
  describe(`Open311 GeoReport v2 on ${name}`, () => {
    let drop = async () => {}
    beforeAll(async () => {
      const db = await database()
      drop = db.drop
      api = await startApi(db.url === undefined ? {} : { databaseUrl: db.url })
    })
    afterAll(async () => {
      await api?.dispose()
      await drop()
    })
    it("lists the problem categories as services, each taking the zone as its attribute", async () => {
      const services = await send("GET", `${endpoint}/services.json`)
      expect(services.status).toBe(200)
      expect(services.headers.get("content-type")).toMatch(/^application\/json/)
      const codes = services.body.map((s: { service_code: string }) => s.service_code)
      expect(codes).toEqual(["litter", "pollution", "facility", "encroachment", "safety", "other"])
      expect(services.body[0]).toMatchObject({
        service_code: "litter",
        service_name: "水面漂浮物、垃圾",
        metadata: true,
        type: "realtime"
      })
      expect(services.body[0].description).toBe("水面漂浮物、垃圾 — Floating litter or rubbish")

      const definition = await send("GET", `${endpoint}/services/litter.json`)
      expect(definition.status).toBe(200)
      expect(definition.body.service_code).toBe("litter")
      const [zone] = definition.body.attributes
      expect(zone).toMatchObject({
        code: "zone",
        datatype: "singlevaluelist",
        required: true,
        variable: true
      })
      const keys = zone.values.map((v: { key: string }) => v.key)
      expect(keys).toEqual(expect.arrayContaining(["NH-01", "XH-01"]))

      expectError(await send("GET", `${endpoint}/services/potholes.json`), 404, /service potholes/)
      expectError(await send("GET", "/open311/v2/no-such-tenant/services.json"), 404)
    })

    it("discovery names the endpoint, whom to call and that no api_key is needed", async () => {
      const found = await send("GET", `${endpoint}/discovery.json`)
      expect(found.status).toBe(200)
      expect(found.body.endpoints).toEqual([
        expect.objectContaining({
          specification: "http://wiki.open311.org/GeoReport_v2",
          url: `http://localhost${endpoint}`,
          formats: ["application/json", "text/xml"]
        })
      ])
      expect(found.body.contact).toContain("0434-3271234")
      expect(found.body.key_service).toContain("no api_key")
      const xml = await send("GET", `${endpoint}/discovery.xml`)
      expect(xml.body).toContain(
        "<formats><format>application/json</format><format>text/xml</format></formats>"
      )
    })

    it("files a form-encoded request and follows it by id, by ids and by token, without names or phones", async () => {
      const filed = await file()
      expect(filed.service_request_id).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$/)
      expect(filed.service_notice).toContain(filed.service_request_id)
      const id = filed.service_request_id

      const byId = await send("GET", `${endpoint}/requests/${id}.json`)
      expect(byId.status, JSON.stringify(byId.body)).toBe(200)
      expect(byId.body).toHaveLength(1)
      const [request] = byId.body
      expect(request).toMatchObject({
        service_request_id: id,
        token: id,
        status: "open",
        service_code: "litter",
        service_name: "水面漂浮物、垃圾",
        address_id: "NH-01"
      })
      expect(request.address).toContain("NH-01")
      expect(request.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/)
      expect(request.updated_datetime).toBe(request.requested_datetime)
      expect(request.expected_datetime).toMatch(/\+08:00$/)
      expect(request.status_notes).toContain("已收到")

      const other = await file({ ...resident, service_code: "facility", description: "护栏松动" })
      const both = await send(
        "GET",
        `${endpoint}/requests.json?service_request_id=${id},${other.service_request_id}`
      )
      expect(both.status).toBe(200)
      expect(both.body.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([
        id,
        other.service_request_id
      ])
      expect(both.body[1].service_code).toBe("facility")

      const token = await send("GET", `${endpoint}/tokens/${id}.json`)
      expect(token.status).toBe(200)
      expect(token.body).toEqual([{ service_request_id: id, token: id }])

      for (const reply of [byId, both, token]) {
        const text = JSON.stringify(reply.body)
        for (const leak of [
          "李",
          "先生",
          "13712345678",
          "137****5678",
          "li@example.com",
          resident.description
        ]) {
          expect(text, leak).not.toContain(leak)
        }
      }
    })

    it("the branch sees the request as a case through /v1, and the status follows it to closure", async () => {
      const { service_request_id: id } = await file()
      const listed = await api.get(`/v1/cases?zoneId=${seed.zoneNh01}&limit=500`, api.tokens.secretary)
      expect(listed.status).toBe(200)
      const found = listed.body.items.find((i: { data: { receipt?: string } }) => i.data.receipt === id)
      expect(found, "the branch's list has the case").toBeDefined()
      expect(found.data).toMatchObject({
        source: "resident",
        category: "litter",
        description: resident.description,
        location: "南河桥下游右岸 43.1665,124.3503"
      })
      // the secretary may see the reporter
      const stored = await api.get(`/v1/cases/${found.data.id}`, api.tokens.secretary)
      expect(JSON.stringify(stored.body.data.reporter)).toContain("李先生")

      const steps: ReadonlyArray<[string, Record<string, unknown>]> = [
        ["acknowledged", { at: "2030-03-01T01:00:00.000Z" }],
        ["assigned", { at: "2030-03-01T02:00:00.000Z", assigneeId: seed.zhou }],
        ["resolved", { at: "2030-03-01T05:00:00.000Z", note: "已组织打捞" }]
      ]
      for (const [stage, body] of steps) {
        const step = await api.post(`/v1/cases/${found.data.id}/${stage}`, body, api.tokens.secretary)
        expect(step.status, JSON.stringify(step.body)).toBe(200)
      }
      const resolved = await send("GET", `${endpoint}/requests/${id}.json`)
      expect(resolved.body[0]).toMatchObject({
        status: "open",
        updated_datetime: "2030-03-01T13:00:00.000+08:00"
      })

      const verified = await api.post(
        `/v1/cases/${found.data.id}/verified`,
        { at: "2030-03-01T17:30:00.000Z", note: "已清理干净，感谢您的反映" },
        api.tokens.secretary
      )
      expect(verified.status, JSON.stringify(verified.body)).toBe(200)
      const closed = await send("GET", `${endpoint}/requests/${id}.json`)
      expect(closed.body[0]).toMatchObject({
        status: "closed",
        status_notes: "已清理干净，感谢您的反映",
        // 17:30 UTC is half past one the next morning in Beijing
        updated_datetime: "2030-03-02T01:30:00.000+08:00"
      })
      expect(closed.body[0].expected_datetime).toBeUndefined()
    })

    it("answers in XML for .xml, errors included", async () => {
      const services = await send("GET", `${endpoint}/services.xml`)
      expect(services.status).toBe(200)
      expect(services.headers.get("content-type")).toMatch(/^application\/xml/)
      expect(services.body).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?><services><service>/)
      expect(services.body).toContain(
        "<service_code>litter</service_code><service_name>水面漂浮物、垃圾</service_name>"
      )

      const definition = await send("GET", `${endpoint}/services/litter.xml`)
      expect(definition.body).toMatch(
        /<service_definition><service_code>litter<\/service_code><attributes><attribute>/
      )
      expect(definition.body).toContain("<value><key>NH-01</key>")

      const filed = await send("POST", `${endpoint}/requests.xml`, {
        ...resident,
        description: "水面有油污 <b>&</b>"
      })
      expect(filed.status).toBe(200)
      const id = /<service_request_id>([^<]+)<\/service_request_id>/.exec(filed.body)?.[1]
      expect(filed.body).toMatch(/^<\?xml[^>]*\?><service_requests><request><service_request_id>/)
      const status = await send("GET", `${endpoint}/requests/${id}.xml`)
      expect(status.body).toContain(`<service_request_id>${id}</service_request_id>`)
      expect(status.body).toContain("<status>open</status>")

      const missing = await send("GET", `${endpoint}/requests/2222-2222-22.xml`)
      expect(missing.status).toBe(404)
      expect(missing.body).toMatch(
        /<errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>$/
      )
    })

    it("refuses what it cannot file with the standard's errors", async () => {
      const post = (form: Record<string, string>, type?: string) =>
        send("POST", `${endpoint}/requests.json`, form, type)
      const { service_code: _, ...noService } = resident
      expectError(await post(noService), 400, /service_code is required/)
      expectError(await post({ ...resident, service_code: "potholes" }), 400, /no service potholes/)
      const { "attribute[zone]": __, ...noZone } = resident
      expectError(
        await post({ ...noZone, address_string: "桥下" }),
        400,
        /attribute\[zone\] is required.*NH-01/
      )
      expectError(await post({ ...resident, "attribute[zone]": "ZZ-99" }), 400, /no such zone/)
      expectError(await post({ ...resident, phone: "call me" }), 400, /phone/)
      expectError(await post(resident, "application/json"), 400, /x-www-form-urlencoded/)
      expectError(await post({ ...resident, description: "河".repeat(30_000) }), 413, /64 KiB/)
      expectError(await post({ ...resident, description: "河".repeat(2_001) }), 400, /description/)
      expectError(await post({ ...resident, jurisdiction_id: "elsewhere" }), 404, /jurisdiction/)
      // a zone's code in the address is enough when the client has no attributes
      const byAddress = await post({ ...noZone, address_string: "xh-01 步道旁" })
      expect(byAddress.status, JSON.stringify(byAddress.body)).toBe(200)
      const filed = await send("GET", `${endpoint}/requests/${byAddress.body[0].service_request_id}.json`)
      expect(filed.body[0].address_id).toBe("XH-01")

      expectError(await send("GET", `${endpoint}/requests.json`), 400, /service_request_id/)
      expectError(await send("GET", `${endpoint}/requests/2222-2222-22.json`), 404)
      expectError(await send("GET", `${endpoint}/tokens/nothing.json`), 404)
      expectError(
        await send("GET", `${endpoint}/requests/${"A".repeat(60)}.json`),
        404,
        /no report has this receipt/
      )
      expectError(await send("GET", `/open311/v2/${"t".repeat(130)}/services.json`), 404)
      expectError(await send("GET", `/open311/v2/${"t".repeat(130)}/requests/2222-2222-22.json`), 404)
      expectError(await send("DELETE", `${endpoint}/requests.json`), 405)
      expectError(await send("POST", `${endpoint}/services.json`, resident), 405)
      const options = async (path: string) =>
        (await api.app.request(path, { method: "OPTIONS" })).headers.get("allow")
      expect(await options(`${endpoint}/requests.json`)).toBe("GET, HEAD, POST, OPTIONS")
      expect(await options(`${endpoint}/services.xml`)).toBe("GET, HEAD, OPTIONS")
      expect(await options(`${endpoint}/requests/2222-2222-22.json`)).toBe("GET, HEAD, OPTIONS")
      expectError(await send("GET", `${endpoint}/things.json`), 404)
    })
  })

suite("SQLite", async () => ({ drop: async () => {} }))
await describePg("Open311 on PostgreSQL", () => suite("PostgreSQL", freshDatabase))

describe("Open311 GeoReport v2, abuse limits", () => {
  it("a filed request counts against the residents' reports an hour, as the intake's and the forms' do", async () => {
    const limited = await startApi({ reportsPerHour: 2 })
    try {
      const post = () =>
        limited.app.request(`${endpoint}/requests.json`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(resident).toString()
        })
      expect((await post()).status).toBe(200)
      const json = await limited.post(`/v1/public/${tenantId}/zones/NH-01/problems`, {
        category: "litter",
        description: "同一设备通过 API 的反映"
      })
      expect(json.status, JSON.stringify(json.body)).toBe(202)
      const refused = await post()
      expect(refused.status).toBe(429)
      expect(refused.headers.get("retry-after")).toMatch(/^\d+$/)
      expect(await refused.json()).toEqual([
        { code: 429, description: expect.stringMatching(/2 reports an hour/) }
      ])
      // reading is not reporting
      expect((await limited.app.request(`${endpoint}/services.json`)).status).toBe(200)
    } finally {
      await limited.dispose()
    }
  })

  it("shares the public endpoints' rate limit, answering 429 in the standard's shape", async () => {
    const limited = await startApi({ publicRateLimit: 3 })
    try {
      const statuses: Array<number> = []
      let last: Response | undefined
      for (let i = 0; i < 5; i++) {
        last = await limited.app.request(`${endpoint}/services.json`)
        statuses.push(last.status)
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429])
      expect(last?.headers.get("retry-after")).toMatch(/^\d+$/)
      const body = await last?.json()
      expect(body).toEqual([{ code: 429, description: expect.stringMatching(/3 requests a minute/) }])
      // the same budget as /v1/public
      expect((await limited.app.request(`/v1/public/${tenantId}`)).status).toBe(429)
    } finally {
      await limited.dispose()
    }
  })
})

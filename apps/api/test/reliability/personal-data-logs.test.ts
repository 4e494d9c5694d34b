/**
 * The server's logs carry no personal data: a real server at LOG_LEVEL=debug is sent phone and ID
 * numbers every way a client can — in bodies (members, a resident's report, roster volunteers), in
 * invalid bodies it refuses, in query strings and in paths — and its whole output (stdout and
 * stderr) is then scanned for phone numbers, ID numbers and bearer tokens. None may be there.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, expect, it } from "vitest"
import { adminToken } from "./support/load.ts"
import { killAll, startServing } from "./support/process.ts"

// Delimited as a number stands in text, like the ID number below: not a run of digits inside an id
// (the first-start link's invite id, a UUIDv7 such as `…-b68a-16676454260f`, once matched).
const mobile = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/
const idNumber = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/
const landline = /(?<!\d)0\d{2,3}-\d{7,8}(?!\d)/

const dir = mkdtempSync(join(tmpdir(), "bishui-logs-"))
afterAll(() => {
  killAll()
  rmSync(dir, { recursive: true, force: true })
})

it("logs no phone number, ID number or token, whatever the requests carried", async () => {
  const databaseUrl = join(dir, "bishui.db")
  const server = await startServing({ databaseUrl, env: { LOG_LEVEL: "debug" } })
  const token = await adminToken(databaseUrl)
  const phone = "13912345678"
  const id = "22030219900101123X"
  const call = async (method: string, path: string, body?: unknown, raw?: string) => {
    const response = await fetch(new URL(path, server.url), {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined && raw === undefined ? {} : { body: raw ?? JSON.stringify(body) })
    })
    return { status: response.status, body: await response.text() }
  }
  try {
    const member = {
      name: "孙立新",
      homeBranchId: "branch-nanbeihe",
      role: "member",
      phone,
      idNumber: id,
      temporaryMemberships: []
    }
    const created = await call("POST", "/v1/members", member)
    expect(created.status, created.body).toBe(201)
    const memberId = (JSON.parse(created.body) as { data: { id: string } }).data.id
    expect((await call("PUT", `/v1/members/${memberId}`, { ...member, phone: "0434-3201234" })).status).toBe(
      200
    )
    expect((await call("GET", `/v1/members/${memberId}`)).status).toBe(200)
    // Refused bodies: the server must not log what it refused.
    expect(
      (await call("POST", "/v1/members", { ...member, phone: `${phone}x`, idNumber: "22030219900101123Y" }))
        .status
    ).toBe(422)
    expect((await call("POST", "/v1/members", { ...member, name: 13800001111 })).status).toBe(422)
    expect((await call("POST", "/v1/members", undefined, `{"phone":"${phone}",`)).status).toBe(422)
    // Duplicate: a conflict names the key, which must not be a phone or ID number either.
    await call("POST", "/v1/members", member)
    // A resident's report with a phone, a valid one and an invalid one.
    const report = {
      title: "河面漂浮垃圾",
      description: `联系我 ${phone}`,
      name: "王先生",
      phone: "13800009876"
    }
    expect((await call("POST", "/v1/public/siping-water/zones/NH-02/problems", report)).status).toBe(202)
    expect(
      (
        await call("POST", "/v1/public/siping-water/zones/NH-02/problems", {
          ...report,
          phone: "1380000987612345678901"
        })
      ).status
    ).toBe(422)
    // Query strings and paths a client filled with personal data.
    await call("GET", `/v1/members?name=${phone}&homeBranchId=branch-nanbeihe`)
    await call("GET", `/v1/members?phone=${phone}`)
    await call("GET", `/v1/members/${phone}`)
    await call("GET", `/v1/members/${id}`)
    await call("POST", `/v1/public/siping-water/zones/${phone}/problems`, report)
    await call("DELETE", `/v1/pioneer-posts/post-yuepingtan/roster/volunteers/${phone}`)
    // Roster volunteers carry phones too.
    await call("POST", "/v1/pioneer-posts/post-yuepingtan/roster", {
      _tag: "VolunteerOnDuty",
      name: "陈小红",
      phone: "13700001111",
      since: "2024-05-01"
    })
  } finally {
    expect(await server.kill()).toBe(0)
  }
  const lines = [...server.stdout, ...server.stderr].filter((line) => line.trim() !== "")
  expect(lines.filter((line) => line.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(15)
  expect(lines.filter((line) => mobile.test(line))).toEqual([])
  expect(lines.filter((line) => idNumber.test(line))).toEqual([])
  expect(lines.filter((line) => landline.test(line))).toEqual([])
  const secret = token.slice(token.lastIndexOf("_") + 1)
  expect(lines.filter((line) => line.includes(secret))).toEqual([])
}, 60_000)

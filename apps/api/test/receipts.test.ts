/**
 * Residents close the loop: a problem reported on the signboard answers with a receipt code, and the
 * code's public status tells how the report stands — stages with local times, the zone, the status in
 * words, the closing note — and never who: no names, phones or members.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectProblem, seed, startApi, type TestApi, tenantId } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const problem = {
  title: "河面漂浮垃圾",
  description: "西湖湿地北侧步道旁水面漂浮塑料瓶",
  location: "北侧步道",
  name: "张先生",
  phone: "13912345678"
}

/** Report a problem on zone XH-01 and return the receipt it answers with. */
const report = async (body: Record<string, unknown> = problem) => {
  const reply = await api.post(`/v1/public/${tenantId}/zones/XH-01/problems`, body)
  expect(reply.status, JSON.stringify(reply.body)).toBe(202)
  return reply.body as { caseId: string; status: string; receipt: string; statusUrl: string }
}

/** Every personal thing the report or its handling could leak. */
const personal = [
  problem.name,
  problem.phone,
  "139****5678",
  problem.description,
  "member-",
  seed.zhou,
  "周敏"
]

describe("receipts", () => {
  it("a problem report answers with a receipt code, easy to read aloud, and its status link", async () => {
    const answer = await report()
    expect(answer.status).toBe("reported")
    expect(answer.receipt).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}$/)
    expect(answer.statusUrl).toBe(`/v1/public/${tenantId}/receipts/${answer.receipt}`)
    const other = await report({ title: "护栏松动", description: "步道护栏松动" })
    expect(other.receipt).not.toBe(answer.receipt)
    // staff see it on the case
    const stored = await api.get(`/v1/cases/${answer.caseId}`, api.tokens.secretary)
    expect(stored.body.data.receipt).toBe(answer.receipt)
  })

  it("the status shows the stages with local times, the zone and the status in words, and nobody", async () => {
    const answer = await report()
    const opened = await api.get(answer.statusUrl)
    expect(opened.status, JSON.stringify(opened.body)).toBe(200)
    expect(opened.body).toMatchObject({
      receipt: answer.receipt,
      statusUrl: answer.statusUrl,
      timeZone: "Asia/Shanghai",
      zone: { code: "XH-01" },
      status: "reported",
      statusText: { zh: "已收到您的反映，等待受理" },
      closed: false
    })
    expect(opened.body.stages).toHaveLength(1)
    expect(opened.body.stages[0].label).toEqual({ zh: "上报", en: "reported" })
    expect(opened.body.stages[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/)
    expect(opened.body.fixDueBy).toMatch(/\+08:00$/)

    // the branch walks it to verified, naming who did what
    const path = `/v1/cases/${answer.caseId}`
    const steps: ReadonlyArray<[string, Record<string, unknown>]> = [
      ["acknowledged", { at: "2030-01-01T00:30:00.000Z", note: "周敏受理" }],
      ["assigned", { at: "2030-01-01T01:00:00.000Z", assigneeId: seed.zhou }],
      ["resolved", { at: "2030-01-01T02:00:00.000Z", note: "周敏组织清运" }],
      ["verified", { at: "2030-01-01T16:30:00.000Z", note: "已清理干净，感谢您的反映" }]
    ]
    for (const [stage, body] of steps) {
      const step = await api.post(`${path}/${stage}`, body, api.tokens.secretary)
      expect(step.status, JSON.stringify(step.body)).toBe(200)
    }
    const done = await api.get(answer.statusUrl)
    expect(done.body).toMatchObject({
      status: "verified",
      statusText: { zh: "已处理并复核，办结", en: "Fixed and checked: closed" },
      closed: true,
      closingNote: "已清理干净，感谢您的反映"
    })
    expect(done.body.fixDueBy).toBeUndefined()
    // local times in Beijing time: 2030-01-01T16:30Z is the morning of 2 January
    expect(done.body.stages.map((s: { stage: string; at: string }) => [s.stage, s.at]).slice(1)).toEqual([
      ["acknowledged", "2030-01-01T08:30:00.000+08:00"],
      ["assigned", "2030-01-01T09:00:00.000+08:00"],
      ["resolved", "2030-01-01T10:00:00.000+08:00"],
      ["verified", "2030-01-02T00:30:00.000+08:00"]
    ])
    const text = JSON.stringify(done.body)
    for (const leak of personal) expect(text, leak).not.toContain(leak)
    expect(text).not.toContain(answer.caseId)
  })

  it("reads the code in any case, with or without dashes; a wrong code is 404 and says nothing more", async () => {
    const answer = await report()
    const bare = answer.receipt.replaceAll("-", "")
    for (const typed of [bare, bare.toLowerCase(), answer.receipt.toLowerCase()]) {
      const reply = await api.get(`/v1/public/${tenantId}/receipts/${typed}`)
      expect(reply.status, typed).toBe(200)
      expect(reply.body.receipt).toBe(answer.receipt)
    }
    // unknown, malformed, another tenant: one answer
    const wrong = answer.receipt.startsWith("2")
      ? `3${answer.receipt.slice(1)}`
      : `2${answer.receipt.slice(1)}`
    const details = new Set<string>()
    for (const path of [
      `/v1/public/${tenantId}/receipts/${wrong}`,
      `/v1/public/${tenantId}/receipts/0000-0000-00`,
      `/v1/public/${tenantId}/receipts/x`,
      `/v1/public/no-such-tenant/receipts/${answer.receipt}`
    ]) {
      const reply = await api.get(path)
      expectProblem(reply, 404)
      details.add(reply.body.detail)
    }
    expect([...details]).toEqual(["没有这个回执号的反映; no report has this receipt code"])
  })

  it("a report closed as a duplicate points to the other report's status; spam says it was closed", async () => {
    const first = await report({ title: "水面漂浮物", description: "桥下" })
    const second = await report({ title: "又见漂浮物", description: "桥下那片" })
    const spam = await report({ title: "广告", description: "加微信" })
    const dup = await api.post(
      `/v1/cases/${second.caseId}/close`,
      { as: "duplicate", duplicateOf: first.caseId, note: "与此前的反映为同一处，已合并处理" },
      api.tokens.secretary
    )
    expect(dup.status, JSON.stringify(dup.body)).toBe(200)
    const merged = await api.get(second.statusUrl)
    expect(merged.body).toMatchObject({
      status: "closed_as_duplicate",
      closed: true,
      closingNote: "与此前的反映为同一处，已合并处理",
      closedAs: { as: "duplicate", duplicateOf: { receipt: first.receipt, statusUrl: first.statusUrl } }
    })
    expect(merged.body.closedAs.at).toMatch(/\+08:00$/)
    expect(merged.body.fixDueBy).toBeUndefined()
    expect(
      (await api.post(`/v1/cases/${spam.caseId}/close`, { as: "spam" }, api.tokens.secretary)).status
    ).toBe(200)
    const closed = await api.get(spam.statusUrl)
    expect(closed.body).toMatchObject({
      status: "closed_as_spam",
      statusText: { zh: "已关闭：不属于需要处理的问题" },
      closed: true,
      closedAs: { as: "spam" }
    })
    expect(closed.body.closedAs.duplicateOf).toBeUndefined()
  })
})

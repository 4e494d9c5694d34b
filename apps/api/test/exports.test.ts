/**
 * `GET /v1/export`: the tenant's records as the import template, written by the import engine as
 * `bishui-import export` does — the workbook imported again changes nothing, a CSV is one sheet, a
 * voided record is left out, admins only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectProblem, type Reply, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const download = async (query: string, token: string | null = api.tokens.admin) => {
  const response = await api.app.request(`/v1/export${query}`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` }
  })
  return {
    status: response.status,
    headers: response.headers,
    bytes: new Uint8Array(await response.arrayBuffer())
  }
}

const problem = async (query: string, token: string | null = api.tokens.admin): Promise<Reply> => {
  const { status, headers, bytes } = await download(query, token)
  return { status, headers, body: JSON.parse(new TextDecoder().decode(bytes)) }
}

const validate = async (name: string, bytes: Uint8Array) => {
  const form = new FormData()
  form.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>]), name)
  const response = await api.app.request("/v1/imports?mode=validate", {
    method: "POST",
    body: form,
    headers: { authorization: `Bearer ${api.tokens.admin}` }
  })
  expect(response.status).toBe(200)
  return (await response.json()) as {
    ok: boolean
    units: ReadonlyArray<{
      sheets: ReadonlyArray<{
        sheet: string
        created: number
        updated: number
        unchanged: number
        rejected: number
      }>
    }>
  }
}

describe("exports", () => {
  it("exports the workbook, which validates as unchanged: every row is the record stored", async () => {
    const { status, headers, bytes } = await download("")
    expect(status).toBe(200)
    expect(headers.get("content-disposition")).toBe(
      `attachment; filename="bishui-export.xlsx"; filename*=UTF-8''${encodeURIComponent("台账导出.xlsx")}`
    )
    // An xlsx is a zip.
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b])
    const report = await validate("台账导出.xlsx", bytes)
    expect(report.ok).toBe(true)
    const sheets = report.units.flatMap((u) => u.sheets)
    const members = sheets.find((s) => s.sheet === "成员")
    expect(members?.unchanged).toBeGreaterThan(0)
    for (const sheet of sheets) {
      expect({
        sheet: sheet.sheet,
        created: sheet.created,
        updated: sheet.updated,
        rejected: sheet.rejected
      }).toEqual({ sheet: sheet.sheet, created: 0, updated: 0, rejected: 0 })
    }
    expect(sheets.reduce((n, s) => n + s.unchanged, 0)).toBeGreaterThan(20)
  })

  it("exports one sheet as CSV, named after it, and leaves a voided record out", async () => {
    const created = await api.post(
      "/v1/members",
      {
        name: "导出作废甲",
        homeBranchId: seed.branch,
        role: "member",
        phone: "13912340001",
        temporaryMemberships: []
      },
      api.tokens.admin
    )
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const csv = async () => {
      const { status, headers, bytes } = await download("?format=csv&kind=members")
      expect(status).toBe(200)
      expect(headers.get("content-disposition")).toBe(
        `attachment; filename="bishui-export-members.csv"; filename*=UTF-8''${encodeURIComponent("成员.csv")}`
      )
      // The BOM kept (the decoder's default drops it): Excel reads the file as UTF-8 by it.
      return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)
    }
    const before = await csv()
    expect(before.split("\r\n")[0]).toMatch(/^\uFEFF.*编号/)
    expect(before).toContain("导出作废甲")
    // Personal data as stored: the admin's export is not masked.
    expect(before).toContain("13912340001")
    expect(before).toContain("王建华")
    const voided = await api.post(
      `/v1/members/${created.body.data.id}/void`,
      { reason: "重复录入" },
      api.tokens.admin
    )
    expect(voided.status, JSON.stringify(voided.body)).toBe(200)
    const after = await csv()
    expect(after).not.toContain("导出作废甲")
    expect(after).toContain("王建华")
    // The CSV imports again as it is: unchanged.
    const report = await validate("成员.csv", new TextEncoder().encode(after))
    expect(report.ok).toBe(true)
    expect(report.units[0]?.sheets[0]).toMatchObject({ sheet: "成员", created: 0, updated: 0 })
  })

  it("refuses a CSV without its sheet, a workbook with one, and an unknown sheet (422)", async () => {
    expectProblem(await problem("?format=csv"), 422)
    expectProblem(await problem("?format=xlsx&kind=members"), 422)
    expectProblem(await problem("?format=csv&kind=nothing"), 422)
    expectProblem(await problem("?format=pdf"), 422)
  })

  it("is for admins only: every branch's personal data", async () => {
    expectProblem(await problem("", null), 401)
    for (const token of [api.tokens.secretary, api.tokens.member, api.tokens.viewer]) {
      expectProblem(await problem("", token), 403)
      expectProblem(await problem("?format=csv&kind=zones", token), 403)
    }
  })
})

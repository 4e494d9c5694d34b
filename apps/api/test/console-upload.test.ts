/**
 * `/console/ledgers` in process: who may use it (a bearer, an admin's), the CSRF token of its forms, and
 * the checked upload it imports being the same person's. The whole walk in a browser is
 * `browser/console-upload.test.ts`.
 */
import { Hono } from "hono"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makePageClient } from "../src/pages/client.ts"
import { consoleUploadRoutes } from "../src/pages/console/upload/routes.tsx"
import { startApi, type TestApi } from "./support.ts"

let api: TestApi
let site: Hono
beforeAll(async () => {
  api = await startApi()
  const app = api.app
  const client = makePageClient(async (request) => app.fetch(request))
  site = new Hono()
  site.route(
    "/console",
    consoleUploadRoutes({
      client: () => client,
      bearerOf: (c) => c.req.header("x-test-bearer"),
      csrf: { field: "_csrf", tokenOf: (c) => c.req.header("x-test-csrf") }
    })
  )
})
afterAll(() => api.dispose())

const csv = (branch: string) =>
  new Blob([["姓名*,所属支部*,职务*", `吴表单,${branch},党员`].join("\r\n")], { type: "text/csv" })

const post = async (path: string, form: FormData, token: string | undefined) => {
  const response = await site.request(path, {
    method: "POST",
    body: form,
    headers: {
      ...(token === undefined ? {} : { "x-test-bearer": `Bearer ${token}` }),
      "x-test-csrf": "t0ken"
    }
  })
  return { status: response.status, text: await response.text() }
}

const ledgerForm = (mode: string, csrf: string | undefined, branch = "四平市南北河管理中心党支部") => {
  const form = new FormData()
  form.append("file", csv(branch), "成员.csv")
  form.append("mode", mode)
  if (csrf !== undefined) form.append("_csrf", csrf)
  return form
}

describe("/console/ledgers", () => {
  it("asks to sign in without a bearer, and carries the CSRF token in its form", async () => {
    const out = await site.request("/console/ledgers")
    expect(out.status).toBe(401)
    expect(await out.text()).toContain("请先登录")
    const page = await site.request("/console/ledgers", {
      headers: { "x-test-bearer": `Bearer ${api.tokens.admin}`, "x-test-csrf": "t0ken" }
    })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('name="_csrf" value="t0ken"')
    expect(html).toContain('enctype="multipart/form-data"')
  })

  it("refuses a form without the CSRF token, and a non-admin", async () => {
    const forged = await post("/console/ledgers", ledgerForm("validate", undefined), api.tokens.admin)
    expect(forged.status).toBe(403)
    expect(forged.text).toContain("表单已过期")
    const secretary = await post("/console/ledgers", ledgerForm("validate", "t0ken"), api.tokens.secretary)
    expect(secretary.status).toBe(403)
    expect(secretary.text).toContain("只有管理员可以导入或导出台账")
  })

  it("imports a checked upload for the same person only, once", async () => {
    const checked = await post("/console/ledgers", ledgerForm("validate", "t0ken"), api.tokens.admin)
    expect(checked.status).toBe(200)
    expect(checked.text).toContain("没有发现错误")
    const upload = /name="upload" value="([^"]+)"/.exec(checked.text)?.[1]
    expect(upload).toBeDefined()
    const importForm = () => {
      const form = new FormData()
      form.append("upload", upload as string)
      form.append("_csrf", "t0ken")
      return form
    }
    const other = await api.token({ role: "admin" })
    expect((await post("/console/ledgers/import", importForm(), other)).status).toBe(404)
    const imported = await post("/console/ledgers/import", importForm(), api.tokens.admin)
    expect(imported.status).toBe(200)
    expect(imported.text).toContain("已全部导入")
    const members = await api.get(`/v1/members?name=${encodeURIComponent("吴表单")}`, api.tokens.admin)
    expect(members.body.items).toHaveLength(1)
    // The kept upload is used once: sending the form again imports nothing twice.
    expect((await post("/console/ledgers/import", importForm(), api.tokens.admin)).status).toBe(404)
  })

  it("shows a file the engine cannot read as the API's reason", async () => {
    const form = new FormData()
    form.append("file", new Blob(["hello"]), "notes.txt")
    form.append("_csrf", "t0ken")
    const refused = await post("/console/ledgers", form, api.tokens.admin)
    expect(refused.status).toBe(422)
    expect(refused.text).toContain("notes.txt")
  })

  it("passes on the API's exports: the workbook, one sheet as CSV; a non-admin and an unknown sheet are refused", async () => {
    const get = (path: string, token: string | undefined) =>
      site.request(path, { headers: token === undefined ? {} : { "x-test-bearer": `Bearer ${token}` } })
    const workbook = await get("/console/ledgers/export.xlsx", api.tokens.admin)
    expect(workbook.status).toBe(200)
    expect(workbook.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    expect(workbook.headers.get("content-disposition")).toContain(encodeURIComponent("台账导出.xlsx"))
    expect(workbook.headers.get("cache-control")).toBe("private, no-store")
    const bytes = new Uint8Array(await workbook.arrayBuffer())
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b])
    const zones = await get("/console/ledgers/export.csv?kind=zones", api.tokens.admin)
    expect(zones.status).toBe(200)
    expect(zones.headers.get("content-type")).toBe("text/csv; charset=utf-8")
    expect(zones.headers.get("content-disposition")).toContain(encodeURIComponent("责任区.csv"))
    expect(await zones.text()).toContain("编码")
    const unknown = await get("/console/ledgers/export.csv?kind=nothing", api.tokens.admin)
    expect(unknown.status).toBe(422)
    expect(await unknown.text()).toContain("没有这个工作表")
    const secretary = await get("/console/ledgers/export.xlsx", api.tokens.secretary)
    expect(secretary.status).toBe(403)
    expect(await secretary.text()).toContain("只有管理员可以导入或导出台账")
    expect((await get("/console/ledgers/export.csv?kind=zones", undefined)).status).toBe(401)
  })
})

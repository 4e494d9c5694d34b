/**
 * `POST /v1/imports` and `GET /v1/imports/{id}/errors`: the import engine over multipart uploads —
 * validate writes nothing, import is all-or-nothing per file, the rejected rows come back as a file.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { AccessTokens } from "@bishui/services"
import { Effect, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { appLayer, makeServer } from "../src/server/Server.ts"
import { describePg, freshDatabase } from "./reliability/support/pg.ts"
import { expectProblem, type Reply, seed, startApi, type TestApi, tenantId } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const workbook = readFileSync(fileURLToPath(new URL("../../../examples/siping/siping.xlsx", import.meta.url)))

/** 成员.csv with two new members: 钱错's branch does not exist. */
const membersCsv = (branchOfSecond: string) =>
  [
    "姓名*,所属支部*,职务*,手机号",
    "赵新,四平市南北河管理中心党支部,党员,13800009901",
    `钱错,${branchOfSecond},党员,13800009902`
  ].join("\r\n")

type Upload = ReadonlyArray<{ name: string; body: Uint8Array | string; type?: string }>

const uploadTo = async (
  app: TestApi["app"],
  files: Upload,
  mode: string | undefined,
  token: string | null
): Promise<Reply> => {
  const form = new FormData()
  for (const f of files)
    form.append(
      "file",
      new Blob([f.body as Uint8Array<ArrayBuffer> | string], { type: f.type ?? "" }),
      f.name
    )
  const response = await app.request(`/v1/imports${mode === undefined ? "" : `?mode=${mode}`}`, {
    method: "POST",
    body: form,
    headers: token === null ? {} : { authorization: `Bearer ${token}` }
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text === "" ? null : JSON.parse(text) }
}

const upload = (files: Upload, mode: string | undefined, token: string | null = api.tokens.admin) =>
  uploadTo(api.app, files, mode, token)

const membersNamed = async (name: string) => {
  const reply = await api.get(`/v1/members?name=${encodeURIComponent(name)}`, api.tokens.admin)
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body.items as ReadonlyArray<{ data: { name: string; homeBranchId: string } }>
}

describe("POST /v1/imports", () => {
  it("validates the example workbook without writing, then imports it again unchanged", async () => {
    const validated = await upload(
      [
        {
          name: "siping.xlsx",
          body: workbook,
          type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
      ],
      undefined
    )
    expect(validated.status, JSON.stringify(validated.body)).toBe(200)
    expect(validated.body).toMatchObject({ mode: "validate", rejected: 0, ok: true, errorsFile: null })
    expect(validated.body.units).toHaveLength(1)
    const unit = validated.body.units[0]
    expect(unit).toMatchObject({ label: "siping.xlsx", files: ["siping.xlsx"], committed: false })
    const sheets = new Map(unit.sheets.map((s: { sheet: string }) => [s.sheet, s]))
    expect([...sheets.keys()]).toEqual(
      expect.arrayContaining(["组织", "成员", "责任区", "巡河记录", "活动台账"])
    )
    const rows = unit.sheets.reduce(
      (n: number, s: { created: number; updated: number; unchanged: number }) =>
        n + s.created + s.updated + s.unchanged,
      0
    )
    expect(rows).toBeGreaterThan(50)

    const imported = await upload([{ name: "siping.xlsx", body: workbook }], "import")
    expect(imported.status, JSON.stringify(imported.body)).toBe(200)
    expect(imported.body).toMatchObject({ mode: "import", rejected: 0, ok: true })
    expect(imported.body.units[0].committed).toBe(true)
    // The same workbook again changes nothing: every row is found and equal.
    const again = await upload([{ name: "siping.xlsx", body: workbook }], "import")
    expect(again.status).toBe(200)
    for (const sheet of again.body.units[0].sheets) {
      expect(sheet, sheet.sheet).toMatchObject({ created: 0, updated: 0, rejected: 0 })
    }
  })

  it("reports a CSV's bad row with its sheet, row, column and reasons, writes nothing, and keeps the errors file", async () => {
    const bad = membersCsv("不存在的支部")
    const validated = await upload([{ name: "成员.csv", body: bad, type: "text/csv" }], "validate")
    expect(validated.status, JSON.stringify(validated.body)).toBe(200)
    expect(validated.body).toMatchObject({ mode: "validate", rejected: 1, ok: false })
    const [unit] = validated.body.units
    expect(unit.sheets).toEqual([
      {
        file: "成员.csv",
        sheet: "成员",
        kind: expect.any(String),
        created: 1,
        updated: 0,
        unchanged: 0,
        rejected: 1
      }
    ])
    const errors = unit.issues.filter((i: { severity: string }) => i.severity === "error")
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({
      file: "成员.csv",
      sheet: "成员",
      row: 3,
      column: "所属支部*",
      value: "不存在的支部"
    })
    expect(errors[0].reason.zh).toMatch(/[\u4e00-\u9fff]/)
    expect(errors[0].reason.en).toMatch(/[a-z]/)

    // The errors file: the rejected row, as written, with its row and reason — a CSV, as one CSV was sent.
    expect(validated.body.errorsFile).toBe(`/v1/imports/${validated.body.id}/errors`)
    const file = await api.app.request(validated.body.errorsFile, {
      headers: { authorization: `Bearer ${api.tokens.admin}` }
    })
    expect(file.status).toBe(200)
    expect(file.headers.get("content-type")).toBe("application/octet-stream")
    expect(file.headers.get("content-disposition")).toContain(encodeURIComponent("成员-errors.csv"))
    const csv = await file.text()
    expect(csv).toContain("钱错")
    expect(csv).not.toContain("赵新")
    expect(csv).toContain("不存在的支部")

    // Import with the bad row: the file is one transaction, so 赵新 is not written either.
    const refused = await upload([{ name: "成员.csv", body: bad }], "import")
    expect(refused.status).toBe(200)
    expect(refused.body).toMatchObject({ mode: "import", rejected: 1, ok: false })
    expect(refused.body.units[0].committed).toBe(false)
    expect(await membersNamed("赵新")).toEqual([])

    // Fixed: both members are there.
    const fixed = await upload(
      [{ name: "成员.csv", body: membersCsv("四平市南北河管理中心党支部") }],
      "import"
    )
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200)
    expect(fixed.body).toMatchObject({ rejected: 0, ok: true, errorsFile: null })
    expect(fixed.body.units[0].committed).toBe(true)
    expect((await membersNamed("赵新")).map((m) => m.data.homeBranchId)).toEqual([seed.branch])
    expect((await membersNamed("钱错")).map((m) => m.data.homeBranchId)).toEqual([seed.branch])
  })

  it("answers 404 for an errors file it does not keep", async () => {
    expectProblem(await api.get(`/v1/imports/nothing-here/errors`, api.tokens.admin), 404)
  })

  it("takes admin tokens only, multipart only, 20 MB at most", async () => {
    const csv = [{ name: "成员.csv", body: membersCsv("四平市南北河管理中心党支部") }]
    expectProblem(await upload(csv, "validate", null), 401)
    expectProblem(await upload(csv, "validate", api.tokens.secretary), 403)
    expectProblem(await upload(csv, "validate", api.tokens.member), 403)
    expectProblem(await api.post(`/v1/imports`, { file: "成员.csv" }, api.tokens.admin), 415)
    expectProblem(await upload([], "validate"), 422)
    expectProblem(await upload(csv, "replace"), 422)
    const unreadable = await upload([{ name: "notes.txt", body: "hello" }], "validate")
    expectProblem(unreadable, 422)
    expect(unreadable.body.detail).toContain("notes.txt")
    const huge = await upload([{ name: "huge.csv", body: new Uint8Array(21 * 1024 * 1024) }], "validate")
    expectProblem(huge, 413)
  })
})

await describePg("POST /v1/imports on PostgreSQL", () => {
  let server: Awaited<ReturnType<typeof makeServer>>
  let runtime: ManagedRuntime.ManagedRuntime<AccessTokens.AccessTokens, unknown>
  let token = ""
  let drop: () => Promise<void> = async () => {}
  beforeAll(async () => {
    const db = await freshDatabase()
    drop = db.drop
    server = await makeServer({
      databaseUrl: db.url,
      seed: true,
      publicRateLimit: 1000,
      corsOrigins: [],
      log: () => {}
    })
    runtime = ManagedRuntime.make(appLayer(db.url))
    token = await runtime.runPromise(
      Effect.gen(function* () {
        const tokens = yield* AccessTokens.AccessTokens
        return (yield* tokens.issue({ tenantId, role: "admin", label: "test admin" })).token
      })
    )
  }, 60_000)
  afterAll(async () => {
    await runtime?.dispose()
    await server?.dispose()
    await drop()
  })

  it("validates the workbook, refuses a file with a bad row whole, imports it fixed", async () => {
    const validated = await uploadTo(server.app, [{ name: "siping.xlsx", body: workbook }], "validate", token)
    expect(validated.status, JSON.stringify(validated.body)).toBe(200)
    expect(validated.body).toMatchObject({ rejected: 0, ok: true })
    const refused = await uploadTo(
      server.app,
      [{ name: "成员.csv", body: membersCsv("不存在的支部") }],
      "import",
      token
    )
    expect(refused.body).toMatchObject({ rejected: 1, ok: false })
    expect(refused.body.units[0].committed).toBe(false)
    const named = async (name: string) => {
      const response = await server.app.request(`/v1/members?name=${encodeURIComponent(name)}`, {
        headers: { authorization: `Bearer ${token}` }
      })
      return ((await response.json()) as { items: ReadonlyArray<unknown> }).items
    }
    expect(await named("赵新")).toEqual([])
    const fixed = await uploadTo(
      server.app,
      [{ name: "成员.csv", body: membersCsv("四平市南北河管理中心党支部") }],
      "import",
      token
    )
    expect(fixed.body).toMatchObject({ rejected: 0, ok: true })
    expect(await named("赵新")).toHaveLength(1)
  }, 60_000)
})

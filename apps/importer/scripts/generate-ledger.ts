/**
 * A large, valid ledger CSV in the template's form, for measuring the importer. Rows refer to the zones
 * and members of examples/siping, so import examples/siping/csv first, then the generated file.
 * Deterministic: the same --rows, --kind and --seed give the same bytes.
 *
 * Usage: node apps/importer/scripts/generate-ledger.ts --rows 1000000 --kind patrols|events [--seed 1] [--out file.csv]
 */
import { createWriteStream } from "node:fs"
import { parseArgs } from "node:util"

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    kind: { type: "string", default: "patrols" },
    seed: { type: "string", default: "1" },
    out: { type: "string" }
  }
})
const rows = Number(values.rows)
const kind = values.kind
if (!Number.isSafeInteger(rows) || rows < 0 || (kind !== "patrols" && kind !== "events")) {
  console.error("usage: generate-ledger.ts --rows N --kind patrols|events [--seed S] [--out file.csv]")
  process.exit(2)
}
const out = values.out ?? `ledger-${kind}-${rows}.csv`

// mulberry32: small, seeded, good enough for test data
let state = Number(values.seed) >>> 0
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <A>(list: ReadonlyArray<A>): A => list[Math.floor(random() * list.length)] as A

const zones = ["BH-01", "BH-02", "NH-01", "NH-02", "XH-01"]
// members of the standing branch (their home branch owns the zones)
const members = ["刘洋", "吴海峰", "周敏", "张伟", "李雪梅", "杨帆", "王建华", "赵国栋", "郑凯", "陈志强"]
const findings = [
  "岸坡白色垃圾若干，已清理",
  "水面漂浮物少量",
  "未发现异常",
  "排污口附近水色发暗，已上报",
  '护栏松动一处，已报修，"待复查"',
  "河道畅通，水质良好"
]
const categories = ["志愿服务劳动", "清理垃圾"]
const titles = ["义务劳动", "河长制宣传进社区", "清理河道垃圾", "护河志愿服务"]

const pad = (n: number, width = 2) => String(n).padStart(width, "0")
const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)

const stream = createWriteStream(out)
const write = (text: string) =>
  stream.write(text) ? Promise.resolve() : new Promise<void>((r) => stream.once("drain", () => r()))

// A distinct start per row: minutes from 2000-01-01 counted up (with a random step), so the natural key
// (zone, member, start) never repeats.
let minute = 0
const start = Date.UTC(2000, 0, 1)
const at = (m: number) => {
  const d = new Date(start + m * 60_000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

const header =
  kind === "patrols"
    ? "\uFEFF编号,责任区编码*,巡河人*,开始时间*,结束时间,发现问题,清理垃圾(公斤),示例数据\r\n"
    : "\uFEFF编号,所属支部,日期*,类别*,标题*,地点,社区,责任区编码,参加党员,其他参加人数,清理垃圾(公斤),服务群众(人),备注,示例数据\r\n"
await write(header)
let buffer = ""
for (let i = 0; i < rows; i++) {
  minute += 1 + Math.floor(random() * 3)
  if (kind === "patrols") {
    const ended = minute + 30 + Math.floor(random() * 120)
    const litter = random() < 0.3 ? "" : (Math.floor(random() * 400) / 10).toString()
    buffer += `,${pick(zones)},${pick(members)},${at(minute)},${at(ended)},${quote(pick(findings))},${litter},\r\n`
  } else {
    const day = at(minute * 60).slice(0, 10)
    const participants = [pick(members), pick(members)].filter((m, j, all) => all.indexOf(m) === j).join("、")
    buffer += `,四平市南北河管理中心党支部,${day},${pick(categories)},${pick(titles)} ${i},,中兴社区,${pick(zones)},${participants},${Math.floor(random() * 20)},${Math.floor(random() * 300) / 10},${Math.floor(random() * 100)},,\r\n`
  }
  if (buffer.length > 1 << 16) {
    await write(buffer)
    buffer = ""
  }
}
await write(buffer)
await new Promise<void>((resolve) => stream.end(resolve))
console.error(`wrote ${rows} ${kind} rows to ${out}`)

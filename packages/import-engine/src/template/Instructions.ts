/** The instructions sheet (说明) of the template, generated from the sheet definitions. */
import type { TimeZone } from "@bishui/domain"
import { sheets as allSheets } from "../kinds/index.ts"
import { templateHeader } from "../sheet/Column.ts"
import { zoneLabel } from "./Cells.ts"

export interface InstructionRow {
  readonly texts: ReadonlyArray<string>
  readonly bold?: boolean
  readonly title?: boolean
}

export const general: ReadonlyArray<readonly [string, string]> = [
  [
    "每张表第一行是表头，从第二行起一行一条记录。列名后带 * 的是必填列；列的顺序可以调整，多余的列会被忽略并提示。",
    "Row 1 of each sheet is the header; one record per row from row 2. Columns marked * are required; columns may be reordered; unknown columns are ignored with a warning."
  ],
  [
    "列名可用中文，也可用英文别名（见下表 English 列）。",
    "Headers may be Chinese or their English aliases (the English column below)."
  ],
  [
    "日期可写 2023-11-05、2023/11/5、2023.11.05 或 2023年11月5日；时间为本单位所在时区的当地时间（默认北京时间），如 2023-07-22 06:40。",
    "Dates: 2023-11-05, 2023/11/5, 2023.11.05 or 2023年11月5日; times are local times of the tenant's time zone (China Standard Time by default), e.g. 2023-07-22 06:40."
  ],
  [
    "金额可写 23000、23,000元 或 2.3万元；数量可写 80、80本 或 80余本（记为80，标注约数）。全角数字和标点也可以。",
    "Money: 23000, 23,000元 or 2.3万元; counts: 80, 80本 or 80余本 (stored as 80, marked approximate). Full-width digits and punctuation are fine."
  ],
  [
    "多个值写在一格时用顿号（、）分隔。引用其他记录时写名称：组织、项目、先锋岗、活动计划按名称，责任区按编码，社区按名称（重名时写“名称（所在区）”），成员按姓名（重名时写“姓名（手机号）”）。",
    'Several values in one cell are separated by 、. Other records are referred to by name: organisations, projects, posts and campaigns by name, zones by code, communities by name ("name（district）" when names repeat), members by name ("name（phone）" for namesakes).'
  ],
  [
    "编号列由导出填写：有编号的行更新该记录；没有编号的行按各表的匹配规则找到已有记录更新，找不到就新建。重复导入同一文件不会产生重复记录。",
    "The id column is filled in by export: a row with an id updates that record; a row without one is matched by the sheet's natural key, or creates a new record. Importing the same file again creates no duplicates."
  ],
  [
    "一个文件中只要有一行出错，整个文件都不会导入（除非加 --skip-invalid）；用 --errors-out 可把出错的行连同原因另存，改正后再导入。",
    "If any row of a file is rejected, nothing of the file is imported (unless --skip-invalid); --errors-out saves the rejected rows with their reasons, to fix and import again."
  ],
  ["隐藏的工作表、本说明表和空行不会导入。", "Hidden sheets, this sheet and empty rows are not imported."]
]

/** The instructions; an export names the zone its times are written in. */
export const instructionRows = (timeZone?: TimeZone.TimeZone): ReadonlyArray<InstructionRow> => {
  const rows: Array<InstructionRow> = [
    { texts: ["bishui 台账导入模板 / ledger import template"], bold: true, title: true },
    { texts: [] }
  ]
  if (timeZone !== undefined) {
    rows.push(
      { texts: [`本文件中的时间均为 ${timeZone}（${zoneLabel(timeZone)}）的当地时间。`], bold: true },
      { texts: [`Every time in this file is local time in ${timeZone}.`] },
      { texts: [] }
    )
  }
  for (const [zh, en] of general) rows.push({ texts: [zh] }, { texts: [en] })
  for (const def of allSheets) {
    rows.push({ texts: [] })
    rows.push({ texts: [`${def.zh}（${def.en}）`], bold: true, title: true })
    rows.push({ texts: [def.note.zh] }, { texts: [def.note.en] })
    rows.push({ texts: [`匹配 matching：${def.identity.zh}`] }, { texts: [def.identity.en] })
    rows.push({ texts: ["列 column", "English", "必填 required", "说明 note", "可选值 values"], bold: true })
    for (const c of def.columns) {
      rows.push({
        texts: [
          templateHeader(c),
          c.en,
          c.required === true ? "必填" : c.required === false ? "" : c.required.zh,
          c.note.zh,
          c.choices?.map((x) => x.zh).join("、") ?? ""
        ]
      })
    }
  }
  return rows
}

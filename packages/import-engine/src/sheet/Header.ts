/**
 * Finding a sheet's header row — the first of the first ten non-blank rows that names at least two of
 * the sheet's columns (a title row above it is skipped) — and what each header means: a known column
 * (by its Chinese name, English alias or another accepted spelling), a column of an errors file (ignored),
 * or an unknown column (a warning). A sheet with rows but no header, and a file none of whose sheets is
 * a sheet of the template, cannot be read at all: `noHeader` and `noSheet` say why.
 */
import { Cell } from "@bishui/domain"
import { type Issue, UnreadableInput } from "../base/Issue.ts"
import { normalizeHeader, spellings } from "./Column.ts"
import type { BoundSheet, RawRow } from "./Row.ts"
import { type SheetDef, sheetSpellings } from "./Sheet.ts"

/** Columns an errors file adds, which a re-import passes over. */
export const errorsColumns = { reason: "错误原因", row: "原行号" } as const
const ignoredHeaders = new Set(
  [errorsColumns.reason, errorsColumns.row, "errors", "error", "source row", "错误"].map(normalizeHeader)
)

const headerText = (raw: unknown): string =>
  raw === null || raw === undefined
    ? ""
    : Cell.normalizeText(raw instanceof Date ? raw.toISOString() : String(raw))

/** The column a header names, trying each part of `中文 / english` or `中文(english)` too. */
const columnFor = (def: SheetDef, header: string) => {
  const parts = [header, ...header.split(/[/|]/), ...header.split(/[()]/)]
    .map(normalizeHeader)
    .filter((p) => p !== "")
  for (const part of parts) {
    const found = def.columns.find((c) => spellings(c).includes(part))
    if (found !== undefined) return found
  }
  return undefined
}

export const matchCount = (def: SheetDef, row: RawRow): number => {
  const seen = new Set<string>()
  for (const cell of row.cells) {
    const c = columnFor(def, headerText(cell))
    if (c !== undefined) seen.add(c.key)
  }
  return seen.size
}

export interface Bound {
  readonly bound: BoundSheet
  readonly issues: ReadonlyArray<Issue>
  /** Required columns the header lacks: the sheet cannot be read. */
  readonly missing: ReadonlyArray<string>
}

/** Look for the header among `rows` (the sheet's first rows); `undefined` when there is none. */
export const findHeader = (
  file: string,
  sheet: string,
  def: SheetDef,
  rows: ReadonlyArray<RawRow>
): { readonly at: number; readonly result: Bound } | undefined => {
  let seen = 0
  for (let at = 0; at < rows.length && seen < 10; at++) {
    const row = rows[at] as RawRow
    if (row.cells.every((c) => Cell.isBlank(c))) continue
    seen++
    if (matchCount(def, row) >= Math.min(2, def.columns.length))
      return { at, result: bind(file, sheet, def, row) }
  }
  return undefined
}

const bind = (file: string, sheet: string, def: SheetDef, header: RawRow): Bound => {
  const positions = new Map<string, { index: number; header: string }>()
  const issues: Array<Issue> = []
  const headerCells = header.cells.map(headerText)
  headerCells.forEach((text, index) => {
    if (text === "") return
    const c = columnFor(def, text)
    if (c === undefined) {
      if (ignoredHeaders.has(normalizeHeader(text))) return
      issues.push({
        severity: "warning",
        file,
        sheet,
        row: header.number,
        column: text,
        reason: {
          zh: `未知的列“${text}”，已忽略`,
          en: `unknown column "${text}" ignored`
        }
      })
    } else if (positions.has(c.key)) {
      issues.push({
        severity: "warning",
        file,
        sheet,
        row: header.number,
        column: text,
        reason: {
          zh: `列“${text}”与前面的列“${positions.get(c.key)?.header}”重复，已忽略`,
          en: `column "${text}" repeats column "${positions.get(c.key)?.header}" and is ignored`
        }
      })
    } else positions.set(c.key, { index, header: text })
  })
  const missing = def.columns.filter((c) => c.required === true && !positions.has(c.key)).map((c) => c.zh)
  return {
    bound: { file, sheet, def, headerRow: header.number, headerCells, positions },
    issues,
    missing
  }
}

/** The template sheet a sheet (or CSV file) name stands for: the longest name it holds. */
export const defForName = (defs: ReadonlyArray<SheetDef>, name: string): SheetDef | undefined => {
  const normal = normalizeHeader(name)
  const parts = [normal, ...name.split(/[/|()（）\s]+/).map(normalizeHeader)].filter((p) => p !== "")
  for (const part of parts) {
    const exact = defs.find((d) => sheetSpellings(d).includes(part))
    if (exact !== undefined) return exact
  }
  let best: { def: SheetDef; length: number } | undefined
  for (const def of defs) {
    for (const spelling of sheetSpellings(def)) {
      if (
        spelling.length >= 2 &&
        normal.includes(spelling) &&
        (best === undefined || spelling.length > best.length)
      ) {
        best = { def, length: spelling.length }
      }
    }
  }
  return best?.def
}

/** The template sheet whose columns a header row names best. */
export const defForHeader = (
  defs: ReadonlyArray<SheetDef>,
  rows: ReadonlyArray<RawRow>
): SheetDef | undefined => {
  let best: { def: SheetDef; score: number } | undefined
  for (const row of rows.slice(0, 10)) {
    for (const def of defs) {
      const n = matchCount(def, row)
      const score = n / def.columns.length + n
      if (n >= 2 && (best === undefined || score > best.score)) best = { def, score }
    }
  }
  return best?.def
}

const quoted = (names: ReadonlyArray<string>) => names.map((n) => `“${n}”`).join("")

/** A file none of whose sheets is a sheet of the template: it cannot be imported at all. */
export const noSheet = (
  file: string,
  seen: ReadonlyArray<{ readonly name: string; readonly hidden: boolean }>,
  allSheets: ReadonlyArray<SheetDef>
) => {
  const zhSeen = seen.map((s) => `“${s.name}”${s.hidden ? "（隐藏）" : ""}`).join("")
  const enSeen = seen.map((s) => `${s.name}${s.hidden ? " (hidden)" : ""}`).join(", ")
  return new UnreadableInput(file, {
    zh: `没有可导入的工作表：文件中的工作表是${zhSeen === "" ? "（无）" : zhSeen}；模板的工作表是${quoted(allSheets.map((d) => d.zh))}。请按模板给工作表命名（中文名或英文名均可，隐藏的表不导入），或从 bishui-import template 生成的模板开始`,
    en: `no sheet can be imported: the file's sheets are ${enSeen === "" ? "(none)" : enSeen}; the template's are ${allSheets.map((d) => `${d.zh} (${d.en})`).join(", ")}. Name the sheets as the template does (in Chinese or English; hidden sheets are not imported), or start from the template that bishui-import template writes`
  })
}

/** A sheet of the template with rows but no header row: what it holds cannot be told. */
export const noHeader = (file: string, sheet: string, def: SheetDef, first: RawRow) => {
  const expected = def.columns.filter((c) => c.required === true)
  const named = (expected.length > 0 ? expected : def.columns).slice(0, 4)
  const holds = first.cells
    .map((c) =>
      c === undefined || c === null ? "" : String(c instanceof Date ? c.toISOString().slice(0, 10) : c)
    )
    .filter((c) => c.trim() !== "")
    .slice(0, 6)
    .map((c) => (c.length > 20 ? `${c.slice(0, 20)}…` : c))
  return new UnreadableInput(file, {
    zh: `“${sheet}”表找不到表头：前10个非空行中没有一行写着模板的列名（如${quoted(named.map((c) => c.zh))}）；第${first.number}行是${holds.length === 0 ? "（无内容）" : quoted(holds)}。请把模板的表头行放在数据上面`,
    en: `sheet ${sheet} has no header row: none of its first 10 non-blank rows names the template's columns (such as ${named.map((c) => `${c.zh} (${c.en})`).join(", ")}); row ${first.number} holds ${holds.length === 0 ? "nothing" : holds.join(", ")}. Put the template's header row above the data`
  })
}

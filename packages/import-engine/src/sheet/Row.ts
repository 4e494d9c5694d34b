/**
 * One row of a sheet being read: its cells by column, and typed readers that record, for every cell
 * that cannot be read, the file, sheet, row, column header, value and reason — never throwing.
 */
import { type Calendar, Cell, PersonalData, TimeZone } from "@bishui/domain"
import { BigDecimal, Result, Schema } from "effect"
import type { Issue } from "../base/Issue.ts"
import { maxCellChars } from "../base/Limits.ts"
import type { RawCell, RawRow } from "../read/RawRow.ts"
import { type Column, choiceParser, cleanText, type Words } from "./Column.ts"
import type { SheetDef } from "./Sheet.ts"

export type { RawCell, RawRow, RowProblem } from "../read/RawRow.ts"
export { isBlankRow } from "../read/RawRow.ts"

/** A sheet whose header row has been read: where each known column is. */
export interface BoundSheet {
  readonly file: string
  /** The sheet's name as written (for a CSV file, the template sheet it holds). */
  readonly sheet: string
  readonly def: SheetDef
  readonly headerRow: number
  /** The header row's cells as written (for the errors file). */
  readonly headerCells: ReadonlyArray<string>
  readonly positions: ReadonlyMap<string, { readonly index: number; readonly header: string }>
}

/** A cell's value as the operator would recognise it. */
export const showCell = (raw: RawCell): string | undefined => {
  if (raw === null || raw === undefined) return undefined
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return "Invalid Date"
    const iso = raw.toISOString()
    return iso.slice(11, 23) === "00:00:00.000"
      ? iso.slice(0, 10)
      : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`
  }
  return String(raw)
}

/** A value as shown in a report: a long one cut short, saying how long it was. */
const shownChars = 100
const shorten = (shown: string | undefined): string | undefined =>
  shown === undefined || shown.length <= shownChars
    ? shown
    : `${shown.slice(0, shownChars)}…（共${shown.length.toLocaleString("en-US")}字符 / ${shown.length.toLocaleString("en-US")} characters）`

const required: Words = { zh: "此列必填，不能为空", en: "this column is required: it must not be blank" }

export class RowCtx {
  readonly errors: Array<Issue> = []

  readonly bound: BoundSheet
  readonly row: RawRow
  /** The tenant's zone: the ledger's times are its wall-clock times. */
  readonly timeZone: TimeZone.TimeZone

  constructor(bound: BoundSheet, row: RawRow, timeZone: TimeZone.TimeZone = TimeZone.defaultTimeZone) {
    this.bound = bound
    this.row = row
    this.timeZone = timeZone
  }

  get number(): number {
    return this.row.number
  }

  column(key: string): Column {
    const found = this.bound.def.columns.find((c) => c.key === key)
    if (found === undefined) throw new Error(`${this.bound.def.zh}: no column ${key}`)
    return found
  }

  /** Whether the sheet has this column at all. */
  has(key: string): boolean {
    return this.bound.positions.has(key)
  }

  raw(key: string): RawCell {
    const at = this.bound.positions.get(key)
    return at === undefined ? undefined : this.row.cells[at.index]
  }

  blank(key: string): boolean {
    return Cell.isBlank(this.raw(key))
  }

  /** Record a problem with a cell (or with the row, without a key). */
  fail(key: string | undefined, reason: Words, raw?: RawCell): undefined {
    const header =
      key === undefined ? undefined : (this.bound.positions.get(key)?.header ?? this.column(key).zh)
    const shown = shorten(showCell(raw === undefined && key !== undefined ? this.raw(key) : raw))
    this.errors.push({
      severity: "error",
      file: this.bound.file,
      sheet: this.bound.sheet,
      row: this.row.number,
      column: header,
      value: shown,
      reason
    })
    return undefined
  }

  /**
   * Cells no column may hold, whichever column they are in: longer than `maxCellChars`, or holding a
   * NUL or U+FFFD (bytes that were not text in the file's encoding), or that the reader could not read
   * (an error value, a formula without its saved result). Each rejects the row.
   */
  checkCells(): void {
    const columnName = (index: number) => {
      const header = this.bound.headerCells[index]
      return header === undefined || header === "" ? `第${index + 1}列 / column ${index + 1}` : header
    }
    for (const p of this.row.problems ?? []) {
      this.errors.push({
        severity: "error",
        file: this.bound.file,
        sheet: this.bound.sheet,
        row: this.row.number,
        column: columnName(p.index),
        value: shorten(p.value),
        reason: p.reason
      })
    }
    this.row.cells.forEach((cell, index) => {
      if (typeof cell !== "string") return
      const reason: Words | undefined =
        cell.length > maxCellChars
          ? {
              zh: `单元格有${cell.length.toLocaleString("en-US")}个字符，超过${maxCellChars.toLocaleString("en-US")}个字符的上限（Excel单元格的上限）`,
              en: `the cell holds ${cell.length.toLocaleString("en-US")} characters, more than the limit of ${maxCellChars.toLocaleString("en-US")} (Excel's own limit for a cell)`
            }
          : cell.includes("\u0000")
            ? {
                zh: "单元格含有空字符（NUL），文件可能已损坏",
                en: "the cell holds a NUL character: the file may be damaged"
              }
            : cell.includes("\uFFFD")
              ? {
                  zh: "单元格含有无法识别的字符（�），文件的编码可能已损坏",
                  en: "the cell holds characters that could not be read (�): the file's encoding may be broken"
                }
              : undefined
      if (reason === undefined) return
      this.errors.push({
        severity: "error",
        file: this.bound.file,
        sheet: this.bound.sheet,
        row: this.row.number,
        column: columnName(index),
        value: shorten(cell),
        reason
      })
    })
  }

  get ok(): boolean {
    return this.errors.length === 0
  }

  /** Whether the reader could not read this column's cell (reported by `checkCells`, not again). */
  private unreadable(key: string): boolean {
    const problems = this.row.problems
    if (problems === undefined) return false
    const at = this.bound.positions.get(key)
    return at !== undefined && problems.some((p) => p.index === at.index)
  }

  private read<A>(
    key: string,
    parse: (raw: RawCell) => Result.Result<A, Words>,
    isRequired: boolean
  ): A | undefined {
    if (this.unreadable(key)) return undefined
    const raw = this.raw(key)
    if (Cell.isBlank(raw)) return isRequired ? this.fail(key, required) : undefined
    const result = parse(raw)
    return Result.isSuccess(result) ? result.success : this.fail(key, result.failure)
  }

  /** Text. Numbers Excel could not hold exactly (more than 15 digits) are refused. */
  text(key: string, options: { readonly required?: boolean; readonly maxLength?: number } = {}) {
    return this.read(
      key,
      (raw) =>
        typeof raw === "number" && !Number.isSafeInteger(raw) && Number.isInteger(raw)
          ? Result.fail({
              zh: `数字${String(raw)}太长，Excel已将其改写：请把此列设为“文本”格式后重新输入`,
              en: `the number ${String(raw)} is too long and Excel has rounded it: format the column as Text and type it again`
            })
          : Result.map(
              Cell.parseText(
                raw,
                options.maxLength === undefined ? undefined : { maxLength: options.maxLength }
              ),
              (normal) => (typeof raw === "string" ? cleanText(raw) : normal)
            ),
      options.required === true
    )
  }

  /** Text of a code, number or id: full-width forms folded (１３８ → 138), as `Cell.normalizeText` does. */
  code(key: string, options: { readonly required?: boolean; readonly maxLength?: number } = {}) {
    const text = this.text(key, options)
    return text === undefined ? undefined : Cell.normalizeText(text)
  }

  id(key = "id"): string | undefined {
    return this.code(key, { maxLength: 120 })
  }

  date(key: string, isRequired = false): Calendar.LocalDate | undefined {
    return this.read(key, Cell.parseDate, isRequired)
  }

  /** A moment written as the tenant's local time (Beijing time by default). */
  instant(key: string, isRequired = false): Calendar.Instant | undefined {
    return this.read(key, (raw) => Cell.parseInstant(raw, this.timeZone), isRequired)
  }

  /** An amount of CNY as its exact decimal text. */
  cny(key: string, isRequired = false): string | undefined {
    const amount = this.read(key, Cell.parseCny, isRequired)
    return amount === undefined ? undefined : BigDecimal.format(amount)
  }

  /** A decimal (kilograms) as its exact decimal text. */
  decimal(key: string, isRequired = false): string | undefined {
    const value = this.read(key, Cell.parseDecimal, isRequired)
    return value === undefined ? undefined : BigDecimal.format(value)
  }

  count(
    key: string,
    isRequired = false
  ): { readonly value: number; readonly approximate: boolean } | undefined {
    return this.read(key, Cell.parseCount, isRequired)
  }

  /** A count that must be exact (an inventory): 余/约 are refused. */
  exactCount(key: string, isRequired = false): number | undefined {
    const count = this.count(key, isRequired)
    if (count === undefined) return undefined
    if (count.approximate) {
      return this.fail(key, {
        zh: "此列要填确切的数目，不能写约数（余、多、约、左右）",
        en: "this column takes an exact number, not an approximate one (余, 多, 约, 左右)"
      })
    }
    return count.value
  }

  bool(key: string, isRequired = false): boolean | undefined {
    return this.read(key, Cell.parseBoolean, isRequired)
  }

  choice<K extends string>(key: string, isRequired = false): K | undefined {
    const choices = this.column(key).choices ?? []
    return this.read(key, choiceParser(choices), isRequired) as K | undefined
  }

  list(key: string, isRequired = false): ReadonlyArray<string> {
    if (this.unreadable(key)) return []
    const raw = this.raw(key)
    if (Cell.isBlank(raw)) {
      if (isRequired) this.fail(key, required)
      return []
    }
    return Cell.parseList(raw)
  }

  choiceList<K extends string>(key: string, isRequired = false): ReadonlyArray<K> {
    const parse = choiceParser(this.column(key).choices ?? [])
    const items = this.list(key, isRequired)
    const out: Array<K> = []
    for (const item of items) {
      const result = parse(item)
      if (Result.isSuccess(result)) {
        if (!out.includes(result.success as K)) out.push(result.success as K)
      } else this.fail(key, result.failure)
    }
    return out
  }

  phone(key: string, isRequired = false): string | undefined {
    const text = this.code(key, { required: isRequired })
    if (text === undefined) return undefined
    const problem = PersonalData.phoneProblem(text)
    return problem === undefined ? text : this.fail(key, problem)
  }

  idNumber(key: string): string | undefined {
    const text = this.code(key)?.toUpperCase()
    if (text === undefined) return undefined
    return Schema.is(PersonalData.IdNumber)(text)
      ? text
      : this.fail(key, {
          zh: "身份证号应为18位：17位数字加一位数字或X",
          en: "an ID number has 18 characters: 17 digits and a digit or X"
        })
  }
}

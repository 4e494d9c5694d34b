/**
 * Stage 2, header: which template sheet a sheet is (or that it is none, or one to pass over), then
 * where its header row is among the first rows and which column is where. Pure: the read stage gives
 * the rows, and the unit acts on the outcome (skip the sheet, fail the file, reject the sheet, or go on
 * to the cells of the rows after the header).
 */
import type { Issue } from "../base/Issue.ts"
import { isBlankRow, type RawRow } from "../read/RawRow.ts"
import { normalizeHeader } from "../sheet/Column.ts"
import { defForName, findHeader, noHeader } from "../sheet/Header.ts"
import type { BoundSheet } from "../sheet/Row.ts"
import { ignoredSheetNames, type SheetDef } from "../sheet/Sheet.ts"

/** What a sheet is to the import. */
export type SheetPlan =
  /** Hidden, or a sheet of the template that holds no records (说明): read past it, silently. */
  | { readonly _tag: "Skip" }
  /** Not a sheet of the template: read past it, with a warning. */
  | { readonly _tag: "Unknown"; readonly warning: Issue }
  | { readonly _tag: "Template"; readonly def: SheetDef }

export const planSheet = (
  sheet: {
    readonly file: string
    readonly name: string
    readonly hidden: boolean
    readonly def?: SheetDef | undefined
  },
  defs: ReadonlyArray<SheetDef>
): SheetPlan => {
  if (sheet.hidden || ignoredSheetNames.includes(normalizeHeader(sheet.name))) return { _tag: "Skip" }
  const def = sheet.def ?? defForName(defs, sheet.name)
  if (def !== undefined) return { _tag: "Template", def }
  return {
    _tag: "Unknown",
    warning: {
      severity: "warning",
      file: sheet.file,
      sheet: sheet.name,
      reason: {
        zh: `工作表“${sheet.name}”不是模板中的表，已忽略`,
        en: `sheet "${sheet.name}" is not a sheet of the template and is ignored`
      }
    }
  }
}

/** What the header stage finds in a template sheet's first rows. */
export type HeaderResult =
  /** No header and no rows: nothing to import (rows further down still make the sheet unreadable). */
  | { readonly _tag: "Empty" }
  /** Rows but no header: the sheet cannot be read at all. */
  | { readonly _tag: "NoHeader"; readonly error: ReturnType<typeof noHeader> }
  /**
   * The header, and the rows after it in `head`. `issues`: unknown and repeated columns (warnings);
   * when `rejected` is true, a required column is missing and the sheet is not imported (its errors
   * follow the warnings).
   */
  | {
      readonly _tag: "Bound"
      readonly bound: BoundSheet
      readonly issues: ReadonlyArray<Issue>
      readonly rejected: boolean
      readonly rest: ReadonlyArray<RawRow>
    }

export const bindHeader = (
  file: string,
  sheet: string,
  def: SheetDef,
  head: ReadonlyArray<RawRow>
): HeaderResult => {
  const found = findHeader(file, sheet, def, head)
  if (found === undefined) {
    const firstRow = head.find((row) => !isBlankRow(row))
    return firstRow === undefined
      ? { _tag: "Empty" }
      : { _tag: "NoHeader", error: noHeader(file, sheet, def, firstRow) }
  }
  const { bound, issues, missing } = found.result
  const missingIssues = missing.map(
    (name): Issue => ({
      severity: "error",
      file,
      sheet,
      reason: {
        zh: `缺少必填列“${name}”：整张表未导入`,
        en: `the required column "${name}" is missing: the sheet is not imported`
      },
      row: bound.headerRow,
      column: name
    })
  )
  return {
    _tag: "Bound",
    bound,
    issues: [...issues, ...missingIssues],
    rejected: missing.length > 0,
    rest: head.slice(found.at + 1)
  }
}

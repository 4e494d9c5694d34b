/** What the readers give: rows of raw cells, numbered as Excel shows them, with the cells they could not read. */
import { Cell } from "@bishui/domain"
import type { Words } from "../base/Words.ts"

export type RawCell = Cell.RawCell

/** A cell the reader could not read as a value (an error value, a formula without its result). */
export interface RowProblem {
  /** The cell's index in the row (0 is column A). */
  readonly index: number
  readonly reason: Words
  /** What the cell holds, as shown in the report. */
  readonly value: string
}

export interface RawRow {
  /** The row number Excel shows. */
  readonly number: number
  readonly cells: ReadonlyArray<RawCell>
  /** Cells that could not be read; each rejects the row. */
  readonly problems?: ReadonlyArray<RowProblem>
}

/** A row with nothing in it: no value, and no cell the reader could not read. */
export const isBlankRow = (row: RawRow): boolean =>
  row.problems === undefined && row.cells.every((c) => Cell.isBlank(c))

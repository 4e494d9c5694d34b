/**
 * Stage 3, cells: a raw row after the header read into the kind's draft. The row's context (`RowCtx`)
 * collects every cell that cannot be read — file, sheet, row, column, value, reason — and the kind's
 * `parse` reads the cells it knows (no lookups: references are the next stage). A row with a bad cell
 * still goes on, so that all its problems are reported at once.
 */
import type { TimeZone } from "@bishui/domain"
import type { Ctx } from "../model/Ctx.ts"
import type { RawRow } from "../read/RawRow.ts"
import { type BoundSheet, RowCtx } from "../sheet/Row.ts"

/**
 * Which cells are checked before the kind reads the row: "all" (every cell of the row), or "unread"
 * (only the cells the reader could not read — batched ledgers, where checking every cell costs too much
 * and the kind's own readers check the cells it uses).
 */
export type CellChecks = "all" | "unread"

export interface ParsedRow<Draft> {
  readonly r: RowCtx
  /** The kind's reading of the row; undefined when a required cell is missing or unreadable. */
  readonly draft: Draft | undefined
}

export const parseRow = <Draft>(
  parse: (r: RowCtx, ctx: Ctx) => Draft | undefined,
  bound: BoundSheet,
  row: RawRow,
  timeZone: TimeZone.TimeZone,
  ctx: Ctx,
  checks: CellChecks
): ParsedRow<Draft> => {
  const r = new RowCtx(bound, row, timeZone)
  if (checks === "all" || row.problems !== undefined) r.checkCells()
  return { r, draft: parse(r, ctx) }
}

/** The rows of a register seen so far, by what makes two rows one record (`Kind.rowKey`). */
export class RowKeys {
  private readonly seen = new Map<string, number>()

  /** Whether the row is the first of its record; a repeated row fails, naming the earlier one. */
  claim(r: RowCtx, key: string): boolean {
    const earlier = this.seen.get(key)
    if (earlier !== undefined) {
      r.fail(undefined, {
        zh: `与第${earlier}行是同一条记录（重复）：请合并或删除其中一行`,
        en: `the same record as row ${earlier} (a duplicate): merge the rows or delete one`
      })
      return false
    }
    this.seen.set(key, r.number)
    return true
  }
}

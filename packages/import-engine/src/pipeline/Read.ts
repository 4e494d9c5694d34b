/**
 * Stage 1, read: a sheet's rows as they come from the reader (`read/`), a chunk at a time. Whatever a
 * reader throws becomes `UnreadableInput` naming the file; the first rows are taken to look for the
 * header; rows that are not imported are read to the end anyway (so a damaged part is still found);
 * register rows are held, within the limit of `maxHeldRows`.
 */
import { Effect } from "effect"
import { UnreadableInput } from "../base/Issue.ts"
import { maxHeldRows } from "../base/Limits.ts"
import { isBlankRow, type RawRow } from "../read/RawRow.ts"
import type { BoundSheet } from "../sheet/Row.ts"
import type { UnitState } from "./State.ts"

/** What a reader threw, as a file that cannot be read. */
export const readFailure = (file: string, cause: unknown): UnreadableInput => {
  if (cause instanceof UnreadableInput) return cause
  const message = cause instanceof Error ? cause.message : String(cause)
  return new UnreadableInput(file, {
    zh: `文件无法读取（可能已损坏或格式不对）：${message}`,
    en: `the file cannot be read (damaged, or not what its name says): ${message}`
  })
}

/** The next chunk of a reader. */
export const next = <A>(iterator: AsyncIterator<A>, file: string) =>
  Effect.tryPromise({ try: () => iterator.next(), catch: (cause) => readFailure(file, cause) })

/** How many rows are looked through for the header. */
export const headRows = 20

/** The sheet's first rows (at least `headRows`, whole chunks), and whether more follow. */
export const readHead = (iterator: AsyncIterator<ReadonlyArray<RawRow>>, file: string) =>
  Effect.gen(function* () {
    const head: Array<RawRow> = []
    let more = true
    while (more && head.length < headRows) {
      const chunk = yield* next(iterator, file)
      if (chunk.done) more = false
      else head.push(...chunk.value)
    }
    return { head, more }
  })

/** Read the rest of a sheet; `onRow` may stop it with a problem that makes the file unreadable. */
export const drain = (
  file: string,
  iterator: AsyncIterator<ReadonlyArray<RawRow>>,
  onRow?: (row: RawRow) => UnreadableInput | undefined
) =>
  Effect.gen(function* () {
    while (true) {
      const chunk = yield* next(iterator, file)
      if (chunk.done) return
      if (onRow === undefined) continue
      for (const row of chunk.value) {
        const problem = onRow(row)
        if (problem !== undefined) return yield* Effect.fail(problem)
      }
    }
  })

/**
 * Hold a register's row (blank rows are skipped: holding them would let a sheet of empty rows fill
 * memory); more than `maxHeldRows` over the unit make the file unreadable.
 */
export const hold = (
  state: UnitState,
  rows: Array<RawRow>,
  row: RawRow,
  file: string
): UnreadableInput | undefined => {
  if (isBlankRow(row)) return undefined
  rows.push(row)
  if (++state.held <= maxHeldRows) return undefined
  return new UnreadableInput(file, {
    zh: `名册类的表（组织、成员、项目、责任区等，需整表读入）合计超过${maxHeldRows.toLocaleString("en-US")}行的上限：请拆分成几个文件`,
    en: `the register sheets (organisations, members, projects, zones…, read whole) hold more than the limit of ${maxHeldRows.toLocaleString("en-US")} rows together: split them into several files`
  })
}

/** A register sheet read whole: its header and its rows (no blank ones). */
export interface HeldSheet {
  readonly bound: BoundSheet
  readonly rows: ReadonlyArray<RawRow>
}

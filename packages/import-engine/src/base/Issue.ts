/** What an import says about a row or a sheet: an error (the row is rejected) or a warning. */
import type { Words } from "./Words.ts"

export interface Issue {
  readonly severity: "error" | "warning"
  readonly file: string
  readonly sheet: string
  /** The row number Excel shows (1 is the first row); absent for a whole sheet or file. */
  readonly row?: number | undefined
  /** The column's header as written in the file (or the template's, when the column is missing). */
  readonly column?: string | undefined
  /** The cell's value as written. */
  readonly value?: string | undefined
  readonly reason: Words
}

/** Input that cannot be read at all: a missing file, a format that is neither xlsx nor csv, a broken file. */
export class UnreadableInput extends Error {
  readonly _tag = "UnreadableInput"
  readonly file: string
  readonly reason: Words

  constructor(file: string, reason: Words) {
    super(`${file}: ${reason.en}`)
    this.file = file
    this.reason = reason
  }
}

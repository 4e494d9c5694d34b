/**
 * A sheet of the template: its names (Chinese, with English aliases), what it holds, its columns, and
 * how the importer reads it — buffered (small registers that other sheets refer to) or streamed
 * (ledgers that may run to many rows).
 */
import { type Column, normalizeHeader, type Words } from "./Column.ts"

export type KindName =
  | "organisations"
  | "projects"
  | "difficulties"
  | "members"
  | "memberships"
  | "zones"
  | "posts"
  | "roster"
  | "campaigns"
  | "patrols"
  | "events"
  | "teams"
  | "cases"
  | "stages"
  | "wishes"

export interface SheetDef {
  readonly kind: KindName
  readonly zh: string
  readonly en: string
  readonly aliases?: ReadonlyArray<string>
  readonly note: Words
  /** How rows are matched to existing records, in words. */
  readonly identity: Words
  readonly columns: ReadonlyArray<Column>
  readonly mode: "buffered" | "streamed"
  /** A child sheet adds items to a list of records of another sheet. */
  readonly parent?: KindName
}

export const sheetSpellings = (def: SheetDef): ReadonlyArray<string> =>
  [def.zh, def.en, def.kind, ...(def.aliases ?? [])].map(normalizeHeader)

/** Sheets the importer passes over without a word: the instructions, the drop-down lists, an errors list. */
export const ignoredSheetNames = [
  "说明",
  "instructions",
  "readme",
  "选项",
  "lists",
  "错误清单",
  "errors"
].map(normalizeHeader)

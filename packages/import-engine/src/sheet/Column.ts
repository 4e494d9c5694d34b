/**
 * The columns of a template sheet: a Chinese header (what the template writes), an English alias and
 * any other accepted spellings, whether the column is required, how its cells are read, and for
 * enumerations the accepted values (which become the template's drop-down lists).
 */
import { Cell } from "@bishui/domain"
import { Result } from "effect"
import type { Words } from "../base/Words.ts"

export type { Words } from "../base/Words.ts"

/** One accepted value of an enumeration: the stored key, its Chinese label (shown in drop-downs) and English. */
export interface Choice {
  readonly value: string
  readonly zh: string
  readonly en: string
  readonly aliases?: ReadonlyArray<string>
}

export type ColumnType =
  | "id"
  | "text"
  | "date"
  | "instant"
  | "cny"
  | "count"
  | "decimal"
  | "boolean"
  | "choice"
  | "list"
  | "choiceList"
  | "reference"
  | "referenceList"

export interface Column {
  readonly key: string
  readonly zh: string
  readonly en: string
  readonly aliases?: ReadonlyArray<string>
  /** `true`: every row needs it; `false`: optional; a text: required under that condition. */
  readonly required: boolean | Words
  readonly type: ColumnType
  readonly choices?: ReadonlyArray<Choice>
  readonly note: Words
  readonly width?: number
  /**
   * The record fields (dotted paths in the encoded record) the column fills. When a sheet has none of
   * the columns that fill a field, an existing record keeps that field as stored.
   */
  readonly field?: string | ReadonlyArray<string>
}

export const column = (definition: Column): Column => definition

/**
 * The reader of a choice column, accepting keys, Chinese and English labels and aliases; a value it
 * does not know is reported with the Chinese labels (and the English ones) an operator can pick from.
 */
export const choiceParser = (choices: ReadonlyArray<Choice>): ChoiceReader => {
  let reader = choiceReaders.get(choices)
  if (reader === undefined) {
    reader = makeChoiceParser(choices)
    choiceReaders.set(choices, reader)
  }
  return reader
}

type ChoiceReader = (raw: Cell.RawCell) => Result.Result<string, Words>

/** The reader of each column's choices, built once (rows ask for it cell by cell). */
const choiceReaders = new WeakMap<ReadonlyArray<Choice>, ChoiceReader>()

const makeChoiceParser = (choices: ReadonlyArray<Choice>): ChoiceReader => {
  const parse = Cell.parseChoice(
    Object.fromEntries(choices.map((c) => [c.value, [c.zh, c.en, ...(c.aliases ?? [])]])) as Record<
      string,
      ReadonlyArray<string>
    >
  )
  const zh = choices.map((c) => c.zh).join("、")
  const en = choices.map((c) => `${c.zh} (${c.en})`).join(", ")
  return (raw: Cell.RawCell): Result.Result<string, Words> => {
    const result = parse(raw)
    if (Result.isSuccess(result) || Cell.isBlank(raw)) return result
    const shown = Cell.normalizeText(String(raw instanceof Date ? raw.toISOString() : raw))
    return Result.fail({ zh: `“${shown}”不是可选的值：应为${zh}之一`, en: `"${shown}" is not one of: ${en}` })
  }
}

export const labelOf = (choices: ReadonlyArray<Choice>, value: string): string =>
  choices.find((c) => c.value === value)?.zh ?? value

/** Text as compared when one record refers to another: full-width folded, white space collapsed. */
export const fold = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : Cell.normalizeText(text)

/** Two names are the same name when they fold alike. */
export const same = (a: string | undefined, b: string | undefined): boolean => fold(a) === fold(b)

/** Whether `cleanText` changes the text (most cells are clean already: the fast path). */
const needsCleaning = /[\u200B-\u200D\u2060\uFEFF\u00AD]|[^\S ]| {2}|^ | $/

/**
 * Text as stored: zero-width characters dropped, runs of spaces collapsed, each line trimmed; the
 * operator's punctuation (，：（）) is kept as written.
 */
export const cleanText = (text: string): string =>
  !needsCleaning.test(text)
    ? text
    : text
        .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, "")
        .replace(/\r\n?/g, "\n")
        .split("\n")
        .map((line) => line.replace(/[ \t\u00A0\u3000]+/g, " ").trim())
        .join("\n")
        .replace(/\n{3,}/g, "\n\n")
        .trim()

/** Header text as matched: normalised, lower case, without marks of requiredness, spaces, `_` or `-`. */
export const normalizeHeader = (text: string): string =>
  Cell.normalizeText(text)
    .toLowerCase()
    .replace(/[*＊※]/g, "")
    .replace(/[\s_\-·:：]/g, "")

/** The spellings a header may take for a column. */
export const spellings = (c: Column): ReadonlyArray<string> =>
  [c.zh, c.en, c.key, ...(c.aliases ?? [])].map(normalizeHeader)

/** The header the template writes: the Chinese name, with `*` when always required. */
export const templateHeader = (c: Column): string => (c.required === true ? `${c.zh}*` : c.zh)

/** The common columns every record sheet starts and ends with. */
export const idColumn = column({
  key: "id",
  zh: "编号",
  en: "id",
  aliases: ["记录编号", "external id", "externalid", "record id"],
  required: false,
  type: "id",
  note: {
    zh: "记录的编号（导出时填写）。填写后按编号匹配已有记录；留空则按自然键匹配，找不到就新建",
    en: "the record's id (filled in by export). When given, the row updates the record with this id; when blank, the row is matched by its natural key, or creates a new record"
  },
  width: 16
})

export const illustrativeColumn = column({
  key: "illustrative",
  zh: "示例数据",
  en: "illustrative",
  required: false,
  type: "boolean",
  field: "illustrative",
  choices: [
    { value: "true", zh: "是", en: "yes" },
    { value: "false", zh: "否", en: "no" }
  ],
  note: {
    zh: "是：这条记录的细节是为示例编造的；否或留空：真实记录",
    en: "是 (yes): the record's details were invented for an example; 否 (no) or blank: a real record"
  },
  width: 10
})

export const branchColumn = column({
  key: "branch",
  zh: "所属支部",
  en: "branch",
  required: {
    zh: "本租户有多个党支部时必填",
    en: "required when the tenant has more than one standing branch"
  },
  type: "reference",
  field: "branchId",
  note: {
    zh: "记录所属的党支部名称；本租户只有一个党支部时可留空",
    en: "the name of the Party branch the record belongs to; may be blank when the tenant has one standing branch"
  },
  width: 26
})

/**
 * Which cells hold dates. A workbook stores a date as a number — days since 1900 (or 1904) — that a
 * date number format shows as a date; the only way to tell is the cell's style. This reads the styles
 * part's cell formats (`cellXfs`) and their number formats: the built-in ones by id (14–22 and 45–47 in
 * every locale; 27–36 and 50–58, the Chinese, Japanese and Korean dates such as `yyyy"年"m"月"d"日"`;
 * 71–81, the Thai ones) and the workbook's own (`yyyy/m/d`, `yyyy"年"m"月"d"日"`,
 * `[$-804]aaaa`, …) by reading their codes. A format the workbook defines under a built-in id (WPS
 * writes some) is the workbook's.
 */
import { parseXml } from "./Xml.ts"

/** What a number format shows: a date (maybe with a time), only a time of day, or a number. */
export type FormatKind = "date" | "time" | undefined

const builtIn = new Map<number, FormatKind>()
for (const id of [
  14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58, 71, 72, 73, 74, 77, 81
])
  builtIn.set(id, "date")
for (const id of [18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56, 75, 76, 78, 79, 80])
  builtIn.set(id, "time")

/**
 * The kind of a format code. Its first section (the one for positive numbers) is read with quoted
 * text, escaped characters, fills, paddings, colours and locale tags taken out; `AM/PM` and
 * `上午/下午` mean a time; y, d, aaa (a weekday), 年, 月 and 日 (and an m that is not minutes) mean a
 * date; h, s, 时, 分 and 秒 a time. Elapsed time (`[h]:mm`) is a time.
 */
export const formatKind = (code: string): FormatKind => {
  let text = ""
  let section = 0
  for (let i = 0; i < code.length && section === 0; i++) {
    const ch = code[i] as string
    if (ch === '"') {
      const end = code.indexOf('"', i + 1)
      i = end < 0 ? code.length : end
    } else if (ch === "\\" || ch === "_" || ch === "*") i++
    else if (ch === "[") {
      const end = code.indexOf("]", i + 1)
      const inside = code.slice(i + 1, end < 0 ? code.length : end).toLowerCase()
      if (/^(h+|m+|s+)$/.test(inside)) text += "h" // elapsed hours, minutes or seconds
      i = end < 0 ? code.length : end
    } else if (ch === ";") section++
    else text += ch
  }
  text = text.replace(/AM\/PM|A\/P|上午\/下午/gi, "h").toLowerCase()
  if (text.startsWith("general")) return undefined
  let date = /[yd年月日]|a{3}/.test(text)
  let time = /[hs时時分秒]/.test(text)
  // m: minutes next to an hour or a second (h:mm, mm:ss), else a month.
  for (const match of text.matchAll(/m+/g)) {
    const before = text.slice(0, match.index).replace(/[^a-z]/g, "")
    const after = text.slice((match.index ?? 0) + match[0].length).replace(/[^a-z]/g, "")
    if (before.endsWith("h") || after.startsWith("s")) time = true
    else date = true
  }
  return date ? "date" : time ? "time" : undefined
}

/** The kind of each cell format (`cellXfs`, by the index a cell's `s` attribute gives) of a styles part. */
export const cellFormatKinds = async (
  part: string,
  bytes: Uint8Array
): Promise<ReadonlyArray<FormatKind>> => {
  const codes = new Map<number, string>()
  const xfFormats: Array<number> = []
  let inCellXfs = false
  await parseXml(part, bytes, {
    open: (tag, local) => {
      if (local === "numFmt") {
        const id = Number(tag.attributes.numFmtId)
        const code = tag.attributes.formatCode
        if (Number.isInteger(id) && code !== undefined) codes.set(id, code)
      } else if (local === "cellXfs") inCellXfs = true
      else if (local === "xf" && inCellXfs) xfFormats.push(Number(tag.attributes.numFmtId ?? 0))
    },
    close: (_tag, local) => {
      if (local === "cellXfs") inCellXfs = false
    }
  })
  return xfFormats.map((id) => {
    const code = codes.get(id)
    return code !== undefined ? formatKind(code) : builtIn.get(id)
  })
}

/**
 * Reports for a terminal: a summary per sheet (created / updated / unchanged / rejected) and the
 * problems as a table — file, sheet, the row Excel shows, column, value, and the reason in Chinese with
 * the English below it. Widths count a Chinese character as two columns.
 */
import { basename } from "node:path"
import type { Issue, Unit } from "@bishui/import-engine"

const wide = (code: number) =>
  (code >= 0x1100 && code <= 0x115f) ||
  (code >= 0x2e80 && code <= 0xa4cf) ||
  (code >= 0xac00 && code <= 0xd7a3) ||
  (code >= 0xf900 && code <= 0xfaff) ||
  (code >= 0xfe30 && code <= 0xfe4f) ||
  (code >= 0xff00 && code <= 0xff60) ||
  (code >= 0xffe0 && code <= 0xffe6) ||
  (code >= 0x20000 && code <= 0x3fffd)

/** A count with its English noun in the right number: `1 row`, `2 rows`, `0 rows`. */
export const count = (n: number, noun: string, plural = `${noun}s`): string =>
  `${n.toLocaleString("en-US")} ${n === 1 ? noun : plural}`

export const displayWidth = (text: string): number => {
  let width = 0
  for (const ch of text) width += wide(ch.codePointAt(0) ?? 0) ? 2 : 1
  return width
}

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - displayWidth(text)))
const padStart = (text: string, width: number) => " ".repeat(Math.max(0, width - displayWidth(text))) + text

export const clip = (text: string, width: number): string => {
  if (displayWidth(text) <= width) return text
  let out = ""
  for (const ch of text) {
    if (displayWidth(`${out + ch}…`) > width) break
    out += ch
  }
  return `${out}…`
}

/** A table of rows of cells; `right` marks right-aligned columns. */
export const table = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
  right: ReadonlyArray<number> = []
): string => {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))))
  const line = (cells: ReadonlyArray<string>) =>
    cells
      .map((c, i) => (right.includes(i) ? padStart(c, widths[i] ?? 0) : pad(c, widths[i] ?? 0)))
      .join("  ")
      .trimEnd()
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")
}

export const summaryTable = (report: Unit.UnitReport): string =>
  table(
    ["文件 file", "工作表 sheet", "新建 created", "更新 updated", "未变 unchanged", "拒绝 rejected"],
    report.stats.map((s) => [
      basename(s.file),
      s.sheet,
      String(s.created),
      String(s.updated),
      String(s.unchanged),
      String(s.rejected)
    ]),
    [2, 3, 4, 5]
  )

/** The problems, each with the English reason on the line below the Chinese. */
export const issuesTable = (issues: ReadonlyArray<Issue.Issue>): string => {
  const rows: Array<Array<string>> = []
  for (const i of issues) {
    rows.push([
      basename(i.file),
      i.sheet,
      i.row === undefined ? "" : String(i.row),
      i.column ?? "",
      clip(i.value ?? "", 24),
      i.reason.zh
    ])
    rows.push(["", "", "", "", "", i.reason.en])
  }
  return table(["文件 file", "工作表 sheet", "行 row", "列 column", "值 value", "原因 reason"], rows, [2])
}

export const renderUnit = (report: Unit.UnitReport, mode: "import" | "validate", limit = 200): string => {
  const errors = report.issues.filter((i) => i.severity === "error")
  const warnings = report.issues.filter((i) => i.severity === "warning")
  const rejected = report.stats.reduce((n, s) => n + s.rejected, 0)
  const parts: Array<string> = [`== ${report.label}`, summaryTable(report)]
  if (errors.length > 0) {
    parts.push(
      `\n${errors.length} 处错误，${rejected} 行被拒绝 / ${count(errors.length, "problem")}, ${count(rejected, "row")} rejected:`,
      issuesTable(errors.slice(0, limit))
    )
    if (errors.length > limit) {
      parts.push(
        `…… 另有 ${errors.length - limit} 处错误未显示（--errors-out 或 --format json 可得到全部）/ ${errors.length - limit} more not shown (use --errors-out or --format json)`
      )
    }
  }
  if (warnings.length > 0) {
    parts.push(
      `\n${warnings.length} 条提示 / ${count(warnings.length, "warning")}:`,
      issuesTable(warnings.slice(0, limit))
    )
  }
  parts.push(
    mode === "validate"
      ? rejected === 0
        ? "\n检查通过，未写入任何数据。/ Valid; nothing was written."
        : "\n检查未通过，未写入任何数据。/ Not valid; nothing was written."
      : report.committed
        ? rejected === 0
          ? "\n已全部导入。/ Everything was imported."
          : `\n已导入正确的行，${rejected} 行被拒绝（--skip-invalid）。/ The valid rows were imported; ${count(rejected, "row")} ${rejected === 1 ? "was" : "were"} rejected (--skip-invalid).`
        : "\n未导入任何数据：有被拒绝的行。请改正后重新导入，或加 --skip-invalid 只导入正确的行。/ Nothing was imported: some rows were rejected. Fix them and import again, or add --skip-invalid to import only the valid rows."
  )
  return parts.join("\n")
}

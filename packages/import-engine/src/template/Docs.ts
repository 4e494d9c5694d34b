/** docs/import-template.md, generated: the guide, then each sheet's columns from the definitions. */

import {
  maxCellChars,
  maxColumns,
  maxCsvRecordBytes,
  maxHeldRows,
  maxRejectedRows,
  maxRows,
  maxSharedStringsBytes,
  maxWorkbookBytes,
  maxWorkbookParts,
  showBytes
} from "../base/Limits.ts"
import { sheets as allSheets } from "../kinds/index.ts"
import { type Column, templateHeader } from "../sheet/Column.ts"

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ")

const requiredText = (c: Column) =>
  c.required === true ? "必填 required" : c.required === false ? "" : `${c.required.zh} / ${c.required.en}`

const guide = `# 台账导入模板 / The import template

\`bishui-import\` (apps/importer) brings a branch's Excel ledgers (台账) — organisations, the member
roster, projects, zones, teams, pioneer posts, patrol logs, the activity ledger, cases and micro-wishes
— into bishui through its services, checks them without writing (\`validate\`), writes the blank
template (\`template\`) and writes the records back into the same template (\`export\`), so that export →
import changes nothing. This document describes the template: every sheet and column, how cells are
read, and how rows refer to each other. It is generated from the importer's own sheet definitions
(\`node --conditions=source apps/importer/scripts/make-docs.ts\`).

## Quick start

\`\`\`sh
pnpm bishui-import template --out 台账.xlsx                 # the blank workbook: instructions, one sheet per kind, drop-downs
# … fill it in with Excel or WPS …
pnpm bishui-import validate 台账.xlsx                        # every check, nothing written
pnpm bishui-import import 台账.xlsx                          # into ./data/bishui.db (or --database, or DATABASE_URL)
pnpm bishui-import import 成员.csv --skip-invalid --errors-out 成员-待改.csv   # valid rows in; the others saved to fix
pnpm bishui-import import 成员-待改.csv                       # after fixing them
pnpm bishui-import export --out 导出.xlsx                    # the records back into the template
\`\`\`

(\`pnpm bishui-import …\` at the repository root runs \`node --conditions=source apps/importer/src/bin.ts …\`;
\`./dev bishui-import …\` works too, provisioning Node and pnpm first. The
package's binary is \`bishui-import\`.) Every command has \`--help\` with examples.

## Commands and options

| command | what it does |
| --- | --- |
| \`import <files…>\` | import .xlsx workbooks or .csv files. Options: \`--skip-invalid\`, \`--errors-out FILE\`, \`--tenant-name NAME\`, \`--no-copy\` (on PostgreSQL, large ledgers are loaded with \`COPY\` through a staging table by default, still one transaction per file; \`--no-copy\` writes them with multi-row INSERTs) |
| \`validate <files…>\` | everything \`import\` checks — cells, references, the services' rules — inside a transaction that is always rolled back. The database must exist: \`validate\` never creates one, nor migrates it (an older schema is read as migrated, inside the rolled-back transaction). Option: \`--errors-out FILE\` |
| \`template\` | write the blank template. Option: \`--out FILE\` (default \`bishui-template.xlsx\`; a path not ending in .xlsx is a directory that gets one .csv per sheet) |
| \`export\` | write the tenant's records into the template, each with its id in the 编号 column; the database must exist and hold the tenant. Option: \`--out FILE\` (default \`bishui-export.xlsx\`, or a directory for CSV) |

Options every command takes: \`--database\` (a SQLite file path, default \`$DATABASE_URL\` or
\`./data/bishui.db\`; or \`postgres://user@host:5432/db\`; migrations are applied), \`--tenant\` (default
\`siping-water\`; an import creates a missing tenant, named by \`--tenant-name\`), \`--format json\` (one
JSON document on stdout — per unit the files, whether it was committed, the summary per sheet and every
error and warning with file, sheet, row, column, value and reason — for programs; progress stays on
stderr).

### Exit codes

| code | meaning |
| --- | --- |
| 0 | everything was imported (for \`validate\`: everything is valid) |
| 1 | some rows were rejected (nothing of their file was imported, unless \`--skip-invalid\`) |
| 2 | usage error, or input or database that cannot be read (missing file, .xls, a damaged or truncated workbook, a workbook none of whose sheets is a sheet of the template, a sheet with rows but no header row, a CSV whose sheet cannot be told or whose encoding is broken, a file beyond the limits below) |
| 130 | interrupted (Ctrl-C): the file being imported was rolled back, and the command says so |

## Files

- **An .xlsx workbook** holds one sheet per kind of record, named as in the template (the Chinese name,
  or the English one: \`成员\` or \`members\`). The instructions sheet (说明), hidden sheets and an
  errors list (错误清单) are passed over; a sheet the template does not have is ignored with a warning;
  a workbook **none** of whose sheets is a sheet of the template is refused (exit 2) with the names of
  its sheets and of the template's. Sheets may come in any order (the usual order streams best:
  registers before ledgers). Workbooks saved by Excel (also as "Strict Open XML"), WPS or LibreOffice,
  or written by programs such as openpyxl and pandas, are read alike: the reader follows the
  workbook's own directory of sheets, not conventional file names.
- **CSV files**, one per kind, named after their sheet (\`成员.csv\`, \`members.csv\`, \`2024-巡河记录.csv\`);
  a CSV whose name says nothing is recognised by its header row. The encoding is detected: UTF-8 with or
  without BOM, UTF-16LE/BE (with or without BOM; Excel's "Unicode text" is tab-separated, which is
  detected too), and otherwise GBK/GB18030 — what Excel saves as "CSV" on Chinese Windows. Quotes,
  line breaks inside quotes and CRLF are handled; the separator (\`,\`, tab or \`;\`) is detected.
- **One transaction per file.** Each workbook — or the set of CSV files named in one command, which
  may refer to each other — is imported in one transaction: all of it, or nothing. Killed (\`kill -9\`)
  or interrupted (Ctrl-C) at any moment, the database is as it was before.
- The **header row** is the first row naming at least two of the sheet's columns, within the first ten
  non-empty rows (a title row above it is fine). Headers may be the Chinese name, with or without the
  \`*\` the template puts on required columns, or the English alias (\`zone code\`, \`zone_code\`,
  \`Zone Code\`), or \`中文 / english\`. Columns may be in any order; an unknown column is reported as a
  warning and ignored; a missing required column rejects the sheet. A sheet of the template that has
  rows but no header row is refused (exit 2), saying which columns were expected and what its first
  row holds; an empty sheet is passed over.
- Empty rows (anywhere, including the trailing ones Excel leaves) are skipped. Row numbers in reports
  are the ones Excel shows (the header is usually row 1).
- A sheet may leave out optional columns: a record updated from it **keeps the fields it has no
  column for** (a members sheet without 示例数据 leaves every member's mark as it was).

## Cells

| kind | accepted |
| --- | --- |
| text | trimmed, runs of spaces collapsed, zero-width characters dropped; Chinese punctuation kept as written. Numbers longer than 15 digits that Excel has rounded (ID numbers typed as numbers) are refused: format the column as Text |
| date | \`2023-11-05\`, \`2023/11/5\`, \`2023.11.05\`, \`2023年11月5日\` (or 5号), Excel date cells (a number in a date format — built-in, or the workbook's own such as \`yyyy/m/d\` or \`yyyy"年"m"月"d"日"\` — in the 1900 or the 1904 date system, and Strict Open XML's ISO dates), Excel serial numbers (45235, read in the 1900 system); full-width digits. Day-first forms (05/11/2023) are refused as ambiguous |
| time | a date followed by a time, the local time of the tenant's time zone (China Standard Time, UTC+8, unless the tenant keeps another — \`GET /v1/tenant\`): \`2023-07-22 06:40\`, \`2023/7/22 6:40:00\`, \`2023年7月22日6时40分\`; a date alone is midnight. An export writes times in that zone and names it in the header of each time column (\`开始时间*（北京时间）\`), which the importer reads past |
| money (元) | exact decimals, never floats: \`23000\`, \`23,000元\`, \`¥23,000\`, \`2.3万元\`, \`1.2亿\`; at most two decimals (fen) |
| count | \`80\`, \`80本\`, \`1,200人次\`; \`80余本\`, \`80多\`, \`约80\`, \`80+\` are stored as 80 and marked approximate (the annual report then shows them as such). Inventory columns (boats, crew, cleaners) take exact numbers only |
| weight (公斤) | \`12.5\`, \`12.5kg\`, \`12.5公斤\`, \`25斤\` (12.5 kg), \`500克\`, \`1.2吨\` — exact decimals, in kilograms |
| yes/no | 是/否, 有/无, Y/N, yes/no, true/false, 1/0, √/× |
| choice | the Chinese label (the template's drop-down), the English one, or the stored key |
| list | several values in one cell separated by 、 (or , ; / or line breaks) |

A formula is read as the result the workbook saved with it. A formula saved without its result (some
programs, openpyxl among them, write formulas without computing them), any formula of a workbook that
asks to be recalculated when opened (what such programs mark their files with; XlsxWriter saves 0 as
every result) and an error value (\`#N/A\`, \`#REF!\`…) reject their row, naming the cell: open and
save the workbook in Excel, WPS or LibreOffice, or correct the formula. Rich text is read as its plain
text.

Full-width digits and punctuation (２０２３，１２３．５) are read as their half-width forms in numbers,
dates, codes, phone numbers and references.

## References between records

A row refers to other records by the names operators use:

- **organisations** by name (\`所属支部\`, \`上级组织\`, \`参建单位\`…); a **community** by name, or by
  \`名称（所在区）\` when two communities share a name (e.g. \`中兴社区（铁西区）\`);
- **members** by name within the branch; when two members share a name, write \`姓名（手机号）\`
  (\`张伟（13800000106）\`). In a team's member list the role goes in brackets too:
  \`王建华（组长）、李雪梅（副组长）、刘洋\`;
- a **zone** by its code (\`NH-01\`), a **project**, **pioneer post**, **campaign** or **team** by name, a
  **case** by its title, the **patrol** that found a case by its start time (in the case's zone).

A reference may point to a record already stored or to a row of the same workbook (or CSV set), in any
sheet, earlier or later: registers are read whole before they are written. An unknown reference rejects
the row with the file, sheet, row, column, value and reason, like any other error.

## Matching: importing again, updating

Each row stands for one record. With an **编号 (id)** column — \`export\` fills it in — the row updates the
record with that id (or creates it with that id). Without one, the row is matched by its sheet's
**natural key** (listed for each sheet below); no match creates a new record. So:

- importing the same file again changes nothing (every row is *unchanged*; not even the audit log grows);
- a changed row updates its record and never duplicates it;
- to change a natural key itself (rename a project, move an event to another day), use the 编号 column
  of an export, or the row is taken for a new record;
- two rows of one sheet that stand for the same record are an error (a duplicate);
- the **child sheets** — 项目难点, 临时支部成员, 先锋岗值守, 案件进程 — give whole lists: a project, member,
  post or case with rows there gets exactly those items (and keeps its list when it has none).

The summary printed for each sheet counts rows **created / updated / unchanged / rejected**. Every write
goes through the services, in the file's transaction, with the actor \`import:<file name>\` in the audit log.

## Voided records (作废)

A record entered by mistake is voided in bishui (\`POST /v1/<resource>/{id}/void\`), not deleted — see
[records.md](records.md). Imports and exports keep to it:

- **an import never voids**: a row left out of a ledger imported again changes nothing about its record;
- **a row that stands for a voided record** — by its 编号, or by its natural key when no live record has
  that key — **is rejected**, with the time and reason of the void: an import neither restores the record
  nor creates it a second time. Restore the record (\`POST …/{id}/restore\`) if the row is right, or
  delete the row;
- a reference to a voided record (a member, zone, branch… by name) is not found: refer to a live record,
  or restore it first;
- **\`export\` leaves voided records out** (and the child rows they hold), so its counts are those of the
  live records and importing an export again changes nothing — the voided records stay voided.

## Errors, and fixing them

Every rejected row is listed — on the terminal as a table (file, sheet, row, column, value, reason in
Chinese with the English below), or in the JSON report. A row's problems are reported together. A file
with a rejected row imports nothing, unless \`--skip-invalid\` imports its valid rows.

\`--errors-out FILE\` saves the rejected rows as they were written, under their sheet's header, with two
more columns — 原行号 (the row they came from) and 错误原因 (the reasons). Fix the cells there and import
that file: the two extra columns are ignored. An \`.xlsx\` errors file holds one sheet per sheet with
rejected rows and an 错误清单 sheet listing every problem; a \`.csv\` errors file holds one sheet's rows
(with rejected rows in several sheets, one file per sheet: \`FILE-成员.csv\`, …).

## Large files

Ledgers (巡河记录, 活动台账, 微心愿) are streamed row by row and written as they are read, inside the file's
transaction, so memory stays flat as files grow; the registers other sheets refer to are read whole. On a
terminal a progress bar shows rows, rows per second and the time left; elsewhere (a log, a CI job) a plain
line is printed at most once a second.

## Limits: broken and hostile files

A file the importer cannot read safely is refused with a message in Chinese and English naming the file
and the reason, exit code 2, and nothing of it is written; a cell no column may hold rejects its row
(exit code 1). The limits (\`packages/import-engine/src/base/Limits.ts\`) are far above what a branch's ledgers need:

| limit | what happens beyond it |
| --- | --- |
${limitRows()}

Before a workbook is parsed its zip directory is read and every part unpacked once and counted: a file
that is not a zip (random bytes, another kind of file renamed), is cut short, is password-protected, or
hides parts its directory does not list is refused at once, as is a zip bomb — whether it declares its
real size or lies about it. A CSV file is decoded strictly in the encoding detected: bytes that are not
text in it (a broken file, a UTF-16 file with an odd number of bytes) or a GBK file with UTF-8 lines
pasted in are refused with the byte offset where it goes wrong, rather than imported as garbled text.

## The example

\`examples/siping/\` is the seed branch (四平市南北河管理中心党支部) as a filled template: \`siping.xlsx\` and the
same as CSV files in \`csv/\`. It is made by \`export\` from a database loaded with the seed
(\`node --conditions=source apps/importer/scripts/make-example.ts\`). Imported into an empty database it
holds exactly the seed's records, and the 2023 annual report gives the article's figures: 5 zones, 16
boats, 32 crew, 2 temporary branches, 1 pioneer post, 23 → 20余次 volunteer labour, 12 → 10余次 publicity,
5 wishes fulfilled, 83 → 80余本 books, 23,000 → 2.3万元 invested, 1 emergency.

\`\`\`sh
pnpm bishui-import import examples/siping/siping.xlsx --database /tmp/siping.db --tenant-name 四平市水利局
\`\`\`

## Sheets
`

function limitRows(): string {
  const n = (x: number) => x.toLocaleString("en-US")
  return [
    `| an .xlsx workbook unpacks to at most ${showBytes(maxWorkbookBytes)} (all its parts), its shared strings to ${showBytes(maxSharedStringsBytes)}, in at most ${n(maxWorkbookParts)} parts | the file is refused (a zip bomb) |`,
    `| a row has at most ${n(maxColumns)} columns (a cell at XFD, Excel's last column, is beyond it) | the file is refused |`,
    `| a workbook sheet has at most ${n(maxRows)} rows (Excel's own limit); a CSV ledger may be as long as it is (it is streamed) | the file is refused |`,
    `| the register sheets (organisations, members, projects, zones, teams, posts, campaigns, cases and their child sheets — read whole before anything is written) hold at most ${n(maxHeldRows)} non-blank rows in one file or set of CSV files; ledgers are streamed | the file is refused: split it |`,
    `| ${n(maxRejectedRows)} rejected rows | reading stops; those rows are reported with a line saying so, and nothing of the file is imported (even with \`--skip-invalid\`) |`,
    `| a cell holds at most ${n(maxCellChars)} characters (Excel's own limit), and no NUL or U+FFFD (�, bytes that were not text) | the row is rejected, naming the cell; the value is shown cut short |`,
    `| a CSV record (a line, with the line breaks inside its quotes) is at most ${showBytes(maxCsvRecordBytes)} | the file is refused (most likely a quote never closed) |`
  ].join("\n")
}

export const templateDoc = (): string => {
  const parts = [guide]
  for (const def of allSheets) {
    parts.push(`\n### ${def.zh} — ${def.en}\n`)
    parts.push(`${def.note.zh}\n\n${def.note.en}.\n`)
    parts.push(`**Matching:** ${def.identity.zh} — ${def.identity.en}.\n`)
    if (def.parent !== undefined) {
      const parent = allSheets.find((d) => d.kind === def.parent)
      parts.push(`A child sheet of ${parent?.zh ?? def.parent} (${parent?.en ?? ""}).\n`)
    }
    parts.push("| 列 column | English | 必填 required | 说明 | note | 可选值 values |")
    parts.push("| --- | --- | --- | --- | --- | --- |")
    for (const c of def.columns) {
      parts.push(
        `| ${cell(templateHeader(c))} | ${cell(c.en)} | ${cell(requiredText(c))} | ${cell(c.note.zh)} | ${cell(c.note.en)} | ${cell(c.choices?.map((x) => x.zh).join("、") ?? "")} |`
      )
    }
  }
  return `${parts.join("\n")}\n`
}

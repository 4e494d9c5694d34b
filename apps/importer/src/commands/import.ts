/** `bishui-import import <files…>` — import workbooks or CSV files through the services. */

import { fromCaller, isPostgresUrl } from "@bishui/database"
import { Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import * as BulkCopy from "../BulkCopy.ts"
import { Db, withServices } from "../Database.ts"
import { makeProgress } from "../output/ProgressBar.ts"
import { root } from "../Root.ts"
import { runImport } from "../Run.ts"

export const files = Argument.String("files").pipe(
  Argument.withDescription(
    "an .xlsx workbook (one sheet per kind of record), or .csv files (one per kind, named after the sheet: 成员.csv, 巡河记录.csv, …)"
  ),
  Argument.atLeast(1)
)

export const errorsOut = Flag.String("errors-out").pipe(
  Flag.withDescription(
    "write the rejected rows, with the row they came from and the reason, to this .csv or .xlsx file: fix them there and import that file"
  ),
  Flag.optional
)

export const importCommand = Command.make(
  "import",
  {
    files,
    errorsOut,
    skipInvalid: Flag.Boolean("skip-invalid").pipe(
      Flag.withDescription(
        "import the valid rows of a file even if some rows are rejected (default: a file with a rejected row imports nothing)"
      ),
      Flag.withDefault(false)
    ),
    tenantName: Flag.String("tenant-name").pipe(
      Flag.withDescription(
        "the tenant's name, used when the tenant does not exist yet and is created (default: its id)"
      ),
      Flag.optional
    ),
    copy: Flag.Boolean("copy").pipe(
      Flag.withDescription(
        "on PostgreSQL, load large ledgers with COPY through a staging table, still one transaction per file (--no-copy: multi-row INSERTs only)"
      ),
      Flag.withDefault(true)
    )
  },
  Effect.fn(function* (input) {
    const shared = yield* root
    const db = yield* Db
    const run = runImport({
      files: input.files.map(fromCaller),
      tenantId: shared.tenant,
      tenantName: Option.getOrUndefined(input.tenantName),
      mode: "import",
      skipInvalid: input.skipInvalid,
      format: shared.format,
      errorsOut: Option.getOrUndefined(Option.map(input.errorsOut, fromCaller)),
      progress: makeProgress()
    })
    yield* withServices(
      input.copy && isPostgresUrl(db.url) ? Effect.provide(run, BulkCopy.layer(db.url)) : run
    )
  })
).pipe(
  Command.withDescription(
    [
      "导入台账：每个.xlsx文件（或一起给出的一组.csv文件）在一个事务中导入——全部成功，或者一行也不写入。",
      "Import ledgers. Each .xlsx file — or the set of .csv files given together — is imported in one transaction:",
      "all of it, or (when a row is rejected, unless --skip-invalid) nothing. Ctrl-C or a crash leaves the database as it was.",
      "Rows are matched to existing records by the id column or by their natural key: importing a file again",
      "changes nothing, and a changed row updates its record. A summary per sheet says what was created, updated,",
      "left unchanged and rejected; every rejected row is listed with file, sheet, row, column, value and reason.",
      "",
      "Exit codes: 0 everything imported · 1 some rows rejected · 2 usage error or unreadable input · 130 interrupted"
    ].join("\n")
  ),
  Command.withExamples([
    {
      command: "bishui-import import 台账.xlsx",
      description: "import a filled template into ./data/bishui.db"
    },
    {
      command: "bishui-import import 成员.csv 责任区.csv 巡河记录.csv",
      description: "import CSV files (UTF-8, UTF-16 or GBK) together"
    },
    {
      command: "bishui-import import 成员.csv --skip-invalid --errors-out 成员-待改.csv",
      description: "import the valid rows, save the rejected ones to fix and import again"
    },
    {
      command:
        "bishui-import import 台账.xlsx --database postgres://bishui@127.0.0.1:5432/bishui --format json",
      description: "into PostgreSQL, with a JSON report"
    }
  ])
)

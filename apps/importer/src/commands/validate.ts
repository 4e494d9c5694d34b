/** `bishui-import validate <files…>` — every check of import, writing nothing. */

import { fromCaller } from "@bishui/database"
import { Effect, Option } from "effect"
import { Command } from "effect/cli"
import { withExistingServices } from "../Database.ts"
import { makeProgress } from "../output/ProgressBar.ts"
import { root } from "../Root.ts"
import { runImport } from "../Run.ts"
import { errorsOut, files } from "./import.ts"

export const validateCommand = Command.make(
  "validate",
  { files, errorsOut },
  Effect.fn(function* (input) {
    const shared = yield* root
    yield* withExistingServices("validate", (pending) =>
      runImport({
        files: input.files.map(fromCaller),
        tenantId: shared.tenant,
        tenantName: undefined,
        mode: "validate",
        skipInvalid: false,
        format: shared.format,
        errorsOut: Option.getOrUndefined(Option.map(input.errorsOut, fromCaller)),
        progress: makeProgress(),
        pendingMigrations: pending
      })
    )
  })
).pipe(
  Command.withDescription(
    [
      "检查台账：做导入时的全部检查（单元格、引用、业务规则），但不写入任何数据。",
      "Check files as import would — cells, references to records (stored or earlier in the files), the",
      "services' rules — inside a transaction that is always rolled back: nothing is written. The database",
      "(--database) must exist: validate never creates one, nor migrates it (an older schema is read as",
      "migrated, inside the rolled-back transaction).",
      "",
      "Exit codes: 0 valid · 1 some rows would be rejected · 2 usage error or unreadable input"
    ].join("\n")
  ),
  Command.withExamples([
    { command: "bishui-import validate 台账.xlsx", description: "check a workbook" },
    {
      command: "bishui-import validate 成员.csv --errors-out 成员-待改.csv",
      description: "check a CSV file and save the rejected rows"
    }
  ])
)

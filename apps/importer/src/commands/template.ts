/** `bishui-import template` — the blank template workbook. */
import { fromCaller } from "@bishui/database"
import { Export } from "@bishui/import-engine"
import { Console, Effect } from "effect"
import { Command, Flag } from "effect/cli"
import { root } from "../Root.ts"

export const templateCommand = Command.make(
  "template",
  {
    out: Flag.String("out").pipe(
      Flag.withAlias("o"),
      Flag.withDescription(
        "where to write: a .xlsx file, or a directory for one .csv file per sheet (default: bishui-template.xlsx)"
      ),
      Flag.withDefault("bishui-template.xlsx")
    )
  },
  Effect.fn(function* (input) {
    const shared = yield* root
    const written = yield* Export.blankTemplate(fromCaller(input.out))
    yield* shared.format === "json"
      ? Console.log(JSON.stringify({ command: "template", written }, null, 2))
      : Console.log(`已写出空白模板 / wrote the blank template: ${written.join(", ")}`)
  })
).pipe(
  Command.withDescription(
    [
      "写出空白模板：说明表，以及每类记录一张表（中文表头、下拉选项、日期格式）。",
      "Write the blank template: an instructions sheet (说明), then one sheet per kind of record with its",
      "header row, drop-down lists for enumerations and date formats. See docs/import-template.md."
    ].join("\n")
  ),
  Command.withExamples([
    { command: "bishui-import template", description: "write bishui-template.xlsx" },
    { command: "bishui-import template --out 模板/", description: "write one CSV file per sheet into 模板/" }
  ])
)

/** `bishui-import export` — the tenant's records back into the template (export → import changes nothing). */
import { displayDatabase, fromCaller } from "@bishui/database"
import { Export } from "@bishui/import-engine"
import { Console, Effect } from "effect"
import { Command, Flag } from "effect/cli"
import { Db, withExistingServices } from "../Database.ts"
import { ExitWith, exitCodes } from "../Exit.ts"
import { root } from "../Root.ts"

export const exportCommand = Command.make(
  "export",
  {
    out: Flag.String("out").pipe(
      Flag.withAlias("o"),
      Flag.withDescription(
        "where to write: a .xlsx file, or a directory for one .csv file per sheet (default: bishui-export.xlsx)"
      ),
      Flag.withDefault("bishui-export.xlsx")
    )
  },
  Effect.fn(function* (input) {
    const shared = yield* root
    const db = yield* Db
    const { written, counts } = yield* withExistingServices("export", (pending) =>
      Export.exportTenant(fromCaller(input.out), shared.tenant, pending)
    ).pipe(
      Effect.catchIf(
        (e): e is Export.UnknownTenant => e instanceof Export.UnknownTenant,
        (e) =>
          Effect.andThen(
            Console.error(
              `数据库 ${displayDatabase(db.url)} 中没有租户 ${e.tenantId}：没有可导出的记录，未写出任何文件（用 --tenant 指定租户）。\nno tenant ${e.tenantId} in the database ${displayDatabase(db.url)}: nothing to export, no file written (name the tenant with --tenant).`
            ),
            Effect.fail(new ExitWith(exitCodes.usage))
          )
      )
    )
    yield* shared.format === "json"
      ? Console.log(
          JSON.stringify(
            { command: "export", tenant: shared.tenant, written, rows: Object.fromEntries(counts) },
            null,
            2
          )
        )
      : Console.log(
          `已导出 / exported ${[...counts].map(([sheet, n]) => `${sheet} ${n}`).join("，")}\n→ ${written.join(", ")}`
        )
  })
).pipe(
  Command.withDescription(
    [
      "导出：把租户的全部记录写回同一模板（带编号列），再导入不会有任何变化。",
      "Write the tenant's records back into the template — same sheets, headers and names, each record's id in",
      "the 编号 column — so importing the export again changes nothing. The database must exist and hold",
      "the tenant (--tenant): export never creates or migrates a database."
    ].join("\n")
  ),
  Command.withExamples([
    { command: "bishui-import export --out 台账.xlsx", description: "export into a workbook" },
    {
      command: "bishui-import export --out 台账/ --tenant siping-water",
      description: "export one CSV file per sheet"
    }
  ])
)

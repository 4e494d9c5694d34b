/** The root command `bishui-import` and the flags every subcommand shares. */

import { defaultDatabaseUrl } from "@bishui/database"
import * as Seed from "@bishui/services/seed"
import { Config } from "effect"
import { Command, Flag } from "effect/cli"

export const root = Command.make("bishui-import").pipe(
  Command.withSharedFlags({
    database: Flag.String("database").pipe(
      Flag.withDescription(
        `SQLite file path or postgres://user@host:5432/db URL (default: $DATABASE_URL, else ${defaultDatabaseUrl})`
      ),
      Flag.withFallbackConfig(Config.String("DATABASE_URL")),
      // Absent: the repository's default, not a path the user gave (see @bishui/database CallerPath.ts).
      Flag.optional
    ),
    tenant: Flag.String("tenant").pipe(
      Flag.withDescription(`the tenant the records belong to (default: ${Seed.seedTenantId})`),
      Flag.withDefault(Seed.seedTenantId as string)
    ),
    format: Flag.Literals("format", ["text", "json"]).pipe(
      Flag.withDescription(
        "text: tables for people (default); json: one JSON document on stdout for programs"
      ),
      Flag.withDefault("text" as const)
    )
  }),
  Command.withDescription(
    [
      "把党支部的Excel台账（组织、成员花名册、项目、责任区、队伍、先锋岗、巡河记录、活动台账、案件、微心愿）导入bishui。",
      "Brings a branch's Excel ledgers (台账) into bishui, through its services.",
      "",
      "Start with `bishui-import template` for the blank workbook; the template is described in docs/import-template.md.",
      "",
      "Exit codes: 0 everything imported (or valid) · 1 some rows rejected · 2 usage error, or input or database that cannot be read · 130 interrupted (Ctrl-C; nothing of the file being imported is written)"
    ].join("\n")
  ),
  Command.withExamples([
    {
      command: "bishui-import template --out 台账模板.xlsx",
      description: "write the blank template workbook"
    },
    { command: "bishui-import validate 台账.xlsx", description: "check a filled workbook, writing nothing" },
    { command: "bishui-import import 台账.xlsx --database ./data/bishui.db", description: "import it" },
    { command: "bishui-import export --out 台账.xlsx", description: "the records back into the template" }
  ])
)

/** The command line: the root command with its subcommands, and the database it works on. */

import { databaseFromCaller, defaultDatabaseUrl } from "@bishui/database"
import { Option } from "effect"
import { Command } from "effect/cli"
import { exportCommand } from "./commands/export.ts"
import { importCommand } from "./commands/import.ts"
import { templateCommand } from "./commands/template.ts"
import { validateCommand } from "./commands/validate.ts"
import { Db } from "./Database.ts"
import { root } from "./Root.ts"

export const version = "0.1.0"

export const cli = root.pipe(
  Command.withSubcommands([importCommand, validateCommand, templateCommand, exportCommand]),
  Command.provide((input) =>
    Db.layer(Option.match(input.database, { onNone: () => defaultDatabaseUrl, onSome: databaseFromCaller }))
  )
)

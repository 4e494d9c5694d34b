/**
 * What the credential commands (`./dev token`, `./dev invite`) share: their options (a role and a
 * scope, a label, an expiry, an id), `--help`, a usage error (exit 2), running a program on the app's
 * services over `DATABASE_URL` as `admin-command`, and how a failure is worded (exit 1).
 */
import { parseArgs } from "node:util"
import { databaseFromCaller, defaultDatabaseUrl } from "@bishui/database"
import { CurrentActor } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect, type Layer } from "effect"
import { appLayer } from "./server/appLayer.ts"

/** How a failure is worded for the person at the terminal. */
export const describeCommandError = (error: unknown): string => {
  const tagged = error as { _tag?: unknown; entity?: unknown; id?: unknown; message?: unknown }
  return tagged?._tag === "NotFound" && tagged.entity === "tenant"
    ? `no tenant ${String(tagged.id)} in this database — start the server on it once (it loads the seed branch into an empty database) or import the tenant's records first`
    : tagged?._tag === "NotFound"
      ? `no ${String(tagged.entity)} ${String(tagged.id)}`
      : typeof tagged?.message === "string" && tagged.message !== ""
        ? tagged.message
        : String(error)
}

/** The command line of a credential command: its subcommand and options, or help / a usage error. */
export const credentialCommand = (name: string, usage: string) => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      tenant: { type: "string", default: Seed.seedTenantId },
      role: { type: "string" },
      branch: { type: "string" },
      member: { type: "string" },
      label: { type: "string" },
      expires: { type: "string" },
      id: { type: "string" },
      help: { type: "boolean", short: "h" }
    }
  })
  const command = positionals[0]
  if (values.help === true || command === undefined) {
    process.stdout.write(`${usage}\n`)
    process.exit(command === undefined && values.help !== true ? 2 : 0)
  }
  const fail = (message: string): never => {
    process.stderr.write(`${name}: ${message}\n\n${usage}\n`)
    process.exit(2)
  }
  return { command, values, tenantId: values.tenant as string, fail }
}

type AppServices = Layer.Success<ReturnType<typeof appLayer>>

/** Run a command's program on the app's services; a failure is printed and exits 1. */
export const runCommand = <A, E>(name: string, program: Effect.Effect<A, E, AppServices>): void => {
  program
    .pipe(
      Effect.provideService(CurrentActor.CurrentActor, "admin-command"),
      Effect.provide(
        appLayer(
          process.env.DATABASE_URL === undefined
            ? defaultDatabaseUrl
            : databaseFromCaller(process.env.DATABASE_URL)
        )
      ),
      Effect.runPromise
    )
    .catch((error: unknown) => {
      process.stderr.write(`${name}: ${describeCommandError(error)}\n`)
      process.exit(1)
    })
}

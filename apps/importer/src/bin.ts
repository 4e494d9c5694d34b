#!/usr/bin/env -S node --max-semi-space-size=8 --max-old-space-size=192
/** `bishui-import`: runs the root command. Exit codes: see Exit.ts. */
// Compiled (JIT) schema parsers: rows are decoded and records encoded by the million. Must come first,
// before any schema is built.
import "effect/schema/SchemaJITCompiler/enable"
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Cause, Effect, Exit, Runtime } from "effect"
import { CliError, Command } from "effect/cli"
import { cli, version } from "./Cli.ts"
import { exitCodes } from "./Exit.ts"

/**
 * Exit once stdout and stderr are flushed: on a pipe they are written asynchronously, and exiting at
 * once would cut a long JSON report short.
 */
const flushed =
  (onExit: (code: number) => void) =>
  (code: number): void => {
    process.stdout.write("", () => process.stderr.write("", () => onExit(code)))
  }

const teardown: Runtime.Teardown = (exit, exitNow) => {
  const onExit = flushed(exitNow)
  if (Exit.isSuccess(exit)) return onExit(exitCodes.ok)
  if (Cause.hasInterruptsOnly(exit.cause)) return onExit(exitCodes.interrupted)
  const error = Cause.squash(exit.cause)
  if (CliError.isCliError(error)) return onExit(exitCodes.usage)
  if (typeof error === "object" && error !== null && Runtime.errorExitCode in error) {
    return onExit(Runtime.getErrorExitCode(error))
  }
  process.stderr.write(
    `bishui-import: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
  )
  return onExit(1)
}

cli.pipe(Command.run({ version }), Effect.provide(NodeServices.layer), (program) =>
  NodeRuntime.runMain(program, { disableErrorReporting: true, teardown })
)

/**
 * Exit codes (documented in `--help` and docs/import-template.md):
 *   0  everything was imported (or, for validate, is valid)
 *   1  some rows were rejected
 *   2  usage error, or input or database that cannot be read
 *   130 interrupted (Ctrl-C): nothing of the file being imported was written
 */
import { Data, Runtime } from "effect"

export const exitCodes = { ok: 0, rejected: 1, usage: 2, interrupted: 130 } as const

/** Ends the command with an exit code, after it has printed what it had to say. */
export class ExitWith extends Data.TaggedError("ExitWith")<{ readonly code: number }> {
  override get [Runtime.errorExitCode](): number {
    return this.code
  }
  constructor(code: number) {
    super({ code })
  }
}

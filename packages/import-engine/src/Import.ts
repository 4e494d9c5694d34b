/**
 * `import` and `validate` as the engine runs them: read the files into units, run each unit in its own
 * transaction (validate runs them all inside one more transaction that is always rolled back, so later
 * files see the earlier ones as an import would), then write the errors file. What is shown of it, and
 * how a caller ends (exit codes, HTTP statuses), is the caller's.
 */
import { Tenant } from "@bishui/domain"
import { Organisations, Store } from "@bishui/services"
import { Effect, Schema } from "effect"
import { UnreadableInput } from "./base/Issue.ts"
import type { Progress } from "./base/Progress.ts"
import { unitsOf } from "./pipeline/Sources.ts"
import { runUnit, type UnitReport, type UnitServices } from "./pipeline/Unit.ts"
import { type PendingMigrations, rolledBack } from "./Transaction.ts"
import { writeErrorsOut } from "./template/ErrorsOut.ts"

export interface ImportOptions {
  readonly files: ReadonlyArray<string>
  readonly tenantId: string
  readonly tenantName: string | undefined
  readonly mode: "import" | "validate"
  readonly skipInvalid: boolean
  /** Where the rejected rows are saved (a workbook, or CSV files beside it); undefined: nowhere. */
  readonly errorsOut: string | undefined
  readonly progress: Progress
  /** validate: the migrations an older schema lacks, applied inside its rolled-back transaction. */
  readonly pendingMigrations?: PendingMigrations | undefined
}

export interface ImportResult {
  readonly reports: ReadonlyArray<UnitReport>
  /** Rows rejected over every unit. */
  readonly rejected: number
  /** The errors files written (none when nothing was rejected or no `errorsOut` was given). */
  readonly errorFiles: ReadonlyArray<string>
}

const ensureTenant = (tenantId: string, name: string | undefined) =>
  Effect.gen(function* () {
    const organisations = yield* Organisations.Organisations
    const found = yield* Effect.result(organisations.getTenant(tenantId))
    if (found._tag === "Success") return
    const tenant = Schema.decodeUnknownSync(Tenant.Tenant)({ id: tenantId, name: name ?? tenantId })
    yield* organisations.createTenant(tenant).pipe(Effect.orDie)
  })

/**
 * Import (or validate) the files and write the errors file; report nothing. Fails with
 * `UnreadableInput` when a file cannot be read; the units done before are in `done` (the caller's
 * array, filled as units finish, so an interrupted or failed run still shows them).
 */
export const importFiles: (
  options: ImportOptions,
  done?: Array<UnitReport>
) => Effect.Effect<
  ImportResult,
  UnreadableInput | Effect.Error<PendingMigrations>,
  Store.Store | UnitServices
> = Effect.fn("Importer.importFiles")(function* (options: ImportOptions, done: Array<UnitReport> = []) {
  const store = yield* Store.Store
  const units = yield* Effect.tryPromise({
    try: () => unitsOf(options.files),
    catch: (error) =>
      error instanceof UnreadableInput
        ? error
        : new UnreadableInput(options.files.join(", "), { zh: String(error), en: String(error) })
  })
  const one = (unit: (typeof units)[number]) =>
    Effect.gen(function* () {
      const report = yield* store.transaction(
        ensureTenant(options.tenantId, options.tenantName).pipe(
          Effect.andThen(
            runUnit(unit, {
              tenantId: options.tenantId,
              mode: "import",
              skipInvalid: options.mode === "import" && options.skipInvalid,
              progress: options.progress
            })
          )
        )
      )
      done.push(options.mode === "validate" ? { ...report, committed: false } : report)
    })
  const all = Effect.forEach(units, one, { discard: true })
  yield* options.mode === "validate" ? rolledBack(all, options.pendingMigrations) : all
  const rejected = done.reduce((n, r) => n + r.stats.reduce((m, s) => m + s.rejected, 0), 0)
  const errorFiles =
    options.errorsOut === undefined || rejected === 0
      ? []
      : yield* Effect.promise(() => writeErrorsOut(options.errorsOut as string, done))
  return { reports: done, rejected, errorFiles } satisfies ImportResult
})

/**
 * An import on PostgreSQL loads its large ledgers with `COPY` (issue 14): the services' `BulkLoad`,
 * provided for the run, stages a bulk insert's rows on a connection of its own
 * (`@bishui/database/PgStaging`: an UNLOGGED table `LIKE` the real one, held by an advisory lock) and
 * the SQL Store moves them in with one `INSERT … SELECT` inside the file's own transaction — so a file
 * is still all or nothing, and a run killed at any moment leaves at most a staging table, never a
 * record. Staging tables of dead runs are dropped when the run starts.
 *
 * Which batches: those of a table once the run has written `copyFromRows` rows of it or more (counting
 * the batch); the first batches of a table, and every batch of a small file, go in with the store's
 * usual multi-row INSERT, which costs no second connection and no staging table.
 */
import * as PgStaging from "@bishui/database/PgStaging"
import { BulkLoad } from "@bishui/services"
import { Effect, Layer, Scope } from "effect"

/**
 * From how many rows of a table in a run its batches are COPY'd (measured: see docs/scaling.md,
 * "COPY in the importer"). `BISHUI_IMPORT_COPY_ROWS` overrides it (tests, measurements).
 */
export const copyFromRows = (): number => {
  const given = Number(process.env.BISHUI_IMPORT_COPY_ROWS)
  return Number.isFinite(given) && given >= 0 ? given : 5_000
}

/** The run's staging tables are named after it: the process and a random part. */
const newRunId = () => `${process.pid}_${Math.random().toString(36).slice(2, 10)}`

/** A `BulkLoad` over the PostgreSQL database at `url`, its staging tables dropped with the layer. */
export const layer = (url: string): Layer.Layer<BulkLoad.BulkLoad> =>
  Layer.effect(
    BulkLoad.BulkLoad,
    Effect.gen(function* () {
      const scope = yield* Effect.scope
      yield* PgStaging.dropOrphans(url).pipe(Effect.orDie)
      const runId = newRunId()
      const from = copyFromRows()
      const written = new Map<string, number>()
      const stagings = new Map<string, BulkLoad.Staged>()
      return BulkLoad.BulkLoad.of({
        stagingFor: (table, columns, rows) =>
          Effect.gen(function* () {
            const total = (written.get(table) ?? 0) + rows
            written.set(table, total)
            if (total < from) return undefined
            const found = stagings.get(table)
            if (found !== undefined) return found
            const staging = yield* PgStaging.stage(url, { runId: `${runId}_${table}`, table, columns }).pipe(
              Scope.provide(scope),
              Effect.orDie
            )
            const staged: BulkLoad.Staged = {
              copy: (cells) => Effect.orDie(staging.copyBatch(cells))
            }
            stagings.set(table, staged)
            return staged
          })
      })
    })
  )

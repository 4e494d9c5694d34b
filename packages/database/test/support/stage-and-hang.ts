/**
 * For PgStaging.test.ts: stages rows for a run, says `staged`, and waits to be killed (`kill -9`),
 * leaving a staging table behind the way a killed import would.
 *
 *   node --conditions=source stage-and-hang.ts <postgres url> <run id>
 */
import { Effect } from "effect"
import * as PgStaging from "../../src/PgStaging.ts"

const [url, runId] = process.argv.slice(2) as [string, string]

await Effect.runPromise(
  Effect.scoped(
    Effect.gen(function* () {
      const staging = yield* PgStaging.stage(url, {
        runId,
        table: "patrols",
        columns: ["tenant_id", "id", "zone"]
      })
      yield* staging.copy(Array.from({ length: 1000 }, (_, i) => ["t", `killed-${i}`, "BH-01"]))
      process.stdout.write("staged\n")
      yield* Effect.never
    })
  )
)

/**
 * Writes examples/siping/: the seed branch (四平市南北河管理中心党支部) as a filled template workbook
 * (siping.xlsx) and as CSV files (csv/), exported by the importer's own `export` from a database
 * loaded with the seed, so the example is the seed.
 *
 *   node --conditions=source apps/importer/scripts/make-example.ts
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { Export } from "@bishui/import-engine"
import { CurrentActor } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect } from "effect"
import { servicesLayer } from "../src/Database.ts"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")
const out = join(root, "examples/siping")
const scratch = mkdtempSync(join(tmpdir(), "bishui-example-"))

const program = Effect.gen(function* () {
  yield* Seed.loadSeed(Seed.sipingBranch).pipe(Effect.provideService(CurrentActor.CurrentActor, "seed"))
  rmSync(join(out, "csv"), { recursive: true, force: true })
  const workbook = yield* Export.exportTenant(join(out, "siping.xlsx"), Seed.seedTenantId)
  yield* Export.exportTenant(join(out, "csv"), Seed.seedTenantId)
  return workbook.counts
}).pipe(Effect.provide(servicesLayer(join(scratch, "seed.db"))))

Effect.runPromise(program)
  .then((counts) => {
    process.stdout.write(`examples/siping written: ${[...counts].map(([s, n]) => `${s} ${n}`).join(", ")}\n`)
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }))

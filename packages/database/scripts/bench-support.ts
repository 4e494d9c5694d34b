/** What the COPY benches share: the generated rows written once as a COPY text file, and a one-off statement. */
import { createWriteStream, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import * as PgCopy from "../src/PgCopy.ts"

/** Writes `rows` in COPY's text format to `<a new temporary directory>/patrols.tsv`. */
export const writeCopyFile = async (prefix: string, rows: ReadonlyArray<PgCopy.CopyRow>) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const file = join(dir, "patrols.tsv")
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file)
    out.on("error", reject)
    let chunk = ""
    for (const row of rows) {
      chunk += PgCopy.encodeCopyRow(row)
      if (chunk.length > 1 << 20) {
        out.write(chunk)
        chunk = ""
      }
    }
    out.end(chunk, resolve)
  })
  return { dir, file }
}

/** One statement on a connection of its own. */
export const execute = (on: string, sql: string) =>
  Effect.runPromise(Effect.scoped(Effect.flatMap(PgCopy.connect(on), (c) => c.execute(sql))))

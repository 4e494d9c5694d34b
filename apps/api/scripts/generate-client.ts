/**
 * `pnpm generate:client` (in apps/api): start the real server on a free port over a temporary SQLite
 * database, fetch the /openapi.json it serves, and write test/e2e/generated/api.d.ts with
 * openapi-typescript. Run it after changing the API; the e2e drift test fails until you do.
 *
 *   node --conditions=source scripts/generate-client.ts [--check]
 *
 * `--check` writes nothing and exits 1 when the committed file differs.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { fetchDocument, generatedFile, typesOf } from "../test/e2e/support/generate.ts"
import { apiDir, killAll, startServer } from "../test/e2e/support/server.ts"

const check = process.argv.includes("--check")
const directory = await mkdtemp(join(tmpdir(), "bishui-generate-"))
try {
  const server = await startServer({ databaseUrl: join(directory, "bishui.db") })
  let text: string
  try {
    text = await typesOf(await fetchDocument(server.url))
  } finally {
    await server.stop()
  }
  const committed = await readFile(generatedFile, "utf8").catch(() => "")
  const where = relative(apiDir, generatedFile)
  if (committed === text) {
    process.stdout.write(`${where} is up to date\n`)
  } else if (check) {
    process.stderr.write(
      `${where} differs from what the served document generates: run pnpm generate:client\n`
    )
    process.exitCode = 1
  } else {
    await writeFile(generatedFile, text)
    process.stdout.write(`wrote ${where}\n`)
  }
} finally {
  killAll()
  await rm(directory, { recursive: true, force: true })
}

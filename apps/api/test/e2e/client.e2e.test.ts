/**
 * The drift check: the committed client types (generated/api.d.ts) must be what openapi-typescript
 * makes of the document the server serves now. When this fails, run `pnpm generate:client` in
 * apps/api (or `pnpm --filter @bishui/api generate:client`) and commit the result.
 */
import { readFile } from "node:fs/promises"
import { join } from "node:path"
import { afterAll, beforeAll, expect, inject, it } from "vitest"
import { fetchDocument, generatedFile, typesOf } from "./support/generate.ts"
import { killAll, type RunningServer, startServer } from "./support/server.ts"

let server: RunningServer

beforeAll(async () => {
  server = await startServer({
    databaseUrl: join(inject("runDir"), `client-${crypto.randomUUID()}`, "bishui.db")
  })
})

afterAll(async () => {
  try {
    await server?.stop()
  } finally {
    killAll()
  }
})

it("the committed client types are generated from the served document (else: pnpm generate:client)", async () => {
  const generated = await typesOf(await fetchDocument(server.url))
  const committed = await readFile(generatedFile, "utf8").catch(() => "")
  if (committed === generated) return
  const want = generated.split("\n")
  const have = committed.split("\n")
  const line = want.findIndex((text, index) => text !== have[index])
  const at = line < 0 ? have.length : line
  expect.fail(
    `test/e2e/generated/api.d.ts is stale: run \`pnpm generate:client\` in apps/api and commit it.\n` +
      `First difference at line ${at + 1}:\n  committed: ${have[at] ?? "(end of file)"}\n  served:    ${want[at] ?? "(end of file)"}`
  )
})

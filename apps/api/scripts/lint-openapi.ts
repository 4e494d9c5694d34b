/**
 * `pnpm lint:openapi` (in apps/api): the OpenAPI document, exactly as the server makes it
 * (`OpenApi.fromApi(Api)`, what /openapi.json serves), written to a temporary file and linted by an
 * independent tool — Redocly CLI with apps/api/redocly.yaml (the recommended ruleset). Offline:
 * telemetry and the update check are off; nothing but the local file is read.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { OpenApi } from "effect/http-api"
import { Api } from "../src/api/Api.ts"

const apiDir = fileURLToPath(new URL("../", import.meta.url))
const directory = mkdtempSync(join(tmpdir(), "bishui-openapi-"))
let status = 1
try {
  const file = join(directory, "openapi.json")
  writeFileSync(file, `${JSON.stringify(OpenApi.fromApi(Api), null, 2)}\n`)
  const result = spawnSync(
    join(apiDir, "node_modules", ".bin", "redocly"),
    ["lint", file, "--config", join(apiDir, "redocly.yaml"), "--format", "stylish"],
    {
      cwd: apiDir,
      stdio: "inherit",
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        NO_UPDATE_NOTIFIER: "1"
      }
    }
  )
  if (result.error !== undefined) throw result.error
  status = result.status ?? 1
} finally {
  rmSync(directory, { recursive: true, force: true })
}
process.exit(status)

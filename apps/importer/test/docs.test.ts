/** docs/import-template.md is generated from the sheet definitions and must be regenerated when they change. */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Docs } from "@bishui/import-engine"
import { describe, expect, it } from "vitest"
import { repoDir } from "./support.ts"

describe("docs/import-template.md", () => {
  it("is up to date (node --conditions=source apps/importer/scripts/make-docs.ts)", () => {
    expect(readFileSync(join(repoDir, "docs/import-template.md"), "utf8")).toBe(Docs.templateDoc())
  })
})

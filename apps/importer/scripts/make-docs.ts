/**
 * Writes docs/import-template.md: the prose below, then every sheet and column from the sheet
 * definitions the importer itself reads (so the document cannot drift from the code; a test checks it).
 *
 *   node --conditions=source apps/importer/scripts/make-docs.ts
 */
import { writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { Docs } from "@bishui/import-engine"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")
writeFileSync(join(root, "docs/import-template.md"), Docs.templateDoc())
process.stdout.write("docs/import-template.md written\n")

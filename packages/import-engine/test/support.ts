/** What the engine's tests share: a temporary directory each. */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

export const tempDir = (): { readonly path: string; readonly cleanup: () => void } => {
  const path = mkdtempSync(join(tmpdir(), "bishui-import-engine-"))
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) }
}

import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"

// The domain is pure: it may import `effect` and its own modules, nothing else (no node:*, no drivers).
const sourceFiles = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : []
  )

const specifiers = (text: string): Array<string> =>
  [
    ...text.matchAll(/(?:import|export)[^"'`]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)
  ].map((m) => (m[1] ?? m[2]) as string)

describe("packages/domain", () => {
  const files = sourceFiles(join(import.meta.dirname, "..", "src"))

  it("has source files to check", () => {
    assert.isAbove(files.length, 10)
  })

  it("imports only effect and its own modules", () => {
    const foreign = files.flatMap((file) =>
      specifiers(readFileSync(file, "utf8"))
        .filter(
          (s) => !(s === "effect" || s.startsWith("effect/") || s.startsWith("./") || s.startsWith("../"))
        )
        .map((s) => `${file}: ${s}`)
    )
    assert.deepStrictEqual(foreign, [])
  })

  it("the import scanner sees a forbidden import", () => {
    assert.deepStrictEqual(specifiers(`import { readFile } from "node:fs"\nexport * from "./Ids.ts"`), [
      "node:fs",
      "./Ids.ts"
    ])
  })
})

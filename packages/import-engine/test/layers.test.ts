/**
 * The package's folders are layers: a module imports only from its own layer or those below, so no
 * import points back up and the stages can be used and tested on their own; nothing here writes to a
 * terminal or ends the process (that is the caller's). Checked on every import of `src/`.
 */
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src")

/** Bottom first; the modules at the top of `src/` are the layer above all folders. */
const layers = ["base", "read", "sheet", "model", "kinds", "pipeline", "template", "."]

const files = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []
  )

const layerOf = (file: string) => {
  const top = relative(src, file).split("/")
  return layers.indexOf(top.length === 1 ? "." : (top[0] as string))
}

const modules = files(src)
const sources = new Map(modules.map((file) => [file, readFileSync(file, "utf8")]))
const imports = new Map(
  modules.map((file) => [
    file,
    [...(sources.get(file) ?? "").matchAll(/(?:from|import)\s+"(\.{1,2}\/[^"]+)"/g)].map((m) =>
      resolve(dirname(file), m[1] as string)
    )
  ])
)

describe("the package's layers", () => {
  it("knows the layer of every module", () => {
    expect(modules.length).toBeGreaterThan(50)
    expect(modules.filter((file) => layerOf(file) < 0).map((file) => relative(src, file))).toEqual([])
  })

  it("has no import pointing up a layer, and none outside the package", () => {
    const edges = [...imports].flatMap(([from, targets]) => targets.map((to) => ({ from, to })))
    expect(edges.length).toBeGreaterThan(150)
    const up = edges
      .filter(({ from, to }) => !to.startsWith(src) || layerOf(to) > layerOf(from))
      .map(({ from, to }) => `${relative(src, from)} → ${relative(src, to)}`)
    expect(up).toEqual([])
  })

  it("has no import cycle", () => {
    const cycles: Array<string> = []
    const state = new Map<string, "open" | "done">()
    const visit = (file: string, path: ReadonlyArray<string>) => {
      if (state.get(file) === "done") return
      if (state.get(file) === "open") {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(src, f)).join(" → "))
        return
      }
      state.set(file, "open")
      for (const to of imports.get(file) ?? []) visit(to, [...path, file])
      state.set(file, "done")
    }
    for (const file of modules) visit(file, [])
    expect(cycles).toEqual([])
  })

  it("neither writes to a terminal nor ends the process", () => {
    const found = modules.filter((file) =>
      /\bconsole\.|process\.(stdout|stderr|exit)\b|\bConsole\.|effect\/cli|cli-progress/.test(
        sources.get(file) ?? ""
      )
    )
    expect(found.map((file) => relative(src, file))).toEqual([])
  })
})

/**
 * The soak's instruments: the server's memory log (`BISHUI_MEMORY_LOG`) and the heap snapshot
 * comparison (`scripts/heap-compare.ts`).
 */
import { appendFileSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { getHeapSnapshot } from "node:v8"
import { afterEach, describe, expect, it } from "vitest"
import { compareKinds, countByKind } from "../scripts/heap-compare.ts"
import { memoryLine, readMemoryLog, startMemoryLog } from "../src/server/memory-log.ts"

const dirs: Array<string> = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-memory-log-"))
  dirs.push(dir)
  return dir
}

describe("memory log", () => {
  it("a line holds V8's account and, on Linux, the kernel's", () => {
    const line = memoryLine(() => 42)
    expect(line.at).toBe(42)
    expect(line.heapUsed).toBeGreaterThan(0)
    expect(line.heapTotal).toBeGreaterThanOrEqual(line.heapUsed)
    expect(line.rss).toBeGreaterThan(line.heapUsed / 2)
    if (process.platform === "linux") {
      expect(line.anon).toBeGreaterThan(0)
      expect(line.file).toBeGreaterThan(0)
    }
  })

  it("appends a line at once and then every interval; a torn last line is skipped", async () => {
    const path = join(tempDir(), "memory.jsonl")
    const stop = startMemoryLog({ path, everyMs: 100 })
    await new Promise((resolve) => setTimeout(resolve, 350))
    stop()
    const lines = readMemoryLog(path)
    expect(lines.length).toBeGreaterThanOrEqual(3)
    expect(lines.map((l) => l.at)).toEqual([...lines.map((l) => l.at)].sort((a, b) => a - b))
    const written = lines.length
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(readMemoryLog(path)).toHaveLength(written)
    appendFileSync(path, '{"at": 1, "rss"')
    expect(readMemoryLog(path)).toHaveLength(written)
  })

  it("reads no lines from a missing file, and a log that cannot be written does not throw", () => {
    const missing = join(tempDir(), "nowhere", "memory.jsonl")
    expect(readMemoryLog(missing)).toEqual([])
    const stop = startMemoryLog({ path: missing, everyMs: 1000 })
    stop()
  })
})

describe("heap-compare", () => {
  const snapshot = (nodes: ReadonlyArray<readonly [type: number, name: number, size: number]>) => ({
    snapshot: {
      meta: {
        node_fields: ["type", "name", "id", "self_size", "edge_count"],
        node_types: [["hidden", "array", "string", "object", "code", "closure"], "string", "number"]
      }
    },
    nodes: nodes.flatMap(([type, name, size], id) => [type, name, id, size, 0]),
    strings: ["", "Statement", "render", "text"]
  })

  it("counts objects by constructor, closures by name and the rest by type, and ranks growth", () => {
    const before = countByKind(
      snapshot([
        [3, 1, 100],
        [5, 2, 32],
        [2, 3, 20]
      ])
    )
    const after = countByKind(
      snapshot([
        [3, 1, 100],
        [3, 1, 100],
        [3, 1, 100],
        [5, 2, 32],
        [5, 0, 32],
        [2, 3, 10]
      ])
    )
    expect(before.get("Statement")).toEqual({ count: 1, bytes: 100 })
    expect(after.get("Statement")).toEqual({ count: 3, bytes: 300 })
    expect(after.get("(closure) render")).toEqual({ count: 1, bytes: 32 })
    expect(after.get("(closure) anonymous")).toEqual({ count: 1, bytes: 32 })
    const ranked = compareKinds(before, after)
    expect(ranked.map((g) => g.kind)).toEqual([
      "Statement",
      "(closure) anonymous",
      "(closure) render",
      "(string)"
    ])
    expect(ranked.at(-1)).toEqual({
      kind: "(string)",
      before: { count: 1, bytes: 20 },
      after: { count: 1, bytes: 10 }
    })
  })

  it("reads a real snapshot: this process's heap holds its own objects", async () => {
    const chunks: Array<Buffer> = []
    for await (const chunk of getHeapSnapshot()) chunks.push(chunk as Buffer)
    const kinds = countByKind(JSON.parse(Buffer.concat(chunks).toString("utf8")))
    expect(kinds.get("Object")?.count ?? 0).toBeGreaterThan(100)
    expect(kinds.get("(string)")?.bytes ?? 0).toBeGreaterThan(0)
  })
})

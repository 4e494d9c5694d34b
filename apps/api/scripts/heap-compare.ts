/**
 * `node apps/api/scripts/heap-compare.ts before.heapsnapshot after.heapsnapshot [--top 25]`: what grew
 * between two V8 heap snapshots (e.g. the two `pnpm soak --heap-snapshots DIR` writes, at the middle
 * and at the end of the steady load). Counts the objects of each kind — a constructor's name for
 * objects, `(closure) name` for functions, `(string)`, `(array)`, `(code)`, … for the rest — and
 * their own sizes, and prints the kinds whose bytes grew most. A snapshot holds live objects only
 * (V8 collects garbage before writing it), so growth here is memory the server keeps.
 */
import { readFileSync } from "node:fs"
import { parseArgs } from "node:util"

interface Snapshot {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: ReadonlyArray<string>
      readonly node_types: ReadonlyArray<ReadonlyArray<string> | string>
    }
  }
  readonly nodes: ReadonlyArray<number>
  readonly strings: ReadonlyArray<string>
}

export interface Kind {
  readonly count: number
  readonly bytes: number
}

/** Objects and bytes by kind in one parsed snapshot. */
export const countByKind = (heap: Snapshot): Map<string, Kind> => {
  const fields = heap.snapshot.meta.node_fields
  const types = heap.snapshot.meta.node_types[0] as ReadonlyArray<string>
  const width = fields.length
  const typeAt = fields.indexOf("type")
  const nameAt = fields.indexOf("name")
  const sizeAt = fields.indexOf("self_size")
  const kinds = new Map<string, { count: number; bytes: number }>()
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i + typeAt] as number] ?? "?"
    const name = heap.strings[heap.nodes[i + nameAt] as number] ?? "?"
    const key =
      type === "object" || type === "native"
        ? name
        : type === "closure"
          ? `(closure) ${name === "" ? "anonymous" : name}`
          : `(${type})`
    const kind = kinds.get(key) ?? { count: 0, bytes: 0 }
    kind.count++
    kind.bytes += heap.nodes[i + sizeAt] as number
    kinds.set(key, kind)
  }
  return kinds
}

export interface Growth {
  readonly kind: string
  readonly before: Kind
  readonly after: Kind
}

/** Every kind in either snapshot, the largest growth in bytes first. */
export const compareKinds = (before: Map<string, Kind>, after: Map<string, Kind>): Array<Growth> => {
  const none = { count: 0, bytes: 0 }
  return [...new Set([...before.keys(), ...after.keys()])]
    .map((kind) => ({ kind, before: before.get(kind) ?? none, after: after.get(kind) ?? none }))
    .sort((a, b) => b.after.bytes - b.before.bytes - (a.after.bytes - a.before.bytes))
}

const main = () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: "string", default: "25" } }
  })
  const [beforePath, afterPath] = positionals
  if (beforePath === undefined || afterPath === undefined) {
    process.stderr.write("usage: heap-compare.ts before.heapsnapshot after.heapsnapshot [--top 25]\n")
    process.exit(2)
  }
  const load = (path: string) => countByKind(JSON.parse(readFileSync(path, "utf8")) as Snapshot)
  const before = load(beforePath)
  const after = load(afterPath)
  const total = (kinds: Map<string, Kind>) =>
    [...kinds.values()].reduce((sum, k) => ({ count: sum.count + k.count, bytes: sum.bytes + k.bytes }), {
      count: 0,
      bytes: 0
    })
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`
  const [b, a] = [total(before), total(after)]
  process.stdout.write(
    `live heap: ${b.count} objects, ${mb(b.bytes)} → ${a.count} objects, ${mb(a.bytes)} (${a.bytes >= b.bytes ? "+" : ""}${mb(a.bytes - b.bytes)})\n\n`
  )
  process.stdout.write(`${"kind".padEnd(48)} ${"count".padStart(19)} ${"bytes".padStart(25)}\n`)
  const rows = compareKinds(before, after)
  const top = Number(values.top)
  for (const row of [...rows.slice(0, top), ...rows.slice(-5).reverse()]) {
    const kind = row.kind.length > 47 ? `${row.kind.slice(0, 46)}…` : row.kind
    process.stdout.write(
      `${kind.padEnd(48)} ${`${row.before.count} → ${row.after.count}`.padStart(19)} ${`${mb(row.before.bytes)} → ${mb(row.after.bytes)}`.padStart(25)}\n`
    )
  }
}

if (import.meta.main) main()

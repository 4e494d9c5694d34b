/**
 * What the imports keep in memory for a while — the errors files (`imports.ts`) and the console's
 * checked uploads (`pages/console/upload`) — bounded three ways: each entry expires, and the oldest go
 * first when there are too many or they hold too many bytes (the server runs in a small heap).
 */
export interface Kept<V> {
  readonly get: (id: string) => V | undefined
  readonly set: (id: string, value: V, expires: number) => void
  readonly delete: (id: string) => void
}

export const makeKept = <V>(options: {
  readonly maxEntries: number
  readonly maxBytes: number
  readonly sizeOf: (value: V) => number
  readonly now?: () => number
}): Kept<V> => {
  const now = options.now ?? Date.now
  const entries = new Map<string, { readonly value: V; readonly expires: number; readonly size: number }>()
  let bytes = 0
  const drop = (id: string) => {
    const entry = entries.get(id)
    if (entry === undefined) return
    bytes -= entry.size
    entries.delete(id)
  }
  const sweep = () => {
    const at = now()
    for (const [id, entry] of entries) if (entry.expires <= at) drop(id)
    // A Map iterates in insertion order: the first key is the oldest.
    while (entries.size > options.maxEntries || bytes > options.maxBytes) {
      drop(entries.keys().next().value as string)
    }
  }
  return {
    get: (id) => {
      sweep()
      return entries.get(id)?.value
    },
    set: (id, value, expires) => {
      const size = options.sizeOf(value)
      entries.set(id, { value, expires, size })
      bytes += size
      sweep()
    },
    delete: drop
  }
}

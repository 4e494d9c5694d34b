/**
 * A record stored in columns (`Table.stored`) ↔ its row: the cells of its encoded form, one per field,
 * and back. Pure, so the SQL Store's single and bulk writes and its reads share one mapping.
 */
import type { StoredField } from "../Tables.ts"

/** A column's value as written: text, a flag's 1 or 0, JSON as text, or NULL. */
export type Cell = string | number | null

type Tree = Map<string, Tree | StoredField>

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

export interface RowCodec {
  /** The cells of a record's encoded form, in the order of the fields. */
  readonly cellsOf: (encoded: unknown) => Array<Cell>
  /** A record's encoded form from a row (keyed by column). */
  readonly encodedOf: (row: Readonly<Record<string, unknown>>) => Record<string, unknown>
}

export const makeRowCodec = (
  tableName: string,
  fields: ReadonlyArray<StoredField>,
  objects: ReadonlyArray<string> = []
): RowCodec => {
  const tree: Tree = new Map()
  for (const field of fields) {
    let node = tree
    field.path.forEach((key, i) => {
      if (i === field.path.length - 1) {
        node.set(key, field)
        return
      }
      let next = node.get(key)
      if (next === undefined) {
        next = new Map()
        node.set(key, next)
      }
      if (!(next instanceof Map)) throw new Error(`${tableName}: ${field.path.join(".")} is under a field`)
      node = next
    })
  }
  // Every field the record holds has a column: one that has none would be lost on write.
  const checkCovered = (value: Record<string, unknown>, node: Tree, at: string) => {
    for (const key of Object.keys(value)) {
      const child = node.get(key)
      if (child === undefined) throw new Error(`${tableName}: no column holds ${at}${key}`)
      if (child instanceof Map) {
        const inner = value[key]
        if (inner === undefined) continue
        if (!isObject(inner)) throw new Error(`${tableName}: ${at}${key} is not an object`)
        checkCovered(inner, child, `${at}${key}.`)
      }
    }
  }
  const valueAt = (encoded: Record<string, unknown>, path: ReadonlyArray<string>): unknown => {
    let value: unknown = encoded
    for (const key of path) {
      if (!isObject(value)) return undefined
      value = value[key]
    }
    return value
  }
  const cellsOf = (encoded: unknown): Array<Cell> => {
    if (!isObject(encoded)) throw new Error(`${tableName}: a record encodes to an object`)
    checkCovered(encoded, tree, "")
    return fields.map((field) => {
      const value = valueAt(encoded, field.path)
      if (value === undefined || value === null) return null
      if (field.kind === "flag") {
        if (typeof value !== "boolean") throw new Error(`${tableName}: ${field.path.join(".")} is not a flag`)
        return value ? 1 : 0
      }
      if (field.kind === "json") return JSON.stringify(value)
      if (field.kind === "integer") {
        if (!Number.isSafeInteger(value))
          throw new Error(`${tableName}: ${field.path.join(".")} is not an integer`)
        return value as number
      }
      if (typeof value !== "string") throw new Error(`${tableName}: ${field.path.join(".")} is not text`)
      return value
    })
  }
  const encodedOf = (row: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    const encoded: Record<string, unknown> = {}
    for (const object of objects) encoded[object] = {}
    for (const field of fields) {
      const cell = row[field.column]
      if (cell === null || cell === undefined) continue
      const value =
        field.kind === "text"
          ? String(cell)
          : field.kind === "integer"
            ? Number(cell)
            : field.kind === "flag"
              ? Number(cell) !== 0
              : typeof cell === "string"
                ? JSON.parse(cell)
                : cell
      let node = encoded
      const last = field.path.length - 1
      for (let i = 0; i < last; i++) {
        const key = field.path[i] as string
        let next = node[key]
        if (!isObject(next)) {
          next = {}
          node[key] = next
        }
        node = next as Record<string, unknown>
      }
      node[field.path[last] as string] = value
    }
    return encoded
  }
  return { cellsOf, encodedOf }
}

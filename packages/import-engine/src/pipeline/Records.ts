/**
 * Stage 5, records: the kind's built record (references resolved, encoded form) made into the record
 * to store, and what it is to the stored one — created, updated, unchanged — or why the row is rejected:
 * it stands for a voided record (an import neither restores it nor makes a second record of it), or it
 * does not decode as a valid record. Fields the sheet has no column for keep their stored values.
 */
import { Errors, type Void } from "@bishui/domain"
import { Result, Schema } from "effect"
import type { Words } from "../base/Words.ts"
import type { AnyKind } from "../model/Kind.ts"
import type { BoundSheet, RowCtx } from "../sheet/Row.ts"

/**
 * Fields the sheet has no column for keep their stored values: a sheet without 示例数据, say, leaves
 * every record's mark as it was. A field filled by several columns is kept only when all are absent.
 */
export const keepAbsent = (
  bound: BoundSheet,
  built: Record<string, unknown>,
  stored: Record<string, unknown>
): Record<string, unknown> => {
  const present = new Set<string>()
  const absent = new Set<string>()
  for (const c of bound.def.columns) {
    if (c.field === undefined) continue
    for (const f of typeof c.field === "string" ? [c.field] : c.field) {
      ;(bound.positions.has(c.key) ? present : absent).add(f)
    }
  }
  const out = structuredClone(built)
  for (const path of absent) {
    if (present.has(path)) continue
    const parts = path.split(".")
    const last = parts.pop() as string
    let to: Record<string, unknown> | undefined = out
    let from: Record<string, unknown> | undefined = stored
    for (const part of parts) {
      to = to?.[part] as Record<string, unknown> | undefined
      from = from?.[part] as Record<string, unknown> | undefined
    }
    if (to === undefined || typeof to !== "object") continue
    if (from !== undefined && from[last] !== undefined) to[last] = from[last]
    else delete to[last]
  }
  return out
}

/** Why a row that stands for a voided record is not imported. */
export const voidedRow = (kind: AnyKind, id: string, mark: Void.VoidMark): Words => {
  const name = Errors.entityNames[kind.table.entity]
  return {
    zh: `这一行对应的${name.zh}（编号${id}）已于${mark.at}作废（原因：${mark.reason}）：导入不会恢复它，也不会另建一条；如需恢复请先在系统中恢复，否则请删去这一行`,
    en: `the row stands for a ${name.en} (id ${id}) voided at ${mark.at} (reason: ${mark.reason}): an import neither restores it nor creates it again; restore it first if it should count, or remove the row`
  }
}

/** Sorted object keys, so two encodings of one record compare equal. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v
  )

export interface Settled {
  readonly record: { readonly id: string }
  readonly status: "created" | "updated" | "unchanged"
}

/**
 * Decode the built record and compare it with the stored one (as the kind compares: `canonical`).
 * `keep`: fields the sheet has no column for keep their stored values. Undefined, with the reason on
 * the row, when the row is rejected.
 */
export const settle = (
  kind: AnyKind,
  r: RowCtx,
  built: unknown,
  existing: { readonly id: string } | undefined,
  keep = true
): Settled | undefined => {
  const mark = (existing as { readonly voided?: Void.VoidMark } | undefined)?.voided
  if (mark !== undefined) {
    r.fail(undefined, voidedRow(kind, existing?.id ?? "", mark))
    return undefined
  }
  const encoded =
    keep && existing !== undefined
      ? keepAbsent(
          r.bound,
          built as Record<string, unknown>,
          Schema.encodeSync(kind.table.schema)(existing) as Record<string, unknown>
        )
      : built
  const decoded = Schema.decodeUnknownResult(kind.table.schema)(encoded)
  if (Result.isFailure(decoded)) {
    r.fail(undefined, {
      zh: `这一行不能构成有效的记录：${String(decoded.failure.message ?? decoded.failure)}`,
      en: `the row does not make a valid record: ${String(decoded.failure.message ?? decoded.failure)}`
    })
    return undefined
  }
  const record = decoded.success
  if (existing === undefined) return { record, status: "created" }
  const encode = Schema.encodeSync(kind.table.schema)
  const canonical = kind.canonical ?? ((x: Record<string, unknown>) => x)
  const same =
    canonicalJson(canonical(encode(existing) as Record<string, unknown>)) ===
    canonicalJson(canonical(encode(record) as Record<string, unknown>))
  return { record, status: same ? "unchanged" : "updated" }
}

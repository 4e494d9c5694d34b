/** Stage 5, records: the built record decoded and compared with the stored one, or the row rejected. */
import { Tables } from "@bishui/services"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import type { AnyKind } from "../../src/model/Kind.ts"
import { canonicalJson, keepAbsent, settle } from "../../src/pipeline/Records.ts"
import { column } from "../../src/sheet/Column.ts"
import { RowCtx } from "../../src/sheet/Row.ts"
import type { SheetDef } from "../../src/sheet/Sheet.ts"
import { boundSheet, row } from "./fixtures.ts"

const note = { zh: "说明", en: "note" }
const def: SheetDef = {
  kind: "zones",
  zh: "责任区",
  en: "zones",
  note,
  identity: note,
  mode: "buffered",
  columns: [
    column({ key: "name", field: "name", zh: "名称", en: "name", required: true, type: "text", note }),
    column({
      key: "size",
      field: "detail.size",
      zh: "规模",
      en: "size",
      required: false,
      type: "count",
      note
    }),
    column({ key: "remark", field: "remark", zh: "备注", en: "remark", required: false, type: "text", note })
  ]
}

const Rec = Schema.Struct({
  id: Schema.String,
  name: Schema.NonEmptyString,
  detail: Schema.optionalKey(Schema.Struct({ size: Schema.optionalKey(Schema.Number) })),
  remark: Schema.optionalKey(Schema.String),
  voided: Schema.optionalKey(Schema.Struct({ at: Schema.String, reason: Schema.String }))
})
const kind = { def, table: { ...Tables.zones, schema: Rec } } as unknown as AnyKind

/** A row of a sheet without the size column. */
const nameOnly = () => new RowCtx(boundSheet(def, ["名称", "备注"]), row(2, "南河"))

describe("records", () => {
  it("compares encodings whatever the order of their keys", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe(
      canonicalJson({ a: { c: [3, { e: 5, f: 4 }], d: 2 }, b: 1 })
    )
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }))
  })

  it("keeps the stored value of fields the sheet has no column for", () => {
    const bound = boundSheet(def, ["名称", "备注"])
    const built = { id: "z1", name: "新名", remark: "", detail: { size: 0 } }
    const kept = keepAbsent(bound, built, { id: "z1", name: "旧名", detail: { size: 3 }, remark: "旧" })
    // name and remark have columns: as built; detail.size has none: as stored
    expect(kept).toEqual({ id: "z1", name: "新名", remark: "", detail: { size: 3 } })
    // a field the stored record lacks is left out; the built record itself is not changed
    expect(keepAbsent(bound, built, { id: "z1", name: "旧名" })).toEqual({
      id: "z1",
      name: "新名",
      remark: "",
      detail: {}
    })
    expect(built.detail.size).toBe(0)
  })

  it("creates, updates or leaves a record as it is", () => {
    expect(settle(kind, nameOnly(), { id: "z1", name: "南河" }, undefined)?.status).toBe("created")
    const stored = { id: "z1", name: "南河", detail: { size: 3 } }
    const same = settle(kind, nameOnly(), { id: "z1", name: "南河", detail: {} }, stored)
    expect(same?.status).toBe("unchanged")
    // the size was kept although the row does not give it
    expect(same?.record).toEqual(stored)
    const renamed = settle(kind, nameOnly(), { id: "z1", name: "北河", detail: {} }, stored)
    expect(renamed).toEqual({ record: { id: "z1", name: "北河", detail: { size: 3 } }, status: "updated" })
  })

  it("rejects a row that stands for a voided record, saying when and why it was voided", () => {
    const r = nameOnly()
    const voided = { id: "z9", name: "南河", voided: { at: "2025-03-01", reason: "重复建档" } }
    expect(settle(kind, r, { id: "z9", name: "南河" }, voided)).toBeUndefined()
    expect(r.ok).toBe(false)
    expect(r.errors[0]?.reason.zh).toContain("重复建档")
    expect(r.errors[0]?.reason.en).toContain("z9")
  })

  it("rejects a row whose record does not decode", () => {
    const r = nameOnly()
    expect(settle(kind, r, { id: "z1", name: "" }, undefined)).toBeUndefined()
    expect(r.errors[0]?.reason.en).toMatch(/^the row does not make a valid record/)
  })
})

/** Stage 4, references: the stored record a row stands for, batches cut into runs, child rows by parent. */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { stagesDef } from "../../src/kinds/cases.ts"
import { kind as zoneKind } from "../../src/kinds/zones.ts"
import type { AnyChildKind, AnyKind, Bulk } from "../../src/model/Kind.ts"
import type { ParsedRow } from "../../src/pipeline/Cells.ts"
import { collectChildren, findStored, recordId, recordRuns } from "../../src/pipeline/References.ts"
import { RowCtx } from "../../src/sheet/Row.ts"
import { boundSheet, ctxOver, fakeStore, newState, row, timeZone } from "./fixtures.ts"

const bound = boundSheet(zoneKind.def, ["责任区编码", "责任区名称"])
const item = (number: number, draft: unknown): ParsedRow<unknown> => ({
  r: new RowCtx(bound, row(number)),
  draft
})

type Draft = { readonly id?: string; readonly code?: string }
const bulk: Bulk<{ readonly id: string }, unknown> = {
  resolve: () => Effect.void,
  recordKey: (record) => (record as unknown as { code: string }).code,
  draftKey: (draft) => (draft as Draft).code,
  candidates: (drafts) => ({ column: "code", values: drafts.map((d) => (d as Draft).code as string) }),
  createMany: () => Effect.void
}

describe("references", () => {
  it("gives a record the stored record's id, else the row's 编号, else a new one", () => {
    expect(recordId({ id: "stored" }, { id: "given" })).toBe("stored")
    expect(recordId(undefined, { id: "given" })).toBe("given")
    const a = recordId(undefined, {})
    const b = recordId(undefined, {})
    expect(a).not.toBe("")
    expect(a).not.toBe(b)
  })

  it("cuts a batch where a row stands for the same record as an earlier row of the run", () => {
    const items = [
      item(2, { code: "A" }),
      item(3, { code: "B" }),
      item(4, { code: "A" }),
      item(5, { code: "C" }),
      item(6, undefined),
      item(7, { id: "z1", code: "B" }),
      item(8, { id: "z1" })
    ]
    const runs = recordRuns(bulk, items).map((run) => run.map((i) => i.r.number))
    expect(runs).toEqual([[2, 3], [4, 5, 6, 7], [8]])
    expect(runs.flat()).toEqual(items.map((i) => i.r.number))
  })

  it("finds the stored records of a run at once, by 编号 and by natural key, a live one before a voided one", async () => {
    const fake = fakeStore({
      zones: [
        { id: "z1", code: "A" },
        { id: "z2", code: "B", voided: { at: "2025-01-01", reason: "错建" } },
        { id: "z3", code: "B" }
      ]
    })
    const ctx = ctxOver(fake)
    const items = [item(2, { id: "z1" }), item(3, { code: "B" }), item(4, { code: "Q" })]
    const storedOf = await Effect.runPromise(findStored(zoneKind as unknown as AnyKind, bulk, items, ctx))
    expect(storedOf({ id: "z1" })?.id).toBe("z1")
    expect(storedOf({ code: "B" })?.id).toBe("z3")
    expect(storedOf({ code: "Q" })).toBeUndefined()
    expect(fake.queries).toEqual([
      { table: "zones", column: "id", values: ["z1"] },
      { table: "zones", column: "code", values: ["B", "Q"] }
    ])
  })

  it("gathers child rows by parent; a parent with a bad child row keeps its list", async () => {
    const stages = boundSheet(stagesDef, ["案件", "环节", "时间"])
    type ChildDraft = { readonly parent: string; readonly at: string; readonly bad?: boolean }
    const child = {
      def: stagesDef,
      field: "stages",
      parse: (r: RowCtx) => {
        const [parent, at, bad] = r.row.cells as ReadonlyArray<string>
        return { parent, at, bad: bad === "bad" }
      },
      parent: (d: ChildDraft) => Effect.succeed(d.parent === "?" ? undefined : d.parent),
      item: (d: ChildDraft, r: RowCtx) =>
        Effect.sync(() => (d.bad ? r.fail(undefined, { zh: "坏", en: "bad" }) : { at: d.at })),
      order: (items: ReadonlyArray<unknown>) =>
        [...items].sort((a, b) => ((a as { at: string }).at < (b as { at: string }).at ? -1 : 1)),
      toRows: () => []
    } as unknown as AnyChildKind
    const state = newState()
    const rows = [
      row(2, "c1", "09:00"),
      row(3, "c1", "08:00"),
      row(4, "c2", "10:00"),
      row(5, "c2", "11:00", "bad"),
      row(6, "?", "12:00"),
      row(7)
    ]
    const children = await Effect.runPromise(
      collectChildren(state, child, [{ bound: stages, rows }], timeZone, ctxOver())
    )
    expect(children.items.get("c1")).toEqual([{ at: "08:00" }, { at: "09:00" }])
    expect(children.items.has("c2")).toBe(false)
    expect(children.broken.get("c2")).toBe(5)
    expect(children.rows.get("c1")?.map((r) => r.number)).toEqual([2, 3])
    // the bad row and the row without a parent are rejected; the blank row is not counted
    expect(state.rejected.map((r) => r.row.number)).toEqual([5, 6])
  })
})

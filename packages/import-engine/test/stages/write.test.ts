/** Stage 6, write: records through the services, audited as the file's import; refusals named by row. */
import { Errors } from "@bishui/domain"
import { CurrentActor, Tables } from "@bishui/services"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { def as zones } from "../../src/kinds/zones.ts"
import type { AnyKind, Bulk } from "../../src/model/Kind.ts"
import type { PendingRow } from "../../src/pipeline/State.ts"
import { createAll, runDeferred, writeOrder, writeRecord } from "../../src/pipeline/Write.ts"
import { RowCtx } from "../../src/sheet/Row.ts"
import { boundSheet, ctxOver, fakeStore, row } from "./fixtures.ts"

const bound = boundSheet(zones, ["责任区编码", "责任区名称"], "/data/四平/台账.xlsx")
const rowAt = (n: number) => new RowCtx(bound, row(n, `NH-0${n}`, "河"))
const taken = (key: string) => new Errors.AlreadyExists({ entity: Tables.zones.entity, key })
const noPending = new Map<string, PendingRow>()

/** A kind whose writes are recorded (with the actor they ran as) and refused for the ids in `refuse`. */
const recordingKind = (refuse: ReadonlySet<string> = new Set()) => {
  const writes: Array<{ readonly op: string; readonly id: string; readonly actor: string }> = []
  const op = (name: string) => (record: { readonly id: string }) =>
    Effect.gen(function* () {
      writes.push({ op: name, id: record.id, actor: yield* CurrentActor.CurrentActor })
      if (refuse.has(record.id)) return yield* Effect.fail(taken(record.id))
    })
  const kind = {
    def: zones,
    table: Tables.zones,
    create: op("create"),
    update: op("update")
  } as unknown as AnyKind
  return { kind, writes }
}

describe("write", () => {
  it("writes a record as the import of its file; a refusal fails the row in the operator's words", async () => {
    const { kind, writes } = recordingKind(new Set(["z2"]))
    const ctx = ctxOver()
    const ok = await Effect.runPromise(writeRecord(kind, rowAt(1), { id: "z1" }, "created", ctx, noPending))
    expect(ok).toBe(true)
    expect(ctx.currentRow).toBeInstanceOf(RowCtx)
    const r = rowAt(2)
    expect(await Effect.runPromise(writeRecord(kind, r, { id: "z2" }, "updated", ctx, noPending))).toBe(false)
    expect(writes).toEqual([
      { op: "create", id: "z1", actor: "import:台账.xlsx" },
      { op: "update", id: "z2", actor: "import:台账.xlsx" }
    ])
    expect(r.errors).toEqual([expect.objectContaining({ row: 2, sheet: "责任区" })])
    expect(r.errors[0]?.reason.en).toContain('"z2"')
  })

  it("creates a batch with one bulk call, in a transaction of its own", async () => {
    const { kind, writes } = recordingKind()
    const fake = fakeStore()
    const calls: Array<ReadonlyArray<string>> = []
    const bulk = {
      createMany: (records: ReadonlyArray<{ readonly id: string }>) =>
        Effect.sync(() => calls.push(records.map((r) => r.id)))
    } as unknown as Bulk<{ readonly id: string }, unknown>
    const created = [1, 2, 3].map((n) => ({ r: rowAt(n), record: { id: `z${n}` } }))
    const outcomes = await Effect.runPromise(createAll(kind, bulk, created, ctxOver(fake), noPending))
    expect(outcomes).toEqual(["created", "created", "created"])
    expect(calls).toEqual([["z1", "z2", "z3"]])
    expect(fake.transactions.count).toBe(1)
    expect(writes).toEqual([])
    expect(await Effect.runPromise(createAll(kind, bulk, [], ctxOver(fake), noPending))).toEqual([])
  })

  it("writes a refused batch row by row, so that each refusal names its row", async () => {
    const { kind, writes } = recordingKind(new Set(["z2"]))
    const bulk = {
      createMany: () => Effect.fail(taken("z2"))
    } as unknown as Bulk<{ readonly id: string }, unknown>
    const created = [1, 2, 3].map((n) => ({ r: rowAt(n), record: { id: `z${n}` } }))
    const outcomes = await Effect.runPromise(createAll(kind, bulk, created, ctxOver(), noPending))
    expect(outcomes).toEqual(["created", "rejected", "created"])
    expect(writes.map((w) => w.id)).toEqual(["z1", "z2", "z3"])
    expect(created.map((c) => c.r.ok)).toEqual([true, false, true])
  })

  it("orders a group's writes parents first, then as the rows came, leaving out what is not written", () => {
    const parentFirst = { stage: (record: { readonly id: string }) => (record.id.startsWith("p") ? 0 : 1) }
    const entry = (id: string, status: string) => ({
      kind: parentFirst as unknown as AnyKind,
      record: { id },
      status
    })
    const entries = [
      entry("c1", "created"),
      entry("p1", "updated"),
      entry("c2", "unchanged"),
      entry("c3", "created"),
      entry("p2", "rejected"),
      entry("p3", "created")
    ]
    expect(writeOrder(entries, ctxOver()).map((e) => e.record.id)).toEqual(["p1", "p3", "c1", "c3"])
  })

  it("runs the deferred writes once, failing the rows they came from with the row they refer to", async () => {
    const ctx = ctxOver()
    const linked = rowAt(4)
    const fine = rowAt(5)
    ctx.currentRow = linked
    ctx.defer(Effect.fail(new Errors.NotFound({ entity: Tables.zones.entity, id: "z7" })))
    ctx.currentRow = fine
    ctx.defer(Effect.void)
    const pending = new Map<string, PendingRow>([["z7", { sheet: "责任区", row: 12 }]])
    const failed = await Effect.runPromise(runDeferred(ctx, pending))
    expect(failed).toEqual([linked])
    expect(linked.errors[0]?.reason.en).toContain("row 12")
    expect(fine.ok).toBe(true)
    expect(ctx.deferred).toEqual([])
  })
})

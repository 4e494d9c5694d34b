/**
 * Stage 6, write: records go in through the services, in the unit's transaction, each write audited
 * as the import of its file. One record at a time (a refusal rejects its row, described in the
 * operator's words); a batch of new ledger records with one bulk call (refused as a whole, they are
 * written one by one so that each refusal names its row); a group's records parents first; and the
 * writes a kind deferred until the rest of its group is in.
 */
import { basename } from "node:path"
import { CurrentActor } from "@bishui/services"
import { Effect, Result } from "effect"
import type { Ctx } from "../model/Ctx.ts"
import { describeWriteError } from "../model/Describe.ts"
import type { AnyKind, Bulk } from "../model/Kind.ts"
import type { RowCtx } from "../sheet/Row.ts"
import type { PendingRow } from "./State.ts"

type Stored = { readonly id: string }

/** Who the audit log names for a row's writes. */
export const actorOf = (r: RowCtx) => `import:${basename(r.bound.file)}`

/** Write one record through its service; a refusal fails the row. Whether it was written. */
export const writeRecord = (
  kind: AnyKind,
  r: RowCtx,
  record: Stored,
  status: "created" | "updated",
  ctx: Ctx,
  pendingRows: ReadonlyMap<string, PendingRow>
) =>
  Effect.gen(function* () {
    ctx.currentRow = r
    const effect = status === "created" ? kind.create(record, ctx) : kind.update(record, ctx)
    const result = yield* Effect.result(Effect.provideService(effect, CurrentActor.CurrentActor, actorOf(r)))
    ctx.invalidate(kind.table.name)
    if (Result.isFailure(result)) {
      r.fail(
        undefined,
        describeWriteError(result.failure, (id) => pendingRows.get(id))
      )
      return false
    }
    return true
  })

/**
 * New records of a batch with one bulk call, all or none; refused as a whole, one by one so that each
 * refusal names its row. Each row's outcome, in order.
 */
export const createAll = (
  kind: AnyKind,
  bulk: Bulk<Stored, unknown>,
  created: ReadonlyArray<{ readonly r: RowCtx; readonly record: Stored }>,
  ctx: Ctx,
  pendingRows: ReadonlyMap<string, PendingRow>
) =>
  Effect.gen(function* () {
    const first = created[0]
    if (first === undefined) return []
    const all = yield* Effect.result(
      ctx.store.transaction(
        Effect.provideService(
          bulk.createMany(
            created.map((c) => c.record),
            ctx
          ),
          CurrentActor.CurrentActor,
          actorOf(first.r)
        )
      )
    )
    if (Result.isSuccess(all)) return created.map(() => "created" as const)
    const outcomes: Array<"created" | "rejected"> = []
    for (const c of created)
      outcomes.push(
        (yield* writeRecord(kind, c.r, c.record, "created", ctx, pendingRows)) ? "created" : "rejected"
      )
    return outcomes
  })

/** The group's records to write, parents first (the kinds' `stage`), else in the rows' order. */
export const writeOrder = <E extends { readonly kind: AnyKind; record?: Stored; status?: string }>(
  entries: ReadonlyArray<E>,
  ctx: Ctx
): ReadonlyArray<E> =>
  entries
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.status === "created" || entry.status === "updated")
    .sort(
      (a, b) =>
        (a.entry.kind.stage?.(a.entry.record as never, ctx) ?? 0) -
          (b.entry.kind.stage?.(b.entry.record as never, ctx) ?? 0) || a.index - b.index
    )
    .map(({ entry }) => entry)

/** Run the writes the kinds deferred until the rest of the group was written; the rows they failed. */
export const runDeferred = (ctx: Ctx, pendingRows: ReadonlyMap<string, PendingRow>) =>
  Effect.gen(function* () {
    const failed: Array<RowCtx> = []
    for (const deferred of ctx.deferred.splice(0)) {
      const r = deferred.row as RowCtx
      const result = yield* Effect.result(
        Effect.provideService(deferred.effect, CurrentActor.CurrentActor, actorOf(r))
      )
      if (Result.isFailure(result)) {
        r.fail(
          undefined,
          describeWriteError(result.failure, (id) => pendingRows.get(id))
        )
        failed.push(r)
      }
    }
    return failed
  })

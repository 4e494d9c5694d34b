/**
 * Ledgers (patrol logs, events, wishes), streamed once the registers they refer to are in: row by row
 * through the stages — cells, references, records, write — or, for a kind with `Kind.bulk`, in
 * batches of 2,000 rows whose references are resolved from the cached lookups, whose stored records
 * are found with a query or two, and whose new records are written with one bulk call.
 */
import { Effect } from "effect"
import type { AnyKind } from "../model/Kind.ts"
import { isBlankRow, type RawRow } from "../read/RawRow.ts"
import type { BoundSheet, RowCtx } from "../sheet/Row.ts"
import { type ParsedRow, parseRow } from "./Cells.ts"
import { next } from "./Read.ts"
import { settle } from "./Records.ts"
import { findStored, matchRow, recordId, recordRuns, resolveBatch } from "./References.ts"
import type { UnitEnv } from "./State.ts"
import { createAll, writeRecord } from "./Write.ts"

/** Ledger rows parsed and resolved together (see `importBatch`). */
const batchSize = 2000

/** Settle a row's built record, then write it unless unchanged; its outcome. */
const settleAndWrite = (
  { state, ctx }: UnitEnv,
  kind: AnyKind,
  r: RowCtx,
  built: unknown,
  existing: { readonly id: string } | undefined
) =>
  Effect.gen(function* () {
    const settled = settle(kind, r, built, existing)
    if (settled === undefined) return "rejected" as const
    if (settled.status === "unchanged") return "unchanged" as const
    const ok = yield* writeRecord(kind, r, settled.record, settled.status, ctx, state.pendingRows)
    return ok ? settled.status : ("rejected" as const)
  })

const importRow = (env: UnitEnv, kind: AnyKind, bound: BoundSheet, row: RawRow) =>
  Effect.gen(function* () {
    const { state, ctx, timeZone } = env
    if (isBlankRow(row)) return
    state.tick(bound.sheet)
    const { r, draft } = parseRow(kind.parse, bound, row, timeZone, ctx, "all")
    if (draft === undefined) return state.count(r, "rejected")
    const { existing, id } = yield* matchRow(kind, draft, r, ctx)
    const built = yield* kind.build(draft, r, ctx, id, existing)
    if (!r.ok) return state.count(r, "rejected")
    state.count(r, yield* settleAndWrite(env, kind, r, built, existing))
  })

/**
 * A batch of ledger rows, parsed: references resolved from the cached lookups, then run by run (no
 * two rows of one record in a run) the stored records found in one or two queries, the records
 * built and settled, new records written with one bulk call and changed ones one by one.
 */
const importBatch = (
  env: UnitEnv,
  kind: AnyKind,
  bulk: NonNullable<AnyKind["bulk"]>,
  items: ReadonlyArray<ParsedRow<unknown>>
) =>
  Effect.gen(function* () {
    const { ctx } = env
    yield* resolveBatch(bulk, items, ctx)
    for (const run of recordRuns(bulk, items)) yield* writeRun(env, kind, bulk, run)
  })

const writeRun = (
  env: UnitEnv,
  kind: AnyKind,
  bulk: NonNullable<AnyKind["bulk"]>,
  items: ReadonlyArray<ParsedRow<unknown>>
) =>
  Effect.gen(function* () {
    const { state, ctx } = env
    const storedOf = yield* findStored(kind, bulk, items, ctx)
    const created: Array<{ readonly r: RowCtx; readonly record: { readonly id: string } }> = []
    const updated: Array<{ readonly r: RowCtx; readonly record: { readonly id: string } }> = []
    for (const { r, draft } of items) {
      if (!r.ok || draft === undefined) {
        state.count(r, "rejected")
        continue
      }
      const existing = storedOf(draft)
      const built = yield* kind.build(draft, r, ctx, recordId(existing, draft), existing)
      if (!r.ok) {
        state.count(r, "rejected")
        continue
      }
      const settled = settle(kind, r, built, existing)
      if (settled === undefined) state.count(r, "rejected")
      else if (settled.status === "unchanged") state.count(r, "unchanged")
      else (settled.status === "created" ? created : updated).push({ r, record: settled.record })
    }
    const outcomes = yield* createAll(kind, bulk, created, ctx, state.pendingRows)
    created.forEach((c, i) => {
      state.count(c.r, outcomes[i] ?? "rejected")
    })
    for (const u of updated)
      state.count(
        u.r,
        (yield* writeRecord(kind, u.r, u.record, "updated", ctx, state.pendingRows)) ? "updated" : "rejected"
      )
    ctx.invalidate(kind.table.name)
  })

export const streamRows = (
  env: UnitEnv,
  kind: AnyKind,
  bound: BoundSheet,
  first: ReadonlyArray<RawRow>,
  rest?: AsyncIterator<ReadonlyArray<RawRow>>
) =>
  Effect.gen(function* () {
    const { state, ctx, timeZone } = env
    const bulk = kind.bulk
    if (bulk === undefined) {
      for (const row of first) if (!state.stopped) yield* importRow(env, kind, bound, row)
      if (rest === undefined) return
      while (!state.stopped) {
        const chunk = yield* next(rest, bound.file)
        if (chunk.done) return
        for (const row of chunk.value) if (!state.stopped) yield* importRow(env, kind, bound, row)
      }
      return
    }
    let batch: Array<ParsedRow<unknown>> = []
    const take = (rows: ReadonlyArray<RawRow>) =>
      Effect.gen(function* () {
        for (const row of rows) {
          if (state.stopped) return
          if (isBlankRow(row)) continue
          state.tick(bound.sheet)
          // a row that cannot be read rides along, so that problems are reported in row order
          batch.push(parseRow(kind.parse, bound, row, timeZone, ctx, "unread"))
          if (batch.length >= batchSize) {
            const full = batch
            batch = []
            yield* importBatch(env, kind, bulk, full)
          }
        }
      })
    yield* take(first)
    if (rest !== undefined) {
      while (!state.stopped) {
        const chunk = yield* next(rest, bound.file)
        if (chunk.done) break
        yield* take(chunk.value)
      }
    }
    if (batch.length > 0 && !state.stopped) yield* importBatch(env, kind, bulk, batch)
  })

/**
 * How one kind of record is imported and exported: read a row into a draft (no lookups), find the
 * record it stands for (by its id column or its natural key), resolve references and build the record,
 * write it through the services, and turn a stored record back into a row.
 */
import type { Tables } from "@bishui/services"
import type { Effect } from "effect"
import type { WriteError } from "../base/WriteError.ts"
import type { RowCtx } from "../sheet/Row.ts"
import type { SheetDef } from "../sheet/Sheet.ts"
import type { Ctx } from "./Ctx.ts"
import type { Names } from "./Names.ts"

export type { WriteError } from "../base/WriteError.ts"

/** A cell the exporter writes: text, a number, a calendar day, a moment, or nothing. */
export type ExportCell =
  | { readonly _tag: "Text"; readonly text: string }
  | { readonly _tag: "Number"; readonly value: number; readonly text: string }
  | { readonly _tag: "Date"; readonly date: string }
  | { readonly _tag: "Instant"; readonly instant: string }
  | undefined

export interface Kind<Rec extends { readonly id: string }, Draft> {
  readonly def: SheetDef
  readonly table: Tables.Table<Rec>
  /** Read the row's cells; problems go to the row. */
  readonly parse: (r: RowCtx, ctx: Ctx) => Draft | undefined
  /** What makes two rows of the sheet the same record (a repeated row is rejected). */
  readonly rowKey: (draft: Draft) => string
  /** The stored record the row stands for: by the id column, or by the natural key. */
  readonly match: (draft: Draft, r: RowCtx, ctx: Ctx) => Effect.Effect<Rec | undefined>
  /** Make the row's record findable by name before it is written (buffered sheets). */
  readonly register?: (draft: Draft, id: string, r: RowCtx, ctx: Ctx) => void
  /** Resolve references and build the record in its encoded form; problems go to the row. */
  readonly build: (
    draft: Draft,
    r: RowCtx,
    ctx: Ctx,
    id: string,
    existing: Rec | undefined
  ) => Effect.Effect<unknown>
  /** Write order within a group: lower first. */
  readonly stage?: (record: Rec, ctx: Ctx) => number
  readonly create: (record: Rec, ctx: Ctx) => Effect.Effect<unknown, WriteError>
  readonly update: (record: Rec, ctx: Ctx) => Effect.Effect<unknown, WriteError>
  /** The encoded record as compared for "unchanged" (defaults to the encoded record itself). */
  readonly canonical?: (encoded: Record<string, unknown>) => unknown
  readonly toRow: (record: Rec, names: Names) => Readonly<Record<string, ExportCell>>
  /** How a streamed ledger is imported in batches (see `Unit.ts`); without it, row by row. */
  readonly bulk?: Bulk<Rec, Draft>
}

/**
 * Batched import of a ledger: a batch's references are resolved row by row from the cached lookups,
 * the stored records its rows stand for are found with one query or two, and its new records are
 * written with one bulk call.
 */
export interface Bulk<Rec extends { readonly id: string }, Draft> {
  /** Resolve the row's references (cached lookups, no query per row); problems go to the row. */
  readonly resolve: (draft: Draft, r: RowCtx, ctx: Ctx) => Effect.Effect<void>
  /** The stored record's natural key, and a resolved draft's (undefined: matched by id alone). */
  readonly recordKey: (record: Rec) => string
  readonly draftKey: (draft: Draft) => string | undefined
  /** The index column and values whose records include every stored match of these drafts. */
  readonly candidates: (drafts: ReadonlyArray<Draft>) => {
    readonly column: string
    readonly values: ReadonlyArray<string>
  }
  /** Write new records at once, all or none. */
  readonly createMany: (records: ReadonlyArray<Rec>, ctx: Ctx) => Effect.Effect<unknown, WriteError>
}

export type AnyKind = Kind<{ readonly id: string }, unknown>

/** A child sheet: each row adds one item to a list held by a record of the parent sheet. */
export interface ChildKind<Draft, Item> {
  readonly def: SheetDef
  /** The parent's list field the rows replace. */
  readonly field: string
  readonly parse: (r: RowCtx, ctx: Ctx) => Draft | undefined
  /** The id of the parent record the row belongs to. */
  readonly parent: (draft: Draft, r: RowCtx, ctx: Ctx) => Effect.Effect<string | undefined>
  /** The item, with its references resolved (encoded form). */
  readonly item: (draft: Draft, r: RowCtx, ctx: Ctx, parentId: string) => Effect.Effect<Item | undefined>
  /** The order a parent's items are stored in, when it is not the rows' order (a case's stages: by time). */
  readonly order?: (items: ReadonlyArray<Item>) => ReadonlyArray<Item>
  /** The rows a parent record exports. */
  readonly toRows: (parent: unknown, names: Names) => ReadonlyArray<Readonly<Record<string, ExportCell>>>
}

export type AnyChildKind = ChildKind<unknown, unknown>

/** Helpers the kinds share: references into row problems, optional fields, export cells. */
import type { Store, Tables } from "@bishui/services"
import { BigDecimal, Effect } from "effect"
import type { Ctx, Ref } from "../model/Ctx.ts"
import type { ExportCell } from "../model/Kind.ts"
import type { RowCtx } from "../sheet/Row.ts"

/** The id a reference resolved to, or `undefined` with the reason recorded against the cell. */
export const use = (r: RowCtx, key: string, ref: Ref, value?: string): string | undefined =>
  ref.ok ? ref.id : r.fail(key, ref.reason, value)

/** Resolve an optional reference cell. */
export const optionalRef = (
  r: RowCtx,
  key: string,
  text: string | undefined,
  resolve: (text: string) => Effect.Effect<Ref>
): Effect.Effect<string | undefined> =>
  text === undefined ? Effect.succeed(undefined) : Effect.map(resolve(text), (ref) => use(r, key, ref))

/** Resolve each item of a list cell; problems name the item. */
export const listRefs = (
  r: RowCtx,
  key: string,
  items: ReadonlyArray<string>,
  resolve: (text: string) => Effect.Effect<Ref>
): Effect.Effect<ReadonlyArray<string>> =>
  Effect.gen(function* () {
    const ids: Array<string> = []
    for (const item of items) {
      const ref = yield* resolve(item)
      if (ref.ok) {
        if (!ids.includes(ref.id)) ids.push(ref.id)
      } else r.fail(key, ref.reason, item)
    }
    return ids
  })

/** `{ key: value }` when the value is present, `{}` otherwise. */
export const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }

/** `illustrative: true` when the row says so; false and blank leave it out. */
export const illustrative = (value: boolean | undefined) => (value === true ? { illustrative: true } : {})

/** The stored record with this id, when the row gives one. */
export const byId = <A extends { readonly id: string }>(
  ctx: Ctx,
  table: Tables.Table<A>,
  id: string | undefined
): Effect.Effect<Store.Versioned<A> | undefined> =>
  id === undefined ? Effect.succeed(undefined) : ctx.store.collection(table).get(ctx.tenantId, id)

// ---- export cells ---------------------------------------------------------------------------

export const text = (value: string | undefined): ExportCell =>
  value === undefined || value === "" ? undefined : { _tag: "Text", text: value }

export const num = (value: number | undefined): ExportCell =>
  value === undefined ? undefined : { _tag: "Number", value, text: String(value) }

/** A decimal (an amount, a weight): a number cell when a float holds it exactly, text otherwise. */
export const decimal = (value: string | undefined): ExportCell => {
  if (value === undefined) return undefined
  const n = Number(value)
  return Number.isFinite(n) && String(n) === value ? { _tag: "Number", value: n, text: value } : text(value)
}

export const date = (value: string | undefined): ExportCell =>
  value === undefined ? undefined : { _tag: "Date", date: value }

export const instant = (value: string | undefined): ExportCell =>
  value === undefined ? undefined : { _tag: "Instant", instant: value }

export const yes = (value: boolean | undefined): ExportCell => (value === true ? text("是") : undefined)

export const list = (values: ReadonlyArray<string> | undefined): ExportCell =>
  values === undefined || values.length === 0 ? undefined : text(values.join("、"))

/** A count, with 余 when the ledger gave it as approximate. */
export const count = (value: number | undefined, approximate?: boolean): ExportCell =>
  value === undefined ? undefined : approximate === true ? text(`${value}余`) : num(value)

/** An exact decimal as plain text: `23000`, `185.5`. */
export const bigDecimalText = (value: BigDecimal.BigDecimal): string =>
  BigDecimal.format(BigDecimal.normalize(value))

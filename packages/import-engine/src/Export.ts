/**
 * `export` and `template`: the tenant's records written back into the template — the same sheets,
 * headers and reference names the importer reads, with each record's id in the 编号 column — so an
 * export imported again changes nothing. Records are read a page at a time, so large tables stream.
 * Times are written in the tenant's zone, named in the header of each time column.
 */
import { Tenant } from "@bishui/domain"
import { Store, Tables } from "@bishui/services"
import { Data, Effect } from "effect"
import { childKinds, kinds } from "./kinds/index.ts"
import type { AnyKind } from "./model/Kind.ts"
import { loadNames, type Names } from "./model/Names.ts"
import type { SheetDef } from "./sheet/Sheet.ts"
import { type PendingMigrations, rolledBack } from "./Transaction.ts"
import { type Rows, type WriteOptions, writeCsvDirectory, writeXlsx } from "./template/Workbook.ts"

export const isXlsxPath = (path: string) => /\.xlsx$/i.test(path)

const none: Rows = async () => {}

/** Write the workbook (or CSV directory) with `rowsOf` feeding each sheet. */
export const writeTemplate = (out: string, rowsOf: (def: SheetDef) => Rows, options: WriteOptions = {}) =>
  Effect.promise(() =>
    isXlsxPath(out)
      ? writeXlsx(out, rowsOf, options).then(() => [out])
      : writeCsvDirectory(out, rowsOf, options)
  )

export const blankTemplate = (out: string) => writeTemplate(out, () => none)

/** The tenant asked for has no record in the database: there is nothing of it to export. */
export class UnknownTenant extends Data.TaggedError("UnknownTenant")<{ readonly tenantId: string }> {}

/** What to export: `kinds` narrows a CSV directory to those kinds' sheets (a workbook is always whole). */
export interface ExportOptions {
  readonly kinds?: ReadonlyArray<string> | undefined
}

/**
 * Export in one transaction, so the sheets agree with each other — rolled back, as it only reads
 * (after the `pending` migrations, if any: see Transaction.ts). Fails with `UnknownTenant`,
 * writing nothing, when the tenant does not exist.
 */
export const exportTenant = Effect.fn("Importer.export")(function* (
  out: string,
  tenantId: string,
  pending?: PendingMigrations,
  options: ExportOptions = {}
) {
  const store = yield* Store.Store
  return yield* rolledBack(
    Effect.gen(function* () {
      const tenant = yield* store.collection(Tables.tenants).get(tenantId, tenantId)
      if (tenant === undefined) return yield* new UnknownTenant({ tenantId })
      return yield* exportIn(store, out, tenantId, options)
    }),
    pending
  )
})

const exportIn = Effect.fnUntraced(function* (
  store: Store.Store["Service"],
  out: string,
  tenantId: string,
  options: ExportOptions
) {
  // Queries run from the writer's callbacks use the transaction's connection through this context.
  const context = yield* Effect.context<never>()
  const run = <A>(effect: Effect.Effect<A>) => Effect.runPromiseWith(context)(effect)
  const names: Names = yield* loadNames(store, tenantId)
  // Times are written as the tenant's local wall-clock times, and the time columns say which zone.
  const tenant = yield* store.collection(Tables.tenants).get(tenantId, tenantId)
  const timeZone = Tenant.timeZoneOf(tenant?.record ?? {})
  const counts = new Map<string, number>()

  /** Every record of a kind, a page at a time. */
  const eachRecord = async (kind: AnyKind, visit: (record: { readonly id: string }) => Promise<void>) => {
    let after: string | undefined
    do {
      const page = await run(store.collection(kind.table).list(tenantId, { limit: 500, after }))
      for (const item of page.items) await visit(item.record)
      after = page.next
    } while (after !== undefined)
  }

  const rowsOf =
    (def: SheetDef): Rows =>
    async (emit) => {
      let n = 0
      if (def.parent !== undefined) {
        const child = childKinds[def.kind]
        const parent = kinds[def.parent]
        if (child === undefined || parent === undefined) return
        await eachRecord(parent, async (record) => {
          for (const row of child.toRows(record, names)) {
            n++
            await emit(row)
          }
        })
      } else {
        const kind = kinds[def.kind]
        if (kind === undefined) return
        await eachRecord(kind, async (record) => {
          n++
          await emit(kind.toRow(record, names))
        })
      }
      counts.set(def.zh, n)
    }

  const written = yield* writeTemplate(out, rowsOf, { timeZone, kinds: options.kinds })
  return { written, counts }
})

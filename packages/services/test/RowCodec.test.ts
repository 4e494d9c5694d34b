/**
 * The row codec of tables stored in columns: a record's encoded form goes to one cell per field and
 * comes back the same — absent optional fields, flags, integers, JSON lists, an always-present object
 * left empty — and a field no column takes is refused rather than lost.
 */
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { makeRowCodec } from "../src/internal/rowCodec.ts"
import { sipingBranch } from "../src/seed/index.ts"
import * as Tables from "../src/Tables.ts"

const events = makeRowCodec(
  "service_events",
  Tables.serviceEvents.stored ?? [],
  Tables.serviceEvents.storedObjects
)
const patrols = makeRowCodec("patrol_logs", Tables.patrolLogs.stored ?? [])

const rowOf = (fields: ReadonlyArray<Tables.StoredField>, cells: ReadonlyArray<unknown>) =>
  Object.fromEntries(fields.map((f, i) => [f.column, cells[i]]))

describe("the row codec", () => {
  it("round-trips a patrol with every field, and one with none of the optional ones", () => {
    const fields = Tables.patrolLogs.stored ?? []
    const full = {
      id: "p1",
      tenantId: "t",
      zoneId: "z",
      memberId: "m",
      startedAt: "2024-01-01T00:00:00.000Z",
      endedAt: "2024-01-01T01:00:00.000Z",
      findings: "漂浮物",
      litterCollected: "2.5",
      caseIds: ["c1", "c2"],
      illustrative: false,
      voided: { at: "2024-02-01T00:00:00.000Z", by: "member-x", reason: "错录" }
    }
    const cells = patrols.cellsOf(full)
    expect(rowOf(fields, cells)).toMatchObject({
      illustrative: 0,
      case_ids: '["c1","c2"]',
      voided_by: "member-x"
    })
    expect(patrols.encodedOf(rowOf(fields, cells))).toEqual(full)
    const bare = {
      id: "p2",
      tenantId: "t",
      zoneId: "z",
      memberId: "m",
      startedAt: full.startedAt,
      caseIds: []
    }
    const bareCells = patrols.cellsOf(bare)
    expect(bareCells.filter((cell) => cell !== null)).toHaveLength(6)
    expect(patrols.encodedOf(rowOf(fields, bareCells))).toEqual(bare)
  })

  it("keeps an event's links even when empty, and its integers as numbers", () => {
    const fields = Tables.serviceEvents.stored ?? []
    const event = {
      id: "e1",
      tenantId: "t",
      branchId: "b",
      category: "volunteer_labour",
      title: "清淤",
      date: "2024-03-05",
      links: {},
      participantIds: ["m1"],
      otherParticipants: 12,
      outcomes: [{ _tag: "Litter", kilograms: "3" }]
    }
    const row = rowOf(fields, events.cellsOf(event))
    expect(row.other_participants).toBe(12)
    expect(events.encodedOf(row)).toEqual(event)
  })

  it("refuses a field that no column holds, and a value of the wrong kind", () => {
    const patrol = { id: "p", tenantId: "t", zoneId: "z", memberId: "m", startedAt: "x", caseIds: [] }
    expect(() => patrols.cellsOf({ ...patrol, weather: "晴" })).toThrow(/no column holds weather/)
    expect(() => patrols.cellsOf({ ...patrol, voided: { at: "x", by: "y", reason: "z", extra: 1 } })).toThrow(
      /no column holds voided\.extra/
    )
    expect(() => patrols.cellsOf({ ...patrol, findings: 3 })).toThrow(/findings is not text/)
  })

  it("writes an index column with the value the table's definition derives (the seed's ledgers)", () => {
    const check = <A extends { readonly id: string }>(table: Tables.Table<A>, records: ReadonlyArray<A>) => {
      const fields = table.stored ?? []
      const codec = makeRowCodec(table.name, fields, table.storedObjects)
      const encode = Schema.encodeSync(table.schema)
      const shared = Object.keys(table.columns).filter((c) => fields.some((f) => f.column === c))
      expect(shared).toEqual(Object.keys(table.columns))
      for (const record of records) {
        const row = rowOf(fields, codec.cellsOf(encode(record)))
        for (const column of shared) expect(row[column]).toEqual(table.columns[column]?.(record) ?? null)
        expect(codec.encodedOf(row)).toEqual(encode(record))
      }
    }
    check(Tables.patrolLogs, sipingBranch.patrols)
    check(Tables.serviceEvents, sipingBranch.events)
  })
})

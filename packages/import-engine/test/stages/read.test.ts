/** Stage 1, read: a reader's chunks, its failures named by file, the head, draining, holding rows. */
import { Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { UnreadableInput } from "../../src/base/Issue.ts"
import { maxHeldRows } from "../../src/base/Limits.ts"
import { drain, headRows, hold, next, readFailure, readHead } from "../../src/pipeline/Read.ts"
import type { RawRow } from "../../src/read/RawRow.ts"
import { chunks, newState, row } from "./fixtures.ts"

const rows = (from: number, n: number): Array<RawRow> =>
  Array.from({ length: n }, (_, i) => row(from + i, `r${from + i}`))

describe("read", () => {
  it("names the file when a reader fails, and passes an UnreadableInput through as it is", () => {
    const failure = readFailure("a.xlsx", new Error("bad zip"))
    expect(failure).toBeInstanceOf(UnreadableInput)
    expect(failure.file).toBe("a.xlsx")
    expect(failure.reason.en).toContain("bad zip")
    expect(failure.reason.zh).toContain("bad zip")
    const own = new UnreadableInput("b.csv", { zh: "坏", en: "bad" })
    expect(readFailure("other", own)).toBe(own)
  })

  it("turns a reader's throw into a failure of the file", async () => {
    const failing: AsyncIterator<number> = { next: () => Promise.reject(new Error("truncated")) }
    const exit = await Effect.runPromiseExit(next(failing, "c.xlsx"))
    expect(Exit.isFailure(exit)).toBe(true)
    const error = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
    expect(error?._tag === "Fail" ? error.error.file : undefined).toBe("c.xlsx")
  })

  it("takes whole chunks until the head holds enough rows to look for the header", async () => {
    const long = chunks(rows(1, 7), rows(8, 7), rows(15, 7), rows(22, 7), rows(29, 7))
    const { head, more } = await Effect.runPromise(readHead(long, "f"))
    expect(head.length).toBe(21)
    expect(head.length).toBeGreaterThanOrEqual(headRows)
    expect(more).toBe(true)
    // the rest of the sheet is still there to read
    expect((await long.next()).value?.[0]?.number).toBe(22)

    const short = await Effect.runPromise(readHead(chunks(rows(1, 3), rows(4, 2)), "f"))
    expect(short.head.map((r) => r.number)).toEqual([1, 2, 3, 4, 5])
    expect(short.more).toBe(false)
  })

  it("drains a sheet to its end, or stops at the first row that makes it unreadable", async () => {
    const seen: Array<number> = []
    await Effect.runPromise(
      drain("f", chunks(rows(1, 3), rows(4, 3)), (r) => {
        seen.push(r.number)
        return undefined
      })
    )
    expect(seen).toEqual([1, 2, 3, 4, 5, 6])

    const problem = new UnreadableInput("f", { zh: "第5行", en: "row 5" })
    const stoppedAt: Array<number> = []
    const exit = await Effect.runPromiseExit(
      drain("f", chunks(rows(1, 3), rows(4, 3)), (r) => {
        stoppedAt.push(r.number)
        return r.number === 5 ? problem : undefined
      })
    )
    expect(Exit.isFailure(exit)).toBe(true)
    expect(stoppedAt).toEqual([1, 2, 3, 4, 5])
  })

  it("holds register rows but not blank ones, and refuses more than the limit over the unit", () => {
    const state = newState()
    const held: Array<RawRow> = []
    expect(hold(state, held, row(2, "a"), "f")).toBeUndefined()
    expect(hold(state, held, row(3, null, ""), "f")).toBeUndefined()
    expect(held.map((r) => r.number)).toEqual([2])
    expect(state.held).toBe(1)

    state.held = maxHeldRows
    const problem = hold(state, held, row(4, "b"), "big.xlsx")
    expect(problem).toBeInstanceOf(UnreadableInput)
    expect(problem?.file).toBe("big.xlsx")
    expect(problem?.reason.en).toContain(maxHeldRows.toLocaleString("en-US"))
  })
})

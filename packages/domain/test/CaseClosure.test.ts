import { assert, describe, it } from "@effect/vitest"
import { Case, Ids, Lifecycle } from "../src/index.ts"
import { failure, instant, makeCase, success } from "./fixtures.ts"

const reported = [{ stage: "reported", at: "2024-05-01T01:00:00.000Z" }]
const resident = (id: string, extra: Record<string, unknown> = {}) =>
  makeCase("routine", reported, { id, source: "resident", ...extra })
const at = instant("2024-05-01T02:00:00.000Z")
const caseId = (id: string) => Ids.CaseId.make(id)

describe("closing a resident's report as spam or a duplicate", () => {
  it("closes it without walking the workflow; its status says how, and it counts nowhere", () => {
    const spam = success(Lifecycle.closeCase(resident("c-1"), { as: "spam", at, note: "广告信息" }))
    assert.deepStrictEqual(spam.stages, resident("c-1").stages)
    assert.strictEqual(Case.statusOf(spam), "closed_as_spam")
    assert.isFalse(Case.counts(spam))
    const dup = success(
      Lifecycle.closeCase(resident("c-2"), { as: "duplicate", duplicateOf: caseId("c-1"), at })
    )
    assert.strictEqual(Case.statusOf(dup), "closed_as_duplicate")
    assert.strictEqual(dup.closure?.duplicateOf, "c-1")
    assert.strictEqual(Case.statusOf(resident("c-3")), "reported")
    assert.isTrue(Case.counts(resident("c-3")))
  })

  it("refuses what is not a resident's open report, twice, too early, or a duplicate of nothing or itself", () => {
    const refused = (c: Case.Case, closure: Case.CaseClosure, words: string) => {
      const error = failure(Lifecycle.closeCase(c, closure))
      assert.strictEqual(error._tag, "InvalidTransition")
      assert.include(error.message, words)
    }
    refused(makeCase("routine", reported), { as: "spam", at }, "only a resident's report")
    const closed = success(Lifecycle.closeCase(resident("c-1"), { as: "spam", at }))
    refused(closed, { as: "spam", at }, "already closed as spam")
    const fixed = makeCase(
      "routine",
      [
        ...reported,
        { stage: "acknowledged", at: "2024-05-01T01:10:00.000Z" },
        { stage: "assigned", at: "2024-05-01T01:20:00.000Z", assigneeId: "m-1" },
        { stage: "resolved", at: "2024-05-01T01:30:00.000Z" }
      ],
      { source: "resident" }
    )
    refused(fixed, { as: "duplicate", duplicateOf: caseId("c-9"), at }, "already fixed")
    refused(resident("c-1"), { as: "spam", at: instant("2024-05-01T00:59:59.999Z") }, "before reported")
    refused(resident("c-1"), { as: "duplicate", at }, "names the case it duplicates")
    refused(resident("c-1"), { as: "spam", duplicateOf: caseId("c-2"), at }, "spam duplicates no case")
    refused(resident("c-1"), { as: "duplicate", duplicateOf: caseId("c-1"), at }, "cannot duplicate itself")
  })

  it("a status is closed when verified or closed as spam or a duplicate, as a case is", () => {
    for (const status of Case.CaseStatus.literals) {
      assert.strictEqual(
        Case.isClosedStatus(status),
        status === "verified" || status === "closed_as_spam" || status === "closed_as_duplicate",
        status
      )
    }
    const spam = success(Lifecycle.closeCase(resident("c-9"), { as: "spam", at }))
    for (const c of [resident("c-8"), spam])
      assert.strictEqual(Case.isClosed(c), Case.isClosedStatus(Case.statusOf(c)))
    assert.isTrue(Case.isClosed(spam))
    assert.isFalse(Case.isClosed(resident("c-8")))
  })

  it("a closed case takes no further stage", () => {
    const closed = success(Lifecycle.closeCase(resident("c-1"), { as: "spam", at }))
    const error = failure(Lifecycle.advanceCase(closed, { stage: "acknowledged", at }))
    assert.include(error.message, "closed as spam")
  })

  it("a whole timeline with a closure is checked as one (import, update)", () => {
    const ok = resident("c-1", { closure: { as: "duplicate", duplicateOf: "c-2", at: at } })
    assert.strictEqual(success(Lifecycle.checkCaseTimeline(ok)).closure?.as, "duplicate")
    const early = resident("c-1", { closure: { as: "spam", at: "2024-04-30T00:00:00.000Z" } })
    assert.include(failure(Lifecycle.checkCaseTimeline(early)).message, "before reported")
  })

  it("the chain of duplicates may not loop back nor end in spam", () => {
    const a = resident("a")
    const b = resident("b", { closure: { as: "duplicate", duplicateOf: "c", at } })
    const c = resident("c", { closure: { as: "duplicate", duplicateOf: "a", at } })
    assert.include(failure(Lifecycle.checkDuplicateChain(a, [b, c, a])).message, "a → b → c → a")
    const spam = resident("s", { closure: { as: "spam", at } })
    assert.include(failure(Lifecycle.checkDuplicateChain(a, [spam])).message, "closed as spam")
    assert.strictEqual(success(Lifecycle.checkDuplicateChain(a, [resident("d")])).id, "a")
  })
})

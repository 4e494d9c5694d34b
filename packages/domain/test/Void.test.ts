import { assert, describe, it } from "@effect/vitest"
import { Result, Schema, type SchemaAST } from "effect"
import * as fc from "fast-check"
import {
  Calendar,
  Case,
  Member,
  MicroWish,
  Organisation,
  PioneerPost,
  Project,
  References,
  ServiceEvent,
  Team,
  Void,
  Zone
} from "../src/index.ts"
import { makeCase } from "./fixtures.ts"

const mark: Void.VoidMark = {
  at: Calendar.Instant.make("2024-03-02T01:20:00.000Z"),
  by: "token:1",
  reason: "重复录入"
}

describe("the void mark", () => {
  it("voids a live record once, restores a voided one once", () => {
    const live = makeCase("routine", [{ stage: "reported", at: "2023-07-21T01:00:00.000Z" }])
    const voided = Result.getOrThrow(Void.markVoid("case", live, mark))
    assert.deepStrictEqual(voided.voided, mark)
    assert.isTrue(Void.isVoided(voided))
    const again = Void.markVoid("case", voided, { ...mark, reason: "又一次" })
    assert.isTrue(Result.isFailure(again))
    if (Result.isFailure(again)) {
      assert.strictEqual(again.failure._tag, "InvalidTransition")
      assert.include(again.failure.message, "重复录入")
    }
    const restored = Result.getOrThrow(Void.restore("case", voided))
    assert.isFalse("voided" in restored)
    assert.deepStrictEqual(restored, live)
    assert.isTrue(Result.isFailure(Void.restore("case", restored)))
    assert.strictEqual(Void.withoutMark(live), live)
  })

  it("a reason has 1 to 500 characters and is not blank", () => {
    const isReason = Schema.is(Void.VoidReason)
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 600 }), (text) => {
        assert.strictEqual(isReason(text), text.length >= 1 && text.length <= 500 && /\S/.test(text))
      })
    )
    assert.isFalse(isReason(" \t\n"))
    assert.isTrue(isReason("误录"))
  })

  it("every voidable record schema carries an optional mark, and a case decodes with one", () => {
    const schemas: Record<Void.VoidableKind, Schema.Top> = {
      organisation: Organisation.Organisation,
      member: Member.Member,
      team: Team.Team,
      pioneer_post: PioneerPost.PioneerPost,
      project: Project.Project,
      zone: Zone.Zone,
      patrol_log: Zone.PatrolLog,
      service_event: ServiceEvent.ServiceEvent,
      campaign: ServiceEvent.Campaign,
      case: Case.Case,
      micro_wish: MicroWish.MicroWish
    }
    for (const [kind, schema] of Object.entries(schemas)) {
      assert.isTrue(fieldsOf(schema).has("voided"), kind)
    }
    const live = makeCase("routine", [{ stage: "reported", at: "2023-07-21T01:00:00.000Z" }])
    const decoded = Schema.decodeUnknownSync(Case.Case)({ ...live, voided: mark })
    assert.deepStrictEqual(decoded.voided, mark)
    assert.throws(() => Schema.decodeUnknownSync(Case.Case)({ ...live, voided: { ...mark, reason: "" } }))
  })
})

/** The property names of a struct, or of every member of a union of structs. */
const fieldsOf = (schema: Schema.Top): Set<string> => {
  const names = new Set<string>()
  const visit = (ast: SchemaAST.AST) => {
    if (ast._tag === "Objects") for (const p of ast.propertySignatures) names.add(String(p.name))
    else if (ast._tag === "Union") for (const member of ast.types) visit(member)
  }
  visit(schema.ast)
  return names
}

describe("the reference graph", () => {
  const holders: Record<References.Reference["from"], Schema.Top> = {
    organisation: Organisation.Organisation,
    member: Member.Member,
    team: Team.Team,
    pioneer_post: PioneerPost.PioneerPost,
    project: Project.Project,
    zone: Zone.Zone,
    patrol_log: Zone.PatrolLog,
    service_event: ServiceEvent.ServiceEvent,
    campaign: ServiceEvent.Campaign,
    case: Case.Case,
    micro_wish: MicroWish.MicroWish,
    access_token: Schema.Struct({ branchId: Schema.String, memberId: Schema.String })
  }

  it("every reference starts at a field of its holder, and none is listed twice", () => {
    for (const reference of References.references) {
      const first = reference.at.path[0] as string
      assert.isTrue(fieldsOf(holders[reference.from]).has(first), `${reference.from}.${reference.name}`)
    }
    const keys = References.references.map((r) => `${r.from}.${r.name}`)
    assert.strictEqual(new Set(keys).size, keys.length)
  })

  it("leaves the back-links out: a patrol's cases, a team's case, a contractor's projects", () => {
    const names = new Set(References.references.map((r) => `${r.from}.${r.name}`))
    for (const backLink of ["patrol_log.caseIds[]", "team.caseId", "organisation.projectIds[]"]) {
      assert.isFalse(names.has(backLink), backLink)
    }
    // so no two kinds hold each other through them
    assert.deepStrictEqual(
      References.referencesTo("case").map((r) => r.from),
      []
    )
  })

  it("reads ids at a field, at each element of a list, and at a field of each element", () => {
    const record = {
      homeBranchId: "b1",
      temporaryMemberships: [{ branchId: "t1" }, { branchId: "t2" }, { branchId: "t1" }],
      participantIds: ["m1", "m2"],
      links: { zoneId: "z1" },
      stages: [{ actorId: "m1" }, { note: "no actor" }]
    }
    const at = (name: string, from: References.Reference["from"] = "member") => {
      const found = References.references.find((r) => r.name === name && r.from === from)
      if (found === undefined) throw new Error(`no reference ${from}.${name}`)
      return References.idsAt(record, found.at)
    }
    assert.deepStrictEqual(at("homeBranchId"), ["b1"])
    assert.deepStrictEqual(at("temporaryMemberships[].branchId"), ["t1", "t2"])
    assert.deepStrictEqual(at("participantIds[]", "service_event"), ["m1", "m2"])
    assert.deepStrictEqual(at("links.zoneId", "service_event"), ["z1"])
    assert.deepStrictEqual(at("stages[].actorId", "case"), ["m1"])
    assert.deepStrictEqual(at("employerId"), [])
  })
})

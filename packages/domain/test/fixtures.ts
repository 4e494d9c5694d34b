/**
 * Small builders for test records. Every builder decodes its record through the domain schema,
 * so a fixture that drifts from the model fails loudly instead of testing nothing.
 */
import { assert } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Calendar, Case, Ids, MicroWish, Organisation } from "../src/index.ts"

export const tenantId = Ids.TenantId.make("t-siping")

export const instant = (text: string): Calendar.Instant => Calendar.Instant.make(text)
export const date = (text: string): Calendar.LocalDate => Calendar.LocalDate.make(text)
export const memberId = (text: string): Ids.MemberId => Ids.MemberId.make(text)

/** The success of a result, or a test failure that shows the error. */
export const success = <A, E>(result: Result.Result<A, E>): A => {
  if (Result.isFailure(result)) assert.fail(`expected success, got ${JSON.stringify(result.failure)}`)
  return result.success
}

/** The failure of a result, or a test failure when it succeeded. */
export const failure = <A, E>(result: Result.Result<A, E>): E => {
  if (Result.isSuccess(result)) assert.fail(`expected failure, got ${JSON.stringify(result.success)}`)
  return result.failure
}

export const decodeCase = Schema.decodeUnknownSync(Case.Case)

/** A case with the given kind and timeline. */
export const makeCase = (
  kind: Case.CaseKind,
  stages: ReadonlyArray<Record<string, unknown>>,
  extra: Record<string, unknown> = {}
): Case.Case =>
  decodeCase({
    id: "case-1",
    tenantId,
    branchId: "org-branch",
    kind,
    title: kind === "emergency" ? "六孔桥铁路桥下浆砌石底座冲毁" : "河岸白色垃圾",
    description: "",
    source: "patrol",
    severity: kind === "emergency" ? "critical" : "low",
    stages,
    ...extra
  })

export const decodeWish = Schema.decodeUnknownSync(MicroWish.MicroWish)

/** A micro-wish posted at `postedAt`, in the given state. */
export const makeWish = (
  postedAt: string,
  state: Record<string, unknown> = { _tag: "Posted" },
  extra: Record<string, unknown> = {}
): MicroWish.MicroWish =>
  decodeWish({
    id: "wish-1",
    tenantId,
    branchId: "org-branch",
    communityId: "org-zhongxing",
    title: "一台收音机",
    beneficiary: "独居老人",
    postedAt,
    state,
    ...extra
  })

export const decodeOrganisation = Schema.decodeUnknownSync(Organisation.Organisation)

export const makeTemporaryBranch = (
  establishedOn: string,
  dissolvedOn?: string,
  extra: Record<string, unknown> = {}
): Organisation.TemporaryBranch => {
  const decoded = decodeOrganisation({
    _tag: "TemporaryBranch",
    id: "org-temp-nanhe",
    tenantId,
    name: "南河水环境治理一期工程临时党支部",
    parentId: "org-branch",
    projectId: "proj-nanhe",
    establishedOn,
    ...(dissolvedOn === undefined ? {} : { dissolvedOn }),
    ...extra
  })
  assert.strictEqual(decoded._tag, "TemporaryBranch")
  return decoded as Organisation.TemporaryBranch
}

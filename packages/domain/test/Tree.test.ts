import { assert, describe, it } from "@effect/vitest"
import { Tree } from "../src/index.ts"
import { decodeOrganisation, tenantId } from "./fixtures.ts"

const group = (id: string, parentId?: string) =>
  decodeOrganisation({ _tag: "PartyGroup", id, tenantId, name: id, ...(parentId ? { parentId } : {}) })
const standing = (id: string, parentId: string) =>
  decodeOrganisation({ _tag: "StandingBranch", id, tenantId, name: id, parentId, honours: [] })
const temporary = (id: string, parentId: string) =>
  decodeOrganisation({
    _tag: "TemporaryBranch",
    id,
    tenantId,
    name: id,
    parentId,
    projectId: `proj-${id}`,
    establishedOn: "2022-01-01"
  })
const community = (id: string) =>
  decodeOrganisation({
    _tag: "Community",
    id,
    tenantId,
    name: id,
    district: "铁西区",
    pairedBranchIds: ["center"]
  })

const organisations = [
  group("bureau"),
  standing("center", "bureau"),
  standing("other-center", "bureau"),
  temporary("nanhe", "center"),
  temporary("xihu", "center"),
  temporary("other-site", "other-center"),
  temporary("nanhe-sub", "nanhe"),
  community("zhongxing")
]

const sorted = (ids: ReadonlySet<string>) => [...ids].sort()

describe("subtreeIds", () => {
  it("holds the root and everything below it, not its siblings or their children", () => {
    assert.deepStrictEqual(sorted(Tree.subtreeIds(organisations, "center")), [
      "center",
      "nanhe",
      "nanhe-sub",
      "xihu"
    ])
  })

  it("from the top holds every organisation with a parent chain to it, not the unattached community", () => {
    assert.deepStrictEqual(sorted(Tree.subtreeIds(organisations, "bureau")), [
      "bureau",
      "center",
      "nanhe",
      "nanhe-sub",
      "other-center",
      "other-site",
      "xihu"
    ])
  })

  it("of a leaf is the leaf itself", () => {
    assert.deepStrictEqual(sorted(Tree.subtreeIds(organisations, "xihu")), ["xihu"])
  })

  it("of an unknown id is just that id", () => {
    assert.deepStrictEqual(sorted(Tree.subtreeIds(organisations, "nowhere")), ["nowhere"])
    assert.deepStrictEqual(sorted(Tree.subtreeIds([], "center")), ["center"])
  })

  it("tolerates cycles", () => {
    const cyclic = [group("a", "c"), group("b", "a"), group("c", "b"), group("d", "d"), group("e", "x")]
    assert.deepStrictEqual(sorted(Tree.subtreeIds(cyclic, "a")), ["a", "b", "c"])
    assert.deepStrictEqual(sorted(Tree.subtreeIds(cyclic, "d")), ["d"])
    assert.deepStrictEqual(sorted(Tree.subtreeIds(cyclic, "x")), ["e", "x"])
  })
})

/**
 * The contract says request bodies have `additionalProperties: false`; the server does what it says:
 * a body with a key the contract does not name is refused (422) with that key, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectProblem, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const newMember = {
  name: "赵一鸣",
  homeBranchId: seed.branch,
  role: "member",
  phone: "13912340000",
  temporaryMemberships: []
}

const pathsOf = (body: { errors?: ReadonlyArray<{ path: ReadonlyArray<string | number> }> }) =>
  (body.errors ?? []).map((e) => e.path.join("."))

describe("unknown keys in request bodies", () => {
  it("the document forbids them on the payloads", async () => {
    const document = (await api.get("/openapi.json")).body
    const schemaOf = (path: string, method: string) => {
      const ref: string = document.paths[path][method].requestBody.content["application/json"].schema.$ref
      return ref === undefined
        ? document.paths[path][method].requestBody.content["application/json"].schema
        : document.components.schemas[ref.replace("#/components/schemas/", "")]
    }
    expect(schemaOf("/v1/members", "post").additionalProperties).toBe(false)
    expect(schemaOf("/v1/wishes/{id}/claim", "post").additionalProperties).toBe(false)
  })

  it("a create with an unknown key answers 422 naming it, and creates nothing", async () => {
    const before = await api.get("/v1/members?limit=500&name=赵一鸣", api.tokens.secretary)
    expect(before.body.items).toHaveLength(0)
    const refused = await api.post("/v1/members", { ...newMember, nickname: "小赵" }, api.tokens.secretary)
    expectProblem(refused, 422)
    expect(pathsOf(refused.body)).toEqual(["body.nickname"])
    const after = await api.get("/v1/members?limit=500&name=赵一鸣", api.tokens.secretary)
    expect(after.body.items).toHaveLength(0)
    // The same body without it is taken.
    expect((await api.post("/v1/members", newMember, api.tokens.secretary)).status).toBe(201)
  })

  it("an update with an unknown key answers 422 naming it, and changes nothing", async () => {
    const liu = await api.get(`/v1/members/${seed.liu}`, api.tokens.secretary)
    const { id: _i, tenantId: _t, ...data } = liu.body.data
    const refused = await api.put(
      `/v1/members/${seed.liu}`,
      { ...data, name: "刘洋洋", homeBranch: seed.branch },
      api.tokens.secretary
    )
    expectProblem(refused, 422)
    expect(pathsOf(refused.body)).toEqual(["body.homeBranch"])
    const again = await api.get(`/v1/members/${seed.liu}`, api.tokens.secretary)
    expect(again.body.version).toBe(liu.body.version)
    expect(again.body.data.name).toBe(liu.body.data.name)
  })

  it("an unknown key inside a nested object or a tagged union is named with its path", async () => {
    const post = await api.get(`/v1/pioneer-posts/${seed.post}`, api.tokens.secretary)
    const roster = await api.post(
      `/v1/pioneer-posts/${seed.post}/roster`,
      { _tag: "VolunteerOnDuty", name: "志愿者甲", phone: "13912340001", shift: "morning" },
      api.tokens.secretary
    )
    expectProblem(roster, 422)
    expect(pathsOf(roster.body)).toContain("body.shift")
    expect((await api.get(`/v1/pioneer-posts/${seed.post}`, api.tokens.secretary)).body.version).toBe(
      post.body.version
    )

    const organisation = await api.post(
      "/v1/organisations",
      { _tag: "Contractor", name: "某修缮公司", contact: "李经理" },
      api.tokens.admin
    )
    expectProblem(organisation, 422)
    expect(pathsOf(organisation.body)).toContain("body.contact")
  })

  it("an action's body with an unknown key answers 422 too", async () => {
    const wishes = await api.get("/v1/wishes?limit=1", api.tokens.secretary)
    const wish = wishes.body.items[0].data
    const refused = await api.post(
      `/v1/wishes/${wish.id}/withdraw`,
      { reason: "重复", why: "重复" },
      api.tokens.secretary
    )
    expectProblem(refused, 422)
    expect(pathsOf(refused.body)).toEqual(["body.why"])
  })
})

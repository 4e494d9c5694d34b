import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectProblem, otherBranch, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const newWish = (title: string) => ({
  branchId: seed.branch,
  communityId: seed.zhongxing,
  title,
  beneficiary: "独居老人",
  postedAt: "2024-03-01T02:00:00.000Z"
})

describe("micro-wishes", () => {
  it("posts a wish once per Idempotency-Key and lists it by status", async () => {
    const body = newWish("一台收音机")
    const posted = await api.post("/v1/wishes", body, api.tokens.secretary, { "idempotency-key": "wish-1" })
    expect(posted.status).toBe(201)
    expect(posted.body.data.state).toEqual({ _tag: "Posted" })
    const replay = await api.post("/v1/wishes", body, api.tokens.secretary, { "idempotency-key": "wish-1" })
    expect(replay.body.data.id).toBe(posted.body.data.id)
    const listed = await api.get(`/v1/wishes?status=Posted&communityId=${seed.zhongxing}`, api.tokens.viewer)
    expect(
      listed.body.items.filter((i: { data: { title: string } }) => i.data.title === "一台收音机")
    ).toHaveLength(1)
    const got = await api.get(`/v1/wishes/${posted.body.data.id}`, api.tokens.member)
    expect(got.headers.get("etag")).toBe('"1"')
    expectProblem(await api.post("/v1/wishes", body, api.tokens.member), 403)
    expectProblem(await api.post("/v1/wishes", body, api.tokens.viewer), 403)
    expectProblem(
      await api.post("/v1/wishes", { ...body, communityId: seed.branch }, api.tokens.secretary),
      422
    )
    expectProblem(
      await api.post("/v1/wishes", { ...body, communityId: "nowhere" }, api.tokens.secretary),
      404
    )
    expectProblem(await api.get("/v1/wishes/none", api.tokens.secretary), 404)
  })

  it("goes claim → fulfil: a member claims for itself and fulfils what it claimed", async () => {
    const posted = await api.post("/v1/wishes", newWish("一副拐杖"), api.tokens.secretary)
    const path = `/v1/wishes/${posted.body.data.id}`
    expectProblem(await api.post(`${path}/claim`, { memberId: seed.zhang }, api.tokens.member), 403)
    expectProblem(await api.post(`${path}/claim`, {}, api.tokens.viewer), 403)
    expectProblem(await api.post(`${path}/fulfil`, {}, api.tokens.member), 409)
    expectProblem(await api.post(`${path}/claim`, {}, api.tokens.member, { "if-match": '"5"' }), 412)
    const claimed = await api.post(`${path}/claim`, {}, api.tokens.member, { "if-match": '"1"' })
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200)
    expect(claimed.body.data.state).toMatchObject({ _tag: "Claimed", claimantId: seed.liu })
    expectProblem(await api.post(`${path}/claim`, {}, api.tokens.member), 409)

    const zhang = await api.token({ role: "member", branchId: seed.branch, memberId: seed.zhang })
    expectProblem(await api.post(`${path}/fulfil`, {}, zhang), 403)
    expectProblem(await api.post(`${path}/fulfil`, {}, api.tokens.viewer), 403)
    const fulfilled = await api.post(`${path}/fulfil`, { note: "已送达" }, api.tokens.member, {
      "if-match": '"2"'
    })
    expect(fulfilled.status).toBe(200)
    expect(fulfilled.body.data.state).toMatchObject({
      _tag: "Fulfilled",
      claimantId: seed.liu,
      note: "已送达"
    })
    expectProblem(await api.post(`${path}/fulfil`, {}, api.tokens.member), 409)
    expectProblem(await api.post(`${path}/withdraw`, {}, api.tokens.secretary), 409)
  })

  it("lets a secretary claim on behalf of a member, release and withdraw", async () => {
    const posted = await api.post("/v1/wishes", newWish("陪同买菜"), api.tokens.secretary)
    const path = `/v1/wishes/${posted.body.data.id}`
    expectProblem(await api.post(`${path}/claim`, {}, api.tokens.secretary), 422)
    expectProblem(await api.post(`${path}/claim`, { memberId: "member-nobody" }, api.tokens.secretary), 404)
    const claimed = await api.post(`${path}/claim`, { memberId: seed.zhang }, api.tokens.secretary)
    expect(claimed.body.data.state).toMatchObject({ _tag: "Claimed", claimantId: seed.zhang })
    expectProblem(await api.post(`${path}/release`, {}, api.tokens.member), 403)
    const released = await api.post(`${path}/release`, undefined, api.tokens.secretary)
    expect(released.status, JSON.stringify(released.body)).toBe(200)
    expect(released.body.data.state).toEqual({ _tag: "Posted" })
    expectProblem(await api.post(`${path}/withdraw`, {}, api.tokens.member), 403)
    const withdrawn = await api.post(`${path}/withdraw`, { reason: "家属已照料" }, api.tokens.secretary)
    expect(withdrawn.body.data.state).toMatchObject({ _tag: "Withdrawn", reason: "家属已照料" })
    expectProblem(await api.post(`${path}/claim`, {}, api.tokens.member), 409)
  })

  it("keeps a wish to its branch", async () => {
    const other = await otherBranch(api)
    expectProblem(await api.get("/v1/wishes/wish-2023-pingan-glasses", other.secretary), 403)
    expectProblem(
      await api.post("/v1/wishes/wish-2023-pingan-glasses/claim", { memberId: seed.zhou }, other.secretary),
      403
    )
    expectProblem(await api.post("/v1/wishes", newWish("别处"), other.secretary), 403)
    expectProblem(await api.post("/v1/wishes/wish-2023-pingan-glasses/claim", {}), 401)
  })
})

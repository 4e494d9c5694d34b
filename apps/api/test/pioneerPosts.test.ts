import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectCrud, expectProblem, otherBranch, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const newPost = {
  branchId: seed.branch,
  name: "北河码头先锋岗",
  place: "北河码头",
  zoneId: "zone-bh-01",
  duties: ["keep_order", "clean_water_surface"],
  roster: [{ _tag: "VolunteerOnDuty", name: "陈小红", phone: "13700001111", since: "2024-05-01" }],
  establishedOn: "2024-05-01"
}

const volunteerPhones = (post: { roster: ReadonlyArray<{ _tag: string; phone?: string }> }) =>
  post.roster.filter((e) => e._tag === "VolunteerOnDuty").map((e) => e.phone)

describe("pioneer posts", () => {
  it("creates, reads, lists and updates a post", async () => {
    const { updated } = await expectCrud(api, {
      path: "/v1/pioneer-posts",
      token: api.tokens.secretary,
      create: newPost,
      change: (data) => ({ ...data, dutyNotes: "汛期加岗" }),
      listQuery: "&zoneId=zone-bh-01",
      another: (body) => ({ ...body, name: "北河桥头先锋岗" })
    })
    expect(updated.data.dutyNotes).toBe("汛期加岗")
  })

  it("masks volunteers' phones for a viewer, not for the secretary", async () => {
    const viewer = await api.get(`/v1/pioneer-posts/${seed.post}`, api.tokens.viewer)
    expect(volunteerPhones(viewer.body.data)).toEqual(["138****0201", "138****0202"])
    const listed = await api.get("/v1/pioneer-posts", api.tokens.member)
    const post = listed.body.items.find((i: { data: { id: string } }) => i.data.id === seed.post)
    expect(volunteerPhones(post.data)).toEqual(["138****0201", "138****0202"])
    const secretary = await api.get(`/v1/pioneer-posts/${seed.post}`, api.tokens.secretary)
    expect(volunteerPhones(secretary.body.data)).toEqual(["13800000201", "13800000202"])
  })

  it("adds to and removes from the roster", async () => {
    const path = `/v1/pioneer-posts/${seed.post}`
    const before = await api.get(path, api.tokens.secretary)
    const size = before.body.data.roster.length
    const added = await api.post(
      `${path}/roster`,
      { _tag: "MemberOnDuty", memberId: seed.zhang, since: "2024-06-01" },
      api.tokens.secretary,
      { "if-match": before.headers.get("etag") ?? "" }
    )
    expect(added.status, JSON.stringify(added.body)).toBe(200)
    expect(added.body.data.roster).toHaveLength(size + 1)
    expectProblem(
      await api.post(
        `${path}/roster`,
        { _tag: "MemberOnDuty", memberId: seed.zhang, since: "2024-06-01" },
        api.tokens.secretary,
        {
          "if-match": before.headers.get("etag") ?? ""
        }
      ),
      412
    )
    expectProblem(
      await api.post(
        `${path}/roster`,
        { _tag: "MemberOnDuty", memberId: "member-nobody", since: "2024-06-01" },
        api.tokens.secretary
      ),
      404
    )
    expectProblem(
      await api.post(
        `${path}/roster`,
        { _tag: "VolunteerOnDuty", name: "x", phone: "nope", since: "2024-06-01" },
        api.tokens.secretary
      ),
      422
    )
    expectProblem(
      await api.post(
        `${path}/roster`,
        { _tag: "MemberOnDuty", memberId: seed.zhang, since: "2024-06-01" },
        api.tokens.member
      ),
      403
    )

    const removed = await api.del(`${path}/roster/members/${seed.zhang}`, api.tokens.secretary)
    expect(removed.status).toBe(200)
    expect(removed.body.data.roster).toHaveLength(size)
    expectProblem(await api.del(`${path}/roster/members/${seed.zhang}`, api.tokens.secretary), 404)

    const volunteer = await api.del(
      `${path}/roster/volunteers/${encodeURIComponent("林晓东")}`,
      api.tokens.secretary
    )
    expect(volunteer.status).toBe(200)
    expect(volunteer.body.data.roster).toHaveLength(size - 1)
    expectProblem(
      await api.del(`${path}/roster/volunteers/${encodeURIComponent("林晓东")}`, api.tokens.secretary),
      404
    )
    expectProblem(await api.del(`${path}/roster/volunteers/x`, api.tokens.viewer), 403)
  })

  it("keeps a post to its branch", async () => {
    const other = await otherBranch(api)
    expectProblem(await api.get(`/v1/pioneer-posts/${seed.post}`, other.secretary), 403)
    expectProblem(await api.post("/v1/pioneer-posts", { ...newPost, name: "别处" }, other.secretary), 403)
    expectProblem(
      await api.del(`/v1/pioneer-posts/${seed.post}/roster/members/${seed.zhou}`, other.secretary),
      403
    )
  })
})

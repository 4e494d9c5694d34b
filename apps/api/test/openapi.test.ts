import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startApi, type TestApi } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

describe("OpenAPI document", () => {
  it("lists every group's endpoints with their problems", async () => {
    const doc = await api.get("/openapi.json")
    expect(doc.status).toBe(200)
    const paths = Object.keys(doc.body.paths)
    for (const path of [
      "/v1/organisations",
      "/v1/organisations/temporary-branches",
      "/v1/members/{id}",
      "/v1/teams",
      "/v1/projects/{id}/difficulties/{difficultyId}/resolve",
      "/v1/pioneer-posts/{id}/roster/volunteers/{name}",
      "/v1/events/{id}/participants",
      "/v1/campaigns",
      "/v1/cases/{id}/{stage}",
      "/v1/wishes/{id}/release",
      "/v1/audit",
      "/v1/branches/{branchId}/reports/zones",
      "/v1/branches/{branchId}/reports/members"
    ]) {
      expect(paths).toContain(path)
    }
    const create = doc.body.paths["/v1/wishes"].post.responses
    expect(Object.keys(create).sort()).toEqual([
      "201",
      "401",
      "403",
      "404",
      "409",
      "413",
      "415",
      "422",
      "500"
    ])
  })
})

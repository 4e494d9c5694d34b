/**
 * A resident's report and what follows it (issue 12 point 4), through the API and the pages' forms
 * as a phone with JavaScript off sends them: a category instead of a title; photos after the receipt
 * (JPEG/PNG/WebP by content, at most 3, within the hour, metadata gone) that the branch lists and
 * fetches with a token; "me too" on an open problem, counted on the case, on its status and on the
 * signboard, once a day per client; a report closed as fixed reported again, linked both ways; the
 * per-client report budget, for the API and the forms together.
 */
import sharp from "sharp"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectProblem, seed, startApi, type TestApi, tenantId } from "./support.ts"

let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.dispose())

const zonePath = `/v1/public/${tenantId}/zones/XH-01`

/** A JPEG carrying EXIF (a camera's make and a date), as a phone's would. */
const phoneJpeg = async () =>
  new Uint8Array(
    await sharp({ create: { width: 320, height: 240, channels: 3, background: "#2a6f7a" } })
      .jpeg()
      .withExif({ IFD0: { Make: "RiverPhone", Model: "X1", DateTime: "2026:12:01 08:30:00" } })
      .toBuffer()
  )

const report = async (
  body: Record<string, unknown> = { category: "litter", description: "水面漂浮塑料瓶" }
) => {
  const reply = await api.post(`${zonePath}/problems`, body)
  expect(reply.status, JSON.stringify(reply.body)).toBe(202)
  return reply.body as { caseId: string; receipt: string; statusUrl: string; photosUrl: string }
}

const upload = (path: string, bytes: Uint8Array, type = "image/jpeg") =>
  api.app.request(path, { method: "POST", headers: { "content-type": type }, body: bytes })

const advance = async (caseId: string, stages: ReadonlyArray<[string, Record<string, unknown>]>) => {
  for (const [stage, body] of stages) {
    const reply = await api.post(`/v1/cases/${caseId}/${stage}`, body, api.tokens.secretary)
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  }
}
const toResolved: ReadonlyArray<[string, Record<string, unknown>]> = [
  ["acknowledged", {}],
  ["assigned", { assigneeId: seed.zhou }],
  ["resolved", { note: "已清理" }]
]

describe("a resident's report", () => {
  it("takes a category for a title; with neither, it says what is missing in Chinese and English", async () => {
    const answer = await report()
    const stored = await api.get(`/v1/cases/${answer.caseId}`, api.tokens.secretary)
    expect(stored.body.data).toMatchObject({
      title: "水面漂浮物、垃圾",
      category: "litter",
      source: "resident"
    })
    expect(answer.photosUrl).toBe(`${answer.statusUrl}/photos`)
    const refused = await api.post(`${zonePath}/problems`, { description: "没有类别" })
    expectProblem(refused, 422)
    expect(refused.body.rule).toBe("title_or_category")
    expect(refused.body.detail).toContain("请选择问题类别")
    expect(refused.body.detail).toContain("choose a category")
    expectProblem(await api.post(`${zonePath}/problems`, { category: "flood", description: "x" }), 422)
  })

  it("photos follow with the receipt: checked by content, at most 3, stored without metadata, shown to the branch", async () => {
    const answer = await report()
    const photo = await phoneJpeg()
    expect((await sharp(photo).metadata()).exif).toBeDefined()
    for (const n of [1, 2, 3]) {
      const added = await upload(answer.photosUrl, photo, n === 2 ? "application/octet-stream" : "image/jpeg")
      expect(added.status, await added.clone().text()).toBe(201)
      expect(await added.json()).toMatchObject({
        mediaType: "image/jpeg",
        width: 320,
        height: 240,
        photos: n
      })
    }
    const fourth = await upload(answer.photosUrl, photo)
    expect(fourth.status).toBe(422)
    expect(((await fourth.json()) as { rule: string }).rule).toBe("at_most_three_photos_per_case")

    const other = await report()
    const notImage = await upload(other.photosUrl, new TextEncoder().encode("<svg>not a photo</svg>"))
    expect(notImage.status).toBe(422)
    expect(await notImage.json()).toMatchObject({ rule: "photo_not_an_image" })
    const asText = await upload(other.photosUrl, photo, "text/plain")
    expect(asText.status).toBe(415)
    expect(await asText.text()).toContain("image/jpeg")
    const huge = await upload(other.photosUrl, new Uint8Array(6 * 1024 * 1024))
    expect(huge.status).toBe(413)
    expect(await huge.text()).toContain("照片不能超过 5 MB / a photo is at most 5 MB")
    const wrongReceipt = await upload(`/v1/public/${tenantId}/receipts/AAAA-AAAA-AA/photos`, photo)
    expect(wrongReceipt.status).toBe(404)

    // The branch lists them and fetches each: its type, no metadata left.
    const listed = await api.get(`/v1/cases/${answer.caseId}/photos`, api.tokens.viewer)
    expect(listed.status).toBe(200)
    expect(listed.body).toHaveLength(3)
    const served = await api.app.request(listed.body[0].url, {
      headers: { authorization: `Bearer ${api.tokens.viewer}` }
    })
    expect(served.status).toBe(200)
    expect(served.headers.get("content-type")).toBe("image/jpeg")
    const bytes = new Uint8Array(await served.arrayBuffer())
    expect(bytes.byteLength).toBe(listed.body[0].byteLength)
    const metadata = await sharp(bytes).metadata()
    expect(metadata.exif).toBeUndefined()
    expect((await api.get(listed.body[0].url)).status).toBe(401)
    // the status counts them, without showing them
    expect((await api.get(answer.statusUrl)).body.photos).toBe(3)

    // Once the problem is handled, the receipt adds no more photos.
    await advance(other.caseId, toResolved)
    const late = await upload(other.photosUrl, photo)
    expect(late.status).toBe(422)
    expect(((await late.json()) as { rule: string }).rule).toBe("photos_within_an_hour_of_the_report")
  })

  it("me too: counted on the case, its status and the signboard; once a day per client; only an open problem of the zone", async () => {
    const answer = await report({ category: "pollution", description: "排水口异味" })
    const follow = (zone: string, caseId: string) =>
      api.request("POST", `/v1/public/${tenantId}/zones/${zone}/problems/${caseId}/follow`)
    const first = await follow("XH-01", answer.caseId)
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(first.body).toEqual({ followers: 1 })
    const again = await follow("XH-01", answer.caseId)
    expectProblem(again, 429)
    expect(again.headers.get("retry-after")).not.toBeNull()
    expect(again.body.detail).toContain("我也遇到")

    expect((await api.get(`/v1/cases/${answer.caseId}`, api.tokens.secretary)).body.data.followers).toBe(1)
    expect((await api.get(answer.statusUrl)).body.followers).toBe(1)
    const signboard = await api.get(zonePath)
    expect(signboard.body.problems.open.find((p: { id: string }) => p.id === answer.caseId)?.followers).toBe(
      1
    )

    expectProblem(await follow("NH-01", (await report()).caseId), 404)
    const handled = await report()
    await advance(handled.caseId, toResolved)
    const late = await follow("XH-01", handled.caseId)
    expectProblem(late, 422)
    expect(late.body.rule).toBe("follow_an_open_case")
  })

  it("a report closed as fixed is reported again, linked to the first and the first to it; an open one is not", async () => {
    const first = await report()
    const early = await api.post(`${zonePath}/problems`, {
      description: "还没修好",
      reopens: first.receipt
    })
    expectProblem(early, 422)
    expect(early.body.rule).toBe("reopens_a_fixed_case")
    expectProblem(
      await api.post(`${zonePath}/problems`, {
        category: "litter",
        description: "x",
        reopens: "2222-2222-22"
      }),
      404
    )
    await advance(first.caseId, [...toResolved, ["verified", { note: "已清理干净" }]])
    expect((await api.get(first.statusUrl)).body).toMatchObject({
      closed: true,
      canReportAgain: true,
      reportedAgain: []
    })

    const again = await report({
      category: "litter",
      description: "又有了",
      reopens: first.receipt.toLowerCase()
    })
    const stored = await api.get(`/v1/cases/${again.caseId}`, api.tokens.secretary)
    expect(stored.body.data.reopens).toBe(first.caseId)
    expect((await api.get(again.statusUrl)).body).toMatchObject({
      canReportAgain: false,
      reopens: { receipt: first.receipt, statusUrl: first.statusUrl }
    })
    expect((await api.get(first.statusUrl)).body.reportedAgain).toEqual([
      { receipt: again.receipt, statusUrl: again.statusUrl }
    ])
    // while that one is being handled, it is the one to follow
    expect((await api.get(first.statusUrl)).body.canReportAgain).toBe(false)
    const third = await api.post(`${zonePath}/problems`, { description: "还有", reopens: first.receipt })
    expectProblem(third, 422)
    expect(third.body.rule).toBe("reported_again_already")
    expect(third.body.detail).toContain(again.receipt)
  })
})

describe("the report pages, with JavaScript off", () => {
  const form = (fields: Record<string, string>, photos: ReadonlyArray<Uint8Array> = []) => {
    const body = new FormData()
    for (const [key, value] of Object.entries(fields)) body.append(key, value)
    for (const [i, photo] of photos.entries()) {
      body.append(
        "photo",
        new File([photo as Uint8Array<ArrayBuffer>], `photo-${i}.jpg`, { type: "image/jpeg" })
      )
    }
    return body
  }
  const submit = (path: string, body: FormData) => api.app.request(path, { method: "POST", body })

  it("shows the open problems with a me-too button, then the form; me too counts and comes back thanked", async () => {
    const open = await report({ category: "facility", title: "护栏断了一截", description: "北侧" })
    const page = await api.app.request(`/s/${tenantId}/XH-01/report`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain("护栏断了一截")
    expect(html).toContain(`action="/s/${tenantId}/XH-01/follow/${open.caseId}"`)
    expect(html).toContain('enctype="multipart/form-data"')
    const followed = await api.app.request(`/s/${tenantId}/XH-01/follow/${open.caseId}`, { method: "POST" })
    expect(followed.status).toBe(303)
    expect(followed.headers.get("location")).toBe(`/s/${tenantId}/XH-01/report?followed=${open.caseId}#open`)
    expect((await api.get(open.statusUrl)).body.followers).toBe(1)
    const twice = await api.app.request(`/s/${tenantId}/XH-01/follow/${open.caseId}`, { method: "POST" })
    expect(twice.status).toBe(429)
    expect(twice.headers.get("content-type")).toContain("text/html")
    expect(await twice.text()).toContain("您今天已经对这个问题点过")
  })

  it("a form to correct says what is wrong, keeps what was typed and stores nothing; a good one answers with the receipt's page", async () => {
    const wrong = await submit(
      `/s/${tenantId}/XH-01/report`,
      form({ description: "桥下漂浮物", phone: "call me" }, [new TextEncoder().encode("GIF89a not a photo")])
    )
    expect(wrong.status).toBe(422)
    const text = await wrong.text()
    expect(text).toContain("请选择问题类别。")
    expect(text).toContain("“photo-0.jpg”不是 JPEG、PNG 或 WebP 照片。")
    expect(text).toContain("电话号码格式不对")
    expect(text).toContain("桥下漂浮物")

    const sent = await submit(
      `/s/${tenantId}/XH-01/report`,
      form({ category: "litter", description: "桥下漂浮物", phone: "13912345678" }, [await phoneJpeg()])
    )
    expect(sent.status).toBe(303)
    const location = sent.headers.get("location") ?? ""
    expect(location).toMatch(
      /^\/r\/siping-water\/[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}\?sent=1-0$/
    )
    const status = await api.app.request(location)
    expect(status.status).toBe(200)
    const html = await status.text()
    expect(html).toContain("已附照片 1 张")
    expect(html).toContain("已收到您的反映，等待受理")
    expect(html).not.toContain("13912345678")
    expect((await api.app.request(`/r/${tenantId}/2222-2222-22`)).status).toBe(404)

    // more than three photos of 5 MB can carry: refused before it is read, in a page
    const tooMuch = await submit(
      `/s/${tenantId}/XH-01/report`,
      form(
        { category: "litter", description: "大照片" },
        [1, 2, 3, 4].map(() => new Uint8Array(4.5 * 1024 * 1024))
      )
    )
    expect(tooMuch.status).toBe(413)
    expect(await tooMuch.text()).toContain("上传的内容太大")
  })
})

describe("the report budget", () => {
  it("a client makes at most REPORTS_PER_HOUR reports an hour, by the API and the forms together", async () => {
    const limited = await startApi({ reportsPerHour: 2 })
    try {
      const path = `/v1/public/${tenantId}/zones/XH-01/problems`
      expect((await limited.post(path, { category: "litter", description: "一" })).status).toBe(202)
      const body = new FormData()
      body.append("category", "litter")
      body.append("description", "二")
      expect(
        (await limited.app.request(`/s/${tenantId}/XH-01/report`, { method: "POST", body })).status
      ).toBe(303)
      const third = await limited.post(path, { category: "litter", description: "三" })
      expectProblem(third, 429)
      expect(third.body.detail).toContain("每小时最多反映 2 个问题")
      expect(third.body.detail).toContain("at most 2 reports an hour")
      const page = await limited.app.request(`/s/${tenantId}/XH-01/report`, { method: "POST", body })
      expect(page.status).toBe(429)
      expect(await page.text()).toContain("每小时最多反映 2 个问题")
    } finally {
      await limited.dispose()
    }
  })
})

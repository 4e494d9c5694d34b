/**
 * Signing in to the console by invite link, in process: invites made through the API (who may make
 * which), a code that works once, sessions listed and revoked, the audit trail; and the console's
 * pages — the link's page does not use it up, signing in sets an HttpOnly, SameSite cookie (Secure
 * and `__Host-` over https), every form POST needs the session's CSRF token, sign-out ends the
 * session for the API too, and the dashboard shows the seed's year with its charts drawn as SVG.
 */
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { csrfTokenOf } from "../src/pages/console/session.ts"
import { apiDir } from "./e2e/support/server.ts"
import { expectProblem, seed, startApi, type TestApi } from "./support.ts"

let api: TestApi
/** The server's log lines (access logs included). */
const logged: Array<string> = []

beforeAll(async () => {
  api = await startApi({ log: (entry) => logged.push(JSON.stringify(entry)) })
}, 60_000)
afterAll(() => api.dispose())

const invite = async (token: string, body: Record<string, unknown>) => api.post("/v1/invites", body, token)

const memberInvite = () =>
  invite(api.tokens.secretary, { role: "member", branchId: seed.branch, memberId: seed.liu, label: "刘洋" })

/** A console request with a cookie header and, for a form, a urlencoded body. */
const page = (
  path: string,
  options: { readonly cookie?: string; readonly form?: Record<string, string>; readonly origin?: string } = {}
) =>
  api.app.request(`${options.origin ?? "http://localhost"}${path}`, {
    method: options.form === undefined ? "GET" : "POST",
    headers: {
      ...(options.cookie === undefined ? {} : { cookie: options.cookie }),
      ...(options.form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" })
    },
    ...(options.form === undefined ? {} : { body: new URLSearchParams(options.form).toString() })
  })

/** Sign in through the console with a fresh invite: the session cookie (`name=value`) and its token. */
const signIn = async (
  token = api.tokens.admin,
  body: Record<string, unknown> = { role: "admin", label: "管理员" }
) => {
  const made = await invite(token, body)
  expect(made.status, JSON.stringify(made.body)).toBe(200)
  const response = await page(`/console/sign-in/${made.body.code}`, { form: {} })
  expect(response.status).toBe(303)
  const setCookie = response.headers.get("set-cookie") ?? ""
  const cookie = setCookie.split(";")[0] as string
  return { cookie, token: cookie.slice(cookie.indexOf("=") + 1), setCookie }
}

const csrfOf = async (cookie: string) => {
  const html = await (await page("/console/sessions", { cookie })).text()
  const match = /name="csrf" value="([^"]+)"/.exec(html)
  expect(match).not.toBeNull()
  return match?.[1] as string
}

describe("invites and sessions through the API", () => {
  it("an invite's code starts a session once; the session is the invite's role and scope", async () => {
    const made = await memberInvite()
    expect(made.status, JSON.stringify(made.body)).toBe(200)
    expect(made.body.code).toMatch(/^bsi_[A-Za-z0-9-]+_[A-Za-z0-9_-]{43}$/)
    expect(made.body.status).toBe("active")
    // 7 days by default (from the request's clock reading; the record's own is a moment later)
    const lifetime = Date.parse(made.body.expiresAt) - Date.parse(made.body.createdAt)
    expect(Math.abs(lifetime - 7 * 86_400_000)).toBeLessThan(5_000)

    const signed = await api.post("/v1/sign-in", { code: made.body.code })
    expect(signed.status, JSON.stringify(signed.body)).toBe(200)
    expect(signed.body.token).toMatch(/^bsh_/)
    expect(signed.body.session).toMatchObject({
      role: "member",
      branchId: seed.branch,
      memberId: seed.liu,
      current: true
    })

    const caller = await api.get("/v1/session", signed.body.token)
    expect(caller.body).toMatchObject({ role: "member", kind: "session", memberId: seed.liu, label: "刘洋" })
    // the session works as the member's token does: it reads the branch's records
    expect((await api.get(`/v1/zones?branchId=${seed.branch}`, signed.body.token)).status).toBe(200)

    const again = await api.post("/v1/sign-in", { code: made.body.code })
    expectProblem(again, 401)
    expect(again.body.detail).toContain("used")

    const invites = await api.get("/v1/invites", api.tokens.secretary)
    const listed = invites.body.items.find((i: { id: string }) => i.id === made.body.id)
    expect(listed.status).toBe("used")
    expect(JSON.stringify(invites.body)).not.toContain(made.body.code)
  })

  it("lets only one of two concurrent sign-ins with one code through", async () => {
    const made = await memberInvite()
    const both = await Promise.all([
      api.post("/v1/sign-in", { code: made.body.code }),
      api.post("/v1/sign-in", { code: made.body.code })
    ])
    expect(both.map((r) => r.status).sort()).toEqual([200, 401])
  })

  it("refuses wrong, malformed and withdrawn codes as 401 (expiry: the services contract test)", async () => {
    const made = await memberInvite()
    const wrongSecret = `${made.body.code.slice(0, -4)}AAAA`
    expectProblem(await api.post("/v1/sign-in", { code: wrongSecret }), 401)
    expectProblem(await api.post("/v1/sign-in", { code: "not-a-code" }), 401)
    const withdrawn = await api.post(`/v1/invites/${made.body.id}/revoke`, undefined, api.tokens.secretary)
    expect(withdrawn.body.status).toBe("revoked")
    const refused = await api.post("/v1/sign-in", { code: made.body.code })
    expectProblem(refused, 401)
    expect(refused.body.detail).toContain("withdrawn")
  })

  it("lets an admin invite anyone, a secretary below admin in their subtree, members and viewers no one", async () => {
    expect((await invite(api.tokens.admin, { role: "admin", label: "second admin" })).status).toBe(200)
    expectProblem(await invite(api.tokens.secretary, { role: "admin", label: "x" }), 403)
    expectProblem(
      await invite(api.tokens.secretary, { role: "secretary", branchId: "some-other-branch", label: "x" }),
      403
    )
    expectProblem(
      await invite(api.tokens.member, {
        role: "member",
        branchId: seed.branch,
        memberId: seed.liu,
        label: "x"
      }),
      403
    )
    expectProblem(await invite(api.tokens.viewer, { role: "viewer", branchId: seed.branch, label: "x" }), 403)
    expectProblem(await api.get("/v1/invites", api.tokens.member), 403)
    // a member invite must name its member (the token's rule)
    const unnamed = await invite(api.tokens.secretary, { role: "member", branchId: seed.branch, label: "x" })
    expectProblem(unnamed, 422)
    expect(unnamed.body.rule).toBe("member_invite_names_its_member")
  })

  it("lists a member's own sessions, all of them for an admin, and revokes them", async () => {
    const first = await api.post("/v1/sign-in", { code: (await memberInvite()).body.code })
    const second = await api.post("/v1/sign-in", { code: (await memberInvite()).body.code })
    const mine = await api.get("/v1/sessions", first.body.token)
    const ids = mine.body.items.map((s: { id: string }) => s.id)
    expect(ids).toContain(first.body.session.id)
    expect(ids).toContain(second.body.session.id)
    expect(mine.body.items.every((s: { memberId: string }) => s.memberId === seed.liu)).toBe(true)

    // an admin sees every session; a secretary's list does not hold the member's
    const all = await api.get("/v1/sessions", api.tokens.admin)
    expect(all.body.items.map((s: { id: string }) => s.id)).toContain(first.body.session.id)
    const secretaries = await api.get("/v1/sessions", api.tokens.secretary)
    expect(secretaries.body.items.map((s: { id: string }) => s.id)).not.toContain(first.body.session.id)
    expectProblem(
      await api.post(`/v1/sessions/${first.body.session.id}/revoke`, undefined, api.tokens.secretary),
      403
    )

    const revoked = await api.post(
      `/v1/sessions/${second.body.session.id}/revoke`,
      undefined,
      first.body.token
    )
    expect(revoked.body.status).toBe("revoked")
    expectProblem(await api.get("/v1/session", second.body.token), 401)
    expect((await api.get("/v1/session", first.body.token)).status).toBe(200)
    // a client's token is not a session: not listed, not revocable here
    expectProblem(await api.post(`/v1/sessions/${"x".repeat(8)}/revoke`, undefined, api.tokens.admin), 404)
  })

  it("reads a session and an invite by id, as they are listed, for who may list them", async () => {
    const made = await memberInvite()
    const signed = await api.post("/v1/sign-in", { code: made.body.code })
    const own = await api.get(`/v1/sessions/${signed.body.session.id}`, signed.body.token)
    expect(own.status, JSON.stringify(own.body)).toBe(200)
    const listed = await api.get("/v1/sessions", signed.body.token)
    expect(own.body).toEqual(listed.body.items.find((s: { id: string }) => s.id === signed.body.session.id))
    expect((await api.get(`/v1/sessions/${signed.body.session.id}`, api.tokens.admin)).status).toBe(200)
    expectProblem(await api.get(`/v1/sessions/${signed.body.session.id}`, api.tokens.secretary), 403)
    expectProblem(await api.get(`/v1/sessions/${"x".repeat(8)}`, api.tokens.admin), 404)

    const invite = await api.get(`/v1/invites/${made.body.id}`, api.tokens.secretary)
    expect(invite.status, JSON.stringify(invite.body)).toBe(200)
    expect(invite.body).toMatchObject({ id: made.body.id, status: "used" })
    expect(invite.body.code).toBeUndefined()
    const invites = await api.get("/v1/invites", api.tokens.secretary)
    expect(invite.body).toEqual(invites.body.items.find((i: { id: string }) => i.id === made.body.id))
    expectProblem(await api.get(`/v1/invites/${made.body.id}`, api.tokens.member), 403)
    expectProblem(await api.get("/v1/invites/no-such-invite", api.tokens.admin), 404)
  })

  it("audits invite create and use, session start and revoke", async () => {
    const made = await memberInvite()
    const signed = await api.post("/v1/sign-in", { code: made.body.code })
    await api.post(`/v1/sessions/${signed.body.session.id}/revoke`, undefined, signed.body.token)
    const ofInvite = await api.get(`/v1/audit?entity=invite&entityId=${made.body.id}`, api.tokens.admin)
    expect(ofInvite.body.items.map((e: { data: { change: string } }) => e.data.change)).toEqual([
      "invite.create",
      "invite.use"
    ])
    expect(ofInvite.body.items[1].data.actor).toBe(`invite:${made.body.id}`)
    const ofSession = await api.get(
      `/v1/audit?entity=access_token&entityId=${signed.body.session.id}`,
      api.tokens.admin
    )
    expect(ofSession.body.items.map((e: { data: { change: string } }) => e.data.change)).toEqual([
      "session.start",
      "session.revoke"
    ])
    // the audit log keeps hashes, never a code or a token
    const text = JSON.stringify([ofInvite.body, ofSession.body])
    expect(text).not.toContain(made.body.code.slice(-43))
    expect(text).not.toContain(signed.body.token.slice(-43))
  })
})

describe("./dev invite", () => {
  it("prints the link alone on stdout, for the origin configured; the link signs in once", async () => {
    const run = (args: ReadonlyArray<string>) =>
      promisify(execFile)(process.execPath, ["--conditions=source", "src/invite.ts", ...args], {
        cwd: apiDir,
        env: { ...process.env, DATABASE_URL: api.databaseUrl, PUBLIC_BASE_URL: "https://hedao.example.cn" },
        timeout: 60_000
      })
    const made = await run([
      "create",
      "--role",
      "member",
      "--branch",
      seed.branch,
      "--member",
      seed.zhou,
      "--label",
      "周敏",
      "--expires",
      "2d"
    ])
    const lines = made.stdout.trimEnd().split("\n")
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^https:\/\/hedao\.example\.cn\/console\/sign-in\/bsi_/)
    expect(made.stderr).toContain("shown only now")
    const code = decodeURIComponent((lines[0] as string).split("/").at(-1) as string)
    const signed = await api.post("/v1/sign-in", { code })
    expect(signed.body.session).toMatchObject({ role: "member", memberId: seed.zhou, label: "周敏" })
    expect((await run(["list"])).stdout).toMatch(/member\s+branch-nanbeihe\s+used\s/)
    // a usage error exits 2 with the usage; a bad scope exits 1 with the rule's message
    await expect(run(["create", "--role", "chief"])).rejects.toMatchObject({ code: 2 })
    await expect(run(["create", "--role", "member", "--branch", seed.branch])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("a member invite names its member")
    })
  }, 120_000)
})

describe("the console's sign-in, forms and sign-out", () => {
  it("asks for a sign-in without a session, and opening a link's page does not use it up", async () => {
    const none = await page("/console")
    expect(none.status).toBe(401)
    expect(await none.text()).toContain("邀请链接")
    const made = await memberInvite()
    const shown = await page(`/console/sign-in/${made.body.code}`)
    expect(shown.status).toBe(200)
    expect(await shown.text()).toContain(`action="/console/sign-in/${made.body.code}"`)
    expect(shown.headers.get("cache-control")).toBe("no-store")
    expect(shown.headers.get("referrer-policy")).toBe("no-referrer")
    // still unused: signing in with it works
    expect((await api.post("/v1/sign-in", { code: made.body.code })).status).toBe(200)
    // the access log names the page, not the code
    const secret = made.body.code.slice(-43)
    expect(logged.some((line) => line.includes("/console/sign-in/bsi_***"))).toBe(true)
    expect(logged.filter((line) => line.includes(secret))).toEqual([])
  })

  it("signs in with an HttpOnly, SameSite cookie over http, Secure and __Host- over https", async () => {
    const { setCookie, token } = await signIn()
    expect(setCookie).toMatch(/^bishui_session=bsh_/)
    expect(setCookie).toContain("HttpOnly")
    expect(setCookie).toContain("SameSite=Lax")
    expect(setCookie).not.toContain("Secure")
    expect((await api.get("/v1/session", token)).body.kind).toBe("session")

    const made = await invite(api.tokens.admin, { role: "admin", label: "https" })
    const overTls = await page(`/console/sign-in/${made.body.code}`, {
      form: {},
      origin: "https://localhost"
    })
    const secure = overTls.headers.get("set-cookie") ?? ""
    expect(secure).toMatch(/^__Host-bishui_session=bsh_/)
    expect(secure).toContain("Secure")
    expect(secure).toContain("Path=/")
  })

  it("shows a used link's refusal instead of signing in", async () => {
    const made = await memberInvite()
    expect((await page(`/console/sign-in/${made.body.code}`, { form: {} })).status).toBe(303)
    const second = await page(`/console/sign-in/${made.body.code}`, { form: {} })
    expect(second.status).toBe(401)
    expect(second.headers.get("set-cookie")).toBeNull()
    expect(await second.text()).toContain("只能用一次")
  })

  it("refuses every form POST without the session's CSRF token, and takes it with it", async () => {
    const { cookie } = await signIn()
    const other = await signIn()
    const csrf = await csrfOf(cookie)
    const form = { label: "张伟", role: "member", branchId: seed.branch, memberId: seed.zhang, hours: "24" }

    expect((await page("/console/invites", { cookie, form })).status).toBe(403)
    expect((await page("/console/invites", { cookie, form: { ...form, csrf: "x".repeat(43) } })).status).toBe(
      403
    )
    // another session's token is not this one's
    expect(
      (await page("/console/invites", { cookie, form: { ...form, csrf: await csrfOf(other.cookie) } })).status
    ).toBe(403)
    expect((await page("/console/sign-out", { cookie, form: {} })).status).toBe(403)
    // without a session at all
    expect((await page("/console/invites", { form: { ...form, csrf } })).status).toBe(401)
    // a form is small: a large body is refused before it is read
    expect(
      (await page("/console/invites", { cookie, form: { ...form, csrf, label: "x".repeat(20_000) } })).status
    ).toBe(413)

    const made = await page("/console/invites", { cookie, form: { ...form, csrf } })
    expect(made.status).toBe(200)
    const html = await made.text()
    const link = /id="invite-link">([^<]+)</.exec(html)?.[1] as string
    expect(link).toMatch(/^http:\/\/localhost\/console\/sign-in\/bsi_/)
    // the member opens it: their own session, a member's
    const code = decodeURIComponent(link.slice(link.lastIndexOf("/") + 1))
    const signed = await api.post("/v1/sign-in", { code })
    expect(signed.body.session).toMatchObject({ role: "member", memberId: seed.zhang })
    expect(
      Date.parse(
        (await api.get("/v1/invites", api.tokens.admin)).body.items.find(
          (i: { label: string }) => i.label === "张伟"
        ).expiresAt
      )
    ).toBeGreaterThan(Date.now() + 23 * 3_600_000)

    // a refused invite shows the API's reason on the form
    const refused = await page("/console/invites", {
      cookie,
      form: { label: "x", role: "member", branchId: seed.branch, csrf }
    })
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain("names its member")
  })

  it("signs out: the session is revoked for the API too, the cookie dropped", async () => {
    const { cookie, token } = await signIn()
    const csrf = await csrfOf(cookie)
    const out = await page("/console/sign-out", { cookie, form: { csrf } })
    expect(out.status).toBe(303)
    expect(out.headers.get("location")).toBe("/console/signed-out")
    expect(out.headers.get("set-cookie")).toMatch(/^bishui_session=;.*Max-Age=0/)
    expectProblem(await api.get("/v1/session", token), 401)
    // the old cookie, replayed, is refused and cleared
    const replayed = await page("/console", { cookie })
    expect(replayed.status).toBe(401)
    expect(replayed.headers.get("set-cookie")).toMatch(/Max-Age=0/)
  })

  it("revokes another session from the sessions page, and the current one signs out", async () => {
    const { cookie } = await signIn()
    const other = await signIn()
    const csrf = await csrfOf(cookie)
    const otherId = (await api.get("/v1/session", other.token)).body.tokenId
    const listed = await (await page("/console/sessions", { cookie })).text()
    expect(listed).toContain(`data-session="${otherId}"`)
    const revoked = await page(`/console/sessions/${otherId}/revoke`, { cookie, form: { csrf } })
    expect(revoked.status).toBe(303)
    expect(revoked.headers.get("location")).toBe("/console/sessions")
    expect((await page("/console", { cookie: other.cookie })).status).toBe(401)
  })
})

describe("the dashboard", () => {
  it("shows the seed's year: figures in the article's style linking to their records, charts as SVG with tables, campaigns", async () => {
    const { cookie } = await signIn(api.tokens.secretary, {
      role: "secretary",
      branchId: seed.branch,
      memberId: seed.secretary,
      label: "王建华"
    })
    const response = await page("/console?year=2023", { cookie })
    expect(response.status).toBe(200)
    const html = await response.text()
    const report = (await api.get(`/v1/branches/${seed.branch}/reports/annual/2023`, api.tokens.secretary))
      .body
    expect(report.figures.length).toBeGreaterThan(0)
    for (const figure of report.figures) {
      expect(html).toContain(`data-figure="${figure.key}"`)
      expect(html).toContain(figure.presented)
      expect(html).toContain(
        `href="${figure.records.replace(/^\/v1\//, "/console/").replace(/&/g, "&amp;")}"`
      )
    }
    expect(html).toContain("余")
    // three charts, each an SVG labelled as an image, each with its numbers in a table
    for (const id of ["chart-activities", "chart-patrols", "chart-cases"]) {
      const start = html.indexOf(`id="${id}"`)
      expect(start, id).toBeGreaterThan(0)
      const figure = html.slice(start, html.indexOf("</figure>", start))
      expect(figure).toMatch(/<svg role="img" aria-label="[^"]+"/)
      expect(figure).toContain("<table>")
    }
    // the patrols chart's table holds each zone's count from the zone report
    const zones = (
      await api.get(
        `/v1/branches/${seed.branch}/reports/zones?from=2023-01-01&to=2023-12-31`,
        api.tokens.secretary
      )
    ).body
    const patrolled = zones.zones.find((z: { patrols: number }) => z.patrols > 0)
    expect(html).toContain(`${patrolled.code} ${patrolled.name}</th><td>${patrolled.patrols}</td>`)
    expect(html).toContain('id="campaigns"')
    expect(html).toMatch(/已开展 \d+ 项/)
    // English on request: the figures keep the article's Chinese style
    const english = await (await page("/console?year=2023&lang=en", { cookie })).text()
    expect(english).toContain("Activities per month, by category")
    expect(english).toContain(report.figures[0].presented)
  })
})

describe("the dashboard, kept for seconds", () => {
  it("is kept per session (private, no-store), and forgotten on a write: a revoked session's is not served", async () => {
    const secretary = { role: "secretary", branchId: seed.branch, memberId: seed.secretary, label: "王建华" }
    const a = await signIn(api.tokens.secretary, secretary)
    const b = await signIn(api.tokens.secretary, secretary)
    const first = await page("/console?year=2023", { cookie: a.cookie })
    const again = await page("/console?year=2023", { cookie: a.cookie })
    expect([first.status, again.status]).toEqual([200, 200])
    const html = await first.text()
    expect(await again.text()).toBe(html)
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"))
    // private still: never stored by a browser or a shared cache
    expect(again.headers.get("cache-control")).toBe("no-store")
    expect(again.headers.get("vary")).toBe(first.headers.get("vary"))
    expect(again.headers.get("vary")).toContain("Cookie")
    // the second answer came by the front door (http/app.ts): header for header what the app sent
    const own = (r: Response) =>
      Object.fromEntries([...r.headers].filter(([name]) => name !== "x-request-id" && name !== "date"))
    expect(own(again)).toEqual(own(first))
    expect(again.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"))
    // another session has its own page (its own form token), not the first one's
    const other = await page("/console?year=2023", { cookie: b.cookie })
    expect(other.status).toBe(200)
    const otherHtml = await other.text()
    expect(otherHtml).not.toBe(html)
    expect(otherHtml).toContain(`value="${csrfTokenOf(b.token)}"`)
    expect(html).toContain(`value="${csrfTokenOf(a.token)}"`)
    // revoking b (a write through the API) forgets every copy: b's next request is refused, not served
    const caller = await api.get("/v1/session", b.token)
    expect(caller.status).toBe(200)
    expect((await api.post(`/v1/sessions/${caller.body.tokenId}/revoke`, {}, b.token)).status).toBe(200)
    const refused = await page("/console?year=2023", { cookie: b.cookie })
    expect(refused.status).toBe(401)
    // no session, no copy
    expect((await page("/console?year=2023")).status).toBe(401)
  })
})

describe("behind a trusted proxy", () => {
  let proxied: TestApi
  beforeAll(async () => {
    proxied = await startApi({ trustedProxies: ["10.0.0.1"] })
  }, 60_000)
  afterAll(() => proxied.dispose())

  /** A sign-in POST that reached the server from `address`, saying it came over https. */
  const viaProxy = async (address: string) => {
    const made = await proxied.post("/v1/invites", { role: "admin", label: "proxy" }, proxied.tokens.admin)
    const response = await proxied.app.request(
      `http://internal:3000/console/sign-in/${made.body.code}`,
      { method: "POST", headers: { "x-forwarded-proto": "https" } },
      { incoming: { socket: { remoteAddress: address } } }
    )
    expect(response.status).toBe(303)
    return response.headers.get("set-cookie") ?? ""
  }

  it("sets a Secure __Host- cookie when the trusted proxy says https, and not when anyone else does", async () => {
    const trusted = await viaProxy("10.0.0.1")
    expect(trusted).toMatch(/^__Host-bishui_session=bsh_/)
    expect(trusted).toContain("Secure")
    const untrusted = await viaProxy("192.0.2.7")
    expect(untrusted).toMatch(/^bishui_session=bsh_/)
    expect(untrusted).not.toContain("Secure")
  })
})

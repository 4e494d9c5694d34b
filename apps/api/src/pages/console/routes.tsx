/**
 * The branch console, a Hono app the pages mount at `/console`:
 *
 *   GET  /console                       the dashboard (?year=, ?branch= for an admin)
 *   GET  /console/sign-in               how to sign in (no passwords: an invite link)
 *   GET  /console/sign-in/{code}        an invite link: a button to sign in with it
 *   POST /console/sign-in/{code}        sign in: the API starts a session, its token goes in the cookie
 *   POST /console/sign-out              revoke the current session, drop the cookie
 *   GET  /console/signed-out
 *   GET  /console/sessions              the caller's sessions, the invites they may see, the invite form
 *   POST /console/invites               make an invite; its link is shown once
 *   POST /console/invites/{id}/revoke   withdraw an invite
 *   POST /console/sessions/{id}/revoke  revoke a session (the current one: a sign-out)
 *
 * Every page's data comes from the API through the typed client, as the signed-in person
 * (`session.ts`); every POST but sign-in carries the session's CSRF token. Pages are private: not
 * stored by any cache.
 */
import { AccessToken, Calendar, ServiceEvent, TimeZone } from "@bishui/domain"
import { Effect } from "effect"
import { type Context, Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import type { JSX } from "hono/jsx/jsx-runtime"
import type { PageClient } from "../client.ts"
import type { Lang } from "../i18n.ts"
import type { PageCache } from "../page-cache.ts"
import { documentOf, requestContext, yearParam } from "../request.ts"
import { Dashboard, type DashboardChart, type DashboardFigure } from "./Dashboard.tsx"
import { consoleMessages } from "./i18n.ts"
import { inviteLinkOf } from "./links.ts"
import { NoticePage, SessionsPage, SignInPage } from "./Pages.tsx"
import { consoleRecordRoutes } from "./records/routes.tsx"
import {
  callApi,
  consolePageOptions,
  csrfField,
  csrfMatches,
  csrfTokenOf,
  endSession,
  type Outcome,
  requireSession,
  type Session,
  sessionScopeOf,
  sessionTokenOf,
  startSession
} from "./session.ts"
import { consoleUploadRoutes } from "./upload/routes.tsx"

export interface ConsoleOptions {
  /** The API's typed client, answered in process; `undefined` while the database is not reached yet. */
  readonly client: () => PageClient | undefined
  /** The origin invite links point at (`PUBLIC_BASE_URL`); the request's own origin when absent. */
  readonly publicBaseUrl?: string | undefined
  /** The clock the current year is read from (tests set it). */
  readonly now?: () => number
  /**
   * Keeps each person's rendered dashboard for a few seconds (`page-cache.ts`, by a hash of the
   * session token; forgotten on every write through the API); none when absent.
   */
  readonly cache?: PageCache | undefined
}

type Env = { Variables: { requestId: string } }
type ConsoleContext = Context<Env>

/** The console page listing a figure's records: its API list (`/v1/events?…`) under `/console`. */
export const consoleLinkOf = (apiLink: string): string => apiLink.replace(/^\/v1\//, "/console/")

/** The session's CSRF token, as the ledger and record pages take it: every form carries it, every POST must. */
const sessionCsrf = {
  field: csrfField,
  tokenOf: (c: Context): string | undefined => {
    const token = sessionTokenOf(c)
    return token === undefined ? undefined : csrfTokenOf(token)
  }
}

export const consoleRoutes = (options: ConsoleOptions) => {
  const app = new Hono<Env>()
  const now = options.now ?? Date.now

  // A console form is a few fields: a larger body is refused before it is read. (The ledger page takes
  // workbooks: it has its own limit, the imports API's.)
  const formLimit = bodyLimit({
    maxSize: 16 * 1024,
    onError: (c) => c.text("表单过大 / the form is too large", 413)
  })
  app.use("*", (c, next) => (c.req.path.endsWith("/ledgers") ? next() : formLimit(c, next)))
  // Private pages: never kept by a shared cache or the browser's history cache.
  app.use("*", async (c, next) => {
    await next()
    c.header("cache-control", "no-store")
    c.header("vary", "Cookie")
  })

  const context = requestContext

  const html = async (
    c: ConsoleContext,
    page: JSX.Element,
    status: 200 | 400 | 401 | 403 | 404 | 422 | 503 = 200
  ) => c.html(await documentOf(page), status)

  const signInNeeded = (c: ConsoleContext, lang: Lang, here: string) => {
    const t = consoleMessages[lang]
    return html(
      c,
      <NoticePage lang={lang} here={here} title={t.signInNeededTitle} text={t.signInNeededText} />,
      401
    )
  }

  /** The page for a failed call: a session the API refused is ended (sign-in needed). */
  const failed = (
    c: ConsoleContext,
    lang: Lang,
    here: string,
    session: Session,
    outcome: Extract<Outcome<unknown>, { ok: false }>
  ) => {
    const t = consoleMessages[lang]
    if (outcome.status === 401) {
      endSession(c)
      return signInNeeded(c, lang, here)
    }
    const title = outcome.status === 403 ? t.forbiddenTitle : t.unavailableTitle
    const text = outcome.status === 503 ? t.unavailableText : ""
    return html(
      c,
      <NoticePage
        lang={lang}
        here={here}
        title={title}
        text={text}
        detail={outcome.detail}
        csrf={session.csrf}
        back="/console"
      />,
      outcome.status
    )
  }

  /** A POST's session and form, or the answer refusing it (no session: 401; wrong CSRF token: 403). */
  const postedForm = async (c: ConsoleContext) => {
    const { lang, here } = context(c)
    const session = requireSession(c, options.client)
    if (session === undefined) return { refused: await signInNeeded(c, lang, here) }
    const form = await c.req.parseBody()
    if (!csrfMatches(session.token, form[csrfField])) {
      const t = consoleMessages[lang]
      return {
        refused: await html(
          c,
          <NoticePage
            lang={lang}
            here="/console"
            title={t.formExpiredTitle}
            text={t.formExpiredText}
            csrf={session.csrf}
            back="/console"
          />,
          403
        )
      }
    }
    const text = (name: string): string | undefined => {
      const value = form[name]
      return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined
    }
    return { session, text, lang, here }
  }

  // ---- signing in and out -----------------------------------------------------------------------

  app.get("/sign-in", (c) => {
    const { lang, here } = context(c)
    const t = consoleMessages[lang]
    return html(
      c,
      <NoticePage lang={lang} here={here} title={t.signInNeededTitle} text={t.signInNeededText} />
    )
  })

  app.get("/sign-in/:code", (c) => {
    const { lang, here } = context(c)
    return html(c, <SignInPage lang={lang} here={here} code={c.req.param("code")} />)
  })

  app.post("/sign-in/:code", async (c) => {
    const { lang, here } = context(c)
    const code = c.req.param("code")
    const signed = await callApi(options.client(), c.get("requestId"), undefined, (client) =>
      client.signIn.signIn({ payload: { code } })
    )
    if (!signed.ok) {
      const t = consoleMessages[lang]
      return html(
        c,
        <NoticePage
          lang={lang}
          here={here}
          title={t.signInFailedTitle}
          text={t.signInNeededText}
          detail={signed.detail}
        />,
        signed.status === 503 ? 503 : 401
      )
    }
    startSession(c, signed.value.token)
    return c.redirect("/console", 303)
  })

  app.post("/sign-out", async (c) => {
    const posted = await postedForm(c)
    if ("refused" in posted) return posted.refused
    const id = AccessToken.parseToken(posted.session.token)?.id
    // Whatever the API says (already revoked, expired), the cookie goes.
    if (id !== undefined) await posted.session.call((client) => client.sessions.revoke({ params: { id } }))
    endSession(c)
    return c.redirect("/console/signed-out", 303)
  })

  app.get("/signed-out", (c) => {
    const { lang, here } = context(c)
    const t = consoleMessages[lang]
    return html(c, <NoticePage lang={lang} here={here} title={t.signedOutTitle} text={t.signedOutText} />)
  })

  // ---- sessions and invites ----------------------------------------------------------------------

  const sessionsPage = async (
    c: ConsoleContext,
    session: Session,
    lang: Lang,
    here: string,
    extra: {
      readonly created?: { readonly link: string; readonly label: string; readonly expiresAt: string }
      readonly error?: string | undefined
    } = {},
    status: 200 | 422 = 200
  ) => {
    const loaded = await session.call((client) =>
      Effect.gen(function* () {
        const caller = yield* client.sessions.caller()
        const sessions = yield* client.sessions.list()
        const invites =
          caller.role === "admin" || caller.role === "secretary"
            ? (yield* client.sessions.listInvites()).items
            : undefined
        return { caller, sessions: sessions.items, invites }
      })
    )
    if (!loaded.ok) return failed(c, lang, here, session, loaded)
    return html(
      c,
      <SessionsPage
        lang={lang}
        here={here}
        csrf={session.csrf}
        caller={loaded.value.caller}
        sessions={loaded.value.sessions}
        invites={loaded.value.invites}
        created={extra.created}
        error={extra.error}
      />,
      status
    )
  }

  app.get("/sessions", (c) => {
    const { lang, here } = context(c)
    const session = requireSession(c, options.client)
    if (session === undefined) return signInNeeded(c, lang, here)
    return sessionsPage(c, session, lang, here)
  })

  app.post("/invites", async (c) => {
    const posted = await postedForm(c)
    if ("refused" in posted) return posted.refused
    const { session, text, lang } = posted
    const { origin } = context(c)
    const role = text("role") ?? "member"
    const hours = Number(text("hours") ?? "168")
    const branchId = text("branchId")
    const memberId = text("memberId")
    const created = await session.call((client) =>
      client.sessions.createInvite({
        payload: {
          role: role as "member",
          label: text("label") ?? "",
          ...(Number.isInteger(hours) ? { expiresInHours: hours } : {}),
          ...(branchId === undefined || role === "admin" ? {} : { branchId }),
          ...(memberId === undefined ? {} : { memberId })
        }
      })
    )
    if (!created.ok) {
      if (created.status === 401 || created.status === 503)
        return failed(c, lang, "/console/sessions", session, created)
      return sessionsPage(
        c,
        session,
        lang,
        "/console/sessions",
        { error: created.detail ?? String(created.status) },
        422
      )
    }
    const link = inviteLinkOf(options.publicBaseUrl ?? origin, created.value.code)
    return sessionsPage(c, session, lang, "/console/sessions", {
      created: { link, label: created.value.label, expiresAt: created.value.expiresAt }
    })
  })

  app.post("/invites/:id/revoke", async (c) => {
    const posted = await postedForm(c)
    if ("refused" in posted) return posted.refused
    const id = c.req.param("id")
    const done = await posted.session.call((client) => client.sessions.revokeInvite({ params: { id } }))
    if (!done.ok) return failed(c, posted.lang, posted.here, posted.session, done)
    return c.redirect("/console/sessions", 303)
  })

  app.post("/sessions/:id/revoke", async (c) => {
    const posted = await postedForm(c)
    if ("refused" in posted) return posted.refused
    const id = c.req.param("id")
    const done = await posted.session.call((client) => client.sessions.revoke({ params: { id } }))
    if (!done.ok) return failed(c, posted.lang, posted.here, posted.session, done)
    if (done.value.current) {
      endSession(c)
      return c.redirect("/console/signed-out", 303)
    }
    return c.redirect("/console/sessions", 303)
  })

  // ---- the dashboard -------------------------------------------------------------------------------

  // Each person's dashboard, kept seconds at most and forgotten on every write: the same page for
  // everyone who reloads it, not the annual report, the counts, the campaigns and the charts again.
  if (options.cache !== undefined) {
    app.use("/", options.cache.keyed(sessionScopeOf))
  }

  app.get("/", async (c) => {
    const { lang, here } = context(c)
    const session = requireSession(c, options.client)
    if (session === undefined) return signInNeeded(c, lang, here)
    const t = consoleMessages[lang]
    const loaded = await session.call((client) =>
      Effect.gen(function* () {
        const caller = yield* client.sessions.caller()
        const tenant = yield* client.tenant.get()
        const zone = tenant.body.data.timeZone as TimeZone.TimeZone
        const currentYear = TimeZone.localYearOf(Calendar.instantFromMillis(now()), zone)
        const year = Math.min(yearParam(c.req.query("year")) ?? currentYear, currentYear)
        // An admin picks among the standing branches; anyone else has theirs.
        const branches =
          caller.branchId === undefined
            ? (yield* client.organisations.list({ query: { limit: 500 } })).items
                .map((o) => o.data)
                .filter((o) => o._tag === "StandingBranch")
                .map((o) => ({ id: o.id as string, name: o.name }))
            : []
        const branchId =
          caller.branchId ?? branches.find((b) => b.id === c.req.query("branch"))?.id ?? branches[0]?.id
        if (branchId === undefined) return undefined
        const from = `${year}-01-01` as Calendar.LocalDate
        const to = `${year}-12-31` as Calendar.LocalDate
        // The charts' numbers are counted by the database (`reports.counts`): never every record of a
        // year read, decoded and counted here — the ledger grows by the million.
        const [report, counts, campaigns] = yield* Effect.all(
          [
            client.reports.annual({ params: { branchId, year } }),
            client.reports.counts({ params: { branchId }, query: { from, to } }),
            client.campaigns.year({ params: { branchId, year } }).pipe(Effect.option)
          ],
          { concurrency: 3 }
        )
        return { year, currentYear, branchId, branches, report, counts, campaigns }
      })
    )
    if (!loaded.ok) return failed(c, lang, here, session, loaded)
    if (loaded.value === undefined) {
      return html(
        c,
        <NoticePage lang={lang} here={here} title={t.figuresNone} text="" csrf={session.csrf} />,
        404
      )
    }
    const { year, currentYear, branchId, branches, report, counts, campaigns } = loaded.value

    const figures: Array<DashboardFigure> = report.figures.map((f) => ({
      key: f.key,
      label: f.label,
      presented: f.presented,
      exact: f.exact,
      recordCount: f.basis.recordCount,
      href: consoleLinkOf(f.records)
    }))

    // Activities per month by category: one stacked bar a month, a series per category met.
    const months = Array.from({ length: 12 }, (_, i) =>
      lang === "zh" ? `${i + 1}月` : `${year}-${String(i + 1).padStart(2, "0")}`
    )
    const byCategory = new Map<string, Array<number>>()
    for (const { month: yearMonth, category, count } of counts.events) {
      const month = Number(yearMonth.slice(5, 7)) - 1
      const values = byCategory.get(category) ?? Array.from({ length: 12 }, () => 0)
      values[month] = (values[month] ?? 0) + count
      byCategory.set(category, values)
    }
    const categoryName = (category: string) =>
      lang === "zh"
        ? (ServiceEvent.eventCategories[category as ServiceEvent.EventCategory] ?? category)
        : category.replace(/_/g, " ")

    const { open, overdue, closed } = counts.cases
    const zones = counts.zones

    const charts: Array<DashboardChart> = [
      {
        id: "chart-activities",
        title: t.activitiesChart,
        height: 300 + 24 * Math.ceil(byCategory.size / 3),
        data: {
          categories: counts.events.length === 0 ? [] : months,
          series: [...byCategory].map(([category, values]) => ({ name: categoryName(category), values })),
          stacked: true
        }
      },
      {
        id: "chart-patrols",
        title: t.patrolsChart,
        height: Math.max(140, 40 + 26 * zones.length),
        data: {
          categories: zones.map((z) => `${z.code} ${z.name}`),
          series: [{ name: t.count, values: zones.map((z) => z.patrols) }],
          horizontal: true
        }
      },
      {
        id: "chart-cases",
        title: t.casesChart,
        height: 200,
        data: {
          categories: open + overdue + closed === 0 ? [] : [t.casesOpen, t.casesOverdue, t.casesClosed],
          series: [{ name: t.count, values: [open, overdue, closed] }]
        }
      }
    ]

    return html(
      c,
      <Dashboard
        lang={lang}
        here={here}
        csrf={session.csrf}
        year={year}
        currentYear={currentYear}
        branchId={branchId}
        branchName={report.branchName}
        branches={branches}
        figures={figures}
        charts={charts}
        campaigns={campaigns._tag === "Some" ? campaigns.value : undefined}
      />
    )
  })

  // The ledger page (upload a workbook or CSVs: check, then import), as the signed-in person.
  app.route("/", consoleUploadRoutes({ ...consolePageOptions(options.client), csrf: sessionCsrf }))

  // The record pages (lists, record pages, forms, downloads), as the signed-in person: the session's
  // bearer for the API, its CSRF token on every form.
  app.route(
    "/",
    consoleRecordRoutes({
      ...consolePageOptions(options.client),
      csrf: sessionCsrf,
      base: "/console",
      now
    })
  )

  return app
}

/**
 * The console's record pages, as a Hono app the server mounts under `/console` (`base`):
 *
 *   /records                         the kinds of record
 *   /records/{kind}                  a kind's list: filters in the query, `after` for the next page
 *   /records/{kind}/{id}             a record: its fields, audit trail, void/restore, workflow forms
 *   /records/events/new              record a service event (GET the form, POST it)
 *   /records/patrols/new             record a patrol
 *   /records/{kind}/{id}/void        POST: void with a reason (`…/restore` to restore)
 *   /records/cases/{id}/advance      POST: the case's next stage
 *   /records/wishes/{id}/claim       POST (`…/fulfil` too)
 *   /records/downloads               the annual report as CSV: `annual.csv?branch=&year=` streams the API's answer
 *
 * Every page is rendered from the API through the in-process typed client, as the signed-in person
 * (`bearerOf`: their `Bearer …`), so a page can do exactly what that person's own client could. Forms
 * work without script: a POST answers with a redirect (303) to the record, or the form again with the
 * API's errors next to the fields. With `csrf`, each form carries the session's token and each POST is
 * refused (403) without it.
 */
import { Calendar, TimeZone } from "@bishui/domain"
import { Effect, Schema } from "effect"
import { HttpClientResponse } from "effect/http"
import { type Context, Hono, type MiddlewareHandler } from "hono"
import { getCookie, setCookie } from "hono/cookie"
import type { JSX } from "hono/jsx/jsx-runtime"
import type { PageClient } from "../../client.ts"
import { type Lang, langCookie, langOf } from "../../i18n.ts"
import { callAs, type Failure, formStatusOf, type Outcome } from "./call.ts"
import { DownloadsPage } from "./DownloadsPage.tsx"
import {
  EventForm,
  eventPayload,
  type FormValues,
  NewEvent,
  NewPatrol,
  PatrolForm,
  patrolPayload,
  text
} from "./forms.tsx"
import { recordMessages, resourceKeys } from "./i18n.ts"
import { IndexPage, ListPage } from "./ListPage.tsx"
import { type Lookups, lookupsOf, readLookups } from "./lookups.ts"
import { type AuditRow, DetailPage } from "./RecordPage.tsx"
import { ifMatch, type ListParams, type Resource, resourceOf } from "./resources.ts"
import { type Csrf, FailurePage, failureText } from "./views.tsx"

export interface ConsoleRecordOptions {
  /** The API's typed client, answered in process; `undefined` while the database is not reached yet. */
  readonly client: () => PageClient | undefined
  /** The signed-in person's credential (`Bearer bsh_…`); `undefined`: not signed in (401 page). */
  readonly bearerOf: (c: Context) => string | undefined
  /** The session's CSRF token: every form carries it in `field`, every POST must. */
  readonly csrf?: { readonly field: string; readonly tokenOf: (c: Context) => string | undefined }
  /** Where the app is mounted: links and form actions start with it. */
  readonly base?: string
  /** The clock the current day and year are read from (tests set it). */
  readonly now?: () => number
}

type Env = { Variables: { requestId: string } }

/** The list parameters of the console's own names (the filters' fields), besides a kind's passthrough ones. */
const listParamNames = [
  "branch",
  "zone",
  "member",
  "category",
  "status",
  "kind",
  "role",
  "name",
  "overdue",
  "from",
  "to",
  "after",
  "limit"
] as const

/** The API's names of the filters the console names its own way (`branchId` → `branch`). */
const apiAliases: Record<string, string> = {
  branchId: "branch",
  homeBranchId: "branch",
  zoneId: "zone",
  memberId: "member"
}
type PageContext = Context<Env>

const documentOf = async (page: JSX.Element): Promise<string> => `<!DOCTYPE html>${await page.toString()}`

export const consoleRecordRoutes = (options: ConsoleRecordOptions) => {
  const app = new Hono<Env>()
  const base = (options.base ?? "/console").replace(/\/+$/, "")
  const now = options.now ?? Date.now

  // Records of people: never kept by a shared cache, and the language follows a cookie.
  const privateHeaders: MiddlewareHandler = async (c, next) => {
    await next()
    c.header("vary", "Cookie")
    c.header("cache-control", "private, no-store")
  }
  app.use("/records", privateHeaders)
  app.use("/records/*", privateHeaders)

  /** The request's language (kept in a cookie when `?lang=` chose one) and its path without `lang`. */
  const pageOf = (c: PageContext) => {
    const chosen = c.req.query("lang")
    const lang = langOf(chosen, getCookie(c, langCookie))
    if (chosen === "zh" || chosen === "en") {
      setCookie(c, langCookie, chosen, { path: "/", maxAge: 365 * 86_400, sameSite: "Lax", httpOnly: true })
    }
    const url = new URL(c.req.url)
    url.searchParams.delete("lang")
    return { lang, here: `${url.pathname}${url.search}` }
  }

  const csrfOf = (c: PageContext): Csrf | undefined =>
    options.csrf === undefined
      ? undefined
      : { field: options.csrf.field, token: options.csrf.tokenOf(c) ?? "" }

  const html = async (
    c: PageContext,
    page: JSX.Element,
    status: 200 | 401 | 403 | 404 | 409 | 422 | 503 = 200
  ) => c.html(await documentOf(page), status)

  const failurePage = (c: PageContext, failure: Failure, lang: Lang, here: string) => {
    const shown = failureText(failure, lang)
    return html(
      c,
      <FailurePage lang={lang} here={here} base={base} title={shown.title} text={shown.text} />,
      shown.status
    )
  }

  const run = <A, E>(
    c: PageContext,
    bearer: string,
    use: (client: PageClient) => Effect.Effect<A, E>
  ): Promise<Outcome<A>> => callAs(options.client(), bearer, c.get("requestId"), use)

  /** What a page looks names up in; a list the person may not read is simply empty. */
  const lookups = async (c: PageContext, bearer: string): Promise<Lookups> => {
    const found = await run(c, bearer, readLookups)
    return found.ok ? found.value : lookupsOf(TimeZone.defaultTimeZone, [], [], [])
  }

  const localMinuteIn = (timeZone: TimeZone.TimeZone) => (instant: string) =>
    TimeZone.toLocalMinute(instant as Calendar.Instant, timeZone)

  /** A posted form's fields, and whether it carries the session's CSRF token (when there is one). */
  const formOf = async (c: PageContext): Promise<{ values: FormValues; trusted: boolean }> => {
    const body = await c.req.parseBody({ all: true })
    const values: Record<string, string | ReadonlyArray<string>> = {}
    for (const [name, value] of Object.entries(body)) {
      if (typeof value === "string") values[name] = value
      else if (Array.isArray(value)) values[name] = value.filter((v): v is string => typeof v === "string")
    }
    if (options.csrf === undefined) return { values, trusted: true }
    const expected = options.csrf.tokenOf(c)
    const given = values[options.csrf.field]
    return { values, trusted: expected !== undefined && expected !== "" && given === expected }
  }

  const csrfRefused = (c: PageContext, lang: Lang, here: string) => {
    const t = recordMessages[lang]
    return html(
      c,
      <FailurePage lang={lang} here={here} base={base} title={t.csrfTitle} text={t.csrfText} />,
      403
    )
  }

  /** Guard a page: its language, and the person's bearer or the 401 page. */
  const guarded =
    (handle: (c: PageContext, page: { lang: Lang; here: string; bearer: string }) => Promise<Response>) =>
    async (c: PageContext) => {
      const page = pageOf(c)
      const bearer = options.bearerOf(c)
      if (bearer === undefined) return failurePage(c, { kind: "unauthorized" }, page.lang, page.here)
      return handle(c, { ...page, bearer })
    }

  /** Guard a form's POST: the page guard, then the CSRF check. */
  const posted = (
    handle: (
      c: PageContext,
      page: { lang: Lang; here: string; bearer: string; values: FormValues }
    ) => Promise<Response>
  ) =>
    guarded(async (c, page) => {
      const form = await formOf(c)
      if (!form.trusted) return csrfRefused(c, page.lang, page.here)
      return handle(c, { ...page, values: form.values })
    })

  /** A form's payload as the schema reads it, every refused field named (not only the first). */
  const decodeForm = <S extends Schema.Top>(schema: S, payload: unknown) =>
    Schema.decodeUnknownEffect(schema)(payload, { errors: "all" })

  /**
   * A create form carries a key made when the form was shown: sent twice (a double tap, a reload
   * after a lost answer), it records one event, not two — the API answers the second with the first.
   */
  const idempotency = (values: FormValues) => {
    const key = text(values, "idempotencyKey")
    return key === undefined ? {} : { "idempotency-key": key }
  }

  const recordPath = (key: string, id: string) => `${base}/records/${key}/${encodeURIComponent(id)}`

  app.get(
    "/records",
    guarded(async (c, { lang, here }) => html(c, <IndexPage lang={lang} here={here} base={base} />))
  )

  // ---- downloads ------------------------------------------------------------------------------

  app.get(
    "/records/downloads",
    guarded(async (c, { lang, here, bearer }) => {
      const { choices, timeZone } = await lookups(c, bearer)
      const year = TimeZone.localYearOf(Calendar.instantFromMillis(now()), timeZone)
      return html(
        c,
        <DownloadsPage lang={lang} here={here} base={base} branches={choices.branches} year={year} />
      )
    })
  )

  // The API's CSV, streamed as it answers with its own name for the file (Content-Disposition).
  app.get(
    "/records/downloads/annual.csv",
    guarded(async (c, { lang, here, bearer }) => {
      const branchId = c.req.query("branch") ?? ""
      const year = c.req.query("year") ?? ""
      const answered = await run(c, bearer, (client) =>
        client.reports.annualCsv({ params: { branchId, year: Number(year) }, responseMode: "response-only" })
      )
      if (!answered.ok) return failurePage(c, answered.failure, lang, here)
      const response = answered.value
      if (response.status !== 200) {
        const kind = ({ 401: "unauthorized", 403: "forbidden", 404: "notFound" } as const)[
          response.status as 401
        ]
        return failurePage(c, kind === undefined ? { kind: "invalid", errors: [] } : { kind }, lang, here)
      }
      const web = HttpClientResponse.toWeb(response)
      if (web._tag === "None") return failurePage(c, { kind: "unavailable" }, lang, here)
      const headers = new Headers({
        "content-type": response.headers["content-type"] ?? "text/csv; charset=utf-8"
      })
      const disposition = response.headers["content-disposition"]
      if (disposition !== undefined) headers.set("content-disposition", disposition)
      headers.set("cache-control", "private, no-store")
      return new Response(web.value.body, { status: 200, headers })
    })
  )

  // ---- forms that record things ---------------------------------------------------------------

  app.get(
    "/records/events/new",
    guarded(async (c, { lang, here, bearer }) => {
      const { choices, timeZone } = await lookups(c, bearer)
      const today = TimeZone.localDateOf(Calendar.instantFromMillis(now()), timeZone)
      const values = {
        date: today,
        branchId: choices.branches[0]?.value ?? "",
        category: "volunteer_labour",
        idempotencyKey: crypto.randomUUID()
      }
      return html(
        c,
        <EventForm
          lang={lang}
          here={here}
          base={base}
          choices={choices}
          csrf={csrfOf(c)}
          values={values}
          failure={undefined}
          timeZone={timeZone}
        />
      )
    })
  )

  app.post(
    "/records/events/new",
    posted(async (c, { lang, here, bearer, values }) => {
      const created = await run(c, bearer, (client) =>
        decodeForm(NewEvent, eventPayload(values)).pipe(
          Effect.flatMap((payload) => client.events.create({ headers: idempotency(values), payload }))
        )
      )
      if (created.ok) return c.redirect(recordPath("events", created.value.body.data.id), 303)
      const status = formStatusOf(created.failure)
      if (status === undefined) return failurePage(c, created.failure, lang, here)
      const { choices, timeZone } = await lookups(c, bearer)
      return html(
        c,
        <EventForm
          lang={lang}
          here={here}
          base={base}
          choices={choices}
          csrf={csrfOf(c)}
          values={values}
          failure={created.failure}
          timeZone={timeZone}
        />,
        status
      )
    })
  )

  app.get(
    "/records/patrols/new",
    guarded(async (c, { lang, here, bearer }) => {
      const { choices, timeZone } = await lookups(c, bearer)
      const startedAt = TimeZone.toLocalMinute(Calendar.instantFromMillis(now()), timeZone).replace(" ", "T")
      return html(
        c,
        <PatrolForm
          lang={lang}
          here={here}
          base={base}
          choices={choices}
          csrf={csrfOf(c)}
          values={{ startedAt, idempotencyKey: crypto.randomUUID() }}
          failure={undefined}
          timeZone={timeZone}
        />
      )
    })
  )

  app.post(
    "/records/patrols/new",
    posted(async (c, { lang, here, bearer, values }) => {
      const { choices, timeZone } = await lookups(c, bearer)
      const created = await run(c, bearer, (client) =>
        decodeForm(NewPatrol, patrolPayload(values, timeZone)).pipe(
          Effect.flatMap((payload) => client.zones.recordPatrol({ headers: idempotency(values), payload }))
        )
      )
      if (created.ok) return c.redirect(recordPath("patrols", created.value.body.data.id), 303)
      const status = formStatusOf(created.failure)
      if (status === undefined) return failurePage(c, created.failure, lang, here)
      return html(
        c,
        <PatrolForm
          lang={lang}
          here={here}
          base={base}
          choices={choices}
          csrf={csrfOf(c)}
          values={values}
          failure={created.failure}
          timeZone={timeZone}
        />,
        status
      )
    })
  )

  // ---- lists ----------------------------------------------------------------------------------

  const paramsOf = (c: PageContext, resource: Resource): ListParams => {
    const given = (name: string) => {
      const value = c.req.query(name)?.trim()
      return value === undefined || value === "" ? undefined : value
    }
    const params: Record<string, string> = {}
    for (const name of listParamNames) {
      const value = given(name)
      if (value !== undefined) params[name] = value
    }
    const extra: Record<string, string> = {}
    for (const name of resource.passthrough) {
      const value = given(name)
      if (value !== undefined) extra[name] = value
    }
    return { ...params, extra, voided: c.req.query("include") === "voided" }
  }

  app.get(
    "/records/:resource",
    guarded(async (c, { lang, here, bearer }) => {
      const resource = resourceOf(c.req.param("resource") ?? "")
      if (resource === undefined) return failurePage(c, { kind: "notFound" }, lang, here)
      const params = paramsOf(c, resource)
      const [found, listed] = await Promise.all([lookups(c, bearer), run(c, bearer, resource.list(params))])
      // A filter the API refuses (a malformed date) is shown with the form, not as an error page.
      if (!listed.ok && listed.failure.kind !== "invalid") return failurePage(c, listed.failure, lang, here)
      return html(
        c,
        <ListPage
          lang={lang}
          here={here}
          base={base}
          resource={resource}
          params={params}
          choices={found.choices}
          names={found.names}
          page={listed.ok ? listed.value : undefined}
          failure={listed.ok ? undefined : listed.failure}
        />,
        listed.ok ? 200 : 422
      )
    })
  )

  // ---- a record -------------------------------------------------------------------------------

  type FormName = "void" | "restore" | "advance" | "claim" | "fulfil"

  /** A record's page; after a refused form, with its failure shown at that form and the status it had. */
  const detail = async (
    c: PageContext,
    page: { lang: Lang; here: string; bearer: string },
    resource: Resource,
    id: string,
    refused?: { readonly form: FormName; readonly failure: Failure; readonly values: FormValues }
  ) => {
    const [found, record, audit] = await Promise.all([
      lookups(c, page.bearer),
      run(c, page.bearer, resource.get(id)),
      run(c, page.bearer, (client) =>
        client.audit.list({ query: { entity: resource.entity, entityId: id, limit: 200 } as never })
      )
    ])
    if (!record.ok) return failurePage(c, record.failure, page.lang, page.here)
    const rows: ReadonlyArray<AuditRow> | "forbidden" = audit.ok
      ? audit.value.items.map((item) => ({
          at: item.data.at,
          actor: found.names.of(item.data.actor) ?? item.data.actor,
          action: item.data.action,
          change: item.data.change,
          reason: item.data.reason
        }))
      : "forbidden"
    const values: Record<string, string> = {}
    for (const [name, value] of Object.entries(refused?.values ?? {}))
      if (typeof value === "string") values[name] = value
    return html(
      c,
      <DetailPage
        lang={page.lang}
        here={page.here}
        base={base}
        resource={resource}
        record={record.value.body}
        names={found.names}
        localMinute={localMinuteIn(found.timeZone)}
        audit={rows}
        csrf={csrfOf(c)}
        {...(refused === undefined ? {} : { failure: { form: refused.form, failure: refused.failure } })}
        values={values}
        workflow={{ members: found.choices.members }}
      />,
      refused === undefined ? 200 : failureText(refused.failure, page.lang).status
    )
  }

  app.get(
    "/records/:resource/:id",
    guarded(async (c, page) => {
      const resource = resourceOf(c.req.param("resource") ?? "")
      if (resource === undefined) return failurePage(c, { kind: "notFound" }, page.lang, page.here)
      return detail(c, page, resource, c.req.param("id") ?? "")
    })
  )

  /**
   * A form of a record's page: run the action, then back to the record (303), or the record's page
   * with the action's failure at its form (a 409 names the records in the way).
   */
  const action = (
    form: FormName,
    act: (
      resource: Resource,
      id: string,
      version: number,
      values: FormValues
    ) => (client: PageClient) => Effect.Effect<unknown, unknown>,
    only?: Resource["key"]
  ) =>
    posted(async (c, page) => {
      const resource = resourceOf(c.req.param("resource") ?? only ?? "")
      if (resource === undefined || (only !== undefined && resource.key !== only))
        return failurePage(c, { kind: "notFound" }, page.lang, page.here)
      const id = c.req.param("id") ?? ""
      const version = Number(text(page.values, "version"))
      const done = await run(c, page.bearer, act(resource, id, version, page.values))
      if (done.ok) return c.redirect(recordPath(resource.key, id), 303)
      const kind = done.failure.kind
      if (kind === "unauthorized" || kind === "forbidden" || kind === "unavailable")
        return failurePage(c, done.failure, page.lang, page.here)
      const here = recordPath(resource.key, id)
      return detail(c, { ...page, here }, resource, id, { form, failure: done.failure, values: page.values })
    })

  app.post(
    "/records/:resource/:id/void",
    action("void", (resource, id, version, values) =>
      resource.void(id, version, text(values, "reason") ?? "")
    )
  )
  app.post(
    "/records/:resource/:id/restore",
    action("restore", (resource, id, version, values) =>
      resource.restore(id, version, text(values, "reason"))
    )
  )
  app.post(
    "/records/:resource/:id/advance",
    action(
      "advance",
      (_resource, id, version, values) => (client) => {
        const note = text(values, "note")
        const assigneeId = text(values, "assigneeId")
        return client.cases.advance({
          params: { id, stage: (text(values, "stage") ?? "") as never },
          headers: ifMatch(version),
          payload: {
            ...(note === undefined ? {} : { note }),
            ...(assigneeId === undefined ? {} : { assigneeId })
          } as never
        })
      },
      "cases"
    )
  )
  app.post(
    "/records/:resource/:id/claim",
    action(
      "claim",
      (_resource, id, version, values) => (client) => {
        const memberId = text(values, "memberId")
        return client.wishes.claim({
          params: { id },
          headers: ifMatch(version),
          payload: (memberId === undefined ? {} : { memberId }) as never
        })
      },
      "wishes"
    )
  )
  app.post(
    "/records/:resource/:id/fulfil",
    action(
      "fulfil",
      (_resource, id, version, values) => (client) => {
        const note = text(values, "note")
        return client.wishes.fulfil({
          params: { id },
          headers: ifMatch(version),
          payload: note === undefined ? {} : { note }
        })
      },
      "wishes"
    )
  )

  /**
   * An API list's path under the console — `/console/events?within=…&category=…`, what a report
   * figure's `records` link becomes in the console (`/v1/` → `/console/`) — leads to that list here,
   * with the API's parameter names turned into the filters' own.
   */
  app.get(`/:kind{${resourceKeys.join("|")}}`, (c) => {
    const url = new URL(c.req.url)
    const query = new URLSearchParams()
    for (const [name, value] of url.searchParams) query.append(apiAliases[name] ?? name, value)
    const search = query.toString()
    return c.redirect(`${base}/records/${c.req.param("kind")}${search === "" ? "" : `?${search}`}`, 302)
  })

  return app
}

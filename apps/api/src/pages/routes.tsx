/**
 * The resident's pages, as a Hono app the server mounts at `/`:
 *
 *   /                          the configured tenant's zones (or, with several tenants, the tenants)
 *   /s/{tenantId}              a tenant's zones
 *   /s/{tenantId}/{code}       a zone's signboard page — the URL its QR code encodes
 *   /s/{tenantId}/{code}/print the zone's printable A4 signboard
 *   /s/{tenantId}/print        every zone's signboard, one A4 page each
 *   /s/{tenantId}/{code}/report, /r/{tenantId}/{receipt}   a resident's report and its status (`report/routes.tsx`)
 *   /console…                  the branch console, signed in by invite link (see console/routes.tsx)
 *
 * A zone's URL is its tenant and its code: both are short, chosen by people, and stay when the zone is
 * renamed or its records move — a printed QR code must keep working for years. Every page gets its data
 * through the in-process API client (`client.ts`), so it shows exactly what `/v1/public` shows.
 */
import { Calendar, TimeZone } from "@bishui/domain"
import { Cause, Effect, Exit } from "effect"
import { type Context, Hono, type MiddlewareHandler } from "hono"
import type { ResidentQuotas } from "../http/resident-quotas.ts"
import { type PageClient, PageRequestId } from "./client.ts"
import { consoleRoutes } from "./console/routes.tsx"
import { ErrorPage } from "./ErrorPage.tsx"
import type { Lang } from "./i18n.ts"
import type { PageCache } from "./page-cache.ts"
import { reportRoutes } from "./report/routes.tsx"
import { documentOf, requestContext, yearParam } from "./request.ts"
import { IndexPage, TenantsPage } from "./signboard/IndexPage.tsx"
import { PrintPage } from "./signboard/PrintPage.tsx"
import { ZonePage } from "./signboard/ZonePage.tsx"

export interface PageOptions {
  /** The API's typed client, answered in process; `undefined` while the database is not reached yet. */
  readonly client: () => PageClient | undefined
  /** The tenants `/` shows; the first is the default. */
  readonly tenants: ReadonlyArray<string>
  /** The origin QR codes point at (`PUBLIC_BASE_URL`); the request's own origin when absent. */
  readonly publicBaseUrl?: string | undefined
  /** The clock the current year is read from (tests set it). */
  readonly now?: () => number
  /** The residents' quotas the report forms count against (shared with the API's). */
  readonly quotas?: ResidentQuotas | undefined
  /** Keeps rendered signboard pages for a few seconds (see `page-cache.ts`); none when absent. */
  readonly cache?: PageCache
}

type Env = { Variables: { requestId: string } }
type PageContext = Context<Env>

/** What a call to the API came to: the value, or the page's answer (404 for a problem not found, 503 for the rest). */
type Outcome<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly status: 404 | 503 }

const isNotFound = (cause: Cause.Cause<unknown>): boolean =>
  cause.reasons.some(
    (reason) =>
      Cause.isFailReason(reason) && (reason.error as { readonly _tag?: unknown } | null)?._tag === "NotFound"
  )

export const pageRoutes = (options: PageOptions) => {
  const app = new Hono<Env>()
  const now = options.now ?? Date.now
  // A page's language follows a cookie and its content changes with every patrol: a shared cache
  // must neither mix languages nor keep it; a browser asks again each time.
  // (Only on the pages' own paths: mounted at `/`, a middleware without one would run for /v1 too.)
  const pageHeaders: MiddlewareHandler = async (c, next) => {
    await next()
    c.header("vary", "Cookie")
    c.header("cache-control", "no-cache")
  }
  app.use("/", pageHeaders)
  app.use("/s/*", pageHeaders)
  app.use("/r/*", pageHeaders)
  // The page a signboard's QR code opens is the one asked for most, and the same for every resident.
  if (options.cache !== undefined) app.use("/s/:tenantId/:code", options.cache.middleware)
  const tenants = options.tenants.length > 0 ? options.tenants : ["siping-water"]

  const context = requestContext

  /** Run API calls for a page: typed values, or 404/503. */
  const call = async <A, E>(
    requestId: string,
    use: (client: PageClient) => Effect.Effect<A, E>
  ): Promise<Outcome<A>> => {
    const client = options.client()
    if (client === undefined) return { ok: false, status: 503 }
    const exit = await Effect.runPromiseExit(
      use(client).pipe(Effect.provideService(PageRequestId, requestId))
    )
    if (Exit.isSuccess(exit)) return { ok: true, value: exit.value }
    return { ok: false, status: isNotFound(exit.cause) ? 404 : 503 }
  }

  const failure = async (c: PageContext, status: 404 | 503, lang: Lang, here: string, home: string) =>
    c.html(
      await documentOf(
        <ErrorPage lang={lang} here={here} home={home} kind={status === 404 ? "notFound" : "unavailable"} />
      ),
      status
    )

  const tenantPath = (tenantId: string) => `/s/${encodeURIComponent(tenantId)}`

  const zoneList = (requestId: string, tenantId: string) =>
    call(requestId, (client) =>
      Effect.all(
        [client.public.tenant({ params: { tenantId } }), client.public.zones({ params: { tenantId } })],
        { concurrency: "unbounded" }
      )
    )

  const index = async (c: PageContext, tenantId: string) => {
    const { lang, here } = context(c)
    const listed = await zoneList(c.get("requestId"), tenantId)
    if (!listed.ok) return failure(c, listed.status, lang, here, "/")
    const [tenant, zones] = listed.value
    return c.html(
      await documentOf(
        <IndexPage lang={lang} tenant={tenant} zones={zones} here={here} base={tenantPath(tenantId)} />
      )
    )
  }

  app.get("/", async (c) => {
    if (tenants.length === 1) return index(c, tenants[0] as string)
    const { lang, here } = context(c)
    const found = await call(c.get("requestId"), (client) =>
      Effect.forEach(tenants, (tenantId) =>
        client.public.tenant({ params: { tenantId } }).pipe(Effect.option)
      )
    )
    if (!found.ok) return failure(c, found.status, lang, here, "/")
    const listed = found.value.flatMap((t) => (t._tag === "Some" ? [t.value] : []))
    return c.html(await documentOf(<TenantsPage lang={lang} here={here} tenants={listed} />))
  })

  app.get("/s/:tenantId", (c) => index(c, c.req.param("tenantId")))

  const print = async (c: PageContext, tenantId: string, code: string | undefined) => {
    const { lang, here, origin } = context(c)
    const home = tenantPath(tenantId)
    const listed = await zoneList(c.get("requestId"), tenantId)
    if (!listed.ok) return failure(c, listed.status, lang, here, home)
    const [tenant, all] = listed.value
    const zones = code === undefined ? all : all.filter((zone) => zone.code === code)
    if (zones.length === 0) return failure(c, 404, lang, here, home)
    const base = (options.publicBaseUrl ?? origin).replace(/\/+$/, "")
    return c.html(
      await documentOf(
        <PrintPage
          lang={lang}
          tenant={tenant}
          zones={zones}
          zoneUrl={(zoneCode) => `${base}${home}/${encodeURIComponent(zoneCode)}`}
          here={here}
          home={home}
        />
      )
    )
  }

  // Registered before `/s/:tenantId/:code`: a static segment wins.
  app.get("/s/:tenantId/print", (c) => print(c, c.req.param("tenantId"), undefined))
  app.get("/s/:tenantId/:code/print", (c) => print(c, c.req.param("tenantId"), c.req.param("code")))

  reportRoutes(app, { context, call, failure, documentOf, tenantPath, quotas: options.quotas })

  app.get("/s/:tenantId/:code", async (c) => {
    const tenantId = c.req.param("tenantId")
    const code = c.req.param("code")
    const { lang, here } = context(c)
    const home = tenantPath(tenantId)
    const requestId = c.get("requestId")
    const found = await call(requestId, (client) => client.public.zone({ params: { tenantId, code } }))
    if (!found.ok) return failure(c, found.status, lang, here, home)
    const signboard = found.value
    const currentYear = TimeZone.localYearOf(
      Calendar.instantFromMillis(now()),
      signboard.tenant.timeZone as TimeZone.TimeZone
    )
    const year = Math.min(yearParam(c.req.query("year")) ?? currentYear, currentYear)
    // The figures are the branch's; a branch without an annual report leaves them out, not the page.
    const figures = await call(requestId, (client) =>
      client.public.annualFigures({ params: { tenantId, branchId: signboard.branch.id, year } })
    )
    return c.html(
      await documentOf(
        <ZonePage
          lang={lang}
          signboard={signboard}
          year={year}
          currentYear={currentYear}
          figures={figures.ok ? figures.value.figures : undefined}
          here={here}
          path={`${home}/${encodeURIComponent(code)}`}
          home={home}
        />
      )
    )
  })

  // The branch console (signed in by invite link): its own pages, sessions and headers.
  app.route(
    "/console",
    consoleRoutes({ client: options.client, publicBaseUrl: options.publicBaseUrl, now, cache: options.cache })
  )

  return app
}

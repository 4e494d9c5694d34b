/**
 * The resident's report and its follow-up, as pages (mounted by `../routes.tsx`):
 *
 *   GET  /s/{tenant}/{code}/report           the zone's open problems ("me too") and the report form
 *   POST /s/{tenant}/{code}/report           the form (multipart) → the report, its photos → 303 to its status
 *   POST /s/{tenant}/{code}/follow/{caseId}  "me too" → 303 back to the report page
 *   GET  /r/{tenant}/{receipt}               the report's status (the receipt's page)
 *   POST /r/{tenant}/{receipt}/again         report it again as not fixed → 303 to the new report's status
 *
 * Every write goes through the public API's typed client, in process: the report, then each photo
 * as its own upload with the receipt — exactly what any other client does. Each form works without
 * JavaScript (a plain POST answered with a redirect: reloading the status page sends nothing twice).
 * The residents' quotas (reports an hour, one "me too" a day per problem) count the pages and the API
 * together; a refusal is a page in the resident's language.
 */
import { Effect } from "effect"
import type { Context, Hono, MiddlewareHandler } from "hono"
import { bodyLimit } from "hono/body-limit"
import type { JSX } from "hono/jsx/jsx-runtime"
import type { ResidentQuotas } from "../../http/resident-quotas.ts"
import type { PageClient } from "../client.ts"
import { type Lang, messages } from "../i18n.ts"
import { Layout } from "../layout.tsx"
import { type ReportFields, readReportForm, reportPayload } from "./form.ts"
import { ReportPage } from "./ReportPage.tsx"
import { StatusPage } from "./StatusPage.tsx"

type Env = { Variables: { requestId: string } }
type PageContext = Context<Env>

/** What the report pages borrow from the pages' app. */
export interface PageKit {
  readonly context: (c: PageContext) => { readonly lang: Lang; readonly here: string }
  readonly call: <A, E>(
    requestId: string,
    use: (client: PageClient) => Effect.Effect<A, E>
  ) => Promise<{ readonly ok: true; readonly value: A } | { readonly ok: false; readonly status: 404 | 503 }>
  readonly failure: (
    c: PageContext,
    status: 404 | 503,
    lang: Lang,
    here: string,
    home: string
  ) => Promise<Response>
  readonly documentOf: (page: JSX.Element) => Promise<string>
  readonly tenantPath: (tenantId: string) => string
  readonly quotas: ResidentQuotas | undefined
}

/** Three photos of 5 MB and the form's text, as multipart: a little over 15 MB. */
const maxFormBytes = 3 * 5 * 1024 * 1024 + 256 * 1024

/** The problem a failed API call ended with (its `detail`, in Chinese and English), if it was one. */
const detailOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && typeof (error as { detail?: unknown }).detail === "string"
    ? (error as { detail: string }).detail
    : undefined

export const reportRoutes = (app: Hono<Env>, kit: PageKit) => {
  const statusPath = (tenantId: string, receipt: string) =>
    `/r/${encodeURIComponent(tenantId)}/${encodeURIComponent(receipt)}`
  const zonePath = (tenantId: string, code: string) =>
    `${kit.tenantPath(tenantId)}/${encodeURIComponent(code)}`

  /** A short page that says why nothing was done (429, 413), with the way back. */
  const refusal = async (c: PageContext, status: 413 | 429, text: string) => {
    const { lang, here } = kit.context(c)
    const t = messages[lang]
    const title = status === 429 ? t.tooManyTitle : t.errBodyTooLarge
    const home = kit.tenantPath(c.req.param("tenantId") ?? "")
    return c.html(
      await kit.documentOf(
        <Layout lang={lang} title={title} here={here} home={home}>
          <h1>{title}</h1>
          <p>{text}</p>
          <p>
            <a href={home}>{t.backToZones}</a>
          </p>
        </Layout>
      ),
      status
    )
  }
  const quota = (which: "report" | "follow"): MiddlewareHandler<Env> =>
    kit.quotas === undefined
      ? (_c, next) => next()
      : (kit.quotas[which]((c, _retryAfter, message) =>
          refusal(c as PageContext, 429, message)
        ) as MiddlewareHandler<Env>)
  const formLimit = bodyLimit({
    maxSize: maxFormBytes,
    onError: (c) =>
      refusal(c as PageContext, 413, messages[kit.context(c as PageContext).lang].errBodyTooLarge)
  })

  /** Upload each photo with the receipt; how many were kept and refused. */
  const uploadPhotos = async (
    requestId: string,
    tenantId: string,
    receipt: string,
    photos: ReadonlyArray<Uint8Array>
  ) => {
    let kept = 0
    for (const photo of photos) {
      const added = await kit.call(requestId, (client) =>
        client.public.addReportPhoto({ params: { tenantId, code: receipt }, payload: photo })
      )
      if (added.ok) kept++
    }
    return { kept, refused: photos.length - kept }
  }

  const afterReport = (tenantId: string, receipt: string, sent: { kept: number; refused: number }) =>
    `${statusPath(tenantId, receipt)}?sent=${sent.kept}-${sent.refused}`

  const reportPage = async (
    c: PageContext,
    form: { readonly fields: ReportFields; readonly errors: ReadonlyArray<string> },
    status: 200 | 422 = 200
  ) => {
    const tenantId = c.req.param("tenantId") as string
    const code = c.req.param("code") as string
    const { lang, here } = kit.context(c)
    const home = kit.tenantPath(tenantId)
    const found = await kit.call(c.get("requestId"), (client) =>
      client.public.zone({ params: { tenantId, code } })
    )
    if (!found.ok) return kit.failure(c, found.status, lang, here, home)
    return c.html(
      await kit.documentOf(
        <ReportPage
          lang={lang}
          signboard={found.value}
          here={here}
          home={home}
          zonePath={zonePath(tenantId, code)}
          fields={form.fields}
          errors={form.errors}
          followed={c.req.query("followed")}
        />
      ),
      status
    )
  }

  app.get("/s/:tenantId/:code/report", (c) => reportPage(c, { fields: {}, errors: [] }))

  app.post("/s/:tenantId/:code/report", quota("report"), formLimit, async (c) => {
    const tenantId = c.req.param("tenantId")
    const code = c.req.param("code")
    const t = messages[kit.context(c).lang]
    const form = await readReportForm(await c.req.parseBody({ all: true }), t, { needsCategory: true })
    if (form.errors.length > 0) return reportPage(c, form, 422)
    const requestId = c.get("requestId")
    const reported = await kit.call(requestId, (client) =>
      client.public
        .reportProblem({ params: { tenantId, code }, payload: reportPayload(form.fields) })
        .pipe(
          Effect.catchTag("Unprocessable", (e) => Effect.succeed({ refused: detailOf(e) ?? "" } as const))
        )
    )
    if (!reported.ok) {
      const { lang, here } = kit.context(c)
      return kit.failure(c, reported.status, lang, here, kit.tenantPath(tenantId))
    }
    if ("refused" in reported.value)
      return reportPage(c, { fields: form.fields, errors: [reported.value.refused] }, 422)
    const sent = await uploadPhotos(requestId, tenantId, reported.value.receipt, form.photos)
    return c.redirect(afterReport(tenantId, reported.value.receipt, sent), 303)
  })

  app.post("/s/:tenantId/:code/follow/:caseId", quota("follow"), async (c) => {
    const tenantId = c.req.param("tenantId")
    const code = c.req.param("code")
    const caseId = c.req.param("caseId")
    const { lang, here } = kit.context(c)
    const followed = await kit.call(c.get("requestId"), (client) =>
      client.public.followProblem({ params: { tenantId, code, caseId } })
    )
    if (!followed.ok) return kit.failure(c, followed.status, lang, here, kit.tenantPath(tenantId))
    return c.redirect(`${zonePath(tenantId, code)}/report?followed=${encodeURIComponent(caseId)}#open`, 303)
  })

  const statusPage = async (
    c: PageContext,
    form: { readonly fields: ReportFields; readonly errors: ReadonlyArray<string> },
    status: 200 | 422 = 200
  ) => {
    const tenantId = c.req.param("tenantId") as string
    const receipt = c.req.param("receipt") as string
    const { lang, here } = kit.context(c)
    const home = kit.tenantPath(tenantId)
    const found = await kit.call(c.get("requestId"), (client) =>
      client.public.receiptStatus({ params: { tenantId, code: receipt } })
    )
    if (!found.ok) return kit.failure(c, found.status, lang, here, home)
    const sent = /^(\d)-(\d)$/.exec(c.req.query("sent") ?? "")
    return c.html(
      await kit.documentOf(
        <StatusPage
          lang={lang}
          status={found.value}
          here={here}
          home={home}
          statusPath={(code) => statusPath(tenantId, code)}
          zonePath={found.value.zone === undefined ? undefined : zonePath(tenantId, found.value.zone.code)}
          sent={sent === null ? undefined : { kept: Number(sent[1]), refused: Number(sent[2]) }}
          fields={form.fields}
          errors={form.errors}
        />
      ),
      status
    )
  }

  app.get("/r/:tenantId/:receipt", (c) => statusPage(c, { fields: {}, errors: [] }))

  app.post("/r/:tenantId/:receipt/again", quota("report"), formLimit, async (c) => {
    const tenantId = c.req.param("tenantId")
    const receipt = c.req.param("receipt")
    const { lang, here } = kit.context(c)
    const t = messages[lang]
    const requestId = c.get("requestId")
    const form = await readReportForm(await c.req.parseBody({ all: true }), t, { needsCategory: false })
    if (form.errors.length > 0) return statusPage(c, form, 422)
    const first = await kit.call(requestId, (client) =>
      client.public.receiptStatus({ params: { tenantId, code: receipt } })
    )
    if (!first.ok || first.value.zone === undefined) {
      return kit.failure(c, first.ok ? 404 : first.status, lang, here, kit.tenantPath(tenantId))
    }
    const zone = first.value.zone
    const reported = await kit.call(requestId, (client) =>
      client.public
        .reportProblem({
          params: { tenantId, code: zone.code },
          // the first report's category and title go with it (the service takes them)
          payload: { ...reportPayload(form.fields), reopens: first.value.receipt }
        })
        .pipe(
          Effect.catchTag("Unprocessable", (e) => Effect.succeed({ refused: detailOf(e) ?? "" } as const))
        )
    )
    if (!reported.ok) return kit.failure(c, reported.status, lang, here, kit.tenantPath(tenantId))
    if ("refused" in reported.value)
      return statusPage(c, { fields: form.fields, errors: [reported.value.refused] }, 422)
    const sent = await uploadPhotos(requestId, tenantId, reported.value.receipt, form.photos)
    return c.redirect(afterReport(tenantId, reported.value.receipt, sent), 303)
  })
}

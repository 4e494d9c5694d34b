/**
 * Ledgers in the browser (a Hono app the server mounts under `/console`):
 *
 *   GET  /ledgers               the upload form
 *   POST /ledgers               the form (multipart: `file` parts, `mode`) → `POST /v1/imports` → the report
 *   POST /ledgers/import        import the files just checked (`upload`: the id they are kept under)
 *   GET  /ledgers/errors/{id}   the rejected rows, from `GET /v1/imports/{id}/errors`, as a download
 *   GET  /ledgers/export.xlsx   the tenant's ledgers, from `GET /v1/export`, as a download
 *   GET  /ledgers/export.csv    one sheet of them (`kind`), from `GET /v1/export?format=csv&kind=`
 *
 * Every call goes through the API's typed client in process, with the signed-in person's bearer: the
 * page can do exactly what that person's own client can. No script is needed: a check keeps the files it
 * was sent (in memory, 60 minutes, for the same bearer), so "import" refers to them instead of asking
 * for them again — a browser cannot refill a file input.
 */
import { randomUUID } from "node:crypto"
import { Cause, Effect, Exit } from "effect"
import { type Context, Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import { getCookie } from "hono/cookie"
import type { JSX } from "hono/jsx/jsx-runtime"
import { type ExportKind, exportSheets } from "../../../api/Exports.ts"
import {
  errorsFileMinutes,
  type ImportMode,
  type ImportReport,
  maxImportBytes
} from "../../../api/Imports.ts"
import { makeKept } from "../../../server/kept.ts"
import { PageAuthorization, type PageClient } from "../../client.ts"
import { type Lang, langCookie, langOf } from "../../i18n.ts"
import { Layout } from "../../layout.tsx"
import { consoleMessages } from "../i18n.ts"
import { ConsoleNav, consoleCss } from "../layout.tsx"
import { type UploadMessages, uploadMessages } from "./messages.ts"

export interface ConsoleUploadOptions {
  /** The API's typed client, answered in process; `undefined` while the database is not reached yet. */
  readonly client: () => PageClient | undefined
  /** The signed-in person's credential (`Bearer …`); undefined: not signed in (401 page). */
  readonly bearerOf: (c: Context) => string | undefined
  /** When given, every form carries the token in `field` and each POST must send it back. */
  readonly csrf?: { readonly field: string; readonly tokenOf: (c: Context) => string | undefined } | undefined
}

interface CheckedUpload {
  readonly bearer: string
  readonly files: ReadonlyArray<File>
}

/** The multipart form of the page: the API's limit and a little for the other fields. */
const maxFormBytes = maxImportBytes + 64 * 1024

const documentOf = async (page: JSX.Element): Promise<string> => `<!DOCTYPE html>${await page.toString()}`

const detailOf = (cause: Cause.Cause<unknown>): { tag: string | undefined; detail: string | undefined } => {
  for (const reason of cause.reasons) {
    if (Cause.isFailReason(reason)) {
      const error = reason.error as { readonly _tag?: unknown; readonly detail?: unknown } | null
      return {
        tag: typeof error?._tag === "string" ? error._tag : undefined,
        detail: typeof error?.detail === "string" ? error.detail : undefined
      }
    }
  }
  return { tag: undefined, detail: undefined }
}

export const consoleUploadRoutes = (options: ConsoleUploadOptions) => {
  const app = new Hono()
  // At most 20 checked uploads, 64 MB in all; the oldest go first.
  const kept = makeKept<CheckedUpload>({
    maxEntries: 20,
    maxBytes: 64 * 1024 * 1024,
    sizeOf: (upload) => upload.files.reduce((n, f) => n + f.size, 0)
  })

  const langOfRequest = (c: Context): Lang => langOf(c.req.query("lang"), getCookie(c, langCookie))
  const hereOf = (c: Context) => {
    const url = new URL(c.req.url)
    url.searchParams.delete("lang")
    return `${url.pathname}${url.search}`
  }
  const csrfField = (c: Context) => {
    const token = options.csrf?.tokenOf(c)
    return options.csrf === undefined || token === undefined ? null : (
      <input type="hidden" name={options.csrf.field} value={token} />
    )
  }
  const formPath = (c: Context) =>
    c.req.path.replace(/\/(import|errors\/[^/]+|export\.xlsx|export\.csv)$/, "")
  /** Where the console is mounted: the page's own path without `/ledgers`. */
  const consolePath = (c: Context) => formPath(c).replace(/\/ledgers$/, "")
  const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

  const page = async (c: Context, status: 200 | 401 | 403 | 404 | 413 | 422 | 503, body: JSX.Element) => {
    const lang = langOfRequest(c)
    const t = uploadMessages[lang]
    c.header("cache-control", "no-store")
    return c.html(
      await documentOf(
        <Layout
          lang={lang}
          title={t.title}
          here={hereOf(c)}
          home="/console"
          siteName={consoleMessages[lang].siteName}
          extraCss={consoleCss}
          bodyClass="console"
          head={<meta name="robots" content="noindex" />}
          nav={<ConsoleNav lang={lang} section="ledgers" />}
        >
          {body}
        </Layout>
      ),
      status
    )
  }

  const UploadForm = (props: { c: Context; t: UploadMessages }) => (
    <form class="card" method="post" action={formPath(props.c)} enctype="multipart/form-data">
      {csrfField(props.c)}
      <label for="ledger-files">{props.t.files}</label>
      <input id="ledger-files" type="file" name="file" multiple accept=".xlsx,.csv" required />
      <button class="action" type="submit" name="mode" value="validate">
        {props.t.validate}
      </button>
      <button class="secondary" type="submit" name="mode" value="import">
        {props.t.importNow}
      </button>
    </form>
  )

  /** The downloads: the ledgers exported (the workbook, or one sheet as CSV), and the annual report. */
  const Downloads = (props: { c: Context; t: UploadMessages }) => {
    const { t } = props
    const base = formPath(props.c)
    return (
      <section class="card" aria-labelledby="ledger-downloads">
        <h2 id="ledger-downloads">{t.downloads}</h2>
        <p class="sub">{t.downloadsIntro}</p>
        <ul>
          <li>
            <a href={`${base}/export.xlsx`} download>
              {t.exportWorkbook}
            </a>
          </li>
          <li>
            <a href={`${consolePath(props.c)}/records/downloads`}>{t.annualReport}</a>
          </li>
        </ul>
        <form method="get" action={`${base}/export.csv`}>
          <label for="export-kind">{t.exportSheet}</label>
          <select id="export-kind" name="kind">
            {Object.entries(exportSheets).map(([kind, zh]) => (
              <option value={kind}>{zh}</option>
            ))}
          </select>
          <button class="secondary" type="submit">
            {t.exportCsv}
          </button>
        </form>
      </section>
    )
  }

  const Report = (props: {
    c: Context
    t: UploadMessages
    report: ImportReport
    upload: string | undefined
  }) => {
    const { t, report } = props
    const issues = report.units.flatMap((u) => u.issues)
    const base = formPath(props.c)
    return (
      <>
        <h2>{report.mode === "validate" ? t.checked : t.imported}</h2>
        <div class={report.ok ? "notice" : "errors"} role="status">
          <p>
            {report.ok
              ? report.mode === "validate"
                ? t.okChecked
                : t.okImported
              : report.mode === "validate"
                ? t.rejectedChecked(report.rejected)
                : t.rejectedImported(report.rejected)}
          </p>
        </div>
        {report.errorsFile !== null && (
          <p>
            <a href={`${base}/errors/${encodeURIComponent(report.id)}`}>{t.errorsFile}</a>
          </p>
        )}
        {issues.length > 0 && (
          <section class="card" style="overflow-x:auto" aria-label={t.issues} tabindex={0}>
            <table>
              <caption>{t.issues}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.sheet}</th>
                  <th scope="col">{t.row}</th>
                  <th scope="col">{t.column}</th>
                  <th scope="col">{t.value}</th>
                  <th scope="col">{t.reason}</th>
                  <th scope="col">{t.severity}</th>
                </tr>
              </thead>
              <tbody>
                {issues.map((i) => (
                  <tr class={i.severity}>
                    <td>{i.sheet}</td>
                    <td>{i.row ?? ""}</td>
                    <td>{i.column ?? ""}</td>
                    <td>{i.value ?? ""}</td>
                    <td>
                      <span lang="zh-CN">{i.reason.zh}</span>
                      <br />
                      <span lang="en" class="meta">
                        {i.reason.en}
                      </span>
                    </td>
                    <td>{i.severity === "error" ? t.error : t.warning}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        <section class="card" style="overflow-x:auto" aria-label={t.summary} tabindex={0}>
          <table>
            <caption>{t.summary}</caption>
            <thead>
              <tr>
                <th scope="col">{t.file}</th>
                <th scope="col">{t.sheet}</th>
                <th scope="col">{t.created}</th>
                <th scope="col">{t.updated}</th>
                <th scope="col">{t.unchanged}</th>
                <th scope="col">{t.rejected}</th>
                <th scope="col">{t.written}</th>
              </tr>
            </thead>
            <tbody>
              {report.units.flatMap((u) =>
                u.sheets.map((s) => (
                  <tr>
                    <td>{s.file}</td>
                    <td>{s.sheet}</td>
                    <td>{s.created}</td>
                    <td>{s.updated}</td>
                    <td>{s.unchanged}</td>
                    <td>{s.rejected}</td>
                    <td>{u.committed ? t.yes : t.no}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </section>
        {props.upload !== undefined && report.mode === "validate" && report.ok && (
          <form method="post" action={`${base}/import`}>
            {csrfField(props.c)}
            <input type="hidden" name="upload" value={props.upload} />
            <button class="action" type="submit">
              {t.importChecked}
            </button>
          </form>
        )}
      </>
    )
  }

  /** A short page saying why nothing was done, with the form again. */
  const refusal = (c: Context, status: 401 | 403 | 404 | 413 | 422 | 503, text: string) => {
    const t = uploadMessages[langOfRequest(c)]
    return page(
      c,
      status,
      <>
        <h1>{t.title}</h1>
        <div class="errors" role="alert">
          <p>{text}</p>
        </div>
        {status !== 401 && <UploadForm c={c} t={t} />}
      </>
    )
  }

  /** Run a call of the typed client as the signed-in person; a failure becomes the page's answer. */
  const call = async <A, E>(c: Context, bearer: string, use: (client: PageClient) => Effect.Effect<A, E>) => {
    const client = options.client()
    const t = uploadMessages[langOfRequest(c)]
    if (client === undefined) return { ok: false as const, response: await refusal(c, 503, t.unavailable) }
    const exit = await Effect.runPromiseExit(
      use(client).pipe(Effect.provideService(PageAuthorization, bearer))
    )
    if (Exit.isSuccess(exit)) return { ok: true as const, value: exit.value }
    const { tag, detail } = detailOf(exit.cause)
    const [status, text] =
      tag === "Unauthorized"
        ? ([401, t.signIn] as const)
        : tag === "Forbidden"
          ? ([403, t.forbidden] as const)
          : tag === "NotFound"
            ? ([404, detail ?? t.gone] as const)
            : tag === "Unprocessable"
              ? ([422, detail ?? t.refused] as const)
              : ([503, t.unavailable] as const)
    return { ok: false as const, response: await refusal(c, status, text) }
  }

  /** The bearer, and the CSRF check of a POST; or the page that refuses. */
  const guard = async (c: Context, body?: Record<string, unknown>) => {
    const t = uploadMessages[langOfRequest(c)]
    const bearer = options.bearerOf(c)
    if (bearer === undefined) return { ok: false as const, response: await refusal(c, 401, t.signIn) }
    if (body !== undefined && options.csrf !== undefined) {
      const expected = options.csrf.tokenOf(c)
      if (expected === undefined || body[options.csrf.field] !== expected) {
        return { ok: false as const, response: await refusal(c, 403, t.csrf) }
      }
    }
    return { ok: true as const, bearer }
  }

  const run = async (c: Context, bearer: string, mode: ImportMode, files: ReadonlyArray<File>) => {
    const t = uploadMessages[langOfRequest(c)]
    const form = new FormData()
    for (const file of files) form.append("file", file, file.name)
    const done = await call(c, bearer, (client) => client.imports.upload({ query: { mode }, payload: form }))
    if (!done.ok) return done.response
    let upload: string | undefined
    if (mode === "validate" && done.value.ok) {
      upload = randomUUID()
      kept.set(upload, { bearer, files }, Date.now() + errorsFileMinutes * 60_000)
    }
    return page(
      c,
      200,
      <>
        <h1>{t.title}</h1>
        <Report c={c} t={t} report={done.value} upload={upload} />
        <p>
          <a href={formPath(c)}>{t.again}</a>
        </p>
      </>
    )
  }

  const formLimit = bodyLimit({
    maxSize: maxFormBytes,
    onError: (c) => refusal(c, 413, uploadMessages[langOfRequest(c)].tooLarge)
  })

  app.get("/ledgers", async (c) => {
    const guarded = await guard(c)
    if (!guarded.ok) return guarded.response
    const t = uploadMessages[langOfRequest(c)]
    return page(
      c,
      200,
      <>
        <h1>{t.title}</h1>
        <p class="sub">{t.intro}</p>
        <UploadForm c={c} t={t} />
        <Downloads c={c} t={t} />
      </>
    )
  })

  app.post("/ledgers", formLimit, async (c) => {
    const body = await c.req.parseBody({ all: true })
    const guarded = await guard(c, body)
    if (!guarded.ok) return guarded.response
    const t = uploadMessages[langOfRequest(c)]
    const parts = body.file === undefined ? [] : Array.isArray(body.file) ? body.file : [body.file]
    const files = parts.filter((p): p is File => p instanceof File && p.name !== "")
    if (files.length === 0) return refusal(c, 422, t.noFiles)
    return run(c, guarded.bearer, body.mode === "import" ? "import" : "validate", files)
  })

  app.post("/ledgers/import", async (c) => {
    const body = await c.req.parseBody()
    const guarded = await guard(c, body)
    if (!guarded.ok) return guarded.response
    const entry = typeof body.upload === "string" ? kept.get(body.upload) : undefined
    if (entry === undefined || entry.bearer !== guarded.bearer) {
      return refusal(c, 404, uploadMessages[langOfRequest(c)].gone)
    }
    kept.delete(body.upload as string)
    return run(c, guarded.bearer, "import", entry.files)
  })

  app.get("/ledgers/errors/:id", async (c) => {
    const guarded = await guard(c)
    if (!guarded.ok) return guarded.response
    const id = c.req.param("id")
    const done = await call(c, guarded.bearer, (client) => client.imports.errorsFile({ params: { id } }))
    if (!done.ok) return done.response
    // The API's own name of the file, passed on; its type follows from the name.
    const disposition = done.value.headers["content-disposition"]
    return c.body(done.value.body as Uint8Array<ArrayBuffer>, 200, {
      "content-type": /\.csv["']?$/i.test(disposition)
        ? "text/csv; charset=utf-8"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": disposition
    })
  })

  /** The export asked for, from the API as the signed-in person, passed on with its own name. */
  const exported = async (c: Context, kind: ExportKind | undefined) => {
    const guarded = await guard(c)
    if (!guarded.ok) return guarded.response
    const done = await call(c, guarded.bearer, (client) =>
      client.exports.download({ query: kind === undefined ? { format: "xlsx" } : { format: "csv", kind } })
    )
    if (!done.ok) return done.response
    return c.body(done.value.body as Uint8Array<ArrayBuffer>, 200, {
      "content-type": kind === undefined ? xlsxType : "text/csv; charset=utf-8",
      "content-disposition": done.value.headers["content-disposition"],
      "cache-control": "private, no-store"
    })
  }

  app.get("/ledgers/export.xlsx", (c) => exported(c, undefined))

  app.get("/ledgers/export.csv", async (c) => {
    const kind = c.req.query("kind") ?? ""
    if (!Object.hasOwn(exportSheets, kind)) {
      return refusal(c, 422, uploadMessages[langOfRequest(c)].badSheet)
    }
    return exported(c, kind as ExportKind)
  })

  return app
}

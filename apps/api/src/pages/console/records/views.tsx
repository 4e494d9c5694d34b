/**
 * The small pieces every record page is built from: the page frame (the shared layout with the
 * console's name, its menu of record kinds and a few rules of its own), form fields with their errors
 * next to them, the hidden CSRF field, a conflict's list of the records in the way, and the pages for
 * not signed in / not allowed / not found / unavailable. Everything works without script: forms post
 * and the server redirects.
 */
import type { Child } from "hono/jsx"
import { type Lang, messages } from "../../i18n.ts"
import { Layout } from "../../layout.tsx"
import { ConsoleNav, consoleCss } from "../layout.tsx"
import { detailIn, type Failure, type FieldError } from "./call.ts"
import { type RecordMessages, recordMessages, resourceKeys } from "./i18n.ts"

/** The console's own rules, added to the pages' stylesheet: forms, tables of records, marks. */
export const recordsCss = `
.menu{display:flex;flex-wrap:wrap;gap:6px;padding:0;margin:8px 0;list-style:none}
.menu a{display:block;padding:6px 10px;border:1px solid var(--line);border-radius:6px;background:#fff;text-decoration:none}
.menu a[aria-current=page]{background:var(--water);color:#fff;border-color:var(--water)}
form.stack{display:grid;gap:10px}
.filters{display:grid;grid-template-columns:1fr;gap:8px}
@media (min-width:48rem){.filters{grid-template-columns:repeat(3,1fr)}}
label{display:block;font-weight:600}
label small,.hint{font-weight:400;color:var(--muted);display:block}
input,select,textarea{font:inherit;width:100%;min-height:44px;padding:8px;border:1px solid #7a8a8e;border-radius:6px;background:#fff;color:var(--ink)}
input[type=checkbox]{width:auto;min-height:auto;margin-right:6px}
fieldset{border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:0}
legend{font-weight:600;padding:0 4px}
.check{display:flex;align-items:center;font-weight:400;min-height:44px}
button,.button{font:inherit;min-height:44px;padding:8px 16px;border-radius:6px;border:0;background:var(--water);color:#fff;font-weight:600;cursor:pointer;text-decoration:none;display:inline-block}
button.danger{background:var(--alert)}
.error{color:var(--alert);font-weight:400;display:block}
.errors{border:2px solid var(--alert);border-radius:8px;padding:8px 12px;background:#fdecea}
[aria-invalid=true]{border:2px solid var(--alert)}
.records{list-style:none;padding:0;margin:0}
.records li{background:#fff;border:1px solid var(--line);border-radius:8px;margin:8px 0}
.records a{display:block;padding:10px 12px;text-decoration:none;color:var(--ink)}
.records b{color:var(--water)}
.voided{background:#f1f1f1 !important}
.mark{display:inline-block;font-size:.85rem;border-radius:4px;padding:0 6px;background:var(--alert);color:#fff;margin-right:6px}
.fields{display:grid;grid-template-columns:1fr;gap:2px 12px;margin:0}
.fields dt{color:var(--muted)}
.fields dd{margin:0 0 8px;overflow-wrap:anywhere}
@media (min-width:48rem){.fields{grid-template-columns:12rem 1fr}.fields dd{margin:0}}
.audit{width:100%;border-collapse:collapse;font-size:.95rem}
.audit th,.audit td{text-align:left;border-top:1px solid var(--line);padding:6px 4px;vertical-align:top}
summary{cursor:pointer;font-weight:600;padding:10px 0}
.pager{display:flex;justify-content:space-between;gap:8px;margin-top:12px}
`

export interface FrameProps {
  readonly lang: Lang
  readonly title: string
  readonly here: string
  readonly base: string
  /** The kind of record the page is about, marked in the menu. */
  readonly current?: string
  readonly children?: Child
}

/** A console record page: the shared layout with the console's name and the menu of record kinds. */
export const Frame = (props: FrameProps) => {
  const t = recordMessages[props.lang]
  return (
    <Layout
      lang={props.lang}
      title={`${props.title} · ${t.consoleName}`}
      here={props.here}
      home={`${props.base}/records`}
      siteName={t.consoleName}
      extraCss={consoleCss + recordsCss}
      bodyClass="console"
      head={<meta name="robots" content="noindex" />}
      nav={<ConsoleNav lang={props.lang} section="records" />}
    >
      <nav aria-label={t.recordsHeading}>
        <ul class="menu">
          {resourceKeys.map((key) => (
            <li>
              <a
                href={`${props.base}/records/${key}`}
                aria-current={props.current === key ? "page" : undefined}
              >
                {t.resources[key]}
              </a>
            </li>
          ))}
          <li>
            <a
              href={`${props.base}/records/downloads`}
              aria-current={props.current === "downloads" ? "page" : undefined}
            >
              {t.downloadsHeading}
            </a>
          </li>
        </ul>
      </nav>
      {props.children}
    </Layout>
  )
}

export interface Csrf {
  readonly field: string
  readonly token: string
}

/** What the filter selects offer: branches, zones and members by name. */
export interface Choices {
  readonly branches: ReadonlyArray<Choice>
  readonly zones: ReadonlyArray<Choice>
  readonly members: ReadonlyArray<Choice>
}

/** The hidden field that carries the session's CSRF token, when the console has one. */
export const CsrfField = (props: {
  readonly csrf: { readonly field: string; readonly token: string } | undefined
}) =>
  props.csrf === undefined ? null : <input type="hidden" name={props.csrf.field} value={props.csrf.token} />

/** The errors of one field (those whose path starts with `name`). */
export const errorsOf = (errors: ReadonlyArray<FieldError>, name: string): ReadonlyArray<FieldError> =>
  errors.filter((error) => String(error.path[0]) === name)

/** A field's errors next to it: the page's words for "this is wrong", then the API's own message. */
export const FieldErrors = (props: {
  readonly id: string
  readonly errors: ReadonlyArray<FieldError>
  readonly t: RecordMessages
}) =>
  props.errors.length === 0 ? null : (
    <span class="error" id={`${props.id}-error`}>
      {props.t.fieldProblem}
      {props.errors.map((error) => `${props.t.colon}${error.message}`).join("")}
    </span>
  )

/** The attributes a field with errors carries, so a screen reader announces them. */
export const invalid = (id: string, errors: ReadonlyArray<FieldError>) =>
  errors.length === 0 ? {} : { "aria-invalid": "true", "aria-describedby": `${id}-error` }

/** A labelled text-like input with its errors. */
export const Input = (props: {
  readonly name: string
  readonly label: string
  readonly type?: string
  readonly value?: string | undefined
  readonly required?: boolean
  readonly hint?: string
  readonly errors: ReadonlyArray<FieldError>
  readonly t: RecordMessages
  readonly extra?: Record<string, string>
}) => {
  const id = `f-${props.name}`
  const errors = errorsOf(props.errors, props.name)
  return (
    <div>
      <label for={id}>
        {props.label}
        {props.hint === undefined ? null : <small>{props.hint}</small>}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value ?? ""}
        required={props.required === true}
        {...invalid(id, errors)}
        {...(props.extra ?? {})}
      />
      <FieldErrors id={id} errors={errors} t={props.t} />
    </div>
  )
}

export interface Choice {
  readonly value: string
  readonly label: string
}

/** A labelled select; `empty` adds a first choice meaning "none" / "any". */
export const Select = (props: {
  readonly name: string
  readonly label: string
  readonly choices: ReadonlyArray<Choice>
  readonly value?: string | undefined
  readonly empty?: string
  readonly errors: ReadonlyArray<FieldError>
  readonly t: RecordMessages
}) => {
  const id = `f-${props.name}`
  const errors = errorsOf(props.errors, props.name)
  return (
    <div>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} {...invalid(id, errors)}>
        {props.empty === undefined ? null : <option value="">{props.empty}</option>}
        {props.choices.map((choice) => (
          <option value={choice.value} selected={choice.value === props.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <FieldErrors id={id} errors={errors} t={props.t} />
    </div>
  )
}

/** A labelled textarea with its errors. */
export const TextArea = (props: {
  readonly name: string
  readonly label: string
  readonly value?: string | undefined
  readonly required?: boolean
  readonly errors: ReadonlyArray<FieldError>
  readonly t: RecordMessages
}) => {
  const id = `f-${props.name}`
  const errors = errorsOf(props.errors, props.name)
  return (
    <div>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={3}
        required={props.required === true}
        {...invalid(id, errors)}
      >
        {props.value ?? ""}
      </textarea>
      <FieldErrors id={id} errors={errors} t={props.t} />
    </div>
  )
}

/**
 * What went wrong with a form, above it: the API's detail in the page's language, the records a 409
 * names (with links to those the console lists), and field errors no field of the form shows.
 */
export const ProblemBox = (props: {
  readonly failure: Failure | undefined
  readonly fields: ReadonlyArray<string>
  readonly lang: Lang
  readonly base: string
}) => {
  const failure = props.failure
  if (failure === undefined) return null
  const t = recordMessages[props.lang]
  if (failure.kind === "conflict") {
    const total = failure.total ?? failure.records.length
    return (
      <div class="errors" role="alert">
        <p>{detailIn(failure.detail, props.lang)}</p>
        {failure.records.length === 0 ? null : (
          <>
            <p>
              {failure.reason === "voided_references"
                ? t.conflictReferences(total)
                : t.conflictDependents(total)}
            </p>
            <ul>
              {failure.records.map((record) => (
                <li>
                  {linkOf(record.entity, record.id, props.base) === undefined ? (
                    record.label
                  ) : (
                    <a href={linkOf(record.entity, record.id, props.base)}>{record.label}</a>
                  )}
                  {t.viaLabel(record.via)}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    )
  }
  if (failure.kind === "invalid") {
    const elsewhere = failure.errors.filter((error) => !props.fields.includes(String(error.path[0])))
    return (
      <div class="errors" role="alert">
        <p>{t.formErrors}</p>
        {failure.detail === undefined ? null : <p>{detailIn(failure.detail, props.lang)}</p>}
        {elsewhere.length === 0 ? null : (
          <ul>
            {elsewhere.map((error) => (
              <li>
                {error.path.join(".")}: {error.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    )
  }
  return (
    <div class="errors" role="alert">
      <p>{failureText(failure, props.lang).text}</p>
    </div>
  )
}

/** Where the console shows a record of an entity kind the API names, if it lists that kind. */
export const linkOf = (entity: string, id: string, base: string): string | undefined => {
  const key = (
    {
      service_event: "events",
      event: "events",
      patrol_log: "patrols",
      patrol: "patrols",
      case: "cases",
      micro_wish: "wishes",
      wish: "wishes",
      member: "members",
      zone: "zones",
      pioneer_post: "pioneer-posts",
      project: "projects",
      campaign: "campaigns"
    } as Record<string, string>
  )[entity]
  return key === undefined ? undefined : `${base}/records/${key}/${encodeURIComponent(id)}`
}

/** The title and text of a page that answers a failure, and its status. */
export const failureText = (failure: Failure, lang: Lang) => {
  const t = recordMessages[lang]
  const shared = messages[lang]
  switch (failure.kind) {
    case "unauthorized":
      return { status: 401 as const, title: t.notSignedInTitle, text: t.notSignedInText }
    case "forbidden":
      return { status: 403 as const, title: t.forbiddenTitle, text: t.forbiddenText }
    case "notFound":
      return { status: 404 as const, title: shared.notFoundTitle, text: t.notFoundText }
    case "conflict":
      return {
        status: 409 as const,
        title: shared.unavailableTitle,
        text: detailIn(failure.detail, lang) ?? ""
      }
    case "invalid":
      return { status: 422 as const, title: t.formErrors, text: detailIn(failure.detail, lang) ?? "" }
    case "unavailable":
      return { status: 503 as const, title: shared.unavailableTitle, text: shared.unavailableText }
  }
}

/** The page for a failure that leaves nothing else to show. */
export const FailurePage = (props: {
  readonly lang: Lang
  readonly here: string
  readonly base: string
  readonly title: string
  readonly text: string
}) => (
  <Frame lang={props.lang} title={props.title} here={props.here} base={props.base}>
    <h1>{props.title}</h1>
    <p>{props.text}</p>
  </Frame>
)

/**
 * The record pages: the index of record kinds, a kind's list with its filters (a GET form: the
 * filters are in the URL, so a list can be bookmarked and the next page keeps them) and cursor
 * paging, and a record's page — its fields, its audit trail, void or restore with a reason, and the
 * workflow forms its kind has (advance a case, claim or fulfil a wish).
 */
import { Case, Member, Organisation, Project } from "@bishui/domain"
import { type Lang, messages } from "../../i18n.ts"
import type { Failure, FieldError } from "./call.ts"
import { recordMessages, resourceKeys } from "./i18n.ts"
import { type ListParams, type Names, type Page, plain, type Resource, type Stored } from "./resources.ts"
import { type Choice, CsrfField, Frame, Input, ProblemBox, Select, TextArea } from "./views.tsx"

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

export const IndexPage = (props: { readonly lang: Lang; readonly here: string; readonly base: string }) => {
  const t = recordMessages[props.lang]
  return (
    <Frame lang={props.lang} title={t.recordsHeading} here={props.here} base={props.base}>
      <h1>{t.recordsHeading}</h1>
      <ul class="records">
        {resourceKeys.map((key) => (
          <li>
            <a href={`${props.base}/records/${key}`}>
              <b>{t.resources[key]}</b>
            </a>
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href={`${props.base}/records/events/new`}>
          {t.newEvent}
        </a>{" "}
        <a class="button" href={`${props.base}/records/patrols/new`}>
          {t.newPatrol}
        </a>
      </p>
    </Frame>
  )
}

const caseStatuses = Case.CaseStatus.literals

/** The choices of the filters that are lists of words. */
const wordChoices = (
  resource: Resource,
  lang: Lang,
  key: "category" | "status" | "kind" | "role"
): ReadonlyArray<Choice> => {
  const t = recordMessages[lang]
  const pairs = (words: Record<string, string>): ReadonlyArray<Choice> =>
    Object.entries(words).map(([value, label]) => ({ value, label }))
  if (key === "category") return pairs(t.categories)
  if (key === "status") {
    return resource.key === "wishes"
      ? pairs(t.wishStatuses)
      : caseStatuses.map((value) => ({ value, label: t.caseStatuses[value] }))
  }
  if (key === "kind" && resource.key === "cases") return pairs(t.caseKinds)
  if (key === "kind" && resource.key === "organisations") {
    return Organisation.OrganisationKind.literals.map((value) => ({ value, label: value }))
  }
  // Project kinds are the domain's codes: the API names them so, and no page words them yet.
  if (key === "kind") return Project.ProjectKind.literals.map((value) => ({ value, label: value }))
  return Member.BranchRole.literals.map((value) => ({ value, label: messages[lang].roles[value] }))
}

export const ListPage = (props: {
  readonly lang: Lang
  readonly here: string
  readonly base: string
  readonly resource: Resource
  readonly params: ListParams
  readonly choices: Choices
  readonly names: Names
  readonly page: Page | undefined
  readonly failure: Failure | undefined
}) => {
  const t = recordMessages[props.lang]
  const { resource, params } = props
  const path = `${props.base}/records/${resource.key}`
  const has = (key: string) => resource.filters.includes(key as never)
  const none: ReadonlyArray<FieldError> = []
  const nextUrl = (() => {
    if (props.page?.next === undefined) return undefined
    const url = new URL(props.here, "http://x")
    url.searchParams.set("after", props.page.next)
    return `${url.pathname}${url.search}`
  })()
  const firstUrl = (() => {
    const url = new URL(props.here, "http://x")
    url.searchParams.delete("after")
    return `${url.pathname}${url.search}`
  })()
  const title = t.resources[resource.key]
  return (
    <Frame lang={props.lang} title={title} here={props.here} base={props.base} current={resource.key}>
      <h1>{title}</h1>
      {resource.key === "events" ? (
        <p>
          <a class="button" href={`${props.base}/records/events/new`}>
            {t.newEvent}
          </a>
        </p>
      ) : null}
      {resource.key === "patrols" ? (
        <p>
          <a class="button" href={`${props.base}/records/patrols/new`}>
            {t.newPatrol}
          </a>
        </p>
      ) : null}
      {/* Folded on a phone until a filter is set: the list comes first. No script: a plain <details>. */}
      <details
        class="card"
        open={
          Object.keys(params).some((key) => !["voided", "after", "limit", "extra"].includes(key)) ||
          params.voided
        }
      >
        <summary>{t.filtersHeading}</summary>
        <form method="get" action={path} aria-label={t.filter}>
          <div class="filters">
            {has("branch") ? (
              <Select
                name="branch"
                label={t.branch}
                choices={props.choices.branches}
                value={params.branch}
                empty={t.any}
                errors={none}
                t={t}
              />
            ) : null}
            {has("zone") ? (
              <Select
                name="zone"
                label={t.zone}
                choices={props.choices.zones}
                value={params.zone}
                empty={t.any}
                errors={none}
                t={t}
              />
            ) : null}
            {has("member") ? (
              <Select
                name="member"
                label={t.member}
                choices={props.choices.members}
                value={params.member}
                empty={t.any}
                errors={none}
                t={t}
              />
            ) : null}
            {has("name") ? (
              <Input name="name" label={t.name} value={params.name} errors={none} t={t} />
            ) : null}
            {(["category", "status", "kind", "role"] as const).map((key) =>
              has(key) ? (
                <Select
                  name={key}
                  label={t[key]}
                  choices={wordChoices(resource, props.lang, key)}
                  value={params[key]}
                  empty={t.any}
                  errors={none}
                  t={t}
                />
              ) : null
            )}
            {has("dates") ? (
              <>
                <Input
                  name="from"
                  type="date"
                  label={t.from}
                  hint={t.dateHint}
                  value={params.from}
                  errors={none}
                  t={t}
                />
                <Input
                  name="to"
                  type="date"
                  label={t.to}
                  hint={t.dateHint}
                  value={params.to}
                  errors={none}
                  t={t}
                />
              </>
            ) : null}
            {has("overdue") ? (
              <label class="check">
                <input type="checkbox" name="overdue" value="true" checked={params.overdue === "true"} />
                {t.overdueOnly}
              </label>
            ) : null}
            <label class="check">
              <input type="checkbox" name="include" value="voided" checked={params.voided} />
              {t.includeVoided}
            </label>
          </div>
          <p>
            {Object.entries(params.extra).map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            <button type="submit">{t.filter}</button> <a href={path}>{t.clearFilters}</a>
          </p>
        </form>
      </details>
      {Object.keys(params.extra).length === 0 ? null : (
        <p class="meta">
          {t.alsoFiltered}
          {Object.entries(params.extra)
            .map(([name, value]) => `${name}=${value}`)
            .join(" · ")}
        </p>
      )}
      <ProblemBox failure={props.failure} fields={[]} lang={props.lang} base={props.base} />
      {props.page === undefined ? null : props.page.items.length === 0 ? (
        <p>{t.nothingFound}</p>
      ) : (
        <ul class="records">
          {props.page.items.map((item) => {
            const summary = resource.summary(item.data, t, props.names)
            const voided = item.data.voided
            return (
              <li class={voided === undefined ? undefined : "voided"} data-id={item.data.id}>
                <a href={`${path}/${encodeURIComponent(item.data.id)}`}>
                  {voided === undefined ? null : <span class="mark">{t.voidedMark}</span>}
                  <b>{summary.title}</b>
                  <span class="meta" style="display:block">
                    {summary.meta.join(" · ")}
                  </span>
                  {voided === undefined ? null : <span class="meta">{t.voidedWhy(voided.reason)}</span>}
                </a>
              </li>
            )
          })}
        </ul>
      )}
      <nav class="pager" aria-label={t.nextPage}>
        {params.after === undefined ? <span /> : <a href={firstUrl}>{t.firstPage}</a>}
        {nextUrl === undefined ? null : (
          <a href={nextUrl} rel="next">
            {t.nextPage}
          </a>
        )}
      </nav>
    </Frame>
  )
}

/** An instant-looking value (`2024-01-01T…Z`), shown in the branch's local time. */
const isInstant = (value: unknown): value is string =>
  typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)

interface Reading {
  readonly names: Names
  readonly localMinute: (instant: string) => string
  readonly lang: Lang
}

/** A single value for people: words for codes the pages know, names for ids, local times for instants. */
const word = (key: string, value: unknown, how: Reading): string => {
  const t = recordMessages[how.lang]
  if (typeof value !== "string") return String(value)
  if (key === "category") return (t.categories as Record<string, string>)[value] ?? value
  if (key === "stage" || key === "from" || key === "to")
    return (t.caseStatuses as Record<string, string>)[value] ?? value
  if (isInstant(value)) return how.localMinute(value)
  const name = key.endsWith("Id") ? how.names.of(value) : undefined
  return name === undefined ? value : `${name} (${value})`
}

/**
 * A field's value for people, however nested: a list of records (a case's stages, an event's
 * outcomes) as a list, each item's fields in a line; a deeper structure as its JSON, local times in it.
 */
const Shown = (props: {
  readonly name: string
  readonly value: unknown
  readonly how: Reading
  readonly depth?: number
}) => {
  const value = props.depth === undefined ? plain(props.value) : props.value
  const depth = props.depth ?? 0
  const t = recordMessages[props.how.lang]
  if (value === null || typeof value !== "object") return <>{word(props.name, value, props.how)}</>
  if (depth > 2) {
    return <>{JSON.stringify(value, (_k, v) => (isInstant(v) ? props.how.localMinute(v) : v))}</>
  }
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== "object" || v === null)) {
      const singular = props.name.endsWith("Ids") ? props.name.slice(0, -1) : props.name
      return (
        <>{value.map((v) => word(singular, v, props.how)).join(props.name.endsWith("Ids") ? "、" : ", ")}</>
      )
    }
    return (
      <ol class="list">
        {value.map((item) => (
          <li>
            <Shown name={props.name} value={item} how={props.how} depth={depth + 1} />
          </li>
        ))}
      </ol>
    )
  }
  const entries = Object.entries(value as Record<string, unknown>)
  if (entries.length === 0) return <>—</>
  return (
    <>
      {entries.map(([key, inner], i) => (
        <>
          {i === 0 ? null : " · "}
          {key === "_tag" ? null : <span class="meta">{t.fieldLabels[key] ?? key}: </span>}
          <Shown name={key} value={inner} how={props.how} depth={depth + 1} />
        </>
      ))}
    </>
  )
}

export interface AuditRow {
  readonly at: string
  readonly actor: string
  readonly change: string
  readonly reason?: string | undefined
}

export interface WorkflowProps {
  /** Members to claim a wish for or assign a case to. */
  readonly members: ReadonlyArray<Choice>
}

export const DetailPage = (props: {
  readonly lang: Lang
  readonly here: string
  readonly base: string
  readonly resource: Resource
  readonly record: Stored
  readonly names: Names
  readonly localMinute: (instant: string) => string
  readonly audit: ReadonlyArray<AuditRow> | "forbidden"
  readonly csrf: Csrf | undefined
  /** A failed form of this page: shown above the form it came from. */
  readonly failure?: {
    readonly form: "void" | "restore" | "advance" | "claim" | "fulfil"
    readonly failure: Failure
  }
  readonly values?: Record<string, string>
  readonly workflow: WorkflowProps
}) => {
  const t = recordMessages[props.lang]
  const { resource, record } = props
  const data = record.data as unknown as Record<string, unknown>
  const summary = resource.summary(record.data, t, props.names)
  const path = `${props.base}/records/${resource.key}/${encodeURIComponent(record.data.id)}`
  const voided = record.data.voided
  const errorsFor = (form: string): ReadonlyArray<FieldError> =>
    props.failure?.form === form && props.failure.failure.kind === "invalid"
      ? props.failure.failure.errors
      : []
  const problemFor = (form: string, fields: ReadonlyArray<string>) =>
    props.failure?.form === form ? (
      <ProblemBox failure={props.failure.failure} fields={fields} lang={props.lang} base={props.base} />
    ) : null
  return (
    <Frame lang={props.lang} title={summary.title} here={props.here} base={props.base} current={resource.key}>
      <p>
        <a href={`${props.base}/records/${resource.key}`}>{t.back(t.resources[resource.key])}</a>
      </p>
      <h1>
        {voided === undefined ? null : <span class="mark">{t.voidedMark}</span>}
        {summary.title}
      </h1>
      <p class="sub">{summary.meta.join(" · ")}</p>
      {voided === undefined ? null : (
        <p class="errors">
          {t.voidedWhy(voided.reason)} · {props.localMinute(voided.at)}
        </p>
      )}
      <section class="card" aria-labelledby="fields">
        <h2 id="fields">{t.fieldsHeading}</h2>
        <dl class="fields">
          {Object.entries(data)
            .filter(([key]) => key !== "tenantId" && key !== "voided")
            .map(([key, value]) => (
              <>
                <dt>{t.fieldLabels[key] ?? key}</dt>
                <dd>
                  <Shown
                    name={key}
                    value={value}
                    how={{ names: props.names, localMinute: props.localMinute, lang: props.lang }}
                  />
                </dd>
              </>
            ))}
        </dl>
      </section>
      {voided === undefined && resource.key === "cases" ? (
        <CaseAdvance
          {...props}
          path={path}
          errors={errorsFor("advance")}
          problem={problemFor("advance", ["note", "assigneeId"])}
        />
      ) : null}
      {voided === undefined && resource.key === "wishes" ? (
        <WishActions
          {...props}
          path={path}
          errors={errorsFor("claim").concat(errorsFor("fulfil"))}
          problem={problemFor("claim", ["memberId"]) ?? problemFor("fulfil", ["note"])}
        />
      ) : null}
      {voided === undefined ? (
        <section class="card" aria-labelledby="void">
          <h2 id="void">{t.voidHeading}</h2>
          <p>{t.voidIntro}</p>
          {problemFor("void", ["reason"])}
          <form method="post" action={`${path}/void`} class="stack">
            <CsrfField csrf={props.csrf} />
            <input type="hidden" name="version" value={String(record.version)} />
            <TextArea
              name="reason"
              label={t.reason}
              value={props.values?.reason}
              required
              errors={errorsFor("void")}
              t={t}
            />
            <p>
              <button type="submit" class="danger">
                {t.voidButton}
              </button>
            </p>
          </form>
        </section>
      ) : (
        <section class="card" aria-labelledby="restore">
          <h2 id="restore">{t.restoreHeading}</h2>
          <p>{t.restoreIntro}</p>
          {problemFor("restore", ["reason"])}
          <form method="post" action={`${path}/restore`} class="stack">
            <CsrfField csrf={props.csrf} />
            <input type="hidden" name="version" value={String(record.version)} />
            <TextArea
              name="reason"
              label={t.reason}
              value={props.values?.reason}
              errors={errorsFor("restore")}
              t={t}
            />
            <p>
              <button type="submit">{t.restoreButton}</button>
            </p>
          </form>
        </section>
      )}
      <section class="card" aria-labelledby="audit">
        <h2 id="audit">{t.auditHeading}</h2>
        {props.audit === "forbidden" ? (
          <p>{t.auditForbidden}</p>
        ) : props.audit.length === 0 ? (
          <p>{t.auditNone}</p>
        ) : (
          <table class="audit">
            <thead>
              <tr>
                <th scope="col">{t.auditAt}</th>
                <th scope="col">{t.auditWho}</th>
                <th scope="col">{t.auditWhat}</th>
                <th scope="col">{t.auditReason}</th>
              </tr>
            </thead>
            <tbody>
              {props.audit.map((entry) => (
                <tr>
                  <td>{props.localMinute(entry.at)}</td>
                  <td>{entry.actor}</td>
                  <td>{entry.change}</td>
                  <td>{entry.reason ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Frame>
  )
}

interface ActionProps {
  readonly lang: Lang
  readonly base: string
  readonly record: Stored
  readonly csrf: Csrf | undefined
  readonly values?: Record<string, string>
  readonly workflow: WorkflowProps
  readonly path: string
  readonly errors: ReadonlyArray<FieldError>
  readonly problem: unknown
}

/** A case's next stages (after the one it is in), with a note and, for `assigned`, the assignee. */
const CaseAdvance = (props: ActionProps) => {
  const t = recordMessages[props.lang]
  const data = props.record.data as unknown as {
    kind: Case.CaseKind
    stages: ReadonlyArray<{ stage: Case.CaseStageKind }>
    closure?: unknown
  }
  const order = Case.stagesOf(data.kind)
  const current = data.stages[data.stages.length - 1]?.stage
  const next = order.slice(current === undefined ? 0 : order.indexOf(current) + 1)
  return (
    <section class="card" aria-labelledby="advance">
      <h2 id="advance">{t.advanceHeading}</h2>
      {next.length === 0 || data.closure !== undefined ? (
        <p>{t.closedCase}</p>
      ) : (
        <>
          {props.problem as never}
          <form method="post" action={`${props.path}/advance`} class="stack">
            <CsrfField csrf={props.csrf} />
            <input type="hidden" name="version" value={String(props.record.version)} />
            <Select
              name="stage"
              label={t.nextStage}
              choices={next.map((stage) => ({ value: stage, label: t.caseStatuses[stage] }))}
              value={props.values?.stage}
              errors={props.errors}
              t={t}
            />
            {next.includes("assigned") ? (
              <Select
                name="assigneeId"
                label={t.member}
                choices={props.workflow.members}
                value={props.values?.assigneeId}
                empty="—"
                errors={props.errors}
                t={t}
              />
            ) : null}
            <TextArea
              name="note"
              label={t.stageNote}
              value={props.values?.note}
              errors={props.errors}
              t={t}
            />
            <p>
              <button type="submit">{t.advanceButton}</button>
            </p>
          </form>
        </>
      )}
    </section>
  )
}

/** A posted wish is claimed (for a member); a claimed one is fulfilled. */
const WishActions = (props: ActionProps) => {
  const t = recordMessages[props.lang]
  const state = (props.record.data as unknown as { state: { _tag: string } }).state._tag
  if (state === "Posted") {
    return (
      <section class="card" aria-labelledby="claim">
        <h2 id="claim">{t.claimHeading}</h2>
        {props.problem as never}
        <form method="post" action={`${props.path}/claim`} class="stack">
          <CsrfField csrf={props.csrf} />
          <input type="hidden" name="version" value={String(props.record.version)} />
          <Select
            name="memberId"
            label={t.claimFor}
            choices={props.workflow.members}
            value={props.values?.memberId}
            empty="—"
            errors={props.errors}
            t={t}
          />
          <p>
            <button type="submit">{t.claimButton}</button>
          </p>
        </form>
      </section>
    )
  }
  if (state === "Claimed") {
    return (
      <section class="card" aria-labelledby="fulfil">
        <h2 id="fulfil">{t.fulfilHeading}</h2>
        {props.problem as never}
        <form method="post" action={`${props.path}/fulfil`} class="stack">
          <CsrfField csrf={props.csrf} />
          <input type="hidden" name="version" value={String(props.record.version)} />
          <TextArea name="note" label={t.fulfilNote} value={props.values?.note} errors={props.errors} t={t} />
          <p>
            <button type="submit">{t.fulfilButton}</button>
          </p>
        </form>
      </section>
    )
  }
  return null
}

export const DownloadsPage = (props: {
  readonly lang: Lang
  readonly here: string
  readonly base: string
  readonly branches: ReadonlyArray<Choice>
  readonly year: number
}) => {
  const t = recordMessages[props.lang]
  const none: ReadonlyArray<FieldError> = []
  return (
    <Frame
      lang={props.lang}
      title={t.downloadsHeading}
      here={props.here}
      base={props.base}
      current="downloads"
    >
      <h1>{t.downloadsHeading}</h1>
      <p>{t.downloadsIntro}</p>
      <form method="get" action={`${props.base}/records/downloads/annual.csv`} class="card stack">
        <Select name="branch" label={t.branch} choices={props.branches} errors={none} t={t} />
        <Input
          name="year"
          type="number"
          label={t.year}
          value={String(props.year)}
          errors={none}
          t={t}
          extra={{ min: "1949", max: "2200" }}
        />
        <p>
          <button type="submit">{t.download}</button>
        </p>
      </form>
      <ul>
        {props.branches.slice(0, 5).map((branch) =>
          [props.year, props.year - 1].map((year) => (
            <li>
              <a
                href={`${props.base}/records/downloads/annual.csv?branch=${encodeURIComponent(branch.value)}&year=${year}`}
                download
              >
                {branch.label} · {t.annualCsv(year)}
              </a>
            </li>
          ))
        )}
      </ul>
    </Frame>
  )
}

/**
 * The index of record kinds and a kind's list: its filters (a GET form — the filters are in the URL,
 * so a list can be bookmarked and the next page keeps them), the parameters a report figure's link
 * adds, and cursor paging. Voided records listed with `include=voided` carry their mark and reason.
 */
import { Case, Member, Organisation, Project } from "@bishui/domain"
import { type Lang, messages } from "../../i18n.ts"
import type { Failure, FieldError } from "./call.ts"
import { recordMessages, resourceKeys } from "./i18n.ts"
import type { ListParams, Names, Page, Resource } from "./resources.ts"
import { type Choice, type Choices, Frame, Input, ProblemBox, Select } from "./views.tsx"

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
            {(
              [
                ["branch", t.branch, props.choices.branches],
                ["zone", t.zone, props.choices.zones],
                ["member", t.member, props.choices.members]
              ] as const
            ).map(([key, label, choices]) =>
              has(key) ? (
                <Select
                  name={key}
                  label={label}
                  choices={choices}
                  value={params[key]}
                  empty={t.any}
                  errors={none}
                  t={t}
                />
              ) : null
            )}
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

/**
 * A record's page: its fields as people read them (names for ids, local times, amounts as written,
 * nested lists as lists), its audit trail, void or restore with a reason, and the workflow forms its
 * kind has (advance a case, claim or fulfil a wish). A refused form comes back here with its failure.
 */
import { type Audit, Case } from "@bishui/domain"
import type { Lang } from "../../i18n.ts"
import type { Failure, FieldError } from "./call.ts"
import { recordMessages } from "./i18n.ts"
import { type Names, plain, type Resource, type Stored } from "./resources.ts"
import { type Choice, type Csrf, CsrfField, Frame, ProblemBox, Select, TextArea } from "./views.tsx"

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
  readonly action: Audit.AuditAction
  /** The change's own name (`case.assign`), kept beside the words: it says which step it was. */
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
      <Correction
        {...props}
        form={voided === undefined ? "void" : "restore"}
        path={path}
        errors={errorsFor(voided === undefined ? "void" : "restore")}
        problem={problemFor(voided === undefined ? "void" : "restore", ["reason"])}
      />
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
                  <td>
                    {t.auditActions[entry.action]} <span class="meta">{entry.change}</span>
                  </td>
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

/** Void (a reason required) or restore (a reason optional) a record: the same form, posted to each. */
const Correction = (props: ActionProps & { readonly form: "void" | "restore" }) => {
  const t = recordMessages[props.lang]
  const words =
    props.form === "void"
      ? { heading: t.voidHeading, intro: t.voidIntro, button: t.voidButton }
      : { heading: t.restoreHeading, intro: t.restoreIntro, button: t.restoreButton }
  return (
    <section class="card" aria-labelledby={props.form}>
      <h2 id={props.form}>{words.heading}</h2>
      <p>{words.intro}</p>
      {props.problem as never}
      <form method="post" action={`${props.path}/${props.form}`} class="stack">
        <CsrfField csrf={props.csrf} />
        <input type="hidden" name="version" value={String(props.record.version)} />
        <TextArea
          name="reason"
          label={t.reason}
          value={props.values?.reason}
          required={props.form === "void"}
          errors={props.errors}
          t={t}
        />
        <p>
          <button type="submit" class={props.form === "void" ? "danger" : undefined}>
            {words.button}
          </button>
        </p>
      </form>
    </section>
  )
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

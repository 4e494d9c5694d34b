/**
 * The forms that record things: a service event with its participants and outcomes, and a patrol.
 * Each form posts its fields as they are; `eventPayload` and `patrolPayload` turn them into the API's
 * request (times typed in the branch's local time become instants there), and whatever the API — or
 * the typed client, checking the same schema before sending — refuses comes back next to its field.
 */
import { ServiceEvent, TimeZone, Zone } from "@bishui/domain"
import type { Lang } from "../../i18n.ts"
import type { Failure, FieldError } from "./call.ts"
import { recordMessages } from "./i18n.ts"
import {
  type Choices,
  type Csrf,
  CsrfField,
  errorsOf,
  FieldErrors,
  Frame,
  Input,
  ProblemBox,
  Select,
  TextArea
} from "./views.tsx"

/** A posted form: each field's text, or texts for a field given more than once (checkboxes). */
export type FormValues = Record<string, string | ReadonlyArray<string>>

/** A field's one text, trimmed; empty is absent. */
export const text = (values: FormValues, name: string): string | undefined => {
  const value = values[name]
  const one = typeof value === "string" ? value : value?.[0]
  const trimmed = one?.trim()
  return trimmed === undefined || trimmed === "" ? undefined : trimmed
}

/** A field's texts (a group of checkboxes). */
const texts = (values: FormValues, name: string): ReadonlyArray<string> => {
  const value = values[name]
  return value === undefined ? [] : typeof value === "string" ? [value] : value
}

/** A count as typed: a number when it reads as one, else the text (the schema then names the field). */
const count = (value: string | undefined): number | string | undefined =>
  value === undefined ? undefined : /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value

/** The outcome fields of the event form: each a quantity of the domain, by its tag. */
const outcomeFields = [
  { name: "litterKg", tag: "Litter", amount: "kilograms", decimal: true },
  { name: "trees", tag: "Trees", amount: "count", decimal: false },
  { name: "books", tag: "Books", amount: "count", decimal: false },
  { name: "money", tag: "Money", amount: "amount", decimal: true },
  { name: "peopleServed", tag: "PeopleServed", amount: "count", decimal: false }
] as const

/**
 * What `POST /v1/events` and `POST /v1/patrols` take, as the domain's schemas read it. The typed
 * client takes a payload decoded (amounts as decimals) and encodes it; a form has text, so the pages
 * decode it with these first — a refusal then names its field, as the API's 422 would.
 */
export const NewEvent = ServiceEvent.ServiceEvent.mapFields(({ id, tenantId, voided, ...rest }) => rest)
export const NewPatrol = Zone.PatrolLog.mapFields(({ id, tenantId, voided, ...rest }) => rest)

/** The event form's fields as the API's `POST /v1/events` payload, as sent on the wire. */
export const eventPayload = (values: FormValues) => {
  const zoneId = text(values, "zoneId")
  const place = text(values, "place")
  const notes = text(values, "notes")
  const others = count(text(values, "otherParticipants"))
  return {
    branchId: text(values, "branchId") ?? "",
    category: text(values, "category") ?? "",
    title: text(values, "title") ?? "",
    date: text(values, "date") ?? "",
    ...(place === undefined ? {} : { place }),
    links: zoneId === undefined ? {} : { zoneId },
    participantIds: texts(values, "participantIds"),
    ...(others === undefined ? {} : { otherParticipants: others }),
    outcomes: outcomeFields.flatMap((field) => {
      const value = text(values, field.name)
      if (value === undefined) return []
      return [{ quantity: { _tag: field.tag, [field.amount]: field.decimal ? value : count(value) } }]
    }),
    ...(notes === undefined ? {} : { notes })
  }
}

/**
 * A `datetime-local` value (`2026-12-07T09:30`) read in the tenant's zone, as an instant; anything
 * else is passed on as typed, for the schema to refuse next to its field.
 */
export const localInstant = (value: string | undefined, timeZone: TimeZone.TimeZone): string | undefined => {
  if (value === undefined) return undefined
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return value
  const wall = Date.parse(`${value}:00.000Z`)
  return Number.isNaN(wall) ? value : TimeZone.instantOfWallClock(wall, timeZone)
}

/** The patrol form's fields as the API's `POST /v1/patrols` payload, as sent on the wire. */
export const patrolPayload = (values: FormValues, timeZone: TimeZone.TimeZone) => {
  const endedAt = localInstant(text(values, "endedAt"), timeZone)
  const findings = text(values, "findings")
  const litter = text(values, "litterCollected")
  return {
    zoneId: text(values, "zoneId") ?? "",
    memberId: text(values, "memberId") ?? "",
    startedAt: localInstant(text(values, "startedAt"), timeZone) ?? "",
    ...(endedAt === undefined ? {} : { endedAt }),
    ...(findings === undefined ? {} : { findings }),
    ...(litter === undefined ? {} : { litterCollected: litter }),
    caseIds: []
  }
}

interface FormProps {
  readonly lang: Lang
  readonly here: string
  readonly base: string
  readonly choices: Choices
  readonly csrf: Csrf | undefined
  readonly values: FormValues
  readonly failure: Failure | undefined
  readonly timeZone: TimeZone.TimeZone
}

const fieldErrors = (failure: Failure | undefined): ReadonlyArray<FieldError> =>
  failure?.kind === "invalid" ? failure.errors : []

/**
 * The event form's errors with those of an outcome (`outcomes.0.quantity.kilograms`) put on the field it
 * came from: the payload lists only the outcomes filled in, in the form's order.
 */
const onOutcomeFields = (
  errors: ReadonlyArray<FieldError>,
  values: FormValues
): ReadonlyArray<FieldError> => {
  const filled = outcomeFields.filter((field) => text(values, field.name) !== undefined)
  return errors.map((error) => {
    const field =
      error.path[0] === "outcomes" && typeof error.path[1] === "number" ? filled[error.path[1]] : undefined
    return field === undefined ? error : { ...error, path: [field.name] }
  })
}

export const EventForm = (props: FormProps) => {
  const t = recordMessages[props.lang]
  const errors = onOutcomeFields(fieldErrors(props.failure), props.values)
  const failure: Failure | undefined =
    props.failure?.kind === "invalid" ? { ...props.failure, errors } : props.failure
  const value = (name: string) => text(props.values, name)
  const chosen = new Set(texts(props.values, "participantIds"))
  const participantErrors = errorsOf(errors, "participantIds")
  const fields = [
    "branchId",
    "category",
    "title",
    "date",
    "place",
    "links",
    "participantIds",
    "otherParticipants",
    "notes"
  ]
  return (
    <Frame lang={props.lang} title={t.newEvent} here={props.here} base={props.base} current="events">
      <h1>{t.newEvent}</h1>
      <ProblemBox
        failure={failure}
        fields={[...fields, ...outcomeFields.map((field) => field.name)]}
        lang={props.lang}
        base={props.base}
      />
      <form method="post" action={`${props.base}/records/events/new`} class="stack">
        <CsrfField csrf={props.csrf} />
        <input type="hidden" name="idempotencyKey" value={value("idempotencyKey") ?? ""} />
        <Select
          name="branchId"
          label={t.branch}
          choices={props.choices.branches}
          value={value("branchId")}
          errors={errors}
          t={t}
        />
        <Select
          name="category"
          label={t.category}
          choices={ServiceEvent.EventCategory.literals.map((c) => ({ value: c, label: t.categories[c] }))}
          value={value("category")}
          errors={errors}
          t={t}
        />
        <Input name="title" label={t.title} value={value("title")} required errors={errors} t={t} />
        <Input
          name="date"
          type="date"
          label={t.date}
          hint={t.dateHint}
          value={value("date")}
          required
          errors={errors}
          t={t}
        />
        <Input name="place" label={t.place} value={value("place")} errors={errors} t={t} />
        <Select
          name="zoneId"
          label={t.zone}
          choices={props.choices.zones}
          value={value("zoneId")}
          empty="—"
          errors={errors}
          t={t}
        />
        <fieldset aria-describedby={participantErrors.length === 0 ? undefined : "f-participantIds-error"}>
          <legend>{t.participants}</legend>
          <p class="hint">{t.participantsHint}</p>
          {props.choices.members.map((member) => (
            <label class="check">
              <input
                type="checkbox"
                name="participantIds"
                value={member.value}
                checked={chosen.has(member.value)}
              />
              {member.label}
            </label>
          ))}
          <FieldErrors id="f-participantIds" errors={participantErrors} t={t} />
        </fieldset>
        <Input
          name="otherParticipants"
          type="number"
          label={t.otherParticipants}
          value={value("otherParticipants")}
          errors={errors}
          t={t}
          extra={{ min: "0" }}
        />
        <fieldset>
          <legend>{t.outcomesHeading}</legend>
          {outcomeFields.map((field) => (
            <Input
              name={field.name}
              label={t[field.name]}
              value={value(field.name)}
              errors={errors}
              t={t}
              extra={{ inputmode: field.decimal ? "decimal" : "numeric" }}
            />
          ))}
        </fieldset>
        <TextArea name="notes" label={t.notes} value={value("notes")} errors={errors} t={t} />
        <p>
          <button type="submit">{t.save}</button>
        </p>
      </form>
    </Frame>
  )
}

export const PatrolForm = (props: FormProps) => {
  const t = recordMessages[props.lang]
  const errors = fieldErrors(props.failure)
  const value = (name: string) => text(props.values, name)
  const fields = ["zoneId", "memberId", "startedAt", "endedAt", "findings", "litterCollected"]
  return (
    <Frame lang={props.lang} title={t.newPatrol} here={props.here} base={props.base} current="patrols">
      <h1>{t.newPatrol}</h1>
      <ProblemBox failure={props.failure} fields={fields} lang={props.lang} base={props.base} />
      <form method="post" action={`${props.base}/records/patrols/new`} class="stack">
        <CsrfField csrf={props.csrf} />
        <input type="hidden" name="idempotencyKey" value={value("idempotencyKey") ?? ""} />
        <Select
          name="zoneId"
          label={t.zone}
          choices={props.choices.zones}
          value={value("zoneId")}
          errors={errors}
          t={t}
        />
        <Select
          name="memberId"
          label={t.member}
          choices={props.choices.members}
          value={value("memberId")}
          errors={errors}
          t={t}
        />
        <Input
          name="startedAt"
          type="datetime-local"
          label={t.startedAt}
          hint={t.localTimeHint(props.timeZone)}
          value={value("startedAt")}
          required
          errors={errors}
          t={t}
        />
        <Input
          name="endedAt"
          type="datetime-local"
          label={t.endedAt}
          hint={t.localTimeHint(props.timeZone)}
          value={value("endedAt")}
          errors={errors}
          t={t}
        />
        <TextArea name="findings" label={t.findings} value={value("findings")} errors={errors} t={t} />
        <Input
          name="litterCollected"
          label={t.litterCollected}
          value={value("litterCollected")}
          errors={errors}
          t={t}
          extra={{ inputmode: "decimal" }}
        />
        <p>
          <button type="submit">{t.save}</button>
        </p>
      </form>
    </Frame>
  )
}

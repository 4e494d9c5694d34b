/**
 * The report form: category (radio buttons, as large tap targets), description, up to three photos,
 * optional place and contact. A plain multipart POST: no script needed. The same form reports a
 * problem again from a status page, without the category (the first report's stays).
 */
import { Case } from "@bishui/domain"
import type { Messages } from "../i18n.ts"
import type { ReportFields } from "./form.ts"

export interface ReportFormProps {
  readonly t: Messages
  readonly action: string
  readonly fields: ReportFields
  readonly errors: ReadonlyArray<string>
  readonly withCategory: boolean
  readonly submit: string
}

export const ReportForm = (props: ReportFormProps) => {
  const { t, fields } = props
  return (
    <form class="report" method="post" action={props.action} enctype="multipart/form-data">
      {props.errors.length === 0 ? null : (
        <div class="errors" role="alert">
          <p>{t.formErrors}</p>
          <ul>
            {props.errors.map((error) => (
              <li>{error}</li>
            ))}
          </ul>
        </div>
      )}
      {props.withCategory ? (
        <fieldset>
          <legend>{t.category}</legend>
          {Case.ProblemCategory.literals.map((category) => (
            <label class="choice">
              <input
                type="radio"
                name="category"
                value={category}
                required
                checked={fields.category === category}
              />
              {t.categories[category]}
            </label>
          ))}
        </fieldset>
      ) : null}
      <label for="description">{t.description}</label>
      <p class="hint" id="description-hint">
        {t.descriptionHint}
      </p>
      <textarea
        id="description"
        name="description"
        rows={4}
        maxlength={2000}
        required
        aria-describedby="description-hint"
      >
        {fields.description ?? ""}
      </textarea>
      <label for="location">{t.location}</label>
      <input id="location" name="location" type="text" maxlength={200} value={fields.location ?? ""} />
      <label for="photo">{t.photos}</label>
      <p class="hint" id="photo-hint">
        {t.photosHint}
      </p>
      <input
        id="photo"
        name="photo"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        multiple
        aria-describedby="photo-hint"
      />
      <fieldset>
        <legend>{t.contactHeading}</legend>
        <p class="hint">{t.contactHint}</p>
        <label for="name">{t.contactName}</label>
        <input
          id="name"
          name="name"
          type="text"
          maxlength={50}
          autocomplete="name"
          value={fields.name ?? ""}
        />
        <label for="phone">{t.contactPhone}</label>
        <input
          id="phone"
          name="phone"
          type="tel"
          maxlength={20}
          autocomplete="tel"
          value={fields.phone ?? ""}
        />
      </fieldset>
      <button type="submit">{props.submit}</button>
    </form>
  )
}

/**
 * The downloads page: the annual report as CSV for a branch and a year — links to the console's
 * `annual.csv`, which streams the API's own answer as the signed-in person.
 */
import type { Lang } from "../../i18n.ts"
import type { FieldError } from "./call.ts"
import { recordMessages } from "./i18n.ts"
import { type Choice, Frame, Input, Select } from "./views.tsx"

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

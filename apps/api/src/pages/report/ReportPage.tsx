/**
 * Reporting a problem on a zone (`/s/{tenant}/{code}/report`): first the zone's open problems, each
 * with a "me too" button (a one-field form), so a resident follows a problem already reported instead
 * of reporting it again; then the report form. Rendered from the public `ZoneSignboard`.
 */
import type { ZoneSignboard } from "../../api/Signboard.ts"
import { localDay } from "../format.ts"
import { type Lang, messages } from "../i18n.ts"
import { Layout } from "../layout.tsx"
import type { ReportFields } from "./form.ts"
import { ReportForm } from "./ReportForm.tsx"

export interface ReportPageProps {
  readonly lang: Lang
  readonly signboard: ZoneSignboard
  readonly here: string
  readonly home: string
  /** The zone's signboard page. */
  readonly zonePath: string
  readonly fields: ReportFields
  readonly errors: ReadonlyArray<string>
  /** The problem just followed, to thank for. */
  readonly followed?: string | undefined
}

export const ReportPage = (props: ReportPageProps) => {
  const t = messages[props.lang]
  const { zone, tenant, problems } = props.signboard
  return (
    <Layout
      lang={props.lang}
      title={`${t.reportPageTitle(zone.name)} · ${tenant.name}`}
      here={props.here}
      home={props.home}
      footer={
        <p>
          <a href={props.zonePath}>{zone.name}</a> · <a href={props.home}>{t.backToZones}</a>
        </p>
      }
    >
      <h1>{t.reportPageTitle(zone.name)}</h1>
      <p class="sub">
        {t.zoneCode} {zone.code}
      </p>
      {props.followed === undefined ? null : (
        <p class="notice" role="status">
          {t.meTooThanks}
        </p>
      )}
      {problems.open.length === 0 ? null : (
        <section class="card" id="open" aria-labelledby="open-title">
          <h2 id="open-title">{t.reportSeenFirst}</h2>
          <p>{t.reportSeenIntro}</p>
          <ul class="list">
            {problems.open.map((p) => (
              <li>
                <span class="tag open">{t.stages[p.status]}</span>
                <div>{p.title}</div>
                <div class="meta">
                  {t.problemOpened} {localDay(p.openedAt)}
                  {p.followers === 0 ? null : ` · ${t.meTooCount(p.followers)}`}
                </div>
                <form method="post" action={`${props.zonePath}/follow/${encodeURIComponent(p.id)}`}>
                  <button type="submit" class="secondary" aria-label={`${t.meToo}: ${p.title}`}>
                    {t.meToo}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="card" id="report" aria-labelledby="report-title">
        <h2 id="report-title">{t.reportNew}</h2>
        <ReportForm
          t={t}
          action={`${props.zonePath}/report`}
          fields={props.fields}
          errors={props.errors}
          withCategory
          submit={t.submitReport}
        />
      </section>
    </Layout>
  )
}

/**
 * A resident's report as its receipt shows it (`/r/{tenant}/{code}`): the receipt code to keep, the
 * status in words, the stages reached with their local times, the due time while it is open, the
 * branch's closing note, how many said "me too", the reports it is linked to — and, once it is closed
 * as fixed, the form to report it again as not fixed. Rendered from the public `ReceiptStatus`:
 * never a name or a phone.
 */
import type { ReceiptStatus } from "../../api/Public.ts"
import { localMinute } from "../format.ts"
import { type Lang, messages } from "../i18n.ts"
import { Layout } from "../layout.tsx"
import type { ReportFields } from "./form.ts"
import { ReportForm } from "./ReportForm.tsx"

export interface StatusPageProps {
  readonly lang: Lang
  readonly status: typeof ReceiptStatus.Type
  readonly here: string
  readonly home: string
  /** The page of a receipt code. */
  readonly statusPath: (receipt: string) => string
  /** The zone's signboard page, when the report has a zone. */
  readonly zonePath: string | undefined
  /** Just reported: thank, and say what became of the photos. */
  readonly sent?: { readonly kept: number; readonly refused: number } | undefined
  readonly fields: ReportFields
  readonly errors: ReadonlyArray<string>
}

export const StatusPage = (props: StatusPageProps) => {
  const t = messages[props.lang]
  const s = props.status
  const ReceiptLinks = (links: ReadonlyArray<{ readonly receipt: string }>) => (
    <ul class="list">
      {links.map((link) => (
        <li>
          <a href={props.statusPath(link.receipt)}>{link.receipt}</a>
        </li>
      ))}
    </ul>
  )
  return (
    <Layout
      lang={props.lang}
      title={t.statusTitle(s.receipt)}
      here={props.here}
      home={props.home}
      footer={
        <p>
          {props.zonePath === undefined || s.zone === undefined ? null : (
            <>
              <a href={props.zonePath}>{s.zone.name}</a> ·{" "}
            </>
          )}
          <a href={props.home}>{t.backToZones}</a>
        </p>
      }
    >
      {props.sent === undefined ? null : (
        <div class="notice" role="status">
          <p>{t.statusThanks}</p>
          {props.sent.kept === 0 ? null : <p>{t.statusPhotosKept(props.sent.kept)}</p>}
          {props.sent.refused === 0 ? null : <p>{t.statusPhotosRefused(props.sent.refused)}</p>}
        </div>
      )}
      <h1>
        {t.statusReceipt} <span class="receipt">{s.receipt}</span>
      </h1>
      <p class="sub">{t.statusKeep}</p>
      <section class="card" id="status" aria-labelledby="status-title">
        <h2 id="status-title">{t.statusNow}</h2>
        <p class={s.closed ? "big" : "big open"}>{s.statusText[props.lang]}</p>
        {s.zone === undefined ? null : (
          <p>
            {t.zoneLabel}
            {s.zone.name}
            {t.inParentheses(s.zone.code)}
          </p>
        )}
        {s.category === undefined ? null : <p>{t.categories[s.category]}</p>}
        {s.followers === 0 ? null : <p>{t.statusFollowers(s.followers)}</p>}
        {s.fixDueBy === undefined ? null : (
          <p>
            {t.statusFixDue} <time datetime={s.fixDueBy}>{localMinute(s.fixDueBy)}</time>
          </p>
        )}
      </section>
      <section class="card" id="stages" aria-labelledby="stages-title">
        <h2 id="stages-title">{t.statusStages}</h2>
        <ol class="stages">
          {s.stages.map((stage) => (
            <li>
              <b>{stage.label[props.lang]}</b> <time datetime={stage.at}>{localMinute(stage.at)}</time>
            </li>
          ))}
        </ol>
        {s.closingNote === undefined ? null : (
          <>
            <h3>{t.statusClosingNote}</h3>
            <p class="note">{s.closingNote}</p>
          </>
        )}
        {s.closedAs?.duplicateOf === undefined ? null : (
          <>
            <p>{t.statusDuplicateOf}</p>
            {ReceiptLinks([s.closedAs.duplicateOf])}
          </>
        )}
        {s.reopens === undefined ? null : (
          <>
            <p>{t.statusReopens}</p>
            {ReceiptLinks([s.reopens])}
          </>
        )}
        {s.reportedAgain.length === 0 ? null : (
          <>
            <p>{t.statusReportedAgain}</p>
            {ReceiptLinks(s.reportedAgain)}
          </>
        )}
      </section>
      {s.canReportAgain ? (
        <section class="card" id="again" aria-labelledby="again-title">
          <h2 id="again-title">{t.againHeading}</h2>
          <p>{t.againIntro}</p>
          <ReportForm
            t={t}
            action={`${props.statusPath(s.receipt)}/again`}
            fields={props.fields}
            errors={props.errors}
            withCategory={false}
            submit={t.againSubmit}
          />
        </section>
      ) : null}
    </Layout>
  )
}

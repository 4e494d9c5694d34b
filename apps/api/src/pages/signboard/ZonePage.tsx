/**
 * The page a resident's phone opens from a river signboard's QR code: the zone and its river segments,
 * who is responsible (masked phone) and the supervision phone to call, the zone's boats and crews, its
 * patrols of the last 30 days, its problems open and resolved, and the branch's figures of the year in
 * the article's style. Rendered from the public API's `ZoneSignboard` and annual figures.
 */
import type { Child } from "hono/jsx"
import type { PublicFigure } from "../../api/Public.ts"
import type { ZoneSignboard } from "../../api/Signboard.ts"
import { localDay, localMinute, localTime } from "../format.ts"
import type { Lang } from "../i18n.ts"
import { messages } from "../i18n.ts"
import { Layout } from "../layout.tsx"

type Problem = ZoneSignboard["problems"]["open"][number]

export interface ZonePageProps {
  readonly lang: Lang
  readonly signboard: ZoneSignboard
  readonly year: number
  readonly currentYear: number
  readonly figures: ReadonlyArray<typeof PublicFigure.Type> | undefined
  /** The page's path and query without `lang`. */
  readonly here: string
  /** The page's own path. */
  readonly path: string
  /** The tenant's zone list. */
  readonly home: string
}

const tel = (phone: string) => `tel:${phone.replace(/[^0-9+]/g, "")}`

const ProblemItem = (props: { readonly lang: Lang; readonly problem: Problem; readonly open: boolean }) => {
  const t = messages[props.lang]
  const p = props.problem
  return (
    <li>
      <span class={props.open ? "tag open" : "tag"}>{t.stages[p.status]}</span>
      {p.kind === "emergency" ? <span class="tag open">{t.emergency}</span> : null}
      <div>{p.title}</div>
      <div class="meta">
        {t.problemOpened} {localDay(p.openedAt)}
        {p.fixedAt === undefined ? null : ` · ${t.problemFixed} ${localDay(p.fixedAt)}`}
        {p.followers === 0 ? null : ` · ${t.meTooCount(p.followers)}`}
      </div>
    </li>
  )
}

const Section = (props: { readonly id: string; readonly title: string; readonly children?: Child }) => (
  <section class="card" id={props.id} aria-labelledby={`${props.id}-title`}>
    <h2 id={`${props.id}-title`}>{props.title}</h2>
    {props.children}
  </section>
)

export const ZonePage = (props: ZonePageProps) => {
  const t = messages[props.lang]
  const { tenant, branch, zone, patrols, problems } = props.signboard
  const yearLink = (year: number) => `${props.path}?year=${year}`
  return (
    <Layout
      lang={props.lang}
      title={`${zone.name} · ${tenant.name}`}
      here={props.here}
      home={props.home}
      footer={
        <>
          <p>
            {branch.name}
            {branch.brand === undefined ? null : ` · ${branch.brand}`}
          </p>
          <p>
            <a href={props.home}>{t.backToZones}</a> · <a href={`${props.path}/print`}>{t.printBoard}</a>
          </p>
        </>
      }
    >
      <h1>{zone.name}</h1>
      <p class="sub">
        {t.zoneCode} {zone.code} · {branch.name}
      </p>

      <Section id="segments" title={t.riverSegments}>
        <ul class="facts">
          {zone.riverSegments.map((segment) => (
            <li>{segment}</li>
          ))}
        </ul>
      </Section>

      <Section id="responsible" title={t.responsible}>
        {zone.responsible === undefined ? (
          <p>{t.responsibleNone}</p>
        ) : (
          <p>
            <span class="who">{zone.responsible.name}</span>
            {zone.responsible.role === undefined ? null : ` · ${t.roles[zone.responsible.role]}`}
            {zone.responsible.phone === undefined ? null : (
              <>
                <br />
                <span class="phone">{zone.responsible.phone}</span>
              </>
            )}
          </p>
        )}
        {branch.supervisionPhone === undefined ? null : (
          <a class="call" href={tel(branch.supervisionPhone)}>
            {t.supervisionPhone} <span class="phone">{branch.supervisionPhone}</span>
          </a>
        )}
      </Section>

      <Section id="resources" title={t.resources}>
        <ul class="facts">
          <li>{t.cleaners(zone.resources.cleaners)}</li>
          <li>{t.boats(zone.resources.boats)}</li>
          <li>{t.crew(zone.resources.crew)}</li>
        </ul>
      </Section>

      <Section id="patrols" title={t.patrolsHeading(patrols.days)}>
        <p class="big">{t.patrolsCount(patrols.count)}</p>
        {patrols.recent.length === 0 ? (
          <p>{t.patrolsNone}</p>
        ) : (
          <>
            <h3>{t.patrolLatest}</h3>
            <ul class="list">
              {patrols.recent.map((patrol) => (
                <li>
                  <time datetime={patrol.startedAt}>{localMinute(patrol.startedAt)}</time>
                  {patrol.endedAt === undefined ? null : `–${localTime(patrol.endedAt)}`}
                  {patrol.patroller === undefined ? null : ` · ${patrol.patroller}`}
                  {patrol.litterCollectedKg === undefined ? null : (
                    <div class="meta">{t.patrolLitter(patrol.litterCollectedKg)}</div>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </Section>

      <Section id="problems" title={t.problemsHeading}>
        <h3>{t.problemsOpen(problems.openCount)}</h3>
        {problems.open.length === 0 ? (
          <p>{t.problemsOpenNone}</p>
        ) : (
          <ul class="list">
            {problems.open.map((p) => (
              <ProblemItem lang={props.lang} problem={p} open />
            ))}
          </ul>
        )}
        <h3>{t.problemsResolved(problems.resolvedCount)}</h3>
        {problems.resolved.length === 0 ? (
          <p>{t.problemsResolvedNone}</p>
        ) : (
          <ul class="list">
            {problems.resolved.map((p) => (
              <ProblemItem lang={props.lang} problem={p} open={false} />
            ))}
          </ul>
        )}
      </Section>

      <Section id="report" title={t.reportHeading}>
        <p>{t.reportIntro}</p>
        <a class="action" href={`${props.path}/report`}>
          {t.reportLink}
        </a>
        {branch.supervisionPhone === undefined ? null : (
          <a class="call" href={tel(branch.supervisionPhone)}>
            {t.callSupervision}
            <span class="phone">{branch.supervisionPhone}</span>
          </a>
        )}
      </Section>

      <Section id="figures" title={t.figuresHeading(props.year)}>
        {props.figures === undefined || props.figures.length === 0 ? (
          <p>{t.figuresNone}</p>
        ) : (
          <ul class="figs">
            {props.figures.map((figure) => (
              <li>
                {/* The article's style is Chinese (20余次) in either language. */}
                <b lang="zh-CN">{figure.presented}</b>
                {figure.label[props.lang]}
              </li>
            ))}
          </ul>
        )}
        <nav class="years" aria-label={t.figuresHeading(props.year)}>
          <a href={yearLink(props.year - 1)}>‹ {t.previousYear(props.year - 1)}</a>
          {props.year < props.currentYear ? (
            <a href={yearLink(props.year + 1)}>{t.nextYear(props.year + 1)} ›</a>
          ) : null}
        </nav>
      </Section>
    </Layout>
  )
}

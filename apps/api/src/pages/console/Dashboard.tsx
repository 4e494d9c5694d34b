/**
 * The dashboard (`/console`): the branch's year in the article's style — each figure as the report
 * presents it (20余次), linking to the records behind it —, three charts drawn on the server (activities
 * per month by category, patrols per zone, cases open / overdue / closed), each with its numbers in a
 * table too, and the year's campaigns done, due or missed.
 */
import type { CampaignYear } from "@bishui/domain"
import type { Lang } from "../i18n.ts"
import { type BarData, barChartSvg } from "./charts.ts"
import { consoleMessages } from "./i18n.ts"
import { ConsoleLayout } from "./layout.tsx"

export interface DashboardFigure {
  readonly key: string
  readonly label: { readonly zh: string; readonly en: string }
  readonly presented: string
  readonly exact: string
  readonly recordCount: number
  /** The console page listing the records behind the figure. */
  readonly href: string
}

export interface DashboardChart {
  readonly id: string
  readonly title: string
  readonly data: BarData
  readonly height: number
}

export interface DashboardProps {
  readonly lang: Lang
  readonly here: string
  readonly csrf: string
  readonly year: number
  readonly currentYear: number
  readonly branchId: string
  readonly branchName: string
  /** The branches an admin may switch between (a secretary has one). */
  readonly branches: ReadonlyArray<{ readonly id: string; readonly name: string }>
  readonly figures: ReadonlyArray<DashboardFigure>
  readonly charts: ReadonlyArray<DashboardChart>
  readonly campaigns: CampaignYear.CampaignYear | undefined
}

/** The chart's SVG labelled as one image; its numbers are in the table after it. */
const labelled = (svg: string, label: string): string =>
  svg.replace(/^<svg /, `<svg role="img" aria-label="${label.replace(/[&<>"]/g, "")}" `)

const ChartTable = (props: { readonly chart: DashboardChart; readonly lang: Lang }) => {
  const t = consoleMessages[props.lang]
  const { data } = props.chart
  return (
    <details>
      <summary>{t.chartTableSummary}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{props.chart.title}</th>
            {data.series.map((s) => (
              <th scope="col">{s.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.categories.map((category, i) => (
            <tr>
              <th scope="row">{category}</th>
              {data.series.map((s) => (
                <td>{s.values[i] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}

export const Dashboard = (props: DashboardProps) => {
  const t = consoleMessages[props.lang]
  const title = `${props.branchName} · ${t.dashboardTitle(props.year)}`
  const yearLink = (year: number) => {
    const url = new URL(props.here, "http://x")
    url.searchParams.set("year", String(year))
    return `${url.pathname}${url.search}`
  }
  return (
    <ConsoleLayout lang={props.lang} title={title} here={props.here} section="dashboard" csrf={props.csrf}>
      <h1>{t.dashboardTitle(props.year)}</h1>
      <p class="sub">{props.branchName}</p>
      {props.branches.length > 1 ? (
        <form method="get" action="/console">
          <label for="branch">{t.branchLabel}</label>
          <select id="branch" name="branch">
            {props.branches.map((b) => (
              <option value={b.id} selected={b.id === props.branchId}>
                {b.name}
              </option>
            ))}
          </select>
          <input type="hidden" name="year" value={String(props.year)} />
          <button class="btn small" type="submit">
            {t.show}
          </button>
        </form>
      ) : null}
      <nav class="years" aria-label={t.dashboardTitle(props.year)}>
        <a href={yearLink(props.year - 1)}>‹ {t.previousYear(props.year - 1)}</a>
        {props.year < props.currentYear ? (
          <a href={yearLink(props.year + 1)}>{t.nextYear(props.year + 1)} ›</a>
        ) : null}
      </nav>

      <section class="card" aria-labelledby="figures">
        <h2 id="figures">{t.figuresHeading}</h2>
        {props.figures.length === 0 ? (
          <p>{t.figuresNone}</p>
        ) : (
          <ul class="figgrid">
            {props.figures.map((figure) => (
              <li data-figure={figure.key}>
                <a href={figure.href}>
                  {/* The article's style is Chinese (20余次) in either language. */}
                  <b lang="zh-CN" title={figure.exact}>
                    {figure.presented}
                  </b>
                  {figure.label[props.lang]}
                  <br />
                  <small>
                    {/* Rounded as the article writes it (20余次): the exact figure beside it. */}
                    {figure.exact === figure.presented ? null : <span lang="zh-CN">{figure.exact} · </span>}
                    {t.figureRecords(figure.recordCount)}
                  </small>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="card" aria-labelledby="charts">
        <h2 id="charts">{t.chartsHeading}</h2>
        {props.charts.map((chart) => (
          <figure class="chart" id={chart.id}>
            <figcaption>
              <h3>{chart.title}</h3>
            </figcaption>
            {chart.data.categories.length === 0 ? (
              <p>{t.noData}</p>
            ) : (
              <div
                // echarts' own SVG of numbers and of labels it escaped: no page data is inserted raw
                dangerouslySetInnerHTML={{
                  __html: labelled(
                    barChartSvg(chart.data, { width: 420, height: chart.height, label: chart.title }),
                    chart.title
                  )
                }}
              />
            )}
            <ChartTable chart={chart} lang={props.lang} />
          </figure>
        ))}
      </section>

      <section class="card" aria-labelledby="campaigns">
        <h2 id="campaigns">{t.campaignsHeading}</h2>
        {props.campaigns === undefined || props.campaigns.campaigns.length === 0 ? (
          <p>{t.campaignsNone}</p>
        ) : (
          <>
            <p>
              {t.campaignsTotals(
                props.campaigns.totals.done,
                props.campaigns.totals.due,
                props.campaigns.totals.missed
              )}
            </p>
            <table>
              <tbody>
                {props.campaigns.campaigns.map((c) => (
                  <tr data-status={c.status}>
                    <th scope="row">{c.name}</th>
                    <td>{c.summary[props.lang]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </ConsoleLayout>
  )
}

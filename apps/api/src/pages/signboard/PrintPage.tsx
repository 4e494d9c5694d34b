/**
 * Printable river signboards (一牌一码): one A4 page per zone — zone and river segments, the responsible
 * member with a masked phone, the supervision phone, the branch, and the QR code of the zone's public
 * page (its full URL, printed beneath it too). `@page { size: A4 }` and a page break between zones
 * come from the stylesheet's print rules.
 */
import type { SignboardZone } from "../../api/Public.ts"
import type { PublicTenantOverview } from "../../api/Signboard.ts"
import { type Lang, messages } from "../i18n.ts"
import { Layout } from "../layout.tsx"
import { QrCode } from "./qr.tsx"

export interface PrintPageProps {
  readonly lang: Lang
  readonly tenant: typeof PublicTenantOverview.Type
  readonly zones: ReadonlyArray<typeof SignboardZone.Type>
  /** The zone's public page, absolute: what its QR code encodes. */
  readonly zoneUrl: (code: string) => string
  readonly here: string
  readonly home: string
}

export const PrintPage = (props: PrintPageProps) => {
  const t = messages[props.lang]
  const branches = new Map(props.tenant.branches.map((b) => [b.id, b]))
  return (
    <Layout
      lang={props.lang}
      title={`${t.boardTitle} · ${props.tenant.name}`}
      here={props.here}
      home={props.home}
    >
      <p class="noprint">{t.printHint}</p>
      <div class="boards">
        {props.zones.map((zone) => {
          const branch = branches.get(zone.branchId)
          const url = props.zoneUrl(zone.code)
          return (
            <article class="board" aria-label={zone.name}>
              <header>
                <p>{props.tenant.name}</p>
                <p>
                  <b>{t.boardTitle}</b>
                </p>
              </header>
              <h1>{zone.name}</h1>
              <dl>
                <dt>{t.zoneCode}</dt>
                <dd>{zone.code}</dd>
                <dt>{t.riverSegments}</dt>
                <dd>{zone.riverSegments.join("、")}</dd>
                <dt>{t.responsible}</dt>
                <dd>
                  {zone.responsible === undefined
                    ? t.responsibleNone
                    : `${zone.responsible.name}${zone.responsible.role === undefined ? "" : t.inParentheses(t.roles[zone.responsible.role])}`}
                  {zone.responsible?.phone === undefined ? null : (
                    <>
                      {" "}
                      <span class="phone">{zone.responsible.phone}</span>
                    </>
                  )}
                </dd>
                {branch?.supervisionPhone === undefined ? null : (
                  <>
                    <dt>{t.supervisionPhone}</dt>
                    <dd class="hot phone">{branch.supervisionPhone}</dd>
                  </>
                )}
                <dt>{t.resources}</dt>
                <dd>
                  {t.cleaners(zone.resources.cleaners)}
                  {t.listSeparator}
                  {t.boats(zone.resources.boats)}
                  {t.listSeparator}
                  {t.crew(zone.resources.crew)}
                </dd>
                <dt>{t.branch}</dt>
                <dd>{branch?.name ?? zone.branchId}</dd>
              </dl>
              <div class="qr">
                <QrCode url={url} label={`${t.boardScan}: ${url}`} />
                <div>
                  <p>{t.boardScan}</p>
                  <p class="url">{url}</p>
                </div>
              </div>
            </article>
          )
        })}
      </div>
    </Layout>
  )
}

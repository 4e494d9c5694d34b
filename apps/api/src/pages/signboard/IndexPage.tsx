/**
 * A tenant's zones, each linking to its signboard page: what `/` shows for the configured tenant
 * (and `/s/{tenantId}` for any), with the link to print every signboard at once.
 */
import type { SignboardZone } from "../../api/Public.ts"
import type { PublicTenantOverview } from "../../api/Signboard.ts"
import { type Lang, messages } from "../i18n.ts"
import { Layout } from "../layout.tsx"

export interface IndexPageProps {
  readonly lang: Lang
  readonly tenant: typeof PublicTenantOverview.Type
  readonly zones: ReadonlyArray<typeof SignboardZone.Type>
  readonly here: string
  /** The tenant's signboard root: `/s/{tenantId}`. */
  readonly base: string
}

export const IndexPage = (props: IndexPageProps) => {
  const t = messages[props.lang]
  const branchName = new Map(props.tenant.branches.map((b) => [b.id, b.name]))
  return (
    <Layout
      lang={props.lang}
      title={`${t.zonesHeading} · ${props.tenant.name}`}
      here={props.here}
      home={props.here.split("?")[0] ?? "/"}
      footer={
        <p>
          <a href={`${props.base}/print`}>{t.printAll}</a>
        </p>
      }
    >
      <h1>{props.tenant.name}</h1>
      <p class="sub">{t.zonesIntro}</p>
      <h2>{t.zonesHeading}</h2>
      <ul class="zones">
        {props.zones.map((zone) => (
          <li>
            <a href={`${props.base}/${encodeURIComponent(zone.code)}`}>
              <b>{zone.name}</b>
              <br />
              <span class="meta">
                {t.zoneCode} {zone.code} · {zone.riverSegments.join("、")}
                {zone.responsible === undefined ? null : ` · ${t.responsible} ${zone.responsible.name}`}
                {branchName.get(zone.branchId) === undefined ? null : ` · ${branchName.get(zone.branchId)}`}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  )
}

/** With several tenants configured, `/` lists them. */
export const TenantsPage = (props: {
  readonly lang: Lang
  readonly here: string
  readonly tenants: ReadonlyArray<{ readonly id: string; readonly name: string }>
}) => {
  const t = messages[props.lang]
  return (
    <Layout lang={props.lang} title={t.siteName} here={props.here} home="/">
      <h1>{t.siteName}</h1>
      <p class="sub">{t.zonesIntro}</p>
      <h2>{t.tenantsHeading}</h2>
      <ul class="zones">
        {props.tenants.map((tenant) => (
          <li>
            <a href={`/s/${encodeURIComponent(tenant.id)}`}>
              <b>{tenant.name}</b>
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  )
}

/**
 * bishui in the words of Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): the problem
 * categories as services, a zone as the one attribute every service takes, a resident's report as a
 * service request whose id is its receipt code, and a receipt's status as the request's status. Pure
 * mapping, both ways; the routes (`routes.ts`) do the calling.
 *
 * What a 311 client sees of a request is what the receipt's holder sees (`ReceiptStatus`): never a
 * name, a phone, the description or who handles it.
 */
import { Case } from "@bishui/domain"
import { Result, Schema } from "effect"
import { ProblemReport, type ReceiptStatus, type SignboardZone } from "../api/Public.ts"
import type { PublicTenantOverview } from "../api/Signboard.ts"

type Zone = typeof SignboardZone.Type
type Status = typeof ReceiptStatus.Type
type Tenant = typeof PublicTenantOverview.Type

/** When this endpoint's list of services and behaviour last changed (the discovery's `changeset`). */
const changeset = "2026-12-07T00:00:00Z"

/**
 * `GET discovery.json`: where the endpoint is and whom to call — the tenant's branches and their
 * supervision phones (public lines, as on the signboards).
 */
export const discovery = (tenant: Tenant, url: string) => ({
  changeset,
  contact: [
    tenant.name,
    ...tenant.branches.flatMap((b) =>
      b.supervisionPhone === undefined ? [] : [`${b.name} 监督电话 supervision phone ${b.supervisionPhone}`]
    )
  ].join("; "),
  key_service: "不需要 api_key — no api_key is needed",
  endpoints: [
    {
      specification: "http://wiki.open311.org/GeoReport_v2",
      url,
      changeset,
      type: "production",
      formats: ["application/json", "text/xml"]
    }
  ]
})

/** The attribute that names the zone a problem is in (`attribute[zone]=NH-01` in a request). */
export const zoneAttribute = "zone"

const categoryCodes: ReadonlyArray<Case.ProblemCategory> = Case.ProblemCategory.literals

const isCategory = (code: string): code is Case.ProblemCategory =>
  (categoryCodes as ReadonlyArray<string>).includes(code)

/** `GET services.json`: one service per problem category, named in Chinese, described in both languages. */
export const serviceList = () =>
  categoryCodes.map((code) => {
    const category = Case.categoryLabels[code]
    return {
      service_code: code,
      service_name: category.zh,
      description: `${category.zh} — ${category.en}`,
      // every service takes the zone attribute: see serviceDefinition
      metadata: true,
      type: "realtime",
      group: "河湖问题 river problems"
    }
  })

/** `GET services/{code}.json`: the zone attribute, its values the tenant's zones; undefined for an unknown code. */
export const serviceDefinition = (code: string, zones: ReadonlyArray<Zone>) =>
  isCategory(code)
    ? {
        service_code: code,
        attributes: [
          {
            variable: true,
            code: zoneAttribute,
            datatype: "singlevaluelist",
            required: true,
            datatype_description: "河段责任区编号，见河长公示牌 — the zone code on the river signboard",
            order: 1,
            description: "问题所在的河段责任区 — the river zone the problem is in",
            values: zones.map((z) => ({ key: z.code, name: `${z.name}（${z.code}）` }))
          }
        ]
      }
    : undefined

/** The fields of a `POST requests.json` form this mapping reads (the standard's names). */
export type RequestForm = Readonly<Record<string, string | undefined>>

/** A request to file: the zone's code and the public intake's payload, or why it cannot be filed. */
export type Intake =
  | { readonly ok: true; readonly zoneCode: string; readonly report: typeof ProblemReport.Type }
  | { readonly ok: false; readonly description: string }

/**
 * Which zone a request names: `attribute[zone]` (a zone code), else an `address_id` or
 * `address_string` that is a zone's code or holds a zone's name, else the tenant's only zone.
 * Zones have no coordinates in bishui, so `lat`/`long` alone cannot choose one.
 */
const zoneOf = (form: RequestForm, zones: ReadonlyArray<Zone>): Zone | undefined => {
  const byCode = (code: string | undefined) =>
    code === undefined ? undefined : zones.find((z) => z.code.toUpperCase() === code.trim().toUpperCase())
  const address = form.address_string?.trim()
  return (
    byCode(form[`attribute[${zoneAttribute}]`]) ??
    byCode(form.address_id) ??
    byCode(address) ??
    (address === undefined || address === ""
      ? undefined
      : zones.find(
          (z) => address.includes(z.name) || address.toUpperCase().includes(z.code.toUpperCase())
        )) ??
    (zones.length === 1 ? zones[0] : undefined)
  )
}

/** A `POST requests.json` form as the public intake's report on a zone. */
export const intakeOf = (form: RequestForm, zones: ReadonlyArray<Zone>): Intake => {
  const code = form.service_code?.trim()
  if (code === undefined || code === "") {
    return { ok: false, description: "缺少 service_code — service_code is required" }
  }
  if (!isCategory(code)) {
    return {
      ok: false,
      description: `没有这个服务 ${code} — no service ${code}; the services: ${categoryCodes.join(", ")}`
    }
  }
  const zone = zoneOf(form, zones)
  if (zone === undefined) {
    const given = form[`attribute[${zoneAttribute}]`]
    return {
      ok: false,
      description: `${given === undefined ? "缺少" : "没有这个"}河段责任区 attribute[${zoneAttribute}]${given === undefined ? "" : ` ${given}`} — ${given === undefined ? "attribute[zone] is required" : "no such zone"}; the zones: ${zones.map((z) => z.code).join(", ")}`
    }
  }
  const description = form.description?.trim() ?? ""
  const name = [form.last_name, form.first_name].filter((n) => n !== undefined && n.trim() !== "").join("")
  const phone = form.phone?.trim()
  const where = [
    form.address_string?.trim(),
    form.lat !== undefined && form.long !== undefined ? `${form.lat.trim()},${form.long.trim()}` : undefined
  ].filter((w): w is string => w !== undefined && w !== "")
  // checked here against the intake's own contract: the typed client would refuse it before sending
  const report = decodeReport({
    // no title: the intake titles a report by its category's words
    description,
    category: code,
    ...(where.length === 0 ? {} : { location: where.join(" ").slice(0, 200) }),
    ...(name === "" ? {} : { name }),
    ...(phone === undefined || phone === "" ? {} : { phone })
  })
  return Result.isSuccess(report)
    ? { ok: true, zoneCode: zone.code, report: report.success }
    : { ok: false, description: `请求的字段有误 — a field is not valid: ${report.failure.message}` }
}

const decodeReport = Schema.decodeUnknownResult(ProblemReport)

/** What `POST requests.json` answers: the request's id (its receipt code) at once. */
export const created = (receipt: string) => ({
  service_request_id: receipt,
  service_notice: `回执号 ${receipt}，凭它查询处理进度 — keep receipt ${receipt} to follow the report`
})

/** `GET requests/{id}.json` of one request: how its receipt stands, in the standard's fields. */
export const requestOf = (status: Status) => {
  const category = status.category
  const first = status.stages[0]
  const times = [
    ...status.stages.map((s) => s.at),
    ...(status.closedAs === undefined ? [] : [status.closedAs.at])
  ]
  // the latest of the stages and the closure (the times carry offsets: compared as instants)
  const updated = times.reduce((a, b) => (new Date(b).getTime() > new Date(a).getTime() ? b : a))
  return {
    service_request_id: status.receipt,
    token: status.receipt,
    status: status.closed ? "closed" : "open",
    status_notes: status.closingNote ?? `${status.statusText.zh} — ${status.statusText.en}`,
    ...(category === undefined
      ? {}
      : { service_name: Case.categoryLabels[category].zh, service_code: category }),
    requested_datetime: first?.at,
    updated_datetime: updated,
    ...(status.fixDueBy === undefined ? {} : { expected_datetime: status.fixDueBy }),
    ...(status.zone === undefined
      ? {}
      : { address: `${status.zone.name}（${status.zone.code}）`, address_id: status.zone.code })
  }
}

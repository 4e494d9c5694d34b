/**
 * The tenant itself: its name and the time zone its records are kept in. Every token reads it (a
 * client shows times in the tenant's zone); an admin changes it. The zone decides which local day,
 * month and year every instant falls in — the annual report's year, the zone reports' days, the day
 * ranges of lists — so changing it changes the reports; the change is audited.
 */
import { Tenant, TimeZone } from "@bishui/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { ifMatch, Stored } from "./Envelope.ts"
import { Conflict, Forbidden, NotFound, PreconditionFailed, Unprocessable } from "./Problems.ts"
import { withEtag } from "./Resources.ts"
import { Authentication } from "./Security.ts"

/** The tenant as the API gives it: its zone always named (Asia/Shanghai when it keeps the default). */
export const TenantView = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  /** The IANA time zone its periods are cut in. */
  timeZone: TimeZone.TimeZone,
  /** Whether the zone is the default one (the tenant names none). */
  timeZoneIsDefault: Schema.Boolean
}).annotate({ title: "Tenant" })

/** A tenant's new state: its name, and its zone (absent: back to the default, Asia/Shanghai). */
export const TenantChange = Schema.Struct({
  name: Tenant.Tenant.fields.name,
  timeZone: Schema.optionalKey(TimeZone.TimeZone)
}).annotate({ title: "TenantChange" })

export class TenantGroup extends HttpApiGroup.make("tenant")
  .add(
    HttpApiEndpoint.get("get", "/tenant", {
      success: withEtag(Stored(TenantView)),
      error: [NotFound, Forbidden]
    }),
    HttpApiEndpoint.put("update", "/tenant", {
      headers: ifMatch,
      payload: TenantChange,
      success: withEtag(Stored(TenantView)),
      error: [NotFound, Conflict, PreconditionFailed, Unprocessable, Forbidden]
    })
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Tenant",
      description:
        "The token's tenant: its name and its time zone (an IANA name, Asia/Shanghai by default). Periods are cut in that zone: the annual report's year, the days of zone and member reports, the `from`/`to` days of lists on instants. Every token reads it; only an admin changes it (`PUT /tenant` with `If-Match`), and the change is in the audit log."
    })
  ) {}

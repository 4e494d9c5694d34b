/**
 * The public signboard: what a river signboard shows, without a token — the tenant and its branches
 * (with their supervision phone), the zones with the name of their responsible member and a masked
 * phone, one zone's whole signboard (recent patrols, problems open and resolved; see `Signboard.ts`),
 * the pioneer posts, the public figures of the annual report — and a resident's problem report on a
 * zone, which becomes a case.
 */
import { Report, Zone } from "@bishui/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Conflict, NotFound, TooManyRequests, Unprocessable } from "./Problems.ts"
import { PublicTenantOverview, SignboardResponsible, ZoneSignboard } from "./Signboard.ts"

const Id = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(120))

export const SignboardZone = Schema.Struct({
  code: Schema.String,
  name: Schema.String,
  /** The branch responsible for the zone (see `GET /public/{tenantId}` for its name and supervision phone). */
  branchId: Schema.String,
  riverSegments: Schema.Array(Schema.String),
  responsible: Schema.optionalKey(SignboardResponsible),
  resources: Zone.ZoneResources
})

/** A zone code in a path: what `Zone.ZoneCode` accepts, checked by the handler (a bad one is not found). */
const ZoneCodeParam = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(32))

export const SignboardPost = Schema.Struct({
  name: Schema.String,
  place: Schema.String,
  duties: Schema.Array(Schema.String)
})

export const PublicFigure = Schema.Struct({
  key: Report.FigureKey,
  label: Schema.Struct({ zh: Schema.String, en: Schema.String }),
  exact: Schema.String,
  presented: Schema.String
})

export const ProblemReport = Schema.Struct({
  title: Schema.String.check(Schema.isMinLength(2), Schema.isMaxLength(100)),
  description: Schema.String.check(Schema.isMaxLength(2000)),
  location: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200))),
  name: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(50))),
  phone: Schema.optionalKey(
    Schema.String.check(Schema.isPattern(/^\+?[0-9][0-9 -]{4,18}[0-9]$/, { expected: "a phone number" }))
  )
})

export class PublicGroup extends HttpApiGroup.make("public")
  .add(
    HttpApiEndpoint.get("tenant", "/public/:tenantId", {
      params: { tenantId: Id },
      success: PublicTenantOverview,
      error: [NotFound, TooManyRequests]
    }),
    HttpApiEndpoint.get("zones", "/public/:tenantId/zones", {
      params: { tenantId: Id },
      success: Schema.Array(SignboardZone),
      error: [NotFound, TooManyRequests]
    }),
    HttpApiEndpoint.get("zone", "/public/:tenantId/zones/:code", {
      params: { tenantId: Id, code: ZoneCodeParam },
      success: ZoneSignboard,
      error: [NotFound, TooManyRequests]
    }),
    HttpApiEndpoint.get("pioneerPosts", "/public/:tenantId/pioneer-posts", {
      params: { tenantId: Id },
      success: Schema.Array(SignboardPost),
      error: [NotFound, TooManyRequests]
    }),
    HttpApiEndpoint.get("annualFigures", "/public/:tenantId/branches/:branchId/reports/annual/:year", {
      params: {
        tenantId: Id,
        branchId: Id,
        year: Schema.NumberFromString.check(
          Schema.isInt(),
          Schema.isBetween({ minimum: 1949, maximum: 2200 })
        )
      },
      success: Schema.Struct({
        branchName: Schema.String,
        year: Schema.Int,
        figures: Schema.Array(PublicFigure)
      }),
      error: [NotFound, Unprocessable, TooManyRequests]
    }),
    HttpApiEndpoint.post("reportProblem", "/public/:tenantId/zones/:code/problems", {
      params: { tenantId: Id, code: Schema.String.check(Schema.isMaxLength(32)) },
      payload: ProblemReport,
      success: Schema.Struct({ caseId: Schema.String, status: Schema.String }).pipe(
        HttpApiSchema.status(202)
      ),
      error: [NotFound, Conflict, Unprocessable, TooManyRequests]
    })
  )
  .annotateMerge(
    OpenApi.annotations({
      title: "Public signboard",
      description: "No token. Rate-limited per client. Personal data is masked."
    })
  ) {}

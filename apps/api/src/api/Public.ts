/**
 * The public signboard: what a river signboard shows, without a token — the tenant and its branches
 * (with their supervision phone), the zones with the name of their responsible member and a masked
 * phone, one zone's whole signboard (recent patrols, problems open and resolved; see `Signboard.ts`),
 * the pioneer posts, the public figures of the annual report — and a resident's problem report on a
 * zone, which becomes a case and answers with a receipt code; the code's status tells the resident
 * how the case stands, never who handles it.
 */
import { Case, ProblemCategory, Report, Zone } from "@bishui/domain"
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
  /** What kind of problem (its code; see `ProblemCategory`). */
  category: Schema.optionalKey(ProblemCategory.ProblemCategory),
  location: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200))),
  name: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(50))),
  phone: Schema.optionalKey(
    Schema.String.check(Schema.isPattern(/^\+?[0-9][0-9 -]{4,18}[0-9]$/, { expected: "a phone number" }))
  )
})

/** Text in Chinese and English. */
const Words = Schema.Struct({ zh: Schema.String, en: Schema.String })

/** A local time: RFC 3339 with the tenant's offset, e.g. `2024-05-06T09:00:00.000+08:00`. */
const LocalTime = Schema.String.annotate({
  description: "RFC 3339 local time with the tenant's UTC offset, e.g. 2024-05-06T09:00:00.000+08:00"
})

/** What a resident's problem report answers: the receipt code to follow it with. */
export const ProblemReceipt = Schema.Struct({
  caseId: Schema.String,
  status: Schema.String,
  /** The code to follow the report with, `ABCD-EFGH-JK` (digits 2–9, letters without I, L, O). */
  receipt: Schema.String,
  /** The report's status: GET it with no token. */
  statusUrl: Schema.String
}).annotate({ title: "ProblemReceipt" })

/**
 * How a resident's report stands, for whoever holds its receipt code: the stages reached with their
 * local times, the zone, the status in words, the branch's closing note, how it was closed. Never a
 * name, a phone or a member.
 */
export const ReceiptStatus = Schema.Struct({
  receipt: Schema.String,
  /** This resource. */
  statusUrl: Schema.String,
  /** The tenant's IANA time zone, in which every time here is written. */
  timeZone: Schema.String,
  zone: Schema.optionalKey(Schema.Struct({ code: Schema.String, name: Schema.String })),
  /** The kind of problem reported, when the report named one. */
  category: Schema.optionalKey(ProblemCategory.ProblemCategory),
  /** The current stage (reported, acknowledged, assigned, resolved, verified, …) or closed_as_spam / closed_as_duplicate. */
  status: Case.CaseStatus,
  /** The status in words, for the resident. */
  statusText: Words,
  /** Whether the report is closed: verified, or closed as spam or a duplicate. */
  closed: Schema.Boolean,
  /** The stages reached, in order, with their local times. */
  stages: Schema.Array(Schema.Struct({ stage: Case.CaseStageKind, label: Words, at: LocalTime })),
  /** While the report is open: when the branch's response policy says the problem should be fixed by. */
  fixDueBy: Schema.optionalKey(LocalTime),
  /** The branch's closing note: the note it closed the report with, or that of its verifying stage. */
  closingNote: Schema.optionalKey(Schema.String),
  /** Closed without the repair workflow. */
  closedAs: Schema.optionalKey(
    Schema.Struct({
      as: Case.ClosedAs,
      at: LocalTime,
      /** A duplicate of another resident's report: that report's receipt and status, to follow instead. */
      duplicateOf: Schema.optionalKey(Schema.Struct({ receipt: Schema.String, statusUrl: Schema.String }))
    })
  )
}).annotate({ title: "ReceiptStatus" })

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
      success: ProblemReceipt.pipe(HttpApiSchema.status(202)),
      error: [NotFound, Conflict, Unprocessable, TooManyRequests]
    }),
    HttpApiEndpoint.get("receiptStatus", "/public/:tenantId/receipts/:code", {
      params: {
        tenantId: Id,
        /** The receipt code, in any case, with or without its dashes. */
        code: Schema.String.check(Schema.isMaxLength(40))
      },
      success: ReceiptStatus,
      error: [NotFound, TooManyRequests]
    })
  )
  .annotateMerge(
    OpenApi.annotations({
      title: "Public signboard",
      description:
        "No token. Rate-limited per client. Personal data is masked. A resident's problem report answers with a receipt code; GET /public/{tenantId}/receipts/{code} tells how that report stands (a wrong code is 404, whether or not it ever existed)."
    })
  ) {}

/**
 * The public signboard: what a river signboard shows, without a token — the tenant and its branches
 * (with their supervision phone), the zones with the name of their responsible member and a masked
 * phone, one zone's whole signboard (recent patrols, problems open and resolved; see `Signboard.ts`),
 * the pioneer posts, the public figures of the annual report — and a resident's problem report on a
 * zone, which becomes a case and answers with a receipt code; the code's status tells the resident
 * how the case stands, never who handles it.
 */
import { Case, Report, Zone } from "@bishui/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Conflict, NotFound, TooManyRequests, Unprocessable } from "./Problems.ts"
import { Year } from "./Reports.ts"
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
  /** The kind of problem; its words become the title when no title is given. */
  category: Schema.optionalKey(Case.ProblemCategory),
  /** A short title; optional when a category is given. */
  title: Schema.optionalKey(Schema.String.check(Schema.isMinLength(2), Schema.isMaxLength(100))),
  description: Schema.String.check(Schema.isMaxLength(2000)),
  /**
   * Report again: the receipt code of a report of this zone closed as fixed that is not. The new report
   * links to it, and its status to the new one.
   */
  reopens: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(40))),
  location: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200))),
  name: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(50))),
  phone: Schema.optionalKey(
    Schema.String.check(Schema.isPattern(/^\+?[0-9][0-9 -]{4,18}[0-9]$/u, { expected: "a phone number" }))
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
  statusUrl: Schema.String,
  /**
   * Where to POST the report's photos (up to 3, each one request whose body is the image), within an
   * hour of the report and while it waits to be handled.
   */
  photosUrl: Schema.String
}).annotate({ title: "ProblemReceipt" })

/** A photo added to a resident's report, as stored: re-encoded, without its metadata. */
export const ReportPhoto = Schema.Struct({
  mediaType: Schema.String,
  width: Schema.Int,
  height: Schema.Int,
  byteLength: Schema.Int,
  /** How many photos the report has now (at most 3). */
  photos: Schema.Int
}).annotate({ title: "ReportPhoto" })

/** A photo upload: the image itself as the request body, JPEG, PNG or WebP (checked by its content). */
const PhotoBody = (contentType: string) =>
  Schema.Uint8Array.pipe(HttpApiSchema.asUint8Array({ contentType })).annotate({
    description: "the image file itself (JPEG, PNG or WebP, at most 5 MB); its type is read from its content"
  })

/** A link to another resident's report: its receipt code and status. */
const ReceiptLink = Schema.Struct({ receipt: Schema.String, statusUrl: Schema.String })

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
  /** The kind of problem the resident chose. */
  category: Schema.optionalKey(Case.ProblemCategory),
  /** How many residents said "me too" (我也遇到) on the signboard. */
  followers: Schema.Int,
  /** How many photos the report carries (they are shown to the branch, not here). */
  photos: Schema.Int,
  /** This report reports again a case closed as fixed that was not: that case's receipt and status. */
  reopens: Schema.optionalKey(ReceiptLink),
  /** Reports made again of this one, as not fixed, oldest first. */
  reportedAgain: Schema.Array(ReceiptLink),
  /** Whether it may be reported again as not fixed: it was fixed, and no report made again of it is being handled. */
  canReportAgain: Schema.Boolean,
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
        year: Year
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
    HttpApiEndpoint.post("followProblem", "/public/:tenantId/zones/:code/problems/:caseId/follow", {
      params: { tenantId: Id, code: ZoneCodeParam, caseId: Id },
      success: Schema.Struct({
        /** How many residents follow the problem now. */
        followers: Schema.Int
      }),
      error: [NotFound, Unprocessable, TooManyRequests]
    }),
    HttpApiEndpoint.post("addReportPhoto", "/public/:tenantId/receipts/:code/photos", {
      params: { tenantId: Id, code: Schema.String.check(Schema.isMaxLength(40)) },
      payload: [
        PhotoBody("image/jpeg"),
        PhotoBody("image/png"),
        PhotoBody("image/webp"),
        PhotoBody("application/octet-stream")
      ],
      success: ReportPhoto.pipe(HttpApiSchema.status(201)),
      error: [NotFound, Unprocessable, TooManyRequests]
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
        'No token. Rate-limited per client. Personal data is masked. A resident\'s problem report (category, description, optional contact) answers with a receipt code; its photos follow, one request each whose body is the image (POST /public/{tenantId}/receipts/{code}/photos: JPEG, PNG or WebP by content, at most 5 MB, at most 3, within an hour of the report; location and all other metadata are removed before it is stored). GET /public/{tenantId}/receipts/{code} tells how that report stands (a wrong code is 404, whether or not it ever existed). Instead of reporting an open problem again, a resident follows it (POST …/problems/{caseId}/follow, "me too": once a day per client and case). A report closed as fixed that is not is reported again with `reopens` set to its receipt. Reports are limited per client per hour (429 with Retry-After).'
    })
  ) {}

/**
 * The paired communities' endpoints: a community's pairing ledger for a year, and the service a member
 * registered there (在职党员报到) records, with its hours. The members registered at a community are
 * listed by `GET /members?communityId=…`; their service counts in the member participation report.
 */
import { Calendar, CommunityLedger, Ids, Organisation, ServiceEvent } from "@bishui/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { idempotencyKey, Stored } from "./Envelope.ts"
import { Conflict, Forbidden, NotFound, Unprocessable } from "./Problems.ts"
import { Year } from "./Reports.ts"
import { Authentication } from "./Security.ts"

const Id = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(120))

/** A member's own service at the community they are registered with. */
export const ServiceRecord = Schema.Struct({
  id: Schema.optionalKey(Ids.ServiceEventId),
  /** Who served; a member-role token may leave it out (it is then the token's member). */
  memberId: Schema.optionalKey(Ids.MemberId),
  date: Calendar.LocalDate,
  hours: ServiceEvent.ParticipantHours.fields.hours,
  /** What was done; 「<社区>在职党员报到服务」 when absent. */
  title: Schema.optionalKey(Schema.NonEmptyString),
  place: Schema.optionalKey(Schema.String),
  notes: Schema.optionalKey(Schema.String)
}).annotate({ title: "CommunityServiceRecord" })

const [, , , Community] = Organisation.Organisation.members

export class CommunitiesGroup extends HttpApiGroup.make("communities")
  .add(
    HttpApiEndpoint.get("get", "/communities/:id", {
      params: { id: Id },
      success: HttpApiSchema.WithHeaders(Stored(Community), { etag: Schema.String }),
      error: [NotFound, Forbidden]
    }),
    HttpApiEndpoint.get("ledger", "/communities/:id/ledger/:year", {
      params: { id: Id, year: Year },
      success: CommunityLedger.CommunityLedger,
      error: [NotFound, Forbidden, Unprocessable]
    }),
    HttpApiEndpoint.post("recordService", "/communities/:id/service", {
      params: { id: Id },
      headers: idempotencyKey,
      payload: ServiceRecord,
      success: HttpApiSchema.WithHeaders(Stored(ServiceEvent.ServiceEvent).pipe(HttpApiSchema.status(201)), {
        etag: Schema.String
      }),
      error: [NotFound, Conflict, Unprocessable, Forbidden]
    })
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Communities",
      description:
        "`GET /communities/{id}` reads a community (the organisation of kind `community`, as `GET /organisations/{id}` gives it; another kind is 404). A community's pairing ledger (结对共建台账) for a year: its events by category, the money invested (on community-investment events, exact and as the article writes it: 2.3万元) and the books donated (on book-donation events), its micro-wishes posted and fulfilled in the year (local time), and the members registered there (在职党员报到) with their sessions and hours there. Read by who may read the community (a token whose subtree holds one of its paired branches; an unpaired community by everyone); a token below admin sees its own subtree's records only, and a member's sessions and hours only where it may see the member's personal data. `POST /communities/{id}/service` records a registered member's own service there with its hours, as a `community_service` event of the member's home branch: a member-role token for itself, a secretary for the members of its branches; the member must be registered with the community by that day."
    })
  ) {}

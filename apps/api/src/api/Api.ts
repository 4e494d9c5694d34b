/**
 * The bishui HTTP API, defined once from the domain's schemas. The server implements it, the OpenAPI
 * document (`/openapi.json`) and the docs page (`/docs`) are generated from it.
 */
import { HttpApi, OpenApi } from "effect/http-api"
import { CommunitiesGroup } from "./Communities.ts"
import { documentEdges, edgeProblems } from "./Edges.ts"
import { ExportsGroup } from "./Exports.ts"
import { ImportsGroup } from "./Imports.ts"
import { PublicGroup } from "./Public.ts"
import { ReportsGroup } from "./Reports.ts"
import {
  AuditGroup,
  CampaignsGroup,
  CasesGroup,
  EventsGroup,
  MembersGroup,
  OrganisationsGroup,
  PioneerPostsGroup,
  ProjectsGroup,
  TeamsGroup,
  WishesGroup,
  ZonesGroup
} from "./Resources.ts"
import { ResponsePoliciesGroup } from "./ResponsePolicies.ts"
import { Validation } from "./Security.ts"
import { SessionsGroup, SignInGroup } from "./Sessions.ts"
import { TenantGroup } from "./Tenant.ts"

export class Api extends HttpApi.make("bishui")
  .add(TenantGroup)
  .add(OrganisationsGroup)
  .add(MembersGroup)
  .add(TeamsGroup)
  .add(ProjectsGroup)
  .add(PioneerPostsGroup)
  .add(ZonesGroup)
  .add(EventsGroup)
  .add(CampaignsGroup)
  .add(CasesGroup)
  .add(ResponsePoliciesGroup)
  .add(WishesGroup)
  .add(CommunitiesGroup)
  .add(AuditGroup)
  .add(ReportsGroup)
  .add(ImportsGroup)
  .add(ExportsGroup)
  .add(PublicGroup)
  .add(SignInGroup)
  .add(SessionsGroup)
  .prefix("/v1")
  .middleware(Validation)
  // A 422 lists every offending field, not only the first; a body with a key the contract does not
  // name (`additionalProperties: false`) is refused with that key, not silently ignored.
  .annotate(HttpApi.PayloadParseOptions, { errors: "all", onExcessProperty: "error" })
  .annotate(HttpApi.QueryParseOptions, { errors: "all" })
  .annotate(HttpApi.AdditionalSchemas, edgeProblems)
  .annotateMerge(
    OpenApi.annotations({
      title: "bishui API",
      version: "0.1.0",
      description:
        "Records and reports of a river-management Party branch. Errors are RFC 9457 problem details; each problem's `type` is a page on this server that explains it in Chinese and English — all of them: [/problems](/problems) (问题类型). Authenticate with a bearer token made by `./dev token create`. Instants (`format: date-time`) are taken as RFC 3339 date-times with any offset — `2024-01-01T07:30:00+08:00` — and always given back in UTC with milliseconds — `2023-12-31T23:30:00.000Z` —, the form they are stored in. Days, months and years are the tenant's local ones (its time zone, `GET /v1/tenant`; Asia/Shanghai by default): a day range `from=2024-01-01&to=2024-12-31` on instants is the UTC range of those local days.",
      transform: documentEdges
    })
  ) {}

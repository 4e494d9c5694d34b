/**
 * The bishui HTTP API, defined once from the domain's schemas. The server implements it, the OpenAPI
 * document (`/openapi.json`) and the docs page (`/docs`) are generated from it.
 */
import { HttpApi, OpenApi } from "effect/http-api"
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

export class Api extends HttpApi.make("bishui")
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
  .add(AuditGroup)
  .add(ReportsGroup)
  .add(PublicGroup)
  .prefix("/v1")
  .middleware(Validation)
  // A 422 lists every offending field, not only the first.
  .annotate(HttpApi.PayloadParseOptions, { errors: "all" })
  .annotate(HttpApi.QueryParseOptions, { errors: "all" })
  .annotateMerge(
    OpenApi.annotations({
      title: "bishui API",
      version: "0.1.0",
      description:
        "Records and reports of a river-management Party branch. Errors are RFC 9457 problem details. Authenticate with a bearer token made by `pnpm run token create`."
    })
  ) {}

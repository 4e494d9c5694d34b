/**
 * The bishui HTTP API, defined once from the domain's schemas. The server implements it, the OpenAPI
 * document (`/openapi.json`) and the docs page (`/docs`) are generated from it.
 */
import { HttpApi, OpenApi } from "effect/http-api"
import { documentEdges, edgeProblems } from "./Edges.ts"
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
  .add(WishesGroup)
  .add(AuditGroup)
  .add(ReportsGroup)
  .add(PublicGroup)
  .prefix("/v1")
  .middleware(Validation)
  // A 422 lists every offending field, not only the first.
  .annotate(HttpApi.PayloadParseOptions, { errors: "all" })
  .annotate(HttpApi.QueryParseOptions, { errors: "all" })
  .annotate(HttpApi.AdditionalSchemas, edgeProblems)
  .annotateMerge(
    OpenApi.annotations({
      title: "bishui API",
      version: "0.1.0",
      description:
        "Records and reports of a river-management Party branch. Errors are RFC 9457 problem details; each problem's `type` is a page on this server that explains it in Chinese and English — all of them: [/problems](/problems) (问题类型). Authenticate with a bearer token made by `./dev token create`.",
      transform: documentEdges
    })
  ) {}

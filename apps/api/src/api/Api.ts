/**
 * The bishui HTTP API, defined once from the domain's schemas. The server implements it, the OpenAPI
 * document (`/openapi.json`) and the docs page (`/docs`) are generated from it.
 */
import { HttpApi, OpenApi } from "effect/http-api"
import { PublicGroup } from "./Public.ts"
import { ReportsGroup } from "./Reports.ts"
import { ZonesGroup } from "./Resources.ts"
import { Validation } from "./Security.ts"

export class Api extends HttpApi.make("bishui")
  .add(ZonesGroup)
  .add(ReportsGroup)
  .add(PublicGroup)
  .prefix("/v1")
  .middleware(Validation)
  .annotateMerge(
    OpenApi.annotations({
      title: "bishui API",
      version: "0.1.0",
      description:
        "Records and reports of a river-management Party branch. Errors are RFC 9457 problem details. Authenticate with a bearer token made by `pnpm token create`."
    })
  ) {}

import { OpenApi } from "effect/http-api"
import { writeFileSync } from "node:fs"
import { Api } from "../src/api/Api.ts"
writeFileSync("/tmp/contract-openapi.json", JSON.stringify(OpenApi.fromApi(Api), null, 2))

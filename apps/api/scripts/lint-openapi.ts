/**
 * `pnpm lint:openapi` (in apps/api): the OpenAPI document, exactly as the server makes it
 * (`OpenApi.fromApi(Api)`, what /openapi.json serves), linted by Redocly CLI (`scripts/redocly.ts`).
 * Exits 1 on any problem, warnings included. `pnpm test` runs the same lint over the served document
 * (`test/openapi.test.ts`).
 */
import { OpenApi } from "effect/http-api"
import { Api } from "../src/api/Api.ts"
import { describeProblem, lintWithRedocly } from "./redocly.ts"

const problems = lintWithRedocly(OpenApi.fromApi(Api))
for (const problem of problems) console.error(describeProblem(problem))
console.log(
  problems.length === 0
    ? "OpenAPI document: no problems (Redocly recommended)"
    : `${problems.length} problems`
)
process.exit(problems.length === 0 ? 0 : 1)

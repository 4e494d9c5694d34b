/**
 * What the OpenAPI document says beyond the endpoints' own schemas — what the HTTP layer in front of
 * the API (`http/app.ts`) answers itself, and what every problem carries:
 * - every operation that takes a body can answer 413 (too large) and 415 (not JSON);
 * - every problem schema requires `type`, `title` and `status` — the problem classes always write
 *   them; Effect marks `title` and `status` optional only because it fills them in when decoding;
 * - every operation has its summary and description in Chinese and English (`OperationTexts.ts`).
 * Applied to the generated document as a transform (`Api.ts`), so an endpoint added later is covered.
 */
import type { Schema } from "effect"
import { operationTexts } from "./OperationTexts.ts"
import { ContentTooLarge, UnsupportedMediaType } from "./Problems.ts"
import { problemPath, problemTypes } from "./ProblemTypes.ts"

/** The problems declared here, registered as components of the document (`HttpApi.AdditionalSchemas`). */
export const edgeProblems: ReadonlyArray<Schema.Constraint> = [ContentTooLarge, UnsupportedMediaType]

// biome-ignore lint/suspicious/noExplicitAny: the generated document is walked as plain JSON
type Json = Record<string, any>

const problemJson = "application/problem+json"
const componentRef = (name: string) => `#/components/schemas/${name}`

/** The component names a schema refers to (itself or through `anyOf`/`oneOf`). */
const refsOf = (schema: Json | undefined): ReadonlyArray<string> => {
  if (schema === undefined) return []
  if (typeof schema.$ref === "string") return [schema.$ref.replace("#/components/schemas/", "")]
  return [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap(refsOf)
}

const edgeResponse = (component: string, slug: keyof typeof problemTypes, when: string) => ({
  description: `${problemTypes[slug].title}: ${when} (${problemPath(slug)})`,
  content: { [problemJson]: { schema: { $ref: componentRef(component) } } }
})

export const documentEdges = (spec: Json): Json => {
  const schemas: Json = spec.components?.schemas ?? {}
  // `AdditionalSchemas` registers a problem class as an alias of its encoded form: keep the latter.
  for (const name of ["ContentTooLarge", "UnsupportedMediaType"]) {
    if (schemas[name]?.$ref === componentRef(`${name}Encoded`)) delete schemas[name]
  }
  const problems = new Set<string>()
  for (const item of Object.values<Json>(spec.paths ?? {})) {
    for (const operation of Object.values<Json>(item)) {
      if (typeof operation !== "object" || operation === null || operation.responses === undefined) continue
      const texts = operationTexts[operation.operationId]
      if (texts !== undefined) {
        operation.summary ??= texts.summary
        operation.description ??= texts.description
      }
      if (operation.requestBody !== undefined) {
        operation.responses["413"] ??= edgeResponse(
          "ContentTooLargeEncoded",
          "content-too-large",
          "the body is larger than the API accepts; the connection is then closed"
        )
        operation.responses["415"] ??= edgeResponse(
          "UnsupportedMediaTypeEncoded",
          "unsupported-media-type",
          "the body is not JSON"
        )
      }
      for (const response of Object.values<Json>(operation.responses)) {
        for (const name of refsOf(response?.content?.[problemJson]?.schema)) problems.add(name)
      }
    }
  }
  for (const name of problems) {
    const schema = schemas[name]
    if (schema?.type !== "object") continue
    schema.required = [...new Set([...(schema.required ?? []), "type", "title", "status"])]
  }
  return spec
}

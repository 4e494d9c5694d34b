/**
 * Whether real answers keep to the OpenAPI document the API serves, judged by a validator we did not
 * write — Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) with ajv-formats — over the document's
 * own schemas, never the server's Effect schemas. For an answer to `METHOD url`: the operation is found
 * by the document's path templates; its status must be declared; its content type must be one the
 * status declares; its body must validate against that media type's schema; its required headers must
 * be there. Every answer checked is counted per operation and status, so a suite can say what it
 * covered. Used by `test/conformance.test.ts` and the authorisation matrix.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js"
import addFormatsModule from "ajv-formats"

// ajv-formats is CommonJS: its default export is the function, under `default` when loaded as ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void

// biome-ignore lint/suspicious/noExplicitAny: the document is walked as plain JSON
type Json = any

/** What a check needs of an answer. */
export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
}

interface Template {
  readonly template: string
  readonly pattern: RegExp
  /** Literal segments: `/organisations/temporary-branches` wins over `/organisations/{id}`. */
  readonly literals: number
}

const pointer = (...segments: ReadonlyArray<string>) =>
  segments.map((s) => encodeURIComponent(s.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/")

export const conformance = (document: Json) => {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false })
  addFormats(ajv)
  ajv.addSchema(document, "openapi.json")
  const validators = new Map<string, ValidateFunction>()
  const validatorOf = (path: string, method: string, status: string, mediaType: string) => {
    const ref = `openapi.json#/${pointer("paths", path, method, "responses", status, "content", mediaType, "schema")}`
    let validate = validators.get(ref)
    if (validate === undefined) {
      validate = ajv.compile({ $ref: ref })
      validators.set(ref, validate)
    }
    return validate
  }

  const templates: ReadonlyArray<Template> = Object.keys(document.paths).map((template) => {
    const segments = template.split("/")
    return {
      template,
      pattern: new RegExp(
        `^${segments.map((s) => (s.startsWith("{") ? "[^/]+" : s.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))).join("/")}$`
      ),
      literals: segments.filter((s) => !s.startsWith("{")).length
    }
  })

  /** The document's path template of a request path for a method, or undefined. */
  const templateOf = (method: string, path: string): string | undefined =>
    templates
      .filter((t) => t.pattern.test(path) && document.paths[t.template][method] !== undefined)
      .sort((a, b) => b.literals - a.literals)[0]?.template

  /** Answers checked, by `METHOD template` and status. */
  const covered = new Map<string, Set<number>>()

  /** The ways an answer breaks the document (empty when it keeps to it). */
  const check = (methodName: string, url: string, answer: Answer): ReadonlyArray<string> => {
    const method = methodName.toLowerCase()
    const path = new URL(url, "http://bishui.test").pathname
    const template = templateOf(method, path)
    const where = `${methodName.toUpperCase()} ${url} → ${answer.status}`
    if (template === undefined) return [`${where}: no operation of the document answers it`]
    const key = `${methodName.toUpperCase()} ${template}`
    const statuses = covered.get(key) ?? new Set<number>()
    statuses.add(answer.status)
    covered.set(key, statuses)

    const responses = document.paths[template][method].responses
    const status = String(answer.status)
    const declared = responses[status] ?? responses.default
    if (declared === undefined) {
      return [`${where}: status ${status} is not declared (declared: ${Object.keys(responses).join(", ")})`]
    }
    const problems: Array<string> = []
    for (const [name, header] of Object.entries<Json>(declared.headers ?? {})) {
      if (header.required === true && !answer.headers.has(name)) problems.push(`${where}: no ${name} header`)
    }
    const content: Record<string, Json> = declared.content ?? {}
    if (Object.keys(content).length === 0) {
      if (answer.text.length > 0) problems.push(`${where}: a body where the document declares none`)
      return problems
    }
    const contentType = (answer.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? ""
    const mediaType = Object.keys(content).find((type) => type.split(";")[0]?.trim() === contentType)
    if (mediaType === undefined) {
      problems.push(
        `${where}: content type ${contentType || "(none)"} is not declared (${Object.keys(content)})`
      )
      return problems
    }
    if (content[mediaType].schema === undefined) return problems
    let body: unknown = answer.text
    if (mediaType.includes("json")) {
      try {
        body = JSON.parse(answer.text)
      } catch {
        problems.push(`${where}: the body is not JSON`)
        return problems
      }
    }
    const validate = validatorOf(template, method, status, mediaType)
    if (!validate(body)) {
      const errors = (validate.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`)
      problems.push(`${where}: the body does not match its schema: ${errors.join("; ")}`)
    }
    return problems
  }

  /** Every operation of the document, `METHOD template`. */
  const operations = Object.entries<Json>(document.paths).flatMap(([template, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${template}`)
  )

  return { check, covered, operations, templateOf }
}

/**
 * The two formats GeoReport v2 answers in, chosen by the path's extension (`services.json`,
 * `services.xml`): JSON as is, and the standard's XML — a root element naming the list (`services`,
 * `service_requests`, `errors`), one element per item, nested lists by their singular (`attributes` →
 * `attribute`, `values` → `value`). Absent values are left out in both.
 */

export type Format = "json" | "xml"

/** A resource file name as the standard writes it, `services.json` or `ABCD-EFGH-JK.xml`: its name and format. */
export const fileOf = (file: string): { readonly name: string; readonly format: Format } | undefined => {
  const match = /^(.+)\.(json|xml)$/i.exec(file)
  if (match === null) return undefined
  return { name: match[1] as string, format: (match[2] as string).toLowerCase() as Format }
}

/** What a list's items are called in XML. */
const singular: Readonly<Record<string, string>> = {
  services: "service",
  service_requests: "request",
  errors: "error",
  attributes: "attribute",
  values: "value",
  endpoints: "endpoint",
  formats: "format"
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (ch) =>
    ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : ch === "&" ? "&amp;" : ch === '"' ? "&quot;" : "&apos;"
  )

const element = (name: string, value: unknown): string => {
  if (value === undefined || value === null) return ""
  if (Array.isArray(value)) {
    const item = singular[name] ?? "item"
    return `<${name}>${value.map((v) => element(item, v)).join("")}</${name}>`
  }
  if (typeof value === "object") {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([key, v]) => element(key, v))
      .join("")
    return `<${name}>${inner}</${name}>`
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

/** `body` as XML under `root` (a list is written item by item; an object as its fields). */
export const toXml = (root: string, body: unknown): string =>
  `<?xml version="1.0" encoding="utf-8"?>${element(root, body)}`

/** A response in `format`: JSON, or XML under `root`. */
export const respond = (format: Format, root: string, body: unknown, status = 200): Response =>
  format === "json"
    ? new Response(JSON.stringify(body), {
        status,
        headers: { "content-type": "application/json; charset=utf-8" }
      })
    : new Response(toXml(root, body), {
        status,
        headers: { "content-type": "application/xml; charset=utf-8" }
      })

/** The standard's error answer: `[{ code, description }]` with the HTTP status as the code. */
export const errorResponse = (
  format: Format,
  status: number,
  description: string,
  headers: Record<string, string> = {}
): Response => {
  const response = respond(format, "errors", [{ code: status, description }], status)
  for (const [key, value] of Object.entries(headers)) response.headers.set(key, value)
  return response
}

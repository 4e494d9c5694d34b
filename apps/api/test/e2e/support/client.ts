/**
 * The only way the e2e tests call the API: openapi-fetch's `createClient<paths>()` over the types
 * generated from the served document. Every response through a client is recorded, so a test can
 * check what every answer carried (the `x-request-id`).
 */
import createClient from "openapi-fetch"
import type { paths } from "../generated/api.d.ts"

export type { paths }

export interface Seen {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly requestId: string | null
}

export const makeClient = (baseUrl: string, options: { token?: string; seen?: Array<Seen> } = {}) => {
  const client = createClient<paths>({
    baseUrl,
    headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }
  })
  const seen = options.seen
  if (seen !== undefined) {
    client.use({
      onResponse({ request, response }) {
        seen.push({
          method: request.method,
          path: new URL(request.url).pathname,
          status: response.status,
          requestId: response.headers.get("x-request-id")
        })
        return undefined
      }
    })
  }
  return client
}

export type Client = ReturnType<typeof makeClient>

/**
 * The pages' view of the API: the typed client of the HTTP API (`HttpApiClient.makeWith(Api)`) over an
 * `HttpClient` that hands each request to the API's own web handler in this process — no network hop,
 * no second path to the services. A page sees exactly what any client of `/v1` sees: the same
 * contract, validation, problems and redaction.
 */
import { Context, Effect } from "effect"
import { HttpClient, HttpClientError, HttpClientResponse } from "effect/http"
import { HttpApiClient } from "effect/http-api"
import { Api } from "../api/Api.ts"

/** The web handler the API answers on (the Effect `HttpRouter.toWebHandler`). */
export type WebHandler = (request: Request) => Promise<Response>

/**
 * The request id of the page request being rendered: its API calls carry it in `x-request-id`, so the
 * logs of a page and of the calls it made are found together.
 */
export const PageRequestId = Context.Reference<string | undefined>("@bishui/api/pages/PageRequestId", {
  defaultValue: () => undefined
})

/**
 * The credential of the person a page is rendered for (`Bearer …`): a signed-in console page provides
 * it around its API calls, so each call is authorised exactly as that person's own client would be.
 * The resident's pages leave it unset and see only the public API.
 */
export const PageAuthorization = Context.Reference<string | undefined>(
  "@bishui/api/pages/PageAuthorization",
  {
    defaultValue: () => undefined
  }
)

/** Where in-process requests pretend to go: only the path and query reach the handler. */
const origin = "http://bishui.in-process"

/** An `HttpClient` answered by `handler`, in this process. */
export const inProcessHttpClient = (handler: WebHandler): HttpClient.HttpClient =>
  HttpClient.make((request, url, signal, fiber) => {
    const headers = new Headers(request.headers as Record<string, string>)
    const requestId = fiber.getRef(PageRequestId)
    if (requestId !== undefined) headers.set("x-request-id", requestId)
    const authorization = fiber.getRef(PageAuthorization)
    if (authorization !== undefined) headers.set("authorization", authorization)
    const body = request.body
    const init: RequestInit = { method: request.method, headers, signal }
    if (body._tag === "Uint8Array") init.body = body.body as Uint8Array<ArrayBuffer>
    else if (body._tag === "Raw") init.body = body.body as NonNullable<RequestInit["body"]>
    else if (body._tag === "FormData") init.body = body.formData
    else if (body._tag === "Stream") {
      return Effect.fail(
        new HttpClientError.HttpClientError({
          reason: new HttpClientError.EncodeError({
            request,
            description: "the in-process client sends whole bodies, not streams"
          })
        })
      )
    }
    return Effect.tryPromise({
      try: () => handler(new Request(url, init)),
      catch: (cause) =>
        new HttpClientError.HttpClientError({
          reason: new HttpClientError.TransportError({ request, cause })
        })
    }).pipe(Effect.map((response) => HttpClientResponse.fromWeb(request, response)))
  })

/** The typed client of the whole API, answered in process. Built once per server. */
export const makePageClient = (handler: WebHandler) =>
  Effect.runSync(HttpApiClient.makeWith(Api, { httpClient: inProcessHttpClient(handler), baseUrl: origin }))

export type PageClient = ReturnType<typeof makePageClient>

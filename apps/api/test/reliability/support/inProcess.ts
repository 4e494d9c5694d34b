/**
 * The app in process (`app.request`) over a temporary SQLite file with the seed branch, as
 * ../../support.ts does it, with what the reliability suites need besides: the server's own runtime
 * (to run SQL on its connection, e.g. to make it read-only or full), tokens of any tenant, raw
 * request bodies, and the log lines the app wrote.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Access, Ids } from "@bishui/domain"
import { AccessTokens } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { makeServer, type ServerOptions } from "../../../src/server/Server.ts"

export interface Reply {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are inspected freely in tests
  readonly body: any
}

export interface RequestOptions {
  readonly token?: string | undefined
  /** A JSON body, serialised. */
  readonly body?: unknown
  /** A body sent as is, with `content-type: application/json`. */
  readonly raw?: string
  /** Bytes sent as they are, with the `content-type` of `headers` (a photo upload). */
  readonly bytes?: Uint8Array
  readonly headers?: Record<string, string>
}

export const startInProcess = async (extra: Partial<ServerOptions> = {}) => {
  const dir = mkdtempSync(join(tmpdir(), "bishui-rel-"))
  const databaseUrl = join(dir, "bishui.db")
  const logs: Array<Record<string, unknown>> = []
  const server = await makeServer({
    databaseUrl,
    seed: true,
    publicRateLimit: 1_000_000,
    reportsPerHour: 1_000_000,
    corsOrigins: [],
    log: (entry) => logs.push(entry),
    ...extra
  })
  const runtime = server.runtime()
  if (runtime === undefined) throw new Error("the server has no runtime")

  const token = (request: {
    readonly role: Access.Role
    readonly tenantId?: string
    readonly branchId?: string
    readonly memberId?: string
  }) =>
    runtime.runPromise(
      Effect.gen(function* () {
        const tokens = yield* AccessTokens.AccessTokens
        const issued = yield* tokens.issue({
          tenantId: (request.tenantId ?? Seed.seedTenantId) as Ids.TenantId,
          role: request.role,
          branchId: request.branchId as Ids.OrganisationId | undefined,
          memberId: request.memberId as Ids.MemberId | undefined,
          label: `reliability ${request.role}`
        })
        return issued.token
      })
    )

  /** Statements on the server's own connection. */
  const sql = <A extends object = Record<string, unknown>>(
    text: string,
    params: ReadonlyArray<unknown> = []
  ) =>
    runtime.runPromise(
      Effect.flatMap(SqlClient.SqlClient, (client) => client.unsafe<A>(text, params as Array<unknown>))
    )

  const request = async (method: string, path: string, options: RequestOptions = {}): Promise<Reply> => {
    const headers = new Headers(options.headers)
    if (options.token !== undefined) headers.set("authorization", `Bearer ${options.token}`)
    const body =
      options.bytes ?? options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body))
    if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json")
    else if (body === undefined && method !== "GET" && method !== "DELETE" && method !== "HEAD")
      headers.set("content-length", "0")
    const response = await server.app.request(path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: body as NonNullable<RequestInit["body"]> })
    })
    const text = await response.text()
    const type = response.headers.get("content-type") ?? ""
    let parsed: unknown = text
    if (type.includes("json") && text.length > 0) parsed = JSON.parse(text)
    return { status: response.status, headers: response.headers, text, body: parsed }
  }

  return {
    databaseUrl,
    dir,
    logs,
    server,
    runtime,
    token,
    sql,
    request,
    dispose: async () => {
      await server.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export type InProcess = Awaited<ReturnType<typeof startInProcess>>

/**
 * Load for the fault suites, on 127.0.0.1 only: writers that open cases with ids they choose, so
 * every acknowledged write can be looked up afterwards, and each answer is kept (status, whether it
 * was a problem document, when). A request that got no answer (the server died) has status 0.
 */
import { DatabaseSync } from "node:sqlite"
import { AccessTokens } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Effect, ManagedRuntime } from "effect"
import { appLayer } from "../../../src/server/Server.ts"
import { pgQuery } from "./pg.ts"

export const tenant = Seed.seedTenantId
export const branch = Seed.seedBranchId as string

export interface Outcome {
  readonly id: string
  readonly status: number
  readonly problem: boolean
  readonly body: string
  readonly startedAt: number
  readonly endedAt: number
}

export const caseBody = (id: string) => ({
  id,
  branchId: branch,
  kind: "routine",
  title: "可靠性测试 巡河发现漂浮物",
  description: "故障注入测试写入的案件",
  source: "patrol",
  severity: "low",
  zoneId: "zone-nh-01"
})

export interface Load {
  readonly outcomes: Array<Outcome>
  /** Outcomes so far with this status. */
  readonly count: (status: number) => number
  readonly stop: () => Promise<ReadonlyArray<Outcome>>
}

/** `concurrency` writers posting cases (`POST /v1/cases`) until `stop`, each id new. */
export const writeLoad = (options: {
  readonly url: string
  readonly token: string
  readonly concurrency: number
  readonly prefix: string
  /** Pause between a writer's requests. */
  readonly pauseMs?: number
}): Load => {
  const outcomes: Array<Outcome> = []
  let stopped = false
  let next = 0
  const worker = async () => {
    while (!stopped) {
      const id = `${options.prefix}-${next++}`
      const startedAt = Date.now()
      let status = 0
      let problem = false
      let body = ""
      try {
        const response = await fetch(new URL("/v1/cases", options.url), {
          method: "POST",
          headers: { authorization: `Bearer ${options.token}`, "content-type": "application/json" },
          body: JSON.stringify(caseBody(id)),
          signal: AbortSignal.timeout(20_000)
        })
        body = await response.text()
        status = response.status
        problem = response.headers.get("content-type") === "application/problem+json"
      } catch {
        status = 0
      }
      outcomes.push({ id, status, problem, body, startedAt, endedAt: Date.now() })
      if (options.pauseMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.pauseMs))
    }
  }
  const workers = Array.from({ length: options.concurrency }, worker)
  return {
    outcomes,
    count: (status) => outcomes.filter((o) => o.status === status).length,
    stop: async () => {
      stopped = true
      await Promise.all(workers)
      return outcomes
    }
  }
}

/** An admin token of the seed tenant, issued on the database directly (as `pnpm run token create` does). */
export const adminToken = async (databaseUrl: string): Promise<string> => {
  const runtime = ManagedRuntime.make(appLayer(databaseUrl))
  try {
    return await runtime.runPromise(
      Effect.gen(function* () {
        const tokens = yield* AccessTokens.AccessTokens
        return (yield* tokens.issue({ tenantId: tenant, role: "admin", label: "reliability" })).token
      })
    )
  } finally {
    await runtime.dispose()
  }
}

export interface Stored {
  /** Ids of the cases among `ids` that are stored. */
  readonly cases: ReadonlySet<string>
  /** Ids among `ids` with a `case.open` audit entry, and how many entries each has. */
  readonly audited: ReadonlyMap<string, number>
}

/** What the database holds of the given case ids, read from the database itself. */
export const storedCases = async (databaseUrl: string, prefix: string): Promise<Stored> => {
  const like = `${prefix}-%`
  let cases: ReadonlyArray<{ id: string }>
  let audit: ReadonlyArray<{ entity_id: string }>
  if (/^postgres(ql)?:/.test(databaseUrl)) {
    cases = await pgQuery<{ id: string }>(databaseUrl, "SELECT id FROM cases WHERE id LIKE $1", [like])
    audit = await pgQuery<{ entity_id: string }>(
      databaseUrl,
      "SELECT entity_id FROM audit_log WHERE entity = 'case' AND entity_id LIKE $1",
      [like]
    )
  } else {
    const db = new DatabaseSync(databaseUrl, { readOnly: true })
    try {
      cases = db.prepare("SELECT id FROM cases WHERE id LIKE ?").all(like) as Array<{ id: string }>
      audit = db
        .prepare("SELECT entity_id FROM audit_log WHERE entity = 'case' AND entity_id LIKE ?")
        .all(like) as Array<{ entity_id: string }>
    } finally {
      db.close()
    }
  }
  const audited = new Map<string, number>()
  for (const row of audit) audited.set(row.entity_id, (audited.get(row.entity_id) ?? 0) + 1)
  return { cases: new Set(cases.map((row) => row.id)), audited }
}

/** `PRAGMA integrity_check` of a SQLite file, read-only. */
export const integrity = (path: string): string => {
  const db = new DatabaseSync(path, { readOnly: true })
  try {
    const rows = db.prepare("PRAGMA integrity_check").all() as Array<{ integrity_check: string }>
    return rows.map((row) => row.integrity_check).join("; ")
  } finally {
    db.close()
  }
}

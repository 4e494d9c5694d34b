/**
 * `pnpm run token …` — the admin command for API bearer tokens. Tokens are stored hashed: the plaintext is
 * printed once, at creation, and cannot be shown again.
 *
 *   pnpm run token create --role admin [--tenant siping-water] [--label "ops laptop"]
 *   pnpm run token create --role secretary --branch branch-nanbeihe --label "branch office"
 *   pnpm run token create --role member --branch branch-nanbeihe --member <member-id> --label "patrol phone"
 *   pnpm run token list [--tenant siping-water]
 *   pnpm run token revoke --id <token-id> [--tenant siping-water]
 *
 * The database is `DATABASE_URL` (default ./data/bishui.db), as for `pnpm start`.
 */
import { parseArgs } from "node:util"
import { Access, Calendar, Tenant, TimeZone } from "@bishui/domain"
import { AccessTokens, CurrentActor, Organisations, Seed } from "@bishui/services"
import { Console, Effect, Schema } from "effect"
import { defaultDatabaseUrl } from "./Database.ts"
import { appLayer } from "./server/appLayer.ts"

const usage = `usage: pnpm run token <create|list|revoke> [options]

  create   --role admin|secretary|member|viewer  [--branch ID] [--member ID] [--label TEXT] [--expires YYYY-MM-DD]
           (--expires: the last day it works, to 23:59:59.999 in the tenant's time zone)
  list
  revoke   --id TOKEN-ID

  common   --tenant ID (default ${Seed.seedTenantId}), DATABASE_URL selects the database (default ${defaultDatabaseUrl})

A secretary, member or viewer token is scoped to --branch and everything under it; a member token also
names --member, the member whose patrols, participation and wish claims it records.`

const fail = (message: string): never => {
  process.stderr.write(`token: ${message}\n\n${usage}\n`)
  process.exit(2)
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    tenant: { type: "string", default: Seed.seedTenantId },
    role: { type: "string" },
    branch: { type: "string" },
    member: { type: "string" },
    label: { type: "string" },
    expires: { type: "string" },
    id: { type: "string" },
    help: { type: "boolean", short: "h" }
  }
})

const command = positionals[0]
if (values.help === true || command === undefined) {
  process.stdout.write(`${usage}\n`)
  process.exit(command === undefined && values.help !== true ? 2 : 0)
}

const tenantId = values.tenant as string
const program = Effect.gen(function* () {
  const tokens = yield* AccessTokens.AccessTokens
  switch (command) {
    case "create": {
      const role = Schema.decodeUnknownOption(Access.Role)(values.role)
      if (role._tag === "None") return fail("--role must be admin, secretary, member or viewer")
      // --expires names the last day the token works: a day of the tenant's zone, to its last moment.
      const lastDay =
        values.expires === undefined
          ? undefined
          : Schema.decodeUnknownOption(Calendar.LocalDate)(values.expires)
      if (lastDay?._tag === "None") return fail("--expires must be a date YYYY-MM-DD")
      const tenant = yield* Effect.result((yield* Organisations.Organisations).getTenant(tenantId))
      const timeZone =
        tenant._tag === "Success" ? Tenant.timeZoneOf(tenant.success.record) : TimeZone.defaultTimeZone
      const expiresAt =
        lastDay === undefined
          ? undefined
          : Calendar.instantFromMillis(
              Date.parse(TimeZone.localDaysRange(lastDay.value, lastDay.value, timeZone).end) - 1
            )
      const issued = yield* tokens.issue({
        tenantId,
        role: role.value,
        label: values.label ?? `${role.value} token`,
        ...(values.branch === undefined ? {} : { branchId: values.branch }),
        ...(values.member === undefined ? {} : { memberId: values.member }),
        ...(expiresAt === undefined ? {} : { expiresAt })
      } as Parameters<typeof tokens.issue>[0])
      yield* Console.log(
        `token ${issued.record.record.id} (${role.value}) created. Keep it secret; it is shown only now:\n`
      )
      yield* Console.log(issued.token)
      return
    }
    case "list": {
      const page = yield* tokens.list(tenantId, { limit: 500 })
      for (const { record } of page.items) {
        const status = record.revokedAt !== undefined ? "revoked" : "active"
        yield* Console.log(
          `${record.id}  ${record.role.padEnd(9)} ${(record.branchId ?? "-").padEnd(20)} ${status.padEnd(8)} ${record.label}`
        )
      }
      return
    }
    case "revoke": {
      if (values.id === undefined) return fail("revoke needs --id")
      yield* tokens.revoke(tenantId, values.id)
      yield* Console.log(`token ${values.id} revoked`)
      return
    }
    default:
      return fail(`unknown command ${command}`)
  }
})

program
  .pipe(
    Effect.provideService(CurrentActor.CurrentActor, "admin-command"),
    Effect.provide(appLayer(process.env.DATABASE_URL ?? defaultDatabaseUrl)),
    Effect.runPromise
  )
  .catch((error: unknown) => {
    const tagged = error as { _tag?: unknown; entity?: unknown; id?: unknown; message?: unknown }
    const detail =
      tagged?._tag === "NotFound" && tagged.entity === "tenant"
        ? `no tenant ${String(tagged.id)} in this database — start the server on it once (it loads the seed branch into an empty database) or import the tenant's records first`
        : tagged?._tag === "NotFound"
          ? `no ${String(tagged.entity)} ${String(tagged.id)}`
          : typeof tagged?.message === "string" && tagged.message !== ""
            ? tagged.message
            : String(error)
    process.stderr.write(`token: ${detail}\n`)
    process.exit(1)
  })

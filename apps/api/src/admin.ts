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

import { defaultDatabaseUrl } from "@bishui/database"
import { Access, Calendar, Tenant, TimeZone } from "@bishui/domain"
import { AccessTokens, Organisations } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Clock, Console, Effect, Schema } from "effect"
import { credentialCommand, runCommand } from "./Command.ts"
import { expiresForms, expiryOf } from "./TokenExpiry.ts"

const usage = `usage: ./dev token <create|list|revoke> [options]

  create   --role admin|secretary|member|viewer  [--branch ID] [--member ID] [--label TEXT] [--expires WHEN]
  list
  revoke   --id TOKEN-ID

  --expires  ${expiresForms}; without it the token does not expire

  common   --tenant ID (default ${Seed.seedTenantId}), DATABASE_URL selects the database (default ${defaultDatabaseUrl})

A secretary, member or viewer token is scoped to --branch and everything under it; a member token also
names --member, the member whose patrols, participation and wish claims it records.`

const { command, values, tenantId, fail } = credentialCommand("token", usage)
const program = Effect.gen(function* () {
  const tokens = yield* AccessTokens.AccessTokens
  switch (command) {
    case "create": {
      const role = Schema.decodeUnknownOption(Access.Role)(values.role)
      if (role._tag === "None") return fail("--role must be admin, secretary, member or viewer")
      let expiresAt: Calendar.Instant | undefined
      let expires = ""
      if (values.expires !== undefined) {
        const tenant = yield* (yield* Organisations.Organisations).getTenant(tenantId)
        const zone = Tenant.timeZoneOf(tenant.record)
        const now = Calendar.instantFromMillis(yield* Clock.currentTimeMillis)
        const expiry = expiryOf(values.expires, now, zone)
        if ("error" in expiry) return fail(expiry.error)
        expiresAt = expiry.expiresAt
        expires = `, expires ${TimeZone.toOffsetDateTime(expiresAt, zone)}`
      }
      const issued = yield* tokens.issue({
        tenantId,
        role: role.value,
        label: values.label ?? `${role.value} token`,
        ...(values.branch === undefined ? {} : { branchId: values.branch }),
        ...(values.member === undefined ? {} : { memberId: values.member }),
        ...(expiresAt === undefined ? {} : { expiresAt })
      } as Parameters<typeof tokens.issue>[0])
      // The token alone on stdout (`TOKEN=$(./dev token create …)`); what it is, on stderr.
      yield* Console.error(
        `token ${issued.record.record.id} (${role.value}${expires}) created. Keep it secret; it is shown only now:`
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

runCommand("token", program)

/**
 * `./dev invite …` — one-time sign-in links to the branch console. The link alone goes to stdout
 * (`LINK=$(./dev invite create …)`), what it is to stderr; the link is shown only now (only a hash of
 * its secret is stored) and works once, until it expires.
 *
 *   ./dev invite create --role admin
 *   ./dev invite create --role secretary --branch branch-nanbeihe --label "王建华"
 *   ./dev invite create --role member --branch branch-nanbeihe --member <member-id> --label "刘洋" --expires 3d
 *   ./dev invite list
 *   ./dev invite revoke --id <invite-id>
 *
 * The database is `DATABASE_URL` (default ./data/bishui.db), as for `./dev start`; the link's origin is
 * `PUBLIC_BASE_URL`, else http://HOST:PORT of the server's configuration (127.0.0.1:3000).
 */
import { defaultDatabaseUrl } from "@bishui/database"
import { Access, Calendar, Invite, Tenant, TimeZone } from "@bishui/domain"
import { Invites, Organisations } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Clock, Console, Effect, Schema } from "effect"
import { credentialCommand, runCommand } from "./Command.ts"
import { ServerConfig } from "./Config.ts"
import { inviteLinkOf, linkOrigin } from "./FirstStart.ts"
import { expiresForms, expiryOf } from "./TokenExpiry.ts"

const usage = `usage: ./dev invite <create|list|revoke> [options]

  create   --role admin|secretary|member|viewer  [--branch ID] [--member ID] [--label TEXT] [--expires WHEN]
  list
  revoke   --id INVITE-ID

  --expires  ${expiresForms}; 7 days when absent

  common   --tenant ID (default ${Seed.seedTenantId}), DATABASE_URL selects the database (default ${defaultDatabaseUrl})

Opening the link signs in to the console (/console) with the role: a session of 14 days. A secretary,
member or viewer invite names --branch; a member invite also --member. A link works once.`

const { command, values, tenantId, fail } = credentialCommand("invite", usage)
const program = Effect.gen(function* () {
  const invites = yield* Invites.Invites
  const now = Calendar.instantFromMillis(yield* Clock.currentTimeMillis)
  switch (command) {
    case "create": {
      const role = Schema.decodeUnknownOption(Access.Role)(values.role)
      if (role._tag === "None") return fail("--role must be admin, secretary, member or viewer")
      const tenant = yield* (yield* Organisations.Organisations).getTenant(tenantId)
      const zone = Tenant.timeZoneOf(tenant.record)
      let expiresAt = Calendar.instantFromMillis(Date.parse(now) + Invites.defaultInviteLifetimeMs)
      if (values.expires !== undefined) {
        const expiry = expiryOf(values.expires, now, zone)
        if ("error" in expiry) return fail(expiry.error)
        expiresAt = expiry.expiresAt
      }
      const created = yield* invites.create({
        tenantId,
        role: role.value,
        label: values.label ?? `${role.value} invite`,
        expiresAt,
        ...(values.branch === undefined ? {} : { branchId: values.branch }),
        ...(values.member === undefined ? {} : { memberId: values.member })
      } as Parameters<typeof invites.create>[0])
      const config = yield* ServerConfig
      yield* Console.error(
        `invite ${created.record.record.id} (${role.value}, works once until ${TimeZone.toOffsetDateTime(expiresAt, zone)}) created. Send the link; it is shown only now:`
      )
      yield* Console.log(inviteLinkOf(linkOrigin(config), created.code))
      return
    }
    case "list": {
      const page = yield* invites.list(tenantId, { limit: 500 })
      for (const { record } of page.items) {
        yield* Console.log(
          `${record.id}  ${record.role.padEnd(9)} ${(record.branchId ?? "-").padEnd(20)} ${Invite.statusAt(record, now).padEnd(8)} ${record.expiresAt}  ${record.label}`
        )
      }
      return
    }
    case "revoke": {
      if (values.id === undefined) return fail("revoke needs --id")
      yield* invites.revoke(tenantId, values.id)
      yield* Console.log(`invite ${values.id} withdrawn`)
      return
    }
    default:
      return fail(`unknown command ${command}`)
  }
})

runCommand("invite", program)

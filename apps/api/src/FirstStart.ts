/**
 * Invite links for the command line and the first start: an invite made with the services directly
 * (as `./dev token create` makes tokens), and the console link it opens. On an empty database's first
 * start the server makes one administrator invite (valid 24 hours) and prints its link, like a
 * notebook server's token URL, so a newcomer is in the console in one click. It is made only when the
 * seed was just loaded — never on a later start; `./dev invite create --role admin` makes another.
 */
import { Calendar, type Ids } from "@bishui/domain"
import { CurrentActor, Invites } from "@bishui/services"
import * as Seed from "@bishui/services/seed"
import { Clock, Effect } from "effect"
import { inviteLinkOf } from "./pages/console/links.ts"

/** How long the first start's administrator invite works. */
export const firstStartInviteHours = 24

export { inviteLinkOf }

/** The origin links point at: `PUBLIC_BASE_URL`, else the address the server listens on. */
export const linkOrigin = (config: {
  readonly publicBaseUrl?: string | undefined
  readonly host: string
  readonly port: number
}): string => {
  if (config.publicBaseUrl !== undefined) return config.publicBaseUrl
  // a server listening on every address is reached on this machine at the loopback one
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.port}`
}

/** The first start's administrator invite of the seed tenant: its code. */
export const firstStartInvite = Effect.gen(function* () {
  const invites = yield* Invites.Invites
  const now = yield* Clock.currentTimeMillis
  const created = yield* invites.create({
    tenantId: Seed.seedTenantId as Ids.TenantId,
    role: "admin",
    label: "首次启动管理员 / first-start administrator",
    expiresAt: Calendar.instantFromMillis(now + firstStartInviteHours * 3_600_000)
  })
  return created.code
}).pipe(Effect.provideService(CurrentActor.CurrentActor, "first-start"))

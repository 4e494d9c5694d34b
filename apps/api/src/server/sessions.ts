/**
 * Handlers of sign-in, sessions and invites. Sign-in is the one write a request without a bearer may
 * make: its code is its credential (256 random bits, compared by hash in constant time). Sessions are
 * access tokens of kind `session`; the caller sees and revokes its own, an admin every one.
 */
import { AccessToken, Calendar, Invite } from "@bishui/domain"
import { AccessTokens, Invites } from "@bishui/services"
import { Clock, Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { Forbidden, NotFound, Unauthorized } from "../api/Problems.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { problems } from "./problems.ts"

const nowInstant = Effect.map(Clock.currentTimeMillis, Calendar.instantFromMillis)

const scopeOf = (r: {
  readonly role: AccessToken.AccessToken["role"]
  readonly branchId?: string | undefined
  readonly memberId?: string | undefined
  readonly label: string
}) => ({
  role: r.role,
  ...(r.branchId === undefined ? {} : { branchId: r.branchId }),
  ...(r.memberId === undefined ? {} : { memberId: r.memberId }),
  label: r.label
})

const sessionView = (token: AccessToken.AccessToken, now: Calendar.Instant, currentId: string) => ({
  id: token.id,
  ...scopeOf(token),
  createdAt: token.createdAt,
  ...(token.expiresAt === undefined ? {} : { expiresAt: token.expiresAt }),
  ...(token.revokedAt === undefined ? {} : { revokedAt: token.revokedAt }),
  status: AccessToken.statusAt(token, now),
  current: token.id === currentId
})

const inviteView = (invite: Invite.Invite, now: Calendar.Instant) => ({
  id: invite.id,
  ...scopeOf(invite),
  createdAt: invite.createdAt,
  expiresAt: invite.expiresAt,
  ...(invite.usedAt === undefined ? {} : { usedAt: invite.usedAt }),
  ...(invite.revokedAt === undefined ? {} : { revokedAt: invite.revokedAt }),
  status: Invite.statusAt(invite, now)
})

export const SignInHandlers = HttpApiBuilder.group(
  Api,
  "signIn",
  Effect.fn(function* (handlers) {
    const invites = yield* Invites.Invites
    return handlers.handle("signIn", ({ payload }) =>
      Effect.gen(function* () {
        const session = yield* invites
          .redeem(payload.code.trim())
          .pipe(Effect.mapError((error) => new Unauthorized({ detail: error.message })))
        const record = session.record.record
        return { token: session.token, session: sessionView(record, yield* nowInstant, record.id) }
      })
    )
  })
)

export const SessionsHandlers = HttpApiBuilder.group(
  Api,
  "sessions",
  Effect.fn(function* (handlers) {
    const tokens = yield* AccessTokens.AccessTokens
    const invites = yield* Invites.Invites

    /** Whether a session is the caller's: an admin's are all; a member's, that member's; else the current one. */
    const isOwn = Effect.fnUntraced(function* (token: AccessToken.AccessToken) {
      const principal = yield* CurrentPrincipal
      if (principal.role === "admin") return true
      if (token.id === principal.tokenId) return true
      return principal.memberId !== undefined && token.memberId === principal.memberId
    })

    const noSession = (id: string) => new NotFound({ detail: `no session ${id}` })

    /** Invites a principal may see and withdraw: an admin's, all; a secretary's, their subtree's. */
    const inviteScope = Effect.fnUntraced(function* () {
      const principal = yield* CurrentPrincipal
      if (principal.role === "admin") return { principal, branches: undefined }
      if (principal.role !== "secretary") {
        return yield* new Forbidden({ detail: `a ${principal.role} may not make or see invites` })
      }
      return { principal, branches: principal.subtree }
    })

    return handlers
      .handle("caller", () =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const token = (yield* problems(tokens.get(principal.tenantId, principal.tokenId))).record
          return {
            tenantId: principal.tenantId,
            ...scopeOf(token),
            tokenId: token.id,
            kind: token.kind ?? ("token" as const),
            ...(token.expiresAt === undefined ? {} : { expiresAt: token.expiresAt })
          }
        })
      )
      .handle("list", () =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const now = yield* nowInstant
          const where =
            principal.role === "admin"
              ? { kind: "session" }
              : principal.memberId !== undefined
                ? { kind: "session", member_id: principal.memberId }
                : undefined
          const found =
            where === undefined
              ? [(yield* problems(tokens.get(principal.tenantId, principal.tokenId))).record].filter(
                  (t) => t.kind === "session"
                )
              : (yield* tokens.list(principal.tenantId, { where, limit: 200 })).items.map((v) => v.record)
          // newest first
          const items = found.map((t) => sessionView(t, now, principal.tokenId)).reverse()
          return { items }
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const found = yield* tokens
            .get(principal.tenantId, params.id)
            .pipe(Effect.mapError(() => noSession(params.id)))
          if (found.record.kind !== "session") return yield* noSession(params.id)
          if (!(yield* isOwn(found.record))) {
            return yield* new Forbidden({ detail: `session ${params.id} is not yours to read` })
          }
          return sessionView(found.record, yield* nowInstant, principal.tokenId)
        })
      )
      .handle("revoke", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const found = yield* tokens
            .get(principal.tenantId, params.id)
            .pipe(Effect.mapError(() => noSession(params.id)))
          if (found.record.kind !== "session") return yield* noSession(params.id)
          if (!(yield* isOwn(found.record))) {
            return yield* new Forbidden({ detail: `session ${params.id} is not yours to revoke` })
          }
          const revoked = yield* problems(tokens.revoke(principal.tenantId, params.id))
          return sessionView(revoked.record, yield* nowInstant, principal.tokenId)
        })
      )
      .handle("createInvite", ({ payload }) =>
        Effect.gen(function* () {
          const { principal } = yield* inviteScope()
          if (payload.role === "admin") yield* authorize("administer", {})
          else yield* authorize("manage", { branchId: payload.branchId })
          const now = yield* nowInstant
          const hours = payload.expiresInHours ?? Invites.defaultInviteLifetimeMs / 3_600_000
          const created = yield* problems(
            invites.create({
              tenantId: principal.tenantId,
              role: payload.role,
              label: payload.label,
              expiresAt: Calendar.instantFromMillis(Date.parse(now) + hours * 3_600_000),
              ...(payload.branchId === undefined ? {} : { branchId: payload.branchId }),
              ...(payload.memberId === undefined ? {} : { memberId: payload.memberId })
            } as Invites.CreateInvite)
          )
          return { ...inviteView(created.record.record, now), code: created.code }
        })
      )
      .handle("listInvites", () =>
        Effect.gen(function* () {
          const { principal, branches } = yield* inviteScope()
          const now = yield* nowInstant
          const page = yield* invites.list(principal.tenantId, {
            limit: 200,
            ...(branches === undefined ? {} : { where: { branch_id: [...branches] } })
          })
          return { items: page.items.map((v) => inviteView(v.record, now)).reverse() }
        })
      )
      .handle("getInvite", ({ params }) =>
        Effect.gen(function* () {
          const { principal, branches } = yield* inviteScope()
          const found = yield* problems(invites.get(principal.tenantId, params.id))
          if (branches !== undefined && !branches.has(found.record.branchId ?? "")) {
            return yield* new Forbidden({ detail: `invite ${params.id} is outside your branch` })
          }
          return inviteView(found.record, yield* nowInstant)
        })
      )
      .handle("revokeInvite", ({ params }) =>
        Effect.gen(function* () {
          const { principal, branches } = yield* inviteScope()
          const found = yield* problems(invites.get(principal.tenantId, params.id))
          if (branches !== undefined && !branches.has(found.record.branchId ?? "")) {
            return yield* new Forbidden({ detail: `invite ${params.id} is outside your branch` })
          }
          const revoked = yield* problems(invites.revoke(principal.tenantId, params.id))
          return inviteView(revoked.record, yield* nowInstant)
        })
      )
  })
)

/**
 * Signing in to the console without a password. An admin or secretary makes an invite — a one-time,
 * expiring link with a role and a scope as a token has —; whoever opens it signs in (`POST /sign-in`
 * with the link's code): a session starts, an access token of kind `session` whose text the console
 * keeps in an HttpOnly cookie and presents as the bearer. So a session is used, listed and revoked
 * through the same API as any client: whatever a person can do in the console, a client can.
 */
import { Access, Calendar } from "@bishui/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, OpenApi } from "effect/http-api"
import { Conflict, Forbidden, NotFound, Unauthorized, Unprocessable } from "./Problems.ts"
import { Authentication } from "./Security.ts"

const Scope = {
  role: Access.Role,
  branchId: Schema.optionalKey(Schema.String),
  memberId: Schema.optionalKey(Schema.String),
  label: Schema.String
}

/** A session as listed: who it is for, its scope and lifetime, and whether it is the caller's own. */
export const SessionView = Schema.Struct({
  id: Schema.String,
  ...Scope,
  createdAt: Calendar.Instant,
  expiresAt: Schema.optionalKey(Calendar.Instant),
  revokedAt: Schema.optionalKey(Calendar.Instant),
  status: Schema.Literals(["active", "revoked", "expired"]),
  /** Whether it is the session the request was made with. */
  current: Schema.Boolean
}).annotate({ title: "Session" })

/** Who the caller is: the principal of the bearer and, for a session, when it ends. */
export const Caller = Schema.Struct({
  tenantId: Schema.String,
  role: Access.Role,
  branchId: Schema.optionalKey(Schema.String),
  memberId: Schema.optionalKey(Schema.String),
  /** The token's (or the session's) id. */
  tokenId: Schema.String,
  kind: Schema.Literals(["token", "session"]),
  label: Schema.String,
  expiresAt: Schema.optionalKey(Calendar.Instant)
}).annotate({ title: "Caller" })

export const InviteView = Schema.Struct({
  id: Schema.String,
  ...Scope,
  createdAt: Calendar.Instant,
  expiresAt: Calendar.Instant,
  usedAt: Schema.optionalKey(Calendar.Instant),
  revokedAt: Schema.optionalKey(Calendar.Instant),
  status: Schema.Literals(["active", "used", "revoked", "expired"])
}).annotate({ title: "Invite" })

export const CreatedInvite = Schema.Struct({
  ...InviteView.fields,
  /** The link's code, `bsi_<id>_<secret>`: shown only now. The console's link is `/console/sign-in/<code>`. */
  code: Schema.String
}).annotate({ title: "CreatedInvite" })

export const NewInvite = Schema.Struct({
  role: Access.Role,
  /** Required for every role but admin: the branch whose subtree the session works in. */
  branchId: Schema.optionalKey(Schema.String),
  /** Required for the member role: the member who signs in. */
  memberId: Schema.optionalKey(Schema.String),
  /** Who it is for, e.g. `王芳`. */
  label: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)),
  /** How long the link works, in hours (1 to 720); 168 (7 days) when absent. */
  expiresInHours: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 720 })))
}).annotate({ title: "NewInvite" })

export const SignIn = Schema.Struct({
  /** The invite link's code (`bsi_…`, the link's last path segment). */
  code: Schema.String.check(Schema.isMaxLength(200))
}).annotate({ title: "SignIn" })

export const SignedIn = Schema.Struct({
  /** The session's bearer token: keep it secret (the console keeps it in an HttpOnly cookie). */
  token: Schema.String,
  session: SessionView
}).annotate({ title: "SignedIn" })

export class SignInGroup extends HttpApiGroup.make("signIn")
  .add(
    HttpApiEndpoint.post("signIn", "/sign-in", {
      payload: SignIn,
      success: SignedIn,
      error: [Unauthorized]
    })
  )
  .annotateMerge(
    OpenApi.annotations({
      title: "Sign-in",
      description:
        "Open an invite: `POST /sign-in` with the invite link's code starts a session (an access token of kind `session`, 14 days) and gives its bearer token. An invite works once and expires; a used, withdrawn, expired or unknown code is answered 401. 打开邀请链接即登录：每个链接只能用一次。"
    })
  ) {}

export class SessionsGroup extends HttpApiGroup.make("sessions")
  .add(
    HttpApiEndpoint.get("caller", "/session", { success: Caller, error: [NotFound] }),
    HttpApiEndpoint.get("list", "/sessions", {
      success: Schema.Struct({ items: Schema.Array(SessionView) }),
      error: [NotFound]
    }),
    HttpApiEndpoint.get("get", "/sessions/:id", {
      params: { id: Schema.String },
      success: SessionView,
      error: [NotFound, Forbidden]
    }),
    HttpApiEndpoint.post("revoke", "/sessions/:id/revoke", {
      params: { id: Schema.String },
      success: SessionView,
      error: [NotFound, Forbidden]
    }),
    HttpApiEndpoint.post("createInvite", "/invites", {
      payload: NewInvite,
      success: CreatedInvite,
      error: [NotFound, Forbidden, Unprocessable, Conflict]
    }),
    HttpApiEndpoint.get("listInvites", "/invites", {
      success: Schema.Struct({ items: Schema.Array(InviteView) }),
      error: [Forbidden]
    }),
    HttpApiEndpoint.get("getInvite", "/invites/:id", {
      params: { id: Schema.String },
      success: InviteView,
      error: [NotFound, Forbidden]
    }),
    HttpApiEndpoint.post("revokeInvite", "/invites/:id/revoke", {
      params: { id: Schema.String },
      success: InviteView,
      error: [NotFound, Forbidden]
    })
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Sessions and invites",
      description:
        "`GET /session` says who the bearer is. Sessions: an admin lists, reads and revokes every session of the tenant; anyone else their own (a member's: every session of that member; otherwise the current one) — revoking the current one signs out. Invites: an admin invites any role; a secretary a secretary, member or viewer of their subtree; members and viewers none. An invite is read (`GET /invites/{id}`) and withdrawn by who may see it: an admin, or a secretary of its branch's subtree. An invite's code is shown once, when it is made."
    })
  ) {}

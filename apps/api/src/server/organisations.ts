/**
 * Handlers of the organisations group: the tenant's tree of Party organisations, the paired
 * communities and the contractors; temporary branches established and dissolved.
 */
import { Access, Organisation, Tree } from "@bishui/domain"
import { Organisations } from "@bishui/services"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { Forbidden } from "../api/Problems.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize } from "./access.ts"
import { Remembered } from "./idempotency.ts"
import { problems } from "./problems.ts"
import { expectedVersion, page, withEtag } from "./respond.ts"
import { correctionHandlers } from "./voiding.ts"

type Scope = ReadonlyArray<string | undefined>

/**
 * The branches an organisation is in the scope of: a Party organisation its own (so the secretaries
 * of it and of everything above it), a community the branches it is paired with; a contractor or an
 * unpaired community none — tenant-wide, read by all, managed by admins.
 */
const scopeOf = (organisation: Organisation.Organisation): Scope => {
  switch (organisation._tag) {
    case "PartyGroup":
    case "StandingBranch":
    case "TemporaryBranch":
      return [organisation.id]
    case "Community":
      return organisation.pairedBranchIds.length > 0 ? organisation.pairedBranchIds : [undefined]
    case "Contractor":
      return [undefined]
  }
}

/** Who may create an organisation: a Party organisation is created by its parent (a root by an admin). */
const creationScopeOf = (organisation: Organisation.Organisation): Scope =>
  organisation._tag === "Community" || organisation._tag === "Contractor"
    ? scopeOf(organisation)
    : [organisation.parentId]

/** Managing needs every branch of the scope. */
const authorizeAll = (action: Access.Action, scope: Scope) =>
  Effect.forEach(scope, (branchId) => authorize(action, { branchId }), { discard: true })

/** Whether the principal may read the organisation: one branch of its scope suffices. */
export const readable = (
  principal: CurrentPrincipal["Service"],
  organisation: Organisation.Organisation
): boolean =>
  scopeOf(organisation).some((branchId) =>
    Access.permits(principal, "read", { tenantId: principal.tenantId, branchId }, principal.subtree)
  )

export const OrganisationsHandlers = HttpApiBuilder.group(
  Api,
  "organisations",
  Effect.fn(function* (handlers) {
    const organisations = yield* Organisations.Organisations
    const remembered = yield* Remembered
    // Voided and restored by who may create it: a Party organisation by its parent's secretaries (a
    // temporary branch by its parent branch, as it is established), a community by those of the
    // branches it is paired with, a contractor or an unpaired community by an admin.
    const corrections = yield* correctionHandlers({
      kind: "organisation",
      authorize: (organisation) => authorizeAll("manage", creationScopeOf(organisation))
    })

    return handlers
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          // `within`: the organisations below it — those whose parent is in its subtree.
          let parents: ReadonlyArray<string> | string | undefined = query.parentId
          if (query.within !== undefined) {
            yield* authorize("read", { branchId: query.within })
            const subtree = Tree.subtreeIds(yield* organisations.all(principal.tenantId), query.within)
            parents =
              query.parentId === undefined ? [...subtree] : subtree.has(query.parentId) ? query.parentId : []
          }
          // The tree has no branch column: the page is read, then what the token may not read is left
          // out, and, for `activeFrom`/`activeTo`, the temporary branches not active in those days.
          const found = yield* organisations.list(principal.tenantId, {
            where: { kind: query.kind, parent_id: parents },
            after: query.after,
            limit: query.limit,
            includeVoided: query.include === "voided"
          })
          const { activeFrom, activeTo } = query
          const active = (o: Organisation.Organisation) =>
            o._tag !== "TemporaryBranch" ||
            (activeFrom === undefined && activeTo === undefined) ||
            Organisation.wasActiveDuring(o, activeFrom ?? "0000-01-01", activeTo ?? "9999-12-31")
          return page({
            ...found,
            items: found.items.filter((stored) => readable(principal, stored.record) && active(stored.record))
          })
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const stored = yield* problems(organisations.get(principal.tenantId, params.id))
          if (!readable(principal, stored.record)) {
            return yield* new Forbidden({ detail: `a ${principal.role} token may not read here` })
          }
          return withEtag(stored)
        })
      )
      .handle("void", corrections.void)
      .handle("restore", corrections.restore)
      .handle("create", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const organisation = { ...payload, tenantId: principal.tenantId } as Organisation.Organisation
          yield* authorizeAll("manage", creationScopeOf(organisation))
          return yield* remembered(
            headers["idempotency-key"],
            "organisations.create",
            payload,
            Organisation.Organisation,
            problems(organisations.create(organisation))
          )
        })
      )
      .handle("update", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const current = (yield* problems(organisations.get(principal.tenantId, params.id))).record
          yield* authorizeAll("manage", scopeOf(current))
          const organisation = {
            ...payload,
            id: params.id,
            tenantId: principal.tenantId
          } as Organisation.Organisation
          yield* authorizeAll("manage", scopeOf(organisation))
          // Moving a Party organisation under another parent needs that parent too.
          const parentOf = (o: Organisation.Organisation) => ("parentId" in o ? o.parentId : undefined)
          if (parentOf(organisation) !== parentOf(current)) {
            yield* authorize("manage", { branchId: parentOf(organisation) })
          }
          const version = yield* expectedVersion(headers["if-match"])
          return withEtag(yield* problems(organisations.update(organisation, version)))
        })
      )
      .handle("establishTemporaryBranch", ({ payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          yield* authorize("manage", { branchId: payload.parentId })
          return yield* remembered(
            headers["idempotency-key"],
            "organisations.establishTemporaryBranch",
            payload,
            Organisation.Organisation,
            problems(organisations.establishTemporaryBranch({ ...payload, tenantId: principal.tenantId }))
          )
        })
      )
      .handle("dissolveTemporaryBranch", ({ params, payload, headers }) =>
        Effect.gen(function* () {
          const principal = yield* CurrentPrincipal
          const current = (yield* problems(organisations.get(principal.tenantId, params.id))).record
          // The parent branch decides on its temporary branches.
          yield* authorizeAll(
            "manage",
            current._tag === "TemporaryBranch" ? [current.parentId] : scopeOf(current)
          )
          const version = yield* expectedVersion(headers["if-match"])
          return withEtag(
            yield* problems(
              organisations.dissolveTemporaryBranch(
                principal.tenantId,
                params.id,
                payload.dissolvedOn,
                version
              )
            )
          )
        })
      )
  })
)

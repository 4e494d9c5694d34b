/**
 * The handlers a resource's description (`api/resource.ts`) yields: list, get, create, update, void
 * and restore, the same for every resource —
 * - list: the branch filter checked against the token's scope (or `within` an organisation's subtree),
 *   the list's second range when it has one, the service's query from the filters, the records the
 *   list keeps, each shown as the reader may see it;
 * - get: the record, when one of the branches it is read in is readable;
 * - create: the service's input from the payload, its permissions, once per `Idempotency-Key`;
 * - update: the permissions of changing the stored record into the new one, `If-Match`;
 * - void and restore: `voiding.ts`, with the description's permissions.
 * A group registers them with its workflow actions beside them.
 */
import { Access, Calendar } from "@bishui/domain"
import { Organisations, type Store } from "@bishui/services"
import { Clock, Effect, type Schema } from "effect"
import { Forbidden } from "../api/Problems.ts"
import type { Permission, QueryFields, Resource, UpdateSpec } from "../api/resource.ts"
import { CurrentPrincipal } from "../api/Security.ts"
import { authorize, branchesWithin, listScope } from "./access.ts"
import { oneRange } from "./guards.ts"
import { Remembered } from "./idempotency.ts"
import { type DomainError, problems } from "./problems.ts"
import { expectedVersion, page, pageEncoder, withEtag } from "./respond.ts"
import { correctionHandlers } from "./voiding.ts"

/** Every permission of a request, in order: the first one missing answers 403. */
export const permitAll = (permissions: ReadonlyArray<Permission>) =>
  Effect.forEach(permissions, (p) => authorize(p.action, { branchId: p.branchId, memberId: p.memberId }), {
    discard: true
  })

/** The query parameters every list has, as decoded. */
interface ListParams {
  readonly after?: string | undefined
  readonly limit?: number | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly include?: "voided" | undefined
  readonly within?: string | undefined
}

export const resourceHandlers = <
  Group extends string,
  RecordSchema extends Schema.Top,
  ViewSchema extends Schema.Top,
  CreateName extends string,
  CreatePayload extends Schema.Top,
  Update extends UpdateSpec<RecordSchema["Type"]> | undefined,
  Filters extends QueryFields,
  New,
  Query,
  CE extends DomainError,
  UE extends DomainError,
  R
>(
  resource: Resource<
    Group,
    RecordSchema,
    ViewSchema,
    CreateName,
    CreatePayload,
    Update,
    Filters,
    New,
    Query,
    CE,
    UE,
    R
  >
) =>
  Effect.gen(function* () {
    type A = RecordSchema["Type"]
    type V = ViewSchema["Type"]
    const service = yield* resource.service
    const organisations = yield* Organisations.Organisations
    const remembered = yield* Remembered
    const { show, readIn } = resource
    const personalBranch = resource.personalBranch ?? ((record: A) => readIn(record)[0])

    /** For the current principal, now: a record as a response shows it. */
    const view = Effect.gen(function* () {
      const principal = yield* CurrentPrincipal
      if (show === undefined) return (record: A) => record as V
      const now = Calendar.instantFromMillis(yield* Clock.currentTimeMillis)
      return (record: A): V =>
        show(record, {
          personal: Access.permits(
            principal,
            "readPersonal",
            { tenantId: principal.tenantId, branchId: personalBranch(record) },
            principal.subtree
          ),
          now
        })
    })

    const encodePage = resource.list.encodeOnce === true ? pageEncoder(resource.view) : undefined

    const corrections = yield* correctionHandlers({
      kind: resource.voiding.kind,
      authorize: (record) => permitAll(resource.voiding.access(record as A)),
      view: Effect.map(view, (show) => (record: unknown) => show(record as A))
    })

    const list = ({ query }: { readonly query: ListParams & Schema.Struct<Filters>["Type"] }) =>
      Effect.gen(function* () {
        const principal = yield* CurrentPrincipal
        const { scope, range } = resource.list
        const filter = (query as Record<string, unknown>)[scope.filter] as string | undefined
        const branches: Store.FilterValue =
          scope.within && query.within !== undefined
            ? yield* branchesWithin(organisations, filter, query.within)
            : scope.scoped === false
              ? filter
              : yield* listScope(filter)
        const ranged =
          range === undefined
            ? {}
            : range === "sorted"
              ? { from: query.from, to: query.to }
              : yield* oneRange(
                  { from: query.from, to: query.to },
                  {
                    orderBy: range.orderBy,
                    from: (query as Record<string, unknown>)[range.names[0]] as string | undefined,
                    to: (query as Record<string, unknown>)[range.names[1]] as string | undefined
                  },
                  range
                )
        const found = yield* service.list(principal.tenantId, {
          ...resource.list.query(query, branches),
          ...ranged,
          after: query.after,
          limit: query.limit,
          includeVoided: query.include === "voided"
        } as Query)
        const keep = resource.list.keep?.(query, principal)
        const kept =
          keep === undefined
            ? found
            : { ...found, items: found.items.filter((stored) => keep(stored.record)) }
        return encodePage === undefined || show !== undefined ? page(kept, yield* view) : encodePage(kept)
      })

    const get = ({ params }: { readonly params: { readonly id: string } }) =>
      Effect.gen(function* () {
        const principal = yield* CurrentPrincipal
        const stored = yield* problems(service.get(principal.tenantId, params.id))
        const readable = readIn(stored.record).some((branchId) =>
          Access.permits(principal, "read", { tenantId: principal.tenantId, branchId }, principal.subtree)
        )
        if (!readable) return yield* new Forbidden({ detail: `a ${principal.role} token may not read here` })
        return withEtag(stored, yield* view)
      })

    const create = ({
      payload,
      headers
    }: {
      readonly payload: CreatePayload["Type"]
      readonly headers: { readonly "idempotency-key"?: string | undefined }
    }) =>
      Effect.gen(function* () {
        const principal = yield* CurrentPrincipal
        const input = resource.create.input(payload, principal)
        yield* permitAll(resource.create.access(input, principal))
        const show = yield* view
        return yield* remembered(
          headers["idempotency-key"],
          `${resource.group}.${resource.create.name}`,
          payload,
          resource.view as unknown as Schema.Codec<V, unknown>,
          Effect.map(problems(service.create(input)), (stored) => ({
            ...stored,
            record: show(stored.record)
          }))
        )
      })

    const update = ({
      params,
      payload,
      headers
    }: {
      readonly params: { readonly id: string }
      readonly payload: NonNullable<Update>["payload"]["Type"]
      readonly headers: { readonly "if-match"?: string | undefined }
    }) =>
      Effect.gen(function* () {
        const principal = yield* CurrentPrincipal
        const { update } = resource
        if (update === undefined || service.update === undefined) {
          return yield* Effect.die(new Error(`${resource.group} are changed by their actions only`))
        }
        const current = (yield* problems(service.get(principal.tenantId, params.id))).record
        const next = { ...(payload as object), id: params.id, tenantId: principal.tenantId } as A
        yield* permitAll(update.access(current, next, principal))
        const version = yield* expectedVersion(headers["if-match"])
        return withEtag(yield* problems(service.update(next, version)), yield* view)
      })

    return { list, get, create, update, void: corrections.void, restore: corrections.restore, view }
  })

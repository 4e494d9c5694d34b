/**
 * A resource of the API described once: its path, the record its service stores and the view responses
 * carry (with what a reader without `readPersonal` sees), the create and update payloads, the list's
 * filters (named as the domain names them) and the one place they meet the service's columns, who may
 * read, create, change, void and restore a record, and the service's get / list / create / update.
 *
 * The contract is derived from it here (`endpoints`: list, get, create, update, void and restore as
 * `HttpApiEndpoint`s); the handlers in `server/resource.ts` (`resourceHandlers`). A resource's workflow
 * actions (claim, advance, dissolve, roster…) stay explicit endpoints of its group, next to these.
 */
import { type Access, type Calendar, type Errors, Void } from "@bishui/domain"
import type { Store } from "@bishui/services"
import { type Effect, Schema } from "effect"
import { HttpApiEndpoint, HttpApiSchema } from "effect/http-api"
import { idempotencyKey, ifMatch, listQuery, PageOf, Stored, voidedQuery } from "./Envelope.ts"
import { Conflict, Forbidden, NotFound, PreconditionFailed, Unprocessable } from "./Problems.ts"
import type { CurrentPrincipal } from "./Security.ts"

export const Id = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(120))

/** What a create can answer besides its record: a missing reference, a taken key, a broken rule, a scope. */
export const createErrors = [NotFound, Conflict, Unprocessable, Forbidden] as const
/** What a change of a stored record can answer: the above, and a stale `If-Match`. */
export const updateErrors = [NotFound, Conflict, PreconditionFailed, Unprocessable, Forbidden] as const

export const withEtag = <S extends Schema.Top>(schema: S, status = 200) =>
  HttpApiSchema.WithHeaders(schema.pipe(HttpApiSchema.status(status)), { etag: Schema.String })

// ---- access -----------------------------------------------------------------------------------

/** A permission a request needs: an action on a branch (`undefined`: tenant-wide), maybe about a member. */
export interface Permission {
  readonly action: Access.Action
  readonly branchId: string | undefined
  readonly memberId?: string | undefined
}

/** The principal as the access rules see it. */
export type Principal = CurrentPrincipal["Service"]

/** `manage` on every branch of a scope. */
export const manageAll = (scope: ReadonlyArray<string | undefined>): ReadonlyArray<Permission> =>
  scope.map((branchId) => ({ action: "manage", branchId }))

/** Query parameters: each encodes to text (see `HttpApiEndpoint.QueryConstraint`). */
export type QueryFields = Schema.Struct.Fields &
  Record<string, Schema.Encoder<string | ReadonlyArray<string> | undefined, unknown>>

/** What a list can answer besides its page (the `Validation` middleware adds 422 to every operation). */
export type ListErrors = readonly [typeof Forbidden] | readonly [typeof Forbidden, typeof Unprocessable]

// ---- the description --------------------------------------------------------------------------

/** What the service of a resource offers the generic handlers. */
export interface ResourceService<A, New, Query, CE, UE> {
  readonly get: (tenantId: string, id: string) => Effect.Effect<Store.Versioned<A>, Errors.NotFound>
  readonly list: (tenantId: string, query: Query) => Effect.Effect<Store.Page<A>>
  readonly create: (input: New) => Effect.Effect<Store.Versioned<A>, CE>
  readonly update?:
    | ((record: A, expectedVersion?: number) => Effect.Effect<Store.Versioned<A>, UE>)
    | undefined
}

/** Who reads a response: whether it may see the record's personal data, and when it is answered. */
export interface Reader {
  readonly personal: boolean
  readonly now: Calendar.Instant
}

/** A list's branch filter: checked against the token's scope, with `within` an organisation's subtree. */
export interface ListScope<K extends string> {
  /** The filter that names a branch (`branchId`, `homeBranchId`, `parentId`). */
  readonly filter: K
  /** Whether the list takes `within` (the records of an organisation's subtree). */
  readonly within: boolean
  /** `false`: the filter is not limited to the token's subtree (the list is narrowed by `keep`). */
  readonly scoped?: false | undefined
}

/** A second range a list can be ordered by (cases by fixing, wishes by fulfilment) instead of `from`/`to`. */
export interface ListRange {
  readonly orderBy: string
  readonly names: readonly [string, string]
  readonly zh: string
  readonly en: string
}

/** A record's update: its payload, and what changing `current` into `next` needs. */
export interface UpdateSpec<A> {
  readonly payload: Schema.Top
  readonly access: (current: A, next: A, principal: Principal) => ReadonlyArray<Permission>
}

export interface Resource<
  Group extends string,
  RecordSchema extends Schema.Top,
  ViewSchema extends Schema.Top,
  CreateName extends string,
  CreatePayload extends Schema.Top,
  Update extends UpdateSpec<RecordSchema["Type"]> | undefined,
  Filters extends QueryFields,
  New,
  Query,
  CE,
  UE,
  R
> {
  /** The group's name: operation ids are `{group}.list`, …; idempotency keys `{group}.{create}`. */
  readonly group: Group
  readonly path: `/${string}`
  /** The record as the service stores it. */
  readonly record: RecordSchema
  /** The record as responses carry it (the record itself for records without personal data). */
  readonly view: ViewSchema
  /** The record as `reader` may see it (as it is when absent). */
  readonly show?: ((record: RecordSchema["Type"], reader: Reader) => ViewSchema["Type"]) | undefined
  /** The branch whose `readPersonal` shows the record's personal data unmasked. */
  readonly personalBranch?: ((record: RecordSchema["Type"]) => string | undefined) | undefined
  /** The branches a record is read in: one of them suffices (`undefined`: tenant-wide). */
  readonly readIn: (record: RecordSchema["Type"]) => ReadonlyArray<string | undefined>
  readonly service: Effect.Effect<ResourceService<RecordSchema["Type"], New, Query, CE, UE>, never, R>
  readonly list: {
    readonly filters: Filters
    /** What a list answers besides its page: 403, and 422 when it takes a second range. */
    readonly errors: ListErrors
    readonly scope: ListScope<Extract<keyof Filters, string>>
    /**
     * `from`/`to`: absent, they are not taken (as today for this list); `sorted`, a range of the sort
     * column; a `ListRange`, that or a range of another column (one of the two, 422 for both).
     */
    readonly range?: "sorted" | ListRange | undefined
    /** A page answered with each record encoded once and kept (`respond.ts`, `pageEncoder`): big lists. */
    readonly encodeOnce?: boolean | undefined
    /**
     * The service's query from the filters — the one place the filters meet the service's columns
     * (`zoneId` → `zone_id`): when the services take typed domain filters, only this changes.
     * `branches` is the scope filter as checked (a branch, the branches of `within`, or none).
     */
    readonly query: (
      filters: Schema.Struct<Filters>["Type"],
      branches: Store.FilterValue
    ) => Omit<Query, "after" | "limit" | "includeVoided" | "from" | "to" | "orderBy">
    /** Records of a page read that the list leaves out (a page may then hold fewer than `limit`). */
    readonly keep?:
      | ((
          filters: Schema.Struct<Filters>["Type"],
          principal: Principal
        ) => (record: RecordSchema["Type"]) => boolean)
      | undefined
  }
  readonly create: {
    /** The operation's name: `create`, or the domain's verb (`open`, `post`). */
    readonly name: CreateName
    readonly payload: CreatePayload
    /** The service's input from the payload (the token's tenant added). */
    readonly input: (payload: CreatePayload["Type"], principal: Principal) => New
    readonly access: (input: New, principal: Principal) => ReadonlyArray<Permission>
  }
  /** Absent for records changed only by their workflow actions (cases, wishes). */
  readonly update: Update
  /** The void (作废) and restore actions: the kind the `Voiding` service knows, and who may do them. */
  readonly voiding: {
    readonly kind: Void.VoidableKind
    readonly access: (record: RecordSchema["Type"]) => ReadonlyArray<Permission>
  }
}

/** A resource's description, its types inferred. */
export const describe = <
  const Group extends string,
  RecordSchema extends Schema.Top,
  ViewSchema extends Schema.Top,
  const CreateName extends string,
  CreatePayload extends Schema.Top,
  Update extends UpdateSpec<RecordSchema["Type"]> | undefined,
  const Filters extends QueryFields,
  New,
  Query,
  CE = never,
  UE = never,
  R = never
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
) => resource

type RecordFields = Schema.Struct.Fields & {
  readonly id: Schema.Top
  readonly tenantId: Schema.Top
  readonly voided: Schema.Top
}

/** The create payload of a record: without its tenant (the token's) and void mark, its id optional. */
export const newRecord = <F extends RecordFields>(
  record: Schema.Struct<F>
): Schema.Struct<Omit<F, "id" | "tenantId" | "voided"> & { readonly id: Schema.optionalKey<F["id"]> }> =>
  record.mapFields(({ id, tenantId, voided, ...rest }) => ({ ...rest, id: Schema.optionalKey(id) })) as never

/** The update payload of a record: without id (the path's), tenant and void mark. */
export const changedRecord = <F extends RecordFields>(
  record: Schema.Struct<F>
): Schema.Struct<Omit<F, "id" | "tenantId" | "voided">> =>
  record.mapFields(({ id, tenantId, voided, ...rest }) => rest) as never

// ---- the contract -----------------------------------------------------------------------------

const readEndpoints = <ViewSchema extends Schema.Top, const Filters extends QueryFields>(resource: {
  readonly path: `/${string}`
  readonly view: ViewSchema
  readonly list: { readonly filters: Filters; readonly errors: ListErrors }
}) =>
  [
    HttpApiEndpoint.get("list", resource.path, {
      query: { ...listQuery, ...voidedQuery, ...resource.list.filters },
      success: PageOf(resource.view),
      // typed as the wider of the two: the middleware's 422 is in every operation's errors anyway
      error: resource.list.errors as readonly [typeof Forbidden, typeof Unprocessable]
    }),
    HttpApiEndpoint.get("get", `${resource.path}/:id`, {
      params: { id: Id },
      success: withEtag(Stored(resource.view)),
      error: [NotFound, Forbidden]
    })
  ] as const

const createEndpoint = <
  const CreateName extends string,
  ViewSchema extends Schema.Top,
  P extends Schema.Top
>(resource: {
  readonly path: `/${string}`
  readonly view: ViewSchema
  readonly create: { readonly name: CreateName; readonly payload: P }
}) =>
  HttpApiEndpoint.post(resource.create.name, resource.path, {
    headers: idempotencyKey,
    payload: resource.create.payload,
    success: withEtag(Stored(resource.view), 201),
    error: createErrors
  })

const updateEndpoint = <ViewSchema extends Schema.Top, P extends Schema.Top>(
  path: `/${string}`,
  view: ViewSchema,
  payload: P
) =>
  HttpApiEndpoint.put("update", `${path}/:id`, {
    params: { id: Id },
    headers: ifMatch,
    payload,
    success: withEtag(Stored(view)),
    error: updateErrors
  })

/**
 * The endpoints a description yields, in the order of the group: `list`, `get`, the create (by its
 * name) and, when the resource has one, `update`.
 */
export function endpoints<
  const CreateName extends string,
  ViewSchema extends Schema.Top,
  CreatePayload extends Schema.Top,
  UpdatePayload extends Schema.Top,
  const Filters extends QueryFields
>(resource: {
  readonly path: `/${string}`
  readonly view: ViewSchema
  readonly list: { readonly filters: Filters; readonly errors: ListErrors }
  readonly create: { readonly name: CreateName; readonly payload: CreatePayload }
  readonly update: { readonly payload: UpdatePayload }
}): readonly [
  ...ReturnType<typeof readEndpoints<ViewSchema, Filters>>,
  ReturnType<typeof createEndpoint<CreateName, ViewSchema, CreatePayload>>,
  ReturnType<typeof updateEndpoint<ViewSchema, UpdatePayload>>
]
export function endpoints<
  const CreateName extends string,
  ViewSchema extends Schema.Top,
  CreatePayload extends Schema.Top,
  const Filters extends QueryFields
>(resource: {
  readonly path: `/${string}`
  readonly view: ViewSchema
  readonly list: { readonly filters: Filters; readonly errors: ListErrors }
  readonly create: { readonly name: CreateName; readonly payload: CreatePayload }
  readonly update: undefined
}): readonly [
  ...ReturnType<typeof readEndpoints<ViewSchema, Filters>>,
  ReturnType<typeof createEndpoint<CreateName, ViewSchema, CreatePayload>>
]
export function endpoints(resource: {
  readonly path: `/${string}`
  readonly view: Schema.Top
  readonly list: { readonly filters: QueryFields; readonly errors: ListErrors }
  readonly create: { readonly name: string; readonly payload: Schema.Top }
  readonly update: { readonly payload: Schema.Top } | undefined
}): ReadonlyArray<unknown> {
  return resource.update === undefined
    ? [...readEndpoints(resource), createEndpoint(resource)]
    : [
        ...readEndpoints(resource),
        createEndpoint(resource),
        updateEndpoint(resource.path, resource.view, resource.update.payload)
      ]
}

/** A void's payload: why the record is voided (作废). */
export const VoidRequest = Schema.Struct({ reason: Void.VoidReason }).annotate({ title: "VoidRequest" })

/** A restore's payload: why, optionally (it goes to the audit log). */
export const RestoreRequest = Schema.Struct({ reason: Schema.optionalKey(Void.VoidReason) }).annotate({
  title: "RestoreRequest"
})

/**
 * The void (作废) and restore actions of one kind of record: `POST {path}/{id}/void` with a reason,
 * `POST {path}/{id}/restore`, in the style of the other actions (`If-Match`, `ETag`, problems).
 * Who may do them is who may write the record; see each group. Their texts: `OperationTexts.ts`.
 */
export const corrections = <
  S extends Schema.Top,
  const V extends string = "void",
  const R extends string = "restore"
>(
  path: `/${string}`,
  record: S,
  names: { readonly void: V; readonly restore: R } = { void: "void", restore: "restore" } as {
    readonly void: V
    readonly restore: R
  }
) =>
  [
    HttpApiEndpoint.post(names.void, `${path}/:id/void`, {
      params: { id: Id },
      headers: ifMatch,
      payload: VoidRequest,
      success: withEtag(Stored(record)),
      error: updateErrors
    }),
    HttpApiEndpoint.post(names.restore, `${path}/:id/restore`, {
      params: { id: Id },
      headers: ifMatch,
      payload: RestoreRequest,
      success: withEtag(Stored(record)),
      error: updateErrors
    })
  ] as const

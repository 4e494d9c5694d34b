/**
 * Micro-wishes of residents in paired communities: posted, claimed by a member, fulfilled — or
 * released or withdrawn. Every step goes through the domain's lifecycle functions.
 */
import { Errors, Invariants, Lifecycle, type MicroWish } from "@bishui/domain"
import { Context, Effect } from "effect"
import { layersOf } from "./internal/layers.ts"
import {
  makeRecords,
  type NewRecord,
  newId,
  now,
  type UpdateError,
  type WriteError
} from "./internal/records.ts"
import { listInTenantZone } from "./internal/tenantZone.ts"
import type { ListQuery, Page, Versioned } from "./Store.ts"
import * as Tables from "./Tables.ts"

type Wish = MicroWish.MicroWish

export class MicroWishes extends Context.Service<
  MicroWishes,
  {
    /** Post a wish, or import one in any state (its state is checked). */
    readonly post: (wish: NewRecord<Wish>) => Effect.Effect<Versioned<Wish>, WriteError>
    /** Replace a wish whole, in any state (a corrected ledger row); checked as on post. */
    readonly update: (wish: Wish, expectedVersion?: number) => Effect.Effect<Versioned<Wish>, UpdateError>
    readonly claim: (
      tenantId: string,
      wishId: string,
      claimantId: string,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Wish>, UpdateError>
    readonly fulfil: (
      tenantId: string,
      wishId: string,
      note?: string,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Wish>, UpdateError>
    readonly release: (
      tenantId: string,
      wishId: string,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Wish>, UpdateError>
    readonly withdraw: (
      tenantId: string,
      wishId: string,
      reason?: string,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<Wish>, UpdateError>
    readonly get: (tenantId: string, id: string) => Effect.Effect<Versioned<Wish>, Errors.NotFound>
    readonly list: (tenantId: string, query: ListQuery) => Effect.Effect<Page<Wish>>
  }
>()("@bishui/services/MicroWishes") {
  private static readonly layers = layersOf(
    this,
    Effect.suspend(() => make)
  )
  /** Needs a `Store`. */
  static readonly layer = this.layers.layer
  /** Over its own in-memory Store. */
  static readonly layerMemory = this.layers.layerMemory
  /** Over the SQL Store: needs only an `SqlClient`. */
  static readonly layerNoDeps = this.layers.layerNoDeps
}

const make = Effect.gen(function* () {
  const records = yield* makeRecords
  const { store } = records

  const requireCommunity = (tenantId: string, id: string) =>
    Effect.flatMap(records.referenced(Tables.organisations, tenantId, id), (record) =>
      record._tag === "Community"
        ? Effect.void
        : Effect.fail(
            new Errors.InvariantViolation({
              entity: "micro_wish",
              rule: "wish_in_a_community",
              message: `${id} is a ${record._tag}, not a community`
            })
          )
    )

  const step = (
    change: string,
    tenantId: string,
    wishId: string,
    expectedVersion: number | undefined,
    f: (wish: Wish) => Effect.Effect<Wish, Errors.InvalidTransition | Errors.InvariantViolation>
  ) =>
    records.update(Tables.microWishes, tenantId, wishId, {
      change,
      action: "transition",
      expectedVersion,
      check: Invariants.checkMicroWish,
      step: f
    })

  const checkRefs = (wish: Wish) =>
    Effect.gen(function* () {
      yield* records.ensure(Tables.organisations, wish.tenantId, wish.branchId)
      yield* requireCommunity(wish.tenantId, wish.communityId)
      if (wish.state._tag === "Claimed" || wish.state._tag === "Fulfilled") {
        yield* records.ensure(Tables.members, wish.tenantId, wish.state.claimantId)
      }
    })

  return MicroWishes.of({
    post: Effect.fn("MicroWishes.post")(function* (input: NewRecord<Wish>) {
      const wish = { ...input, id: input.id ?? newId() } as Wish
      yield* checkRefs(wish)
      return yield* records.create(Tables.microWishes, wish, {
        change: "wish.post",
        check: Invariants.checkMicroWish
      })
    }),
    update: Effect.fn("MicroWishes.update")(function* (wish: Wish, expectedVersion?: number) {
      yield* checkRefs(wish)
      return yield* records.update(Tables.microWishes, wish.tenantId, wish.id, {
        change: "wish.update",
        expectedVersion,
        check: Invariants.checkMicroWish,
        step: () => Effect.succeed(wish)
      })
    }),
    claim: Effect.fn("MicroWishes.claim")(function* (
      tenantId: string,
      wishId: string,
      claimantId: string,
      expectedVersion?: number
    ) {
      const claimant = yield* records.referenced(Tables.members, tenantId, claimantId)
      return yield* step("wish.claim", tenantId, wishId, expectedVersion, (wish) =>
        Effect.flatMap(now, (at) => Effect.fromResult(Lifecycle.claimWish(wish, claimant.id, at)))
      )
    }),
    fulfil: Effect.fn("MicroWishes.fulfil")(
      (tenantId: string, wishId: string, note?: string, expectedVersion?: number) =>
        step("wish.fulfil", tenantId, wishId, expectedVersion, (wish) =>
          Effect.flatMap(now, (at) => Effect.fromResult(Lifecycle.fulfilWish(wish, at, note)))
        )
    ),
    release: Effect.fn("MicroWishes.release")((tenantId: string, wishId: string, expectedVersion?: number) =>
      step("wish.release", tenantId, wishId, expectedVersion, (wish) =>
        Effect.fromResult(Lifecycle.releaseWish(wish))
      )
    ),
    withdraw: Effect.fn("MicroWishes.withdraw")(
      (tenantId: string, wishId: string, reason?: string, expectedVersion?: number) =>
        step("wish.withdraw", tenantId, wishId, expectedVersion, (wish) =>
          Effect.flatMap(now, (at) => Effect.fromResult(Lifecycle.withdrawWish(wish, at, reason)))
        )
    ),
    get: (tenantId, id) => records.get(Tables.microWishes, tenantId, id),
    list: (tenantId, query) => listInTenantZone(store, Tables.microWishes, tenantId, query)
  })
})

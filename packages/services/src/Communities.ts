/**
 * The paired communities' side of the branch's work: a community's pairing ledger for a year (events,
 * money, books, wishes, registered members and their service, `CommunityLedger`), and the service a
 * member registered there (在职党员报到) records for themself, with its hours. The members registered at
 * a community are listed by `Organisations.listMembers` with `where: { community_id }`.
 */
import {
  type Calendar,
  CommunityLedger,
  CommunityService,
  Errors,
  type Ids,
  Invariants,
  type Organisation,
  type ServiceEvent
} from "@bishui/domain"
import { Context, Effect } from "effect"
import { layersOf } from "./internal/layers.ts"
import { allPages } from "./internal/pages.ts"
import { makeRecords, newId, type WriteError } from "./internal/records.ts"
import { timeZoneOf } from "./internal/tenantZone.ts"
import type { Versioned } from "./Store.ts"
import * as Tables from "./Tables.ts"

/** A member's own service at the community they are registered with. */
export interface ServiceInput {
  readonly tenantId: string
  readonly communityId: string
  readonly memberId: string
  readonly date: Calendar.LocalDate
  readonly hours: ServiceEvent.ParticipantHours["hours"]
  readonly id?: string | undefined
  readonly title?: string | undefined
  readonly place?: string | undefined
  readonly notes?: string | undefined
}

export class Communities extends Context.Service<
  Communities,
  {
    /**
     * The community's ledger for a year. `branchIds` limits it to those branches' records (events and
     * wishes by branch, members by home branch); all records when absent. `InvariantViolation` when
     * the organisation is not a community.
     */
    readonly ledger: (
      tenantId: string,
      communityId: string,
      year: number,
      options?: { readonly branchIds?: ReadonlySet<string> | undefined }
    ) => Effect.Effect<CommunityLedger.CommunityLedger, Errors.NotFound | Errors.InvariantViolation>
    /**
     * Record a member's service at the community they are registered with (from the day they
     * registered): a `community_service` event under the member's home branch, the member its
     * participant with the hours served.
     */
    readonly recordService: (
      input: ServiceInput
    ) => Effect.Effect<Versioned<ServiceEvent.ServiceEvent>, WriteError>
  }
>()("@bishui/services/Communities") {
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

  const communityOf = Effect.fn("Communities.communityOf")(function* (tenantId: string, id: string) {
    const organisation = (yield* records.get(Tables.organisations, tenantId, id)).record
    if (organisation._tag !== "Community") {
      return yield* new Errors.InvariantViolation({
        entity: "organisation",
        entityId: id,
        rule: "is_community",
        message: `${id} is a ${organisation._tag}, not a community`
      })
    }
    return organisation as Organisation.Community
  })

  return Communities.of({
    ledger: Effect.fn("Communities.ledger")(function* (
      tenantId: string,
      communityId: string,
      year: number,
      options?: { readonly branchIds?: ReadonlySet<string> | undefined }
    ) {
      const community = yield* communityOf(tenantId, communityId)
      const where = { community_id: community.id }
      // One snapshot; each read by the community's index column (events also by the year's dates).
      const input = yield* store.transaction(
        Effect.all(
          {
            timeZone: timeZoneOf(store, tenantId),
            events: allPages(store.collection(Tables.serviceEvents), tenantId, {
              where,
              from: `${year}-01-01`,
              to: `${year}-12-31`
            }),
            wishes: store.collection(Tables.microWishes).all(tenantId, where),
            members: store.collection(Tables.members).all(tenantId, where)
          },
          { concurrency: 1 }
        )
      )
      return CommunityLedger.communityLedger({ ...input, community, year, branchIds: options?.branchIds })
    }),
    recordService: Effect.fn("Communities.recordService")(function* (input: ServiceInput) {
      const community = yield* communityOf(input.tenantId, input.communityId)
      const member = (yield* records.get(Tables.members, input.tenantId, input.memberId)).record
      yield* Effect.fromResult(CommunityService.checkServiceAt(member, community.id, input.date))
      const event = CommunityService.serviceEvent({
        id: (input.id ?? newId()) as Ids.ServiceEventId,
        member,
        community,
        date: input.date,
        hours: input.hours,
        title: input.title,
        place: input.place,
        notes: input.notes
      })
      return yield* records.create(Tables.serviceEvents, event, {
        change: "community.service.record",
        check: Invariants.checkServiceEvent
      })
    })
  })
})

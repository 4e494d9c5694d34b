/**
 * Service events — every activity of the branch, with its links, participants (and their hours) and
 * outcomes — and the recurring campaigns (every November) that events carry out, with each campaign's
 * status in a year (done, due or missed).
 */
import { Calendar, CampaignYear, Errors, type Ids, Invariants, ServiceEvent, Tree } from "@bishui/domain"
import { Clock, Context, Effect, Result } from "effect"
import { layersOf } from "./internal/layers.ts"
import { allPages } from "./internal/pages.ts"
import {
  type BulkAudit,
  makeRecords,
  type NewRecord,
  newId,
  type UpdateError,
  type WriteError
} from "./internal/records.ts"
import { listInTenantZone, timeZoneOf } from "./internal/tenantZone.ts"
import type { ListQuery, Page, Versioned } from "./Store.ts"
import * as Tables from "./Tables.ts"

type Event = ServiceEvent.ServiceEvent

export class ServiceEvents extends Context.Service<
  ServiceEvents,
  {
    readonly record: (event: NewRecord<Event>) => Effect.Effect<Versioned<Event>, WriteError>
    /**
     * Record many events in one transaction, all or none — for imports of long ledgers. The same
     * checks as `record` (references, campaign month, rules), done for the whole list at once; written
     * with multi-row statements. `audit` as in `BulkAudit` (default: one entry per event).
     */
    readonly recordMany: (
      events: ReadonlyArray<NewRecord<Event>>,
      options?: { readonly audit?: BulkAudit | undefined }
    ) => Effect.Effect<ReadonlyArray<Event>, WriteError>
    readonly update: (event: Event, expectedVersion?: number) => Effect.Effect<Versioned<Event>, UpdateError>
    /**
     * Add a participant; with `hours`, record (or replace) the hours they served. Adding someone
     * already listed without hours changes nothing.
     */
    readonly addParticipant: (
      tenantId: string,
      eventId: string,
      memberId: string,
      hours?: ServiceEvent.ParticipantHours["hours"]
    ) => Effect.Effect<Versioned<Event>, UpdateError>
    readonly get: (tenantId: string, id: string) => Effect.Effect<Versioned<Event>, Errors.NotFound>
    readonly list: (tenantId: string, query: ListQuery) => Effect.Effect<Page<Event>>
    readonly createCampaign: (
      campaign: NewRecord<ServiceEvent.Campaign>
    ) => Effect.Effect<Versioned<ServiceEvent.Campaign>, WriteError>
    readonly updateCampaign: (
      campaign: ServiceEvent.Campaign,
      expectedVersion?: number
    ) => Effect.Effect<Versioned<ServiceEvent.Campaign>, UpdateError>
    readonly getCampaign: (
      tenantId: string,
      id: string
    ) => Effect.Effect<Versioned<ServiceEvent.Campaign>, Errors.NotFound>
    readonly listCampaigns: (tenantId: string, query: ListQuery) => Effect.Effect<Page<ServiceEvent.Campaign>>
    /**
     * The campaigns of a Party organisation's subtree running in a year, each done, due or missed as
     * of now (`Clock`) in the tenant's time zone (`CampaignYear`). `InvariantViolation` when the
     * organisation is not a Party one.
     */
    readonly campaignYear: (
      tenantId: string,
      branchId: string,
      year: number
    ) => Effect.Effect<CampaignYear.CampaignYear, Errors.NotFound | Errors.InvariantViolation>
  }
>()("@bishui/services/ServiceEvents") {
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

  /** References must exist, and an event of a campaign must fall in the campaign's month. */
  const checkRefs = (event: Event) =>
    Effect.gen(function* () {
      const t = event.tenantId
      yield* records.ensure(Tables.organisations, t, event.branchId)
      yield* records.ensure(Tables.projects, t, event.links.projectId)
      yield* records.ensure(Tables.zones, t, event.links.zoneId)
      yield* records.ensure(Tables.organisations, t, event.links.communityId)
      yield* records.ensure(Tables.pioneerPosts, t, event.links.pioneerPostId)
      yield* records.ensure(Tables.organisations, t, event.links.partnerBranchId)
      for (const id of event.participantIds) yield* records.ensure(Tables.members, t, id)
      const campaign = yield* records.ensure(Tables.campaigns, t, event.campaignId)
      if (campaign !== undefined) yield* Effect.fromResult(Invariants.checkCampaignEvent(campaign, event))
    })

  const update = Effect.fn("ServiceEvents.update")(function* (event: Event, expectedVersion?: number) {
    yield* checkRefs(event)
    return yield* records.update(Tables.serviceEvents, event.tenantId, event.id, {
      change: "service_event.update",
      expectedVersion,
      check: Invariants.checkServiceEvent,
      step: () => Result.succeed(event)
    })
  })

  return ServiceEvents.of({
    record: Effect.fn("ServiceEvents.record")(function* (input: NewRecord<Event>) {
      const event = { ...input, id: input.id ?? newId() } as Event
      yield* checkRefs(event)
      return yield* records.create(Tables.serviceEvents, event, {
        change: "service_event.record",
        check: Invariants.checkServiceEvent
      })
    }),
    recordMany: Effect.fn("ServiceEvents.recordMany")(function* (
      inputs: ReadonlyArray<NewRecord<Event>>,
      options?: { readonly audit?: BulkAudit | undefined }
    ) {
      const events = inputs.map((input) => ({ ...input, id: input.id ?? newId() }) as Event)
      const byTenant = new Map<string, Array<Event>>()
      for (const e of events) {
        const list = byTenant.get(e.tenantId)
        if (list === undefined) byTenant.set(e.tenantId, [e])
        else list.push(e)
      }
      for (const [t, list] of byTenant) {
        yield* records.ensureMany(
          Tables.organisations,
          t,
          list.flatMap((e) => [e.branchId, e.links.communityId, e.links.partnerBranchId])
        )
        yield* records.ensureMany(
          Tables.projects,
          t,
          list.map((e) => e.links.projectId)
        )
        yield* records.ensureMany(
          Tables.zones,
          t,
          list.map((e) => e.links.zoneId)
        )
        yield* records.ensureMany(
          Tables.pioneerPosts,
          t,
          list.map((e) => e.links.pioneerPostId)
        )
        yield* records.ensureMany(
          Tables.members,
          t,
          list.flatMap((e) => e.participantIds)
        )
        const campaigns = yield* records.ensureMany(
          Tables.campaigns,
          t,
          list.map((e) => e.campaignId)
        )
        for (const e of list) {
          const campaign = e.campaignId === undefined ? undefined : campaigns.get(e.campaignId)
          if (campaign !== undefined) yield* Effect.fromResult(Invariants.checkCampaignEvent(campaign, e))
        }
      }
      return yield* records.createMany(Tables.serviceEvents, events, {
        change: "service_event.record",
        check: Invariants.checkServiceEvent,
        audit: options?.audit
      })
    }),
    update,
    addParticipant: Effect.fn("ServiceEvents.addParticipant")(function* (
      tenantId: string,
      eventId: string,
      memberId: string,
      hours?: ServiceEvent.ParticipantHours["hours"]
    ) {
      yield* records.ensure(Tables.members, tenantId, memberId)
      return yield* records.update(Tables.serviceEvents, tenantId, eventId, {
        change: "service_event.participant.add",
        check: Invariants.checkServiceEvent,
        step: (event) => Result.succeed(withParticipant(event, memberId as Ids.MemberId, hours))
      })
    }),
    get: (tenantId, id) => records.get(Tables.serviceEvents, tenantId, id),
    list: (tenantId, query) => listInTenantZone(store, Tables.serviceEvents, tenantId, query),
    createCampaign: Effect.fn("ServiceEvents.createCampaign")(function* (
      input: NewRecord<ServiceEvent.Campaign>
    ) {
      const campaign = { ...input, id: input.id ?? newId() } as ServiceEvent.Campaign
      yield* records.ensure(Tables.organisations, campaign.tenantId, campaign.branchId)
      return yield* records.create(Tables.campaigns, campaign, { change: "campaign.create" })
    }),
    updateCampaign: Effect.fn("ServiceEvents.updateCampaign")(function* (
      campaign: ServiceEvent.Campaign,
      expectedVersion?: number
    ) {
      yield* records.ensure(Tables.organisations, campaign.tenantId, campaign.branchId)
      return yield* records.update(Tables.campaigns, campaign.tenantId, campaign.id, {
        change: "campaign.update",
        expectedVersion,
        step: () => Result.succeed(campaign)
      })
    }),
    getCampaign: (tenantId, id) => records.get(Tables.campaigns, tenantId, id),
    listCampaigns: (tenantId, query) => store.collection(Tables.campaigns).list(tenantId, query),
    campaignYear: Effect.fn("ServiceEvents.campaignYear")(function* (
      tenantId: string,
      branchId: string,
      year: number
    ) {
      const branch = (yield* records.get(Tables.organisations, tenantId, branchId)).record
      if (
        branch._tag !== "StandingBranch" &&
        branch._tag !== "TemporaryBranch" &&
        branch._tag !== "PartyGroup"
      ) {
        return yield* new Errors.InvariantViolation({
          entity: "organisation",
          entityId: branchId,
          rule: "campaigns_of_party_organisation",
          message: `campaigns belong to a Party organisation; ${branchId} is a ${branch._tag}`
        })
      }
      const now = Calendar.instantFromMillis(yield* Clock.currentTimeMillis)
      const events = store.collection(Tables.serviceEvents)
      const input = yield* store.transaction(
        Effect.gen(function* () {
          const timeZone = yield* timeZoneOf(store, tenantId)
          const organisations = yield* store.collection(Tables.organisations).all(tenantId)
          const subtree = Tree.subtreeIds(organisations, branch.id)
          const campaigns = (yield* store.collection(Tables.campaigns).all(tenantId)).filter(
            (c) => subtree.has(c.branchId) && ServiceEvent.isCampaignDueIn(c, year)
          )
          // Per campaign, its month of the year: the events carrying it out, and those of its
          // category that month (the unlinked ones among them are listed beside it).
          const found = yield* Effect.forEach(
            campaigns,
            (c) => {
              const { from, to } = CampaignYear.monthDays(year, c.recursInMonth)
              return Effect.map(
                Effect.all(
                  [
                    allPages(events, tenantId, { where: { campaign_id: c.id }, from, to }),
                    allPages(events, tenantId, { where: { category: c.category }, from, to })
                  ],
                  { concurrency: 1 }
                ),
                (lists) => lists.flat()
              )
            },
            { concurrency: 1 }
          )
          const unique = new Map(found.flat().map((e) => [e.id, e]))
          return { timeZone, organisations, campaigns, events: [...unique.values()] }
        })
      )
      return CampaignYear.campaignYear({
        ...input,
        branchId: branch.id as Ids.OrganisationId,
        year,
        now
      })
    })
  })
})

/** The event with the member among its participants, and with their hours when given. */
const withParticipant = (
  event: Event,
  memberId: Ids.MemberId,
  hours: ServiceEvent.ParticipantHours["hours"] | undefined
): Event => {
  const listed = event.participantIds.includes(memberId)
  if (listed && hours === undefined) return event
  const participantIds = listed ? event.participantIds : [...event.participantIds, memberId]
  if (hours === undefined) return { ...event, participantIds }
  const others = (event.participantHours ?? []).filter((h) => h.memberId !== memberId)
  return { ...event, participantIds, participantHours: [...others, { memberId, hours }] }
}

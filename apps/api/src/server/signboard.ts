/**
 * What the public signboard endpoints assemble from the services: the tenant with its standing branches,
 * and one zone's signboard — its responsible member (masked phone), its patrols of the last 30 local
 * days, its problems open and resolved. Only what a public signboard may show leaves here: no reporter,
 * no patroller phone, no ID number; a title's long digit runs (a phone a resident typed) are masked.
 */
import {
  Calendar,
  Case,
  type Member,
  type Organisation,
  PersonalData,
  Tenant,
  TimeZone
} from "@bishui/domain"
import { Cases, Organisations, Zones } from "@bishui/services"
import { BigDecimal, Clock, Effect } from "effect"
import { NotFound } from "../api/Problems.ts"
import type { ZoneSignboard } from "../api/Signboard.ts"
import { maskDigits } from "../http/app.ts"

/** The window of patrols a signboard counts, in local days (today included). */
export const patrolWindowDays = 30
const recentPatrolsShown = 5
const openProblemsShown = 20
const resolvedProblemsShown = 5
/** A zone's records read for one signboard at most (pages of 500): a bound, not a business rule. */
const maxRecordsRead = 5_000

const dayMillis = 86_400_000

const publicBranch = (branch: Organisation.StandingBranch) => ({
  id: branch.id,
  name: branch.name,
  ...(branch.unitName === undefined ? {} : { unitName: branch.unitName }),
  ...(branch.brand === undefined ? {} : { brand: branch.brand }),
  ...(branch.signboard === undefined ? {} : { supervisionPhone: branch.signboard.supervisionPhone })
})

/** The responsible member as a signboard names them: name, role, masked phone. */
export const responsibleOf = (member: Member.Member) => ({
  name: member.name,
  role: member.role,
  ...(member.phone === undefined ? {} : { phone: PersonalData.maskPhone(member.phone) })
})

export const makeSignboards = Effect.gen(function* () {
  const organisations = yield* Organisations.Organisations
  const zones = yield* Zones.Zones
  const cases = yield* Cases.Cases

  const tenantOf = (tenantId: string) =>
    organisations.getTenant(tenantId).pipe(
      Effect.map((t) => t.record),
      Effect.mapError(() => new NotFound({ detail: `no tenant ${tenantId}` }))
    )

  const standingBranches = (tenantId: string) =>
    organisations
      .list(tenantId, { where: { kind: "StandingBranch" }, limit: 500 })
      .pipe(
        Effect.map((page) =>
          page.items.flatMap(({ record }) => (record._tag === "StandingBranch" ? [record] : []))
        )
      )

  const tenant = Effect.fn("Signboards.tenant")(function* (tenantId: string) {
    const found = yield* tenantOf(tenantId)
    const branches = yield* standingBranches(tenantId)
    return {
      id: found.id,
      name: found.name,
      timeZone: Tenant.timeZoneOf(found),
      branches: branches.map(publicBranch)
    }
  })

  /** Every record of a list query, page after page, up to the bound. */
  const readAll = <A>(
    list: (after: string | undefined) => Effect.Effect<{
      readonly items: ReadonlyArray<{ readonly record: A }>
      readonly next?: string
    }>
  ) =>
    Effect.gen(function* () {
      const out: Array<A> = []
      let after: string | undefined
      do {
        const page = yield* list(after)
        for (const item of page.items) out.push(item.record)
        after = page.next
      } while (after !== undefined && out.length < maxRecordsRead)
      return out
    })

  const zone = Effect.fn("Signboards.zone")(function* (tenantId: string, code: string) {
    const found = yield* tenantOf(tenantId)
    const timeZone = Tenant.timeZoneOf(found)
    const local = (instant: Calendar.Instant) => TimeZone.toOffsetDateTime(instant, timeZone)
    const notFound = new NotFound({ detail: `no zone ${code} in ${tenantId}` })
    const listed = yield* zones.list(tenantId, { where: { code }, limit: 1 })
    const zoneRecord = listed.items[0]?.record
    if (zoneRecord === undefined) return yield* notFound
    const branch = yield* organisations.get(tenantId, zoneRecord.branchId).pipe(
      Effect.map((b) => b.record),
      Effect.orElseSucceed(() => undefined)
    )
    const memberName = new Map<string, Member.Member | undefined>()
    const memberOf = (id: string) =>
      memberName.has(id)
        ? Effect.succeed(memberName.get(id))
        : organisations.getMember(tenantId, id).pipe(
            Effect.map((m) => m.record),
            Effect.orElseSucceed(() => undefined),
            Effect.tap((m) => Effect.sync(() => memberName.set(id, m)))
          )
    const responsible =
      zoneRecord.responsibleMemberId === undefined
        ? undefined
        : yield* memberOf(zoneRecord.responsibleMemberId)

    // Patrols of the last 30 local days: from the start of the local day 29 days ago.
    const now = Calendar.instantFromMillis(yield* Clock.currentTimeMillis)
    const today = TimeZone.localDateOf(now, timeZone)
    const firstDay = new Date(Date.parse(`${today}T00:00:00.000Z`) - (patrolWindowDays - 1) * dayMillis)
      .toISOString()
      .slice(0, 10) as Calendar.LocalDate
    const windowStart = TimeZone.startOfLocalDay(firstDay, timeZone)
    const patrols = yield* readAll((after) =>
      zones.listPatrols(tenantId, {
        where: { zone_id: zoneRecord.id },
        from: windowStart,
        limit: 500,
        ...(after === undefined ? {} : { after })
      })
    )
    const inWindow = patrols.filter((p) => p.startedAt >= windowStart && p.startedAt <= now)
    const recent = yield* Effect.forEach(inWindow.slice(-recentPatrolsShown).reverse(), (p) =>
      Effect.map(memberOf(p.memberId), (member) => ({
        startedAt: local(p.startedAt),
        ...(p.endedAt === undefined ? {} : { endedAt: local(p.endedAt) }),
        ...(member === undefined ? {} : { patroller: member.name }),
        ...(p.litterCollected === undefined
          ? {}
          : { litterCollectedKg: BigDecimal.format(p.litterCollected) })
      }))
    )

    // Reports closed as spam or duplicates count nowhere, here neither.
    const zoneCases = (yield* readAll((after) =>
      cases.list(tenantId, {
        where: { zone_id: zoneRecord.id },
        limit: 500,
        ...(after === undefined ? {} : { after })
      })
    )).filter(Case.counts)
    const problem = (c: Case.Case) => {
      const fixed = Case.fixedAt(c)
      return {
        id: c.id,
        title: maskDigits(c.title),
        ...(c.category === undefined ? {} : { category: c.category }),
        followers: c.followers ?? 0,
        kind: c.kind,
        status: Case.currentStage(c).stage,
        openedAt: local(c.stages[0].at),
        ...(fixed === undefined ? {} : { fixedAt: local(fixed) })
      }
    }
    const open = zoneCases.filter((c) => !Case.isHandled(c)).reverse()
    const resolved = zoneCases
      .filter(Case.isHandled)
      .sort((a, b) => ((Case.fixedAt(b) ?? "") < (Case.fixedAt(a) ?? "") ? -1 : 1))

    const signboard: ZoneSignboard = {
      tenant: { id: found.id, name: found.name, timeZone },
      branch:
        branch?._tag === "StandingBranch"
          ? publicBranch(branch)
          : { id: zoneRecord.branchId, name: branch?.name ?? zoneRecord.branchId },
      zone: {
        code: zoneRecord.code,
        name: zoneRecord.name,
        riverSegments: zoneRecord.riverSegments,
        resources: zoneRecord.resources,
        ...(responsible === undefined ? {} : { responsible: responsibleOf(responsible) })
      },
      patrols: { days: patrolWindowDays, count: inWindow.length, recent },
      problems: {
        openCount: open.length,
        open: open.slice(0, openProblemsShown).map(problem),
        resolvedCount: resolved.length,
        resolved: resolved.slice(0, resolvedProblemsShown).map(problem)
      }
    }
    return signboard
  })

  return { tenant, zone }
})

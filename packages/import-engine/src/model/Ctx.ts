/**
 * What an import of one workbook works with: the tenant, the Store and the services, and a resolver
 * that finds records by the names operators write — an organisation by name (a community by name and
 * district), a member by name within the branch (with a phone number to tell namesakes apart), a zone
 * by code, a project, pioneer post, campaign or team by name, a case by title. Rows not yet written
 * (earlier in the same workbook) are found too: they are registered as pending with the id they will
 * get. Lookups are cached per workbook and the cache of a kind is dropped whenever one is written.
 */
import { type Calendar, Cell, type Organisation } from "@bishui/domain"
import type {
  Cases,
  MicroWishes,
  Organisations,
  Projects,
  ServiceEvents,
  Store,
  Tables as TablesModule,
  Zones
} from "@bishui/services"
import { Tables } from "@bishui/services"
import { Effect } from "effect"
import type { WriteError } from "../base/WriteError.ts"
import { fold, same, type Words } from "../sheet/Column.ts"
import type { KindName } from "../sheet/Sheet.ts"

export interface ServicesOf {
  readonly organisations: Organisations.Organisations["Service"]
  readonly projects: Projects.Projects["Service"]
  readonly zones: Zones.Zones["Service"]
  readonly events: ServiceEvents.ServiceEvents["Service"]
  readonly cases: Cases.Cases["Service"]
  readonly wishes: MicroWishes.MicroWishes["Service"]
}

export type Ref = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly reason: Words }

const found = (id: string): Ref => ({ ok: true, id })
const missing = (reason: Words): Ref => ({ ok: false, reason })

const orgKey = (text: string, kinds: ReadonlyArray<Organisation.OrganisationKind>, noun: Words) =>
  `${kinds.join(",")}\u0000${noun.en}\u0000${text}`
const partyOrgKinds: ReadonlyArray<Organisation.OrganisationKind> = [
  "PartyGroup",
  "StandingBranch",
  "TemporaryBranch"
]
const partyOrgNoun: Words = { zh: "党组织", en: "Party organisation" }
const communityKinds: ReadonlyArray<Organisation.OrganisationKind> = ["Community"]
const communityNoun: Words = { zh: "社区", en: "community" }
/** The memo key of the tenant's only standing branch (no organisation key starts with a NUL). */
const defaultBranchKey = "\u0000default branch"

export interface OrgEntry {
  readonly id: string
  readonly kind: Organisation.OrganisationKind
  readonly name: string
  readonly district?: string | undefined
  readonly parentId?: string | undefined
}

export interface MemberEntry {
  readonly id: string
  readonly name: string
  readonly phone?: string | undefined
  readonly homeBranchId: string
}

export interface NamedEntry {
  readonly id: string
  /** The name (a zone's code, a case's title). */
  readonly name: string
  readonly branchId?: string | undefined
}

/** A reference to a member as written: `王建华`, `王建华（13800000101）`, `王建华（组长）`. */
export interface MemberRef {
  readonly name: string
  readonly phone?: string | undefined
  /** Other notes in brackets (a role, say). */
  readonly notes: ReadonlyArray<string>
  readonly text: string
}

const phoneLike = /^\+?[0-9][0-9 -]{4,18}[0-9]$/

export const parseMemberRef = (text: string): MemberRef => {
  const normal = Cell.normalizeText(text).replace(/【/g, "(").replace(/】/g, ")")
  const notes: Array<string> = []
  let phone: string | undefined
  const name = normal
    .replace(/\(([^()]*)\)/g, (_, inner: string) => {
      for (const part of inner.split(/[,，;；]/)) {
        const note = part.trim()
        if (note === "") continue
        if (phone === undefined && phoneLike.test(note)) phone = note
        else notes.push(note)
      }
      return ""
    })
    .trim()
  return { name, phone, notes, text: normal }
}

/** A community as written: `中兴社区` or `中兴社区（铁西区）`. */
export const parseCommunityRef = (text: string): { readonly name: string; readonly district?: string } => {
  const normal = Cell.normalizeText(text)
  const match = /^(.*?)\s*\(([^()]+)\)$/.exec(normal)
  return match === null
    ? { name: normal }
    : { name: (match[1] as string).trim(), district: (match[2] as string).trim() }
}

const digits = (phone: string | undefined) => phone?.replace(/[^0-9]/g, "")

type Named = "projects" | "zones" | "posts" | "campaigns" | "teams" | "cases"

const nouns: Record<Named, Words & { readonly sheet: string }> = {
  projects: { zh: "项目", en: "project", sheet: "项目" },
  zones: { zh: "责任区编码", en: "zone code", sheet: "责任区" },
  posts: { zh: "先锋岗", en: "pioneer post", sheet: "先锋岗" },
  campaigns: { zh: "活动计划", en: "campaign", sheet: "活动计划" },
  teams: { zh: "队伍", en: "team", sheet: "队伍" },
  cases: { zh: "案件", en: "case", sheet: "案件" }
}

const namedTables = {
  projects: Tables.projects,
  zones: Tables.zones,
  posts: Tables.pioneerPosts,
  campaigns: Tables.campaigns,
  teams: Tables.teams,
  cases: Tables.cases
} as const

export class Ctx {
  private readonly caches = new Map<string, unknown>()
  private readonly pendingOrgs = new Map<string, OrgEntry>()
  private readonly pendingMembers = new Map<string, MemberEntry>()
  private readonly pendingNamed = new Map<Named, Map<string, NamedEntry>>()
  /** Items of child sheets by parent id, for the records being built. */
  readonly children = new Map<KindName, Map<string, ReadonlyArray<unknown>>>()
  /** Parents whose child rows had errors: their lists are not replaced. */
  readonly brokenChildren = new Map<KindName, Map<string, number>>()

  /** The row being written (set by the engine), so that deferred writes report against it. */
  currentRow: unknown = undefined
  /** Writes to run once the rest of the group is written (a team linked to a case written after it). */
  readonly deferred: Array<{ readonly row: unknown; readonly effect: Effect.Effect<unknown, WriteError> }> =
    []

  defer(effect: Effect.Effect<unknown, WriteError>): void {
    this.deferred.push({ row: this.currentRow, effect })
  }

  /** How bulk writes of ledgers are audited (see `BulkAudit` of the services). */
  bulkAudit: Store.BulkAudit = "summary"

  readonly tenantId: string
  readonly store: Store.Store["Service"]
  readonly services: ServicesOf

  constructor(tenantId: string, store: Store.Store["Service"], services: ServicesOf) {
    this.tenantId = tenantId
    this.store = store
    this.services = services
  }

  // ---- caching ------------------------------------------------------------------------------

  private cached<A>(key: string, load: Effect.Effect<A>): Effect.Effect<A> {
    if (this.caches.has(key)) return Effect.succeed(this.caches.get(key) as A)
    return Effect.tap(load, (value) => Effect.sync(() => this.caches.set(key, value)))
  }

  /**
   * Resolved references by the table they point into, then by what was written: ledgers name the same
   * few zones and members on every row. Dropped with what they were resolved from.
   */
  private readonly memo = new Map<string, Map<string, Ref>>()

  private memoized(table: string, key: string, resolve: () => Effect.Effect<Ref>): Effect.Effect<Ref> {
    let byKey = this.memo.get(table)
    const hit = byKey?.get(key)
    if (hit !== undefined) return Effect.succeed(hit)
    if (byKey === undefined) {
      byKey = new Map()
      this.memo.set(table, byKey)
    }
    const into = byKey
    // a bounded memo: names are few, but a ledger full of typos should not grow it without end
    if (into.size > 10_000) into.clear()
    return Effect.tap(resolve(), (ref) => Effect.sync(() => into.set(key, ref)))
  }

  /**
   * Already resolved references, without an effect (the hot path of batched ledgers): the `named`,
   * `member` and `zoneBranch` answers if they are memoised or cached, else `undefined` — then ask those.
   */
  peekNamed(kind: Named, text: string, branchId?: string): Ref | undefined {
    return this.memo.get(namedTables[kind].name)?.get(`${branchId ?? ""}\u0000${text}`)
  }

  peekMember(text: string, scope?: string): Ref | undefined {
    return this.memo.get(Tables.members.name)?.get(`${scope ?? ""}\u0000${text}`)
  }

  peekZoneBranch(zoneId: string): { readonly branchId: string | undefined } | undefined {
    const entries = this.caches.get(`${Tables.zones.name}:entries`) as
      | ReadonlyMap<string, NamedEntry>
      | undefined
    return entries === undefined ? undefined : { branchId: entries.get(zoneId)?.branchId }
  }

  /** Forget what was read of a kind of record (after writing one). */
  invalidate(table: string): void {
    // a member is found within a branch's subtree: members' references depend on organisations too
    if (table === Tables.organisations.name) this.memo.clear()
    else this.memo.delete(table)
    for (const key of [...this.caches.keys()])
      if (key === table || key.startsWith(`${table}:`)) this.caches.delete(key)
  }

  /** The tenant's live records of a kind (references resolve to these alone). */
  all<A extends { readonly id: string }>(table: TablesModule.Table<A>): Effect.Effect<ReadonlyArray<A>> {
    return this.cached(table.name, this.store.collection(table).all(this.tenantId))
  }

  /**
   * The stored record a row stands for, among those `matches` accepts: a live one, or else a voided
   * one — which the engine reports instead of creating a duplicate of it or restoring it.
   */
  find<A extends { readonly id: string }>(
    table: TablesModule.Table<A>,
    matches: (record: A) => boolean
  ): Effect.Effect<A | undefined> {
    return Effect.map(this.withVoided(table), (records) => preferLive(records, matches))
  }

  /**
   * Among the records of `table` that pass `where` and whose sort column is `at` — a day of a date
   * column, or an exact instant of an instant column —, the one a row stands for: a live one, or else
   * a voided one (as `find`).
   */
  onDay<A extends { readonly id: string }>(
    table: TablesModule.Table<A>,
    where: Readonly<Record<string, string>>,
    at: string,
    matches: (record: A) => boolean
  ): Effect.Effect<A | undefined> {
    return Effect.map(
      this.store
        .collection(table)
        .list(this.tenantId, { where, from: at, to: at, limit: 500, includeVoided: true }),
      (page) =>
        preferLive(
          page.items.map((v) => v.record),
          matches
        )
    )
  }

  /** The tenant's records of a kind, voided ones too (for matching rows, never for references). */
  withVoided<A extends { readonly id: string }>(
    table: TablesModule.Table<A>
  ): Effect.Effect<ReadonlyArray<A>> {
    return this.cached(
      `${table.name}:withVoided`,
      this.store.collection(table).all(this.tenantId, undefined, { includeVoided: true })
    )
  }

  // ---- pending -----------------------------------------------------------------------------

  registerOrg(entry: OrgEntry): void {
    this.memo.clear()
    this.caches.delete(`${Tables.organisations.name}:entries`)
    this.pendingOrgs.set(entry.id, entry)
  }

  registerMember(entry: MemberEntry): void {
    this.memo.clear()
    this.caches.delete(`${Tables.members.name}:entries`)
    this.pendingMembers.set(entry.id, entry)
  }

  registerNamed(kind: Named, entry: NamedEntry): void {
    this.memo.clear()
    for (const key of [...this.caches.keys()]) if (key.endsWith(":entries")) this.caches.delete(key)
    let map = this.pendingNamed.get(kind)
    if (map === undefined) {
      map = new Map()
      this.pendingNamed.set(kind, map)
    }
    map.set(entry.id, entry)
  }

  /** Record a pending organisation's parent once it is resolved (for branch subtrees). */
  setOrgParent(id: string, parentId: string | undefined): void {
    this.memo.clear()
    this.caches.delete(`${Tables.organisations.name}:entries`)
    const entry = this.pendingOrgs.get(id)
    if (entry !== undefined) this.pendingOrgs.set(id, { ...entry, parentId })
  }

  isPending(kind: "organisations" | "members" | Named, id: string): boolean {
    if (kind === "organisations") return this.pendingOrgs.has(id)
    if (kind === "members") return this.pendingMembers.has(id)
    return this.pendingNamed.get(kind)?.has(id) ?? false
  }

  // ---- organisations -------------------------------------------------------------------------

  orgEntries(): Effect.Effect<ReadonlyMap<string, OrgEntry>> {
    return this.cached(
      `${Tables.organisations.name}:entries`,
      Effect.map(this.all(Tables.organisations), (orgs) => {
        const entries = new Map<string, OrgEntry>()
        for (const o of orgs) {
          entries.set(o.id, {
            id: o.id,
            kind: o._tag,
            name: o.name,
            district: o._tag === "Community" ? o.district : undefined,
            parentId: "parentId" in o ? o.parentId : undefined
          })
        }
        for (const [id, entry] of this.pendingOrgs) entries.set(id, entry)
        return entries
      })
    )
  }

  /** The organisations at and under `rootId`. */
  subtree(rootId: string): Effect.Effect<ReadonlySet<string>> {
    return Effect.map(this.orgEntries(), (entries) => {
      const ids = new Set([rootId])
      let grew = true
      while (grew) {
        grew = false
        for (const e of entries.values()) {
          if (e.parentId !== undefined && ids.has(e.parentId) && !ids.has(e.id)) {
            ids.add(e.id)
            grew = true
          }
        }
      }
      return ids
    })
  }

  /** An organisation of one of `kinds` by name (and district, for a community). */
  org(text: string, kinds: ReadonlyArray<Organisation.OrganisationKind>, noun: Words): Effect.Effect<Ref> {
    return this.memoized(Tables.organisations.name, orgKey(text, kinds, noun), () =>
      this.orgUncached(text, kinds, noun)
    )
  }

  /** The `org` answer if it is memoised, else `undefined` (then ask `org`). */
  peekOrg(text: string, kinds: ReadonlyArray<Organisation.OrganisationKind>, noun: Words): Ref | undefined {
    return this.memo.get(Tables.organisations.name)?.get(orgKey(text, kinds, noun))
  }

  private orgUncached(
    text: string,
    kinds: ReadonlyArray<Organisation.OrganisationKind>,
    noun: Words
  ): Effect.Effect<Ref> {
    const { name, district } =
      kinds.length === 1 && kinds[0] === "Community"
        ? parseCommunityRef(text)
        : { name: Cell.normalizeText(text), district: undefined }
    return Effect.map(this.orgEntries(), (entries) => {
      const byName = [...entries.values()].filter((e) => kinds.includes(e.kind) && same(e.name, name))
      const matches = district === undefined ? byName : byName.filter((e) => same(e.district, district))
      if (matches.length === 1) return found((matches[0] as OrgEntry).id)
      if (matches.length === 0) {
        const alsoKnown = [...entries.values()].find((e) => same(e.name, name))
        return missing(
          alsoKnown !== undefined
            ? {
                zh: `“${name}”不是${noun.zh}（它在“组织”表中的类型是${kindLabels[alsoKnown.kind]}）`,
                en: `"${name}" is not a ${noun.en} (it is a ${alsoKnown.kind} in the organisations sheet)`
              }
            : {
                zh: `找不到${noun.zh}“${text}”：请先在“组织”表中登记，或检查名称是否写错`,
                en: `no ${noun.en} named "${text}": add it to the 组织 (organisations) sheet first, or check the spelling`
              }
        )
      }
      return missing({
        zh: `有${matches.length}个${noun.zh}名为“${name}”：请写成“${name}（所在区）”区分，如“${name}（${matches[0]?.district ?? "铁西区"}）”`,
        en: `${matches.length} ${noun.en}s are named "${name}": add the district in brackets to tell them apart, e.g. "${name}（${matches[0]?.district ?? "铁西区"}）"`
      })
    })
  }

  partyOrg(text: string): Effect.Effect<Ref> {
    return this.org(text, partyOrgKinds, partyOrgNoun)
  }

  community(text: string): Effect.Effect<Ref> {
    return this.org(text, communityKinds, communityNoun)
  }

  /** The branch a record belongs to: the named one, or the tenant's only standing branch. */
  branch(text: string | undefined): Effect.Effect<Ref> {
    if (text !== undefined) return this.partyOrg(text)
    // memoised with the organisations' answers, so dropped whenever they are
    return this.memoized(Tables.organisations.name, defaultBranchKey, () => this.defaultBranch())
  }

  /** The `branch` answer if it is memoised, else `undefined` (then ask `branch`). */
  peekBranch(text: string | undefined): Ref | undefined {
    return this.memo
      .get(Tables.organisations.name)
      ?.get(text === undefined ? defaultBranchKey : orgKey(text, partyOrgKinds, partyOrgNoun))
  }

  /** The `community` answer if it is memoised, else `undefined` (then ask `community`). */
  peekCommunity(text: string): Ref | undefined {
    return this.peekOrg(text, communityKinds, communityNoun)
  }

  private defaultBranch(): Effect.Effect<Ref> {
    return Effect.map(this.orgEntries(), (entries) => {
      const standing = [...entries.values()].filter((e) => e.kind === "StandingBranch")
      if (standing.length === 1) return found((standing[0] as OrgEntry).id)
      return missing(
        standing.length === 0
          ? {
              zh: "本租户还没有党支部：请先在“组织”表中登记党支部，或填写所属支部",
              en: "the tenant has no standing branch yet: add one to the 组织 (organisations) sheet, or fill in the branch"
            }
          : {
              zh: `本租户有${standing.length}个党支部：请填写所属支部`,
              en: `the tenant has ${standing.length} standing branches: fill in the branch`
            }
      )
    })
  }

  // ---- members ----------------------------------------------------------------------------

  memberEntries(): Effect.Effect<ReadonlyMap<string, MemberEntry>> {
    return this.cached(
      `${Tables.members.name}:entries`,
      Effect.map(this.all(Tables.members), (members) => {
        const entries = new Map<string, MemberEntry>()
        for (const m of members) {
          entries.set(m.id, { id: m.id, name: m.name, phone: m.phone, homeBranchId: m.homeBranchId })
        }
        for (const [id, entry] of this.pendingMembers) entries.set(id, entry)
        return entries
      })
    )
  }

  /**
   * A member by name; namesakes are told apart by the phone number in brackets, then by the branch
   * (`scope`: the member's home branch is in the subtree of this branch).
   */
  member(text: string, scope?: string): Effect.Effect<Ref> {
    return this.memoized(Tables.members.name, `${scope ?? ""}\u0000${text}`, () =>
      this.memberUncached(text, scope)
    )
  }

  private memberUncached(text: string, scope?: string): Effect.Effect<Ref> {
    const ref = parseMemberRef(text)
    const self = this
    return Effect.gen(function* () {
      const entries = yield* self.memberEntries()
      let matches = [...entries.values()].filter((e) => same(e.name, ref.name))
      if (ref.phone !== undefined) {
        const wanted = digits(ref.phone)
        const byPhone = matches.filter((e) => digits(e.phone) === wanted)
        if (byPhone.length === 0) {
          return missing(
            matches.length === 0
              ? {
                  zh: `找不到成员“${ref.name}”：请先在“成员”表中登记，或检查姓名是否写错`,
                  en: `no member named "${ref.name}": add them to the 成员 (members) sheet first, or check the spelling`
                }
              : {
                  zh: `成员“${ref.name}”的手机号不是${ref.phone}`,
                  en: `no member "${ref.name}" has the phone number ${ref.phone}`
                }
          )
        }
        matches = byPhone
      }
      if (matches.length > 1 && scope !== undefined) {
        const inBranch = yield* self.subtree(scope)
        const scoped = matches.filter((e) => inBranch.has(e.homeBranchId))
        if (scoped.length > 0) matches = scoped
      }
      if (matches.length === 1) return found((matches[0] as MemberEntry).id)
      if (matches.length === 0) {
        return missing({
          zh: `找不到成员“${ref.name}”：请先在“成员”表中登记，或检查姓名是否写错`,
          en: `no member named "${ref.name}": add them to the 成员 (members) sheet first, or check the spelling`
        })
      }
      return missing({
        zh: `有${matches.length}位成员名叫“${ref.name}”：请写成“${ref.name}（手机号）”区分`,
        en: `${matches.length} members are named "${ref.name}": write "${ref.name}（phone number）" to tell them apart`
      })
    })
  }

  // ---- named records --------------------------------------------------------------------------

  private namedEntries(kind: Named): Effect.Effect<ReadonlyMap<string, NamedEntry>> {
    const table = namedTables[kind] as unknown as TablesModule.Table<{ readonly id: string }>
    return this.cached(
      `${table.name}:entries`,
      Effect.map(this.all(table), (records) => {
        const entries = new Map<string, NamedEntry>()
        for (const r of records as ReadonlyArray<Record<string, unknown> & { id: string }>) {
          const name = (kind === "zones" ? r.code : kind === "cases" ? r.title : r.name) as string
          entries.set(r.id, { id: r.id, name, branchId: r.branchId as string | undefined })
        }
        for (const [id, entry] of this.pendingNamed.get(kind) ?? []) entries.set(id, entry)
        return entries
      })
    )
  }

  /** The branch of a zone (stored or pending). */
  zoneBranch(zoneId: string): Effect.Effect<string | undefined> {
    return Effect.map(this.namedEntries("zones"), (entries) => entries.get(zoneId)?.branchId)
  }

  /** A project, zone (by code), pioneer post, campaign, team or case (by title) by its name. */
  named(kind: Named, text: string, branchId?: string): Effect.Effect<Ref> {
    return this.memoized(namedTables[kind].name, `${branchId ?? ""}\u0000${text}`, () =>
      this.namedUncached(kind, text, branchId)
    )
  }

  private namedUncached(kind: Named, text: string, branchId?: string): Effect.Effect<Ref> {
    const name = kind === "zones" ? Cell.normalizeText(text).toUpperCase() : Cell.normalizeText(text)
    const noun = nouns[kind]
    return Effect.map(this.namedEntries(kind), (entries) => {
      let matches = [...entries.values()].filter(
        (e) => fold(kind === "zones" ? e.name.toUpperCase() : e.name) === name
      )
      if (matches.length > 1 && branchId !== undefined) {
        const scoped = matches.filter((e) => e.branchId === branchId)
        if (scoped.length > 0) matches = scoped
      }
      if (matches.length === 1) return found((matches[0] as NamedEntry).id)
      if (matches.length === 0) {
        return missing({
          zh: `找不到${noun.zh}“${text}”：请先在“${noun.sheet}”表中登记，或检查是否写错`,
          en: `no ${noun.en} "${text}": add it to the ${noun.sheet} sheet first, or check the spelling`
        })
      }
      return missing({
        zh: `有${matches.length}个${noun.zh}为“${text}”：请在编号列填写记录编号`,
        en: `${matches.length} records have the ${noun.en} "${text}": use the id column`
      })
    })
  }

  /** The patrol of a zone that started at an instant. */
  patrol(zoneId: string, startedAt: Calendar.Instant): Effect.Effect<Ref> {
    // an instant bound is exact: the zone's patrols that started at this moment
    return Effect.map(
      this.store
        .collection(Tables.patrolLogs)
        .list(this.tenantId, { where: { zone_id: zoneId }, from: startedAt, to: startedAt, limit: 500 }),
      (page) => {
        const match = page.items.find((p) => p.record.startedAt === startedAt)
        return match === undefined
          ? missing({
              zh: "该责任区在这个时间没有巡河记录：请先在“巡河记录”表中登记，或检查开始时间",
              en: "the zone has no patrol starting at that time: add it to the 巡河记录 (patrol logs) sheet first, or check the start time"
            })
          : found(match.record.id)
      }
    )
  }
}

const isVoided = (record: object) => (record as { readonly voided?: unknown }).voided !== undefined

/** The first live record `matches` accepts, or else the first voided one. */
export const preferLive = <A extends object>(
  records: ReadonlyArray<A>,
  matches: (record: A) => boolean
): A | undefined => records.find((r) => matches(r) && !isVoided(r)) ?? records.find(matches)

/** The live records of a list, or the voided ones when none is live. */
export const liveOrElseVoided = <A extends object>(records: ReadonlyArray<A>): ReadonlyArray<A> => {
  const live = records.filter((r) => !isVoided(r))
  return live.length > 0 ? live : records
}

export const kindLabels: Record<Organisation.OrganisationKind, string> = {
  PartyGroup: "党组",
  StandingBranch: "党支部",
  TemporaryBranch: "临时党支部",
  Community: "社区",
  Contractor: "参建单位"
}

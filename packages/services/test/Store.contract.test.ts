/**
 * The Store port's contract, on every backend: versions and timestamps, uniqueness, filters, keyset
 * pagination and its order, transactions (all or nothing, nested ones as savepoints), concurrency.
 * The backends must agree exactly: the services above them never look at which one they run on.
 */
import { type AccessToken, Ids, Organisation } from "@bishui/domain"
import { assert } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { AuditLog } from "../src/AuditLog.ts"
import { Organisations } from "../src/Organisations.ts"
import { Store } from "../src/Store.ts"
import * as Tables from "../src/Tables.ts"
import { forEachBackend } from "./backends.ts"
import {
  assertSameRecord,
  communityOf,
  date,
  expectDefect,
  expectFailure,
  memberOf,
  newTenant,
  newWorld,
  uid,
  zoneOf
} from "./fixtures.ts"

/** Code-point order of (name, id): what SQLite (BINARY) and PostgreSQL (`COLLATE "C"`) give on UTF-8 text. */
const byCodePoints = (a: string, b: string): number => {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0)
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return d
  }
  return x.length - y.length
}

const t0 = "2023-01-01T00:00:00.000Z"
const t1 = "2023-01-02T00:00:00.000Z"

forEachBackend((it, backend) => {
  it.effect("the store reports its backend", () =>
    Effect.gen(function* () {
      assert.strictEqual((yield* Store).backend, backend.name)
    })
  )

  it.effect("a backend built afresh inside a test is empty and its own", () =>
    Effect.gen(function* () {
      const world = yield* newWorld
      const fresh = yield* Effect.gen(function* () {
        const organisations = yield* Organisations
        const missing = yield* Effect.exit(organisations.getTenant(world.tenantId))
        const tenant = yield* newTenant
        return { missing, tenant }
      }).pipe(Effect.provide(backend.layer))
      assert.isTrue(Exit.isFailure(fresh.missing))
      yield* expectFailure((yield* Organisations).getTenant(fresh.tenant), "NotFound")
    })
  )

  it.effect("insert, get, replace: versions, timestamps, StaleVersion, NotFound, AlreadyExists", () =>
    Effect.gen(function* () {
      const store = yield* Store
      const world = yield* newWorld
      const zones = store.collection(Tables.zones)
      const zone = zoneOf(world.tenantId, world.branchId, "NH-01")
      const inserted = yield* zones.insert(zone, t0)
      assert.deepStrictEqual([inserted.version, inserted.createdAt, inserted.updatedAt], [1, t0, t0])
      const got = yield* zones.get(world.tenantId, zone.id)
      assert.isDefined(got)
      assert.deepStrictEqual([got?.version, got?.createdAt, got?.updatedAt], [1, t0, t0])
      assert.strictEqual(yield* zones.get(world.tenantId, `zone-${uid()}`), undefined)
      assert.strictEqual(yield* zones.get(`tenant-${uid()}`, zone.id), undefined)

      const renamed = { ...zone, name: "南河一段" }
      const replaced = yield* zones.replace(renamed, 1, t1)
      assert.deepStrictEqual([replaced.version, replaced.createdAt, replaced.updatedAt], [2, t0, t1])
      const after = yield* zones.get(world.tenantId, zone.id)
      assert.deepStrictEqual([after?.version, after?.createdAt, after?.updatedAt], [2, t0, t1])
      if (after !== undefined) assertSameRecord(Tables.zones.schema, after.record, renamed)

      const stale = yield* expectFailure(zones.replace(zone, 1, t1), "StaleVersion")
      assert.deepStrictEqual([stale.entity, stale.id, stale.expected, stale.actual], ["zone", zone.id, 1, 2])
      const ahead = yield* expectFailure(zones.replace(zone, 3, t1), "StaleVersion")
      assert.strictEqual(ahead.actual, 2)
      const missing = yield* expectFailure(
        zones.replace({ ...zone, id: Ids.ZoneId.make(`zone-${uid()}`) }, 1, t1),
        "NotFound"
      )
      assert.strictEqual(missing.entity, "zone")

      const sameId = yield* expectFailure(zones.insert({ ...zone, code: "NH-99" }, t1), "AlreadyExists")
      assert.deepStrictEqual([sameId.entity, sameId.key], ["zone", zone.id])
      const sameCode = yield* expectFailure(
        zones.insert({ ...zone, id: Ids.ZoneId.make(`zone-${uid()}`) }, t1),
        "AlreadyExists"
      )
      assert.deepStrictEqual([sameCode.entity, sameCode.key], ["zone", "NH-01"])
      const second = zoneOf(world.tenantId, world.branchId, "NH-02")
      yield* zones.insert(second, t0)
      yield* expectFailure(zones.replace({ ...second, code: "NH-01" }, 1, t1), "AlreadyExists")
      assert.strictEqual((yield* zones.get(world.tenantId, second.id))?.version, 1)
      // a record keeps its natural key when replaced
      assert.strictEqual((yield* zones.replace({ ...second, name: "x" }, 1, t1)).version, 2)
    })
  )

  it.effect("records decode back identical (tagged unions, optional keys, class instances)", () =>
    Effect.gen(function* () {
      const store = yield* Store
      const world = yield* newWorld
      const organisations = store.collection(Tables.organisations)
      const community = { ...communityOf(world.tenantId, world.branchId, "平安社区"), illustrative: true }
      yield* organisations.insert(community, t0)
      const got = yield* organisations.get(world.tenantId, community.id)
      assert.isDefined(got)
      if (got !== undefined) {
        assertSameRecord(Organisation.Organisation, got.record, community)
        assert.deepStrictEqual(got.record, community)
      }
      const tenant = yield* store.collection(Tables.tenants).get(world.tenantId, world.tenantId)
      assert.strictEqual(tenant?.record.id, world.tenantId)
      assert.strictEqual(tenant?.record.constructor.name, "Tenant")
    })
  )

  it.effect("lists page by (sort column, id) in code-point order, the same on every backend", () =>
    Effect.gen(function* () {
      const store = yield* Store
      const world = yield* newWorld
      const members = store.collection(Tables.members)
      // names that order differently by UTF-16 code units and by code points ("😀" vs "！"),
      // equal names tie-broken by id, ASCII and CJK
      const names = ["😀", "！", "王", "王", "王", "Zhang", "zhang", "李雪梅", "李", "𠮷"]
      const prefix = uid()
      const records = names.map((name, i) =>
        memberOf(world.tenantId, world.branchId, { id: Ids.MemberId.make(`m-${prefix}-${9 - i}`), name })
      )
      for (const m of records) yield* members.insert(m, t0)
      const secretary = (yield* members.get(world.tenantId, world.memberId))?.record
      assert.isDefined(secretary)
      if (secretary === undefined) return
      const expected = [...records, secretary]
        .sort((a, b) => byCodePoints(a.name, b.name) || byCodePoints(a.id, b.id))
        .map((m) => m.id)

      const full = yield* members.list(world.tenantId, {})
      assert.deepStrictEqual(
        full.items.map((v) => v.record.id),
        expected
      )
      assert.deepStrictEqual(
        (yield* members.all(world.tenantId)).map((m) => m.id),
        expected
      )

      const seen: Array<string> = []
      let after: string | undefined
      let pages = 0
      do {
        const page = yield* members.list(world.tenantId, { limit: 3, after })
        assert.isAtMost(page.items.length, 3)
        seen.push(...page.items.map((v) => v.record.id))
        after = page.next
        pages++
      } while (after !== undefined && pages < 20)
      assert.strictEqual(pages, 4)
      assert.deepStrictEqual(seen, expected)
      assert.strictEqual(new Set(seen).size, expected.length)

      // filters combine with pagination
      const wang = yield* members.list(world.tenantId, { where: { name: "王" }, limit: 2 })
      assert.deepStrictEqual(
        wang.items.map((v) => v.record.id),
        expected.filter((id) => records.find((m) => m.id === id)?.name === "王").slice(0, 2)
      )
      const rest = yield* members.list(world.tenantId, { where: { name: "王" }, limit: 2, after: wang.next })
      assert.strictEqual(rest.items.length, 1)
      assert.strictEqual(rest.next, undefined)
    })
  )

  it.effect("counts grouped by index columns: what the list holds, voided records only when asked", () =>
    Effect.gen(function* () {
      const store = yield* Store
      const world = yield* newWorld
      const members = store.collection(Tables.members)
      const prefix = uid()
      const names = ["王", "王", "李", "张"]
      for (const [i, name] of names.entries())
        yield* members.insert(
          memberOf(world.tenantId, world.branchId, { id: Ids.MemberId.make(`m-${prefix}-${i}`), name }),
          t0
        )
      const sorted = (rows: ReadonlyArray<{ values: ReadonlyArray<string | undefined>; count: number }>) =>
        rows.map((r) => [...r.values, r.count]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))
      const all = yield* members.list(world.tenantId, { limit: 500 })
      const expected = new Map<string, number>()
      for (const { record } of all.items) expected.set(record.name, (expected.get(record.name) ?? 0) + 1)
      assert.deepStrictEqual(
        sorted(yield* members.countBy(world.tenantId, {}, ["name"])),
        sorted([...expected].map(([name, count]) => ({ values: [name], count })))
      )
      // no grouping column: one row, the list's length; filters as a list takes them
      assert.deepStrictEqual(yield* members.countBy(world.tenantId, {}, []), [
        { values: [], count: all.items.length }
      ])
      assert.deepStrictEqual(yield* members.countBy(world.tenantId, { where: { name: ["王", "李"] } }, []), [
        { values: [], count: 3 }
      ])
      assert.deepStrictEqual(yield* members.countBy(world.tenantId, { where: { name: [] } }, ["name"]), [])
      // voided records count only when asked
      const stored = yield* members.get(world.tenantId, `m-${prefix}-0`)
      if (stored === undefined) return assert.fail("stored")
      yield* members.replace(
        { ...stored.record, voided: { at: t1, by: "test", reason: "误录" } } as typeof stored.record,
        stored.version,
        t1
      )
      assert.deepStrictEqual(yield* members.countBy(world.tenantId, { where: { name: "王" } }, ["name"]), [
        { values: ["王"], count: 1 }
      ])
      assert.deepStrictEqual(
        yield* members.countBy(world.tenantId, { where: { name: "王" }, includeVoided: true }, ["name"]),
        [{ values: ["王"], count: 2 }]
      )
      // grouping by a column that is not an index column is a defect
      yield* expectDefect(members.countBy(world.tenantId, {}, ["phone"]))
    })
  )

  it.effect("filtering on a column that is not an index column is a defect", () =>
    Effect.gen(function* () {
      const store = yield* Store
      const world = yield* newWorld
      const members = store.collection(Tables.members)
      yield* expectDefect(members.list(world.tenantId, { where: { phone: "13800000001" } }))
      yield* expectDefect(members.all(world.tenantId, { where_is: "x" }))
      // a filter whose value is undefined is no filter
      assert.strictEqual((yield* members.all(world.tenantId, { role: undefined })).length, 1)
    })
  )

  it.effect("a transaction whose second write fails stores neither write and no audit entry", () =>
    Effect.gen(function* () {
      const store = yield* Store
      const organisations = yield* Organisations
      const audit = yield* AuditLog
      const world = yield* newWorld
      const before = (yield* audit.list(world.tenantId, { limit: 500 })).items.length
      const first = communityOf(world.tenantId, world.branchId, "兴华社区")
      const clash = communityOf(world.tenantId, world.branchId, "中兴社区") // the world's community's natural key
      const failed = yield* expectFailure(
        store.transaction(
          Effect.gen(function* () {
            yield* organisations.create(first)
            yield* organisations.create(clash)
          })
        ),
        "AlreadyExists"
      )
      assert.strictEqual(failed.key, "Community:中兴社区:铁西区")
      yield* expectFailure(organisations.get(world.tenantId, first.id), "NotFound")
      yield* expectFailure(organisations.get(world.tenantId, clash.id), "NotFound")
      const entries = (yield* audit.list(world.tenantId, { limit: 500 })).items
      assert.strictEqual(entries.length, before)
      assert.isFalse(entries.some((v) => v.record.entityId === first.id || v.record.entityId === clash.id))

      // updates are undone as well, and a defect rolls back like a failure
      yield* expectDefect(
        store.transaction(
          Effect.gen(function* () {
            yield* organisations.update({
              ...(yield* organisations.get(world.tenantId, world.communityId)).record,
              name: "改名"
            })
            return yield* Effect.die(new Error("boom"))
          })
        )
      )
      const community = yield* organisations.get(world.tenantId, world.communityId)
      assert.deepStrictEqual([community.version, community.record.name], [1, "中兴社区"])
      assert.strictEqual((yield* audit.list(world.tenantId, { limit: 500 })).items.length, before)
    })
  )

  it.effect("a nested transaction that fails is undone alone when its failure is handled", () =>
    Effect.gen(function* () {
      const store = yield* Store
      const organisations = yield* Organisations
      const audit = yield* AuditLog
      const world = yield* newWorld
      const [a, b, c] = ["甲社区", "乙社区", "丙社区"].map((name) =>
        communityOf(world.tenantId, world.branchId, name)
      )
      if (a === undefined || b === undefined || c === undefined) return
      yield* store.transaction(
        Effect.gen(function* () {
          yield* organisations.create(a)
          const inner = yield* Effect.exit(
            store.transaction(
              Effect.gen(function* () {
                yield* organisations.create(b)
                return yield* organisations.create({ ...b, id: Ids.OrganisationId.make(`org-${uid()}`) })
              })
            )
          )
          assert.strictEqual(inner._tag, "Failure")
          yield* organisations.create(c)
        })
      )
      yield* organisations.get(world.tenantId, a.id)
      yield* expectFailure(organisations.get(world.tenantId, b.id), "NotFound")
      yield* organisations.get(world.tenantId, c.id)
      const ids = (yield* audit.list(world.tenantId, { limit: 500 })).items.map((v) => v.record.entityId)
      assert.isTrue(ids.includes(a.id) && ids.includes(c.id))
      assert.isFalse(ids.includes(b.id))
    })
  )

  it.effect("concurrent transactions all land", () =>
    Effect.gen(function* () {
      const store = yield* Store
      const organisations = yield* Organisations
      const world = yield* newWorld
      const pairs = Array.from(
        { length: 20 },
        (_, i) =>
          [
            communityOf(world.tenantId, world.branchId, `社区${i}`),
            memberOf(world.tenantId, world.branchId, { name: `党员${i}` })
          ] as const
      )
      yield* Effect.all(
        pairs.map(([community, member]) =>
          store.transaction(
            Effect.gen(function* () {
              yield* organisations.create(community)
              yield* organisations.createMember({
                ...member,
                communityRegistration: { communityId: community.id, registeredOn: date("2023-01-01") }
              })
            })
          )
        ),
        { concurrency: "unbounded" }
      )
      assert.strictEqual((yield* organisations.all(world.tenantId)).length, 3 + 20)
      assert.strictEqual(
        (yield* organisations.listMembers(world.tenantId, { limit: 100 })).items.length,
        1 + 20
      )
    })
  )

  it.effect("writing under a tenant that does not exist is a defect and stores nothing", () =>
    Effect.gen(function* () {
      const store = yield* Store
      const world = yield* newWorld
      const ghost = Ids.TenantId.make(`tenant-${uid()}`)
      const zone = zoneOf(ghost, world.branchId, "NH-01")
      yield* expectDefect(store.collection(Tables.zones).insert(zone, t0))
      assert.strictEqual(yield* store.collection(Tables.zones).get(ghost, zone.id), undefined)
      // once the tenant exists, its records are its own
      const real = yield* newTenant
      assert.strictEqual((yield* store.collection(Tables.zones).list(real, {})).items.length, 0)
    })
  )

  it.effect("ids unique across tenants: a second tenant cannot take one, and findById finds it alone", () =>
    Effect.gen(function* () {
      const store = yield* Store
      const tokens = store.collection(Tables.accessTokens)
      const a = yield* newWorld
      const b = yield* newWorld
      const token = (tenantId: Ids.TenantId, id: string): AccessToken.AccessToken => ({
        id: Ids.AccessTokenId.make(id),
        tenantId,
        role: "admin",
        label: "x",
        secretHash: "0".repeat(64),
        createdAt: "2024-01-01T00:00:00.000Z" as AccessToken.AccessToken["createdAt"]
      })
      const id = uid()
      yield* tokens.insert(token(a.tenantId, id), t0)
      const taken = yield* expectFailure(tokens.insert(token(b.tenantId, id), t0), "AlreadyExists")
      assert.deepStrictEqual([taken.entity, taken.key], ["access_token", id])
      const found = yield* tokens.findById(id)
      assert.deepStrictEqual([found?.record.tenantId, found?.version, found?.createdAt], [a.tenantId, 1, t0])
      assert.isUndefined(yield* tokens.findById(uid()))
      assert.isUndefined(yield* store.collection(Tables.accessTokens).get(b.tenantId, id))
      // on a table whose ids are unique per tenant only, finding by id alone is a programming error
      yield* expectDefect(store.collection(Tables.zones).findById(id))
    })
  )

  it.effect(
    "purgeCreatedBefore deletes the older records of every tenant, and is undone with its transaction",
    () =>
      Effect.gen(function* () {
        const store = yield* Store
        const keys = store.collection(Tables.idempotencyKeys)
        const a = yield* newTenant
        const b = yield* newTenant
        const key = (tenantId: Ids.TenantId, id: string): Tables.IdempotencyRecord => ({
          id,
          tenantId,
          fingerprint: "f"
        })
        yield* keys.insert(key(a, "old"), "1999-12-31T23:59:59.999Z")
        yield* keys.insert(key(b, "old"), "1999-06-01T00:00:00.000Z")
        yield* keys.insert(key(a, "new"), "2000-01-01T00:00:00.000Z")
        const undone = yield* Effect.exit(
          store.transaction(
            Effect.andThen(keys.purgeCreatedBefore("2000-01-01T00:00:00.000Z"), Effect.fail("undo"))
          )
        )
        assert.isTrue(Exit.isFailure(undone))
        assert.isDefined(yield* keys.get(a, "old"))
        assert.isDefined(yield* keys.get(b, "old"))
        assert.strictEqual(yield* keys.purgeCreatedBefore("2000-01-01T00:00:00.000Z"), 2)
        assert.isUndefined(yield* keys.get(a, "old"))
        assert.isUndefined(yield* keys.get(b, "old"))
        assert.isDefined(yield* keys.get(a, "new"))
        assert.strictEqual(yield* keys.purgeCreatedBefore("2000-01-01T00:00:00.000Z"), 0)
      })
  )
})

/**
 * The commands that only read — validate and export — as an operator meets them: a mistyped
 * `--database` is an error naming the path, never a new empty database; a database that is not
 * bishui's is left alone; one at an older schema is read as migrated inside a transaction that is
 * rolled back, and stays at its schema; export of a tenant that does not exist writes nothing. And the
 * importer's messages: the counts in English take their plural forms; a phone number that is not one
 * is told what is wrong with it.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { Migrations } from "@bishui/services"
import { SqliteClient } from "@bishui/sql-sqlite-node"
import { Effect } from "effect"
import { Migrator } from "effect/sql"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { cli, countRows, exampleXlsx, seededDb, tempDir } from "./support.ts"

const dir = tempDir()
const seeded = join(dir.path, "seeded.db")
beforeAll(() => seededDb(seeded))
afterAll(dir.cleanup)

const tablesOf = (db: string): ReadonlyArray<string> => {
  const sqlite = new DatabaseSync(db, { readOnly: true })
  try {
    return (
      sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
        name: string
      }>
    ).map((row) => row.name)
  } finally {
    sqlite.close()
  }
}

const appliedMigrations = (db: string): ReadonlyArray<number> => {
  const sqlite = new DatabaseSync(db, { readOnly: true })
  try {
    return (
      sqlite.prepare("SELECT migration_id FROM bishui_migrations ORDER BY migration_id").all() as Array<{
        migration_id: number
      }>
    ).map((row) => row.migration_id)
  } finally {
    sqlite.close()
  }
}

describe("validate", { timeout: 120_000 }, () => {
  it("refuses a database that does not exist, naming it, and creates nothing", () => {
    const typo = join(dir.path, "data", "bishiu.db")
    const result = cli(["validate", exampleXlsx, "--database", typo])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(
      `no database at ${typo}: validate reads an existing database and never creates one`
    )
    expect(result.stderr).toContain(`没有数据库 ${typo}`)
    expect(existsSync(typo)).toBe(false)
    expect(existsSync(join(dir.path, "data"))).toBe(false)
  })

  it("leaves a database that is not bishui's alone", () => {
    const other = join(dir.path, "other.db")
    new DatabaseSync(other).close()
    const result = cli(["validate", exampleXlsx, "--database", other])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(`${other} is not a bishui database`)
    expect(tablesOf(other)).toEqual([])
  })

  it("reads a database at an older schema as migrated, and leaves it at its schema", async () => {
    const old = join(dir.path, "old.db")
    const [first, second] = Object.entries(Migrations.migrations)
    await Effect.runPromise(
      Migrator.make({})({
        loader: Migrator.fromRecord(Object.fromEntries([first, second] as Array<[string, never]>)),
        table: "bishui_migrations"
      }).pipe(Effect.provide(SqliteClient.layer({ filename: old })))
    )
    const tablesBefore = tablesOf(old)
    const result = cli(["validate", exampleXlsx, "--database", old])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain("检查通过，未写入任何数据")
    expect(result.stderr).toContain("The database's schema is older than this bishui's (migration 2 of")
    expect(appliedMigrations(old)).toEqual([1, 2])
    expect(tablesOf(old)).toEqual(tablesBefore)
    expect(Object.values(countRows(old)).every((n) => n === 0)).toBe(true)
  })

  it("writes nothing to a database at the current schema", () => {
    const before = countRows(seeded)
    const result = cli(["validate", exampleXlsx, "--database", seeded])
    expect(result.status, result.stderr).toBe(0)
    expect(countRows(seeded)).toEqual(before)
  })
})

describe("export", { timeout: 120_000 }, () => {
  it("of a tenant that does not exist is an error, and writes no file", () => {
    const out = join(dir.path, "nobody.xlsx")
    const result = cli(["export", "--out", out, "--database", seeded, "--tenant", "no-such-bureau"])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(`no tenant no-such-bureau in the database ${seeded}: nothing to export`)
    expect(existsSync(out)).toBe(false)
  })

  it("refuses a database that does not exist, and creates none", () => {
    const typo = join(dir.path, "nowhere.db")
    const result = cli(["export", "--out", join(dir.path, "x.xlsx"), "--database", typo])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(`no database at ${typo}: export reads an existing database`)
    expect(existsSync(typo)).toBe(false)
  })

  it("of the seed tenant still works", () => {
    const out = join(dir.path, "seed.xlsx")
    const result = cli(["export", "--out", out, "--database", seeded])
    expect(result.status, result.stderr).toBe(0)
    expect(existsSync(out)).toBe(true)
  })
})

describe("messages", { timeout: 120_000 }, () => {
  const header = "姓名,所属支部,职务,手机号"
  const branch = "四平市南北河管理中心党支部"

  it("counts in English in the right number: 1 problem, 1 row", () => {
    const file = join(dir.path, "one", "成员.csv")
    writeCsv(file, [header, `一号,${branch},支书,13800000901`])
    const result = cli(["validate", file, "--database", seeded])
    expect(result.status).toBe(1)
    expect(result.stdout).toContain("1 处错误，1 行被拒绝 / 1 problem, 1 row rejected:")
  })

  it("counts in English in the right number: 3 problems, 2 rows", () => {
    const file = join(dir.path, "three", "成员.csv")
    writeCsv(file, [header, `二号,${branch},支书,12345`, `三号,南北河支部,党员,13800000902`])
    const result = cli(["validate", file, "--database", seeded])
    expect(result.status).toBe(1)
    expect(result.stdout).toContain("3 处错误，2 行被拒绝 / 3 problems, 2 rows rejected:")
    // The phone number says what is wrong with it: too short, not a bad character.
    expect(result.stdout).toContain('"12345" has only 5 digits, too few for a phone number')
  })
})

const writeCsv = (file: string, lines: ReadonlyArray<string>) => {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${lines.join("\n")}\n`)
}

/** The real command: help on every command, the template, exit codes, JSON output. */
import { existsSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Workbook } from "@cj-tech-master/excelts"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { cli, countRows, exampleXlsx, run, tempDir } from "./support.ts"

const dir = tempDir()
afterAll(dir.cleanup)

describe("bishui-import", () => {
  it("--help explains the commands and the exit codes", () => {
    const root = cli(["--help"])
    expect(root.status).toBe(0)
    for (const text of [
      "import",
      "validate",
      "template",
      "export",
      "Exit codes",
      "docs/import-template.md"
    ]) {
      expect(root.stdout).toContain(text)
    }
    for (const command of ["import", "validate", "template", "export"]) {
      const help = cli([command, "--help"])
      expect(help.status, command).toBe(0)
      expect(help.stdout, command).toContain(`bishui-import ${command}`)
      expect(help.stdout, command).toContain("EXAMPLES")
      expect(help.stdout, command).toContain("--database")
    }
  })

  it("template writes the blank workbook: instructions, a sheet per kind, drop-down lists", async () => {
    const out = join(dir.path, "模板.xlsx")
    const result = cli(["template", "--out", out])
    expect(result.status).toBe(0)
    const wb = new Workbook()
    await wb.xlsx.readFile(out)
    const names = wb.worksheets.map((w) => w.name)
    expect(names.slice(0, 4)).toEqual(["说明", "组织", "项目", "项目难点"])
    expect(names).toContain("微心愿")
    const members = wb.getWorksheet("成员")
    expect(members?.getRow(1).values).toContain("姓名*")
    const validations = JSON.stringify(members?.dataValidations.model)
    expect(validations).toContain("书记,副书记,委员,党员")
  })

  it("exit codes: 0 imported, 1 rejected rows, 2 usage or unreadable input", () => {
    const db = join(dir.path, "codes.db")
    const ok = cli(["import", exampleXlsx, "--database", db, "--tenant-name", "四平市水利局"])
    expect(ok.status, ok.stderr).toBe(0)
    expect(ok.stdout).toContain("已全部导入")

    const bad = join(dir.path, "责任区.csv")
    writeFileSync(bad, "责任区编码,责任区名称,责任人\nNH-09,新责任区,查无此人\n")
    const rejected = cli(["import", bad, "--database", db, "--format", "json"])
    expect(rejected.status).toBe(1)
    const json = JSON.parse(rejected.stdout)
    expect(json.exitCode).toBe(1)
    expect(json.units[0].errors[0]).toMatchObject({
      sheet: "责任区",
      row: 2,
      column: "责任人",
      value: "查无此人"
    })

    expect(cli(["import", join(dir.path, "nowhere.xlsx"), "--database", db]).status).toBe(2)
    const xls = join(dir.path, "old.xls")
    writeFileSync(xls, "not really")
    const old = cli(["import", xls, "--database", db])
    expect(old.status).toBe(2)
    expect(old.stderr).toContain("另存为")
    const broken = join(dir.path, "broken.xlsx")
    writeFileSync(broken, "PK this is not a zip")
    expect(cli(["import", broken, "--database", db]).status).toBe(2)
    expect(cli(["import", "--database", db]).status).toBe(2)
    expect(cli(["import", exampleXlsx, "--no-such-flag"]).status).toBe(2)
  })

  it("validate writes nothing", async () => {
    const db = join(dir.path, "validate.db")
    await run(db, Effect.void) // an empty database, migrated
    const result = cli(["validate", exampleXlsx, "--database", db])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain("检查通过，未写入任何数据")
    const counts = countRows(db)
    expect(Object.values(counts).every((n) => n === 0)).toBe(true)
    expect(existsSync(db)).toBe(true)
  })
})

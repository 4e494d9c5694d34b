/**
 * `./dev bishui-import …` run from another directory, as README's commands are typed: every path the
 * user gives — the files, `--out`, `--database`, `--errors-out` — is taken from where they ran it,
 * though ./dev runs the command from the repository's root.
 */
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { repoDir, tempDir } from "./support.ts"

const dir = tempDir()
afterAll(dir.cleanup)

const dev = (...args: Array<string>) =>
  spawnSync("bash", [join(repoDir, "dev"), "bishui-import", ...args], {
    cwd: dir.path,
    env: { ...process.env, DATABASE_URL: "", NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 120_000
  })

describe("./dev bishui-import from the user's directory", { timeout: 300_000 }, () => {
  it("reads and writes the files named relative to it", () => {
    const template = dev("template", "--out", "台账.xlsx")
    expect(template.status, template.stderr).toBe(0)
    expect(existsSync(join(dir.path, "台账.xlsx"))).toBe(true)
    expect(existsSync(join(repoDir, "台账.xlsx"))).toBe(false)

    // validate names the database it did not find where the user looked for it.
    const missing = dev("validate", "台账.xlsx", "--database", "bishui.db")
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain(`no database at ${join(dir.path, "bishui.db")}`)

    writeFileSync(join(dir.path, "成员.csv"), "姓名,所属支部,职务\n孤身,没有这个支部,党员\n", "utf8")
    const imported = dev(
      "import",
      "成员.csv",
      "--database",
      "bishui.db",
      "--tenant-name",
      "某水利局",
      "--errors-out",
      "成员-待改.csv"
    )
    expect(imported.status, imported.stderr).toBe(1)
    expect(existsSync(join(dir.path, "bishui.db"))).toBe(true)
    expect(readFileSync(join(dir.path, "成员-待改.csv"), "utf8")).toContain("没有这个支部")
    expect(existsSync(join(repoDir, "bishui.db"))).toBe(false)
    expect(existsSync(join(repoDir, "成员-待改.csv"))).toBe(false)
  })
})

/**
 * The published packages as a developer gets them: `pnpm pack` each (@bishui/domain, @bishui/services,
 * @bishui/sql-sqlite-node), install the tarballs into a scratch project outside the workspace (effect
 * and @types/node from the registry, or the local store), then every ```ts block of each package's
 * README — which must be in its tarball — is type-checked against the installed packages with
 * `skipLibCheck: false` and run with Node; each `// → text` comment of an example is a line it must
 * print. Built first: turbo runs this after the packages' `build` (they are its dependencies).
 */
import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")
const packages = [
  { name: "@bishui/domain", dir: "packages/domain" },
  { name: "@bishui/services", dir: "packages/services" },
  { name: "@bishui/sql-sqlite-node", dir: "packages/sql-sqlite-node" }
] as const

const scratch = mkdtempSync(join(tmpdir(), "bishui-package-check-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** pnpm as this test was started with (`pnpm run test` sets npm_execpath), else the one on PATH. */
const pnpm = (args: ReadonlyArray<string>, cwd: string) => {
  const execPath = process.env.npm_execpath
  const [command, prefix] =
    execPath !== undefined && /pnpm/.test(execPath) ? [process.execPath, [execPath]] : ["pnpm", []]
  const result = spawnSync(command, [...prefix, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, npm_config_update_notifier: "false" },
    timeout: 480_000
  })
  if (result.status !== 0) {
    const how = result.status === null ? `was stopped (${result.signal}; 480 s at most)` : "failed"
    throw new Error(`pnpm ${args.join(" ")} in ${cwd} ${how}:\n${result.stdout}\n${result.stderr}`)
  }
  return result.stdout
}

/** The version of a dependency installed in the workspace, so the scratch project gets the same. */
const workspaceVersion = (name: string, from: string): string =>
  JSON.parse(
    readFileSync(createRequire(join(root, from, "package.json")).resolve(`${name}/package.json`), "utf8")
  ).version

const examplesOf = (readme: string): ReadonlyArray<string> =>
  [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string)

const tarballs = new Map<string, string>()
const examples: Array<{ readonly file: string; readonly expected: ReadonlyArray<string> }> = []

beforeAll(() => {
  const packed = join(scratch, "tarballs")
  mkdirSync(packed)
  for (const pkg of packages) {
    const before = new Set(readdirSync(packed))
    pnpm(["pack", "--pack-destination", packed], join(root, pkg.dir))
    const made = readdirSync(packed).find((file) => !before.has(file))
    if (made === undefined) throw new Error(`pnpm pack made no tarball for ${pkg.name}`)
    tarballs.set(pkg.name, join(packed, made))
  }
  const project = join(scratch, "project")
  mkdirSync(join(project, "examples"), { recursive: true })
  const file = (name: string) => `file:${tarballs.get(name)}`
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify(
      {
        name: "bishui-readme-examples",
        private: true,
        type: "module",
        dependencies: {
          "@bishui/domain": file("@bishui/domain"),
          "@bishui/services": file("@bishui/services"),
          "@bishui/sql-sqlite-node": file("@bishui/sql-sqlite-node"),
          effect: workspaceVersion("effect", "packages/domain"),
          "@types/node": workspaceVersion("@types/node", ".")
        },
        // The packages depend on each other by version; here, those versions are the tarballs.
        pnpm: {
          overrides: {
            "@bishui/domain": file("@bishui/domain"),
            "@bishui/sql-sqlite-node": file("@bishui/sql-sqlite-node")
          }
        }
      },
      null,
      2
    )
  )
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      // What a new project starts with; no `lib`, so the target's default (with the DOM's types:
      // effect's declarations name CryptoKey and JsonWebKey, which Node's types do not declare globally).
      compilerOptions: {
        target: "ES2023",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        types: ["node"],
        strict: true,
        exactOptionalPropertyTypes: true,
        verbatimModuleSyntax: true,
        skipLibCheck: false,
        noEmit: true
      },
      include: ["examples"]
    })
  )
  for (const pkg of packages) {
    examplesOf(readFileSync(join(root, pkg.dir, "README.md"), "utf8")).forEach((code, i) => {
      const name = `${pkg.name.replace("@bishui/", "")}-${i + 1}.ts`
      writeFileSync(join(project, "examples", name), code)
      examples.push({
        file: join(project, "examples", name),
        expected: [...code.matchAll(/\/\/ → (.+)$/gm)].map((match) => (match[1] as string).trim())
      })
    })
  }
  pnpm(["install", "--no-frozen-lockfile", "--prefer-offline", "--reporter=silent"], project)
})

describe("the published packages, packed and installed outside the workspace", () => {
  it("carry their README", () => {
    for (const pkg of packages) {
      const listing = spawnSync("tar", ["-tzf", tarballs.get(pkg.name) as string], { encoding: "utf8" })
      expect(listing.stdout.split("\n"), pkg.name).toContain("package/README.md")
    }
  })

  it("every README example type-checks against them, library types included (skipLibCheck: false)", () => {
    expect(examples.length).toBeGreaterThanOrEqual(4)
    const tsc = join(root, "node_modules", ".bin", "tsc")
    const result = spawnSync(tsc, ["-p", join(scratch, "project", "tsconfig.json")], {
      encoding: "utf8",
      timeout: 240_000
    })
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0)
  })

  it("every README example runs and prints what its comments say", () => {
    for (const example of examples) {
      const result = spawnSync(process.execPath, [example.file], {
        cwd: join(scratch, "project"),
        encoding: "utf8",
        timeout: 120_000
      })
      expect(result.status, `${example.file}\n${result.stderr}`).toBe(0)
      const lines = result.stdout.split("\n")
      for (const expected of example.expected) {
        expect(
          lines.some((line) => line.startsWith(expected)),
          `${example.file} prints "${expected}"\n${result.stdout}`
        ).toBe(true)
      }
    }
  })
})

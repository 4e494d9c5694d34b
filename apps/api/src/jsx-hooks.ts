/**
 * Lets Node run the pages' `.tsx` sources as they are. Node strips TypeScript's types itself but does
 * not compile JSX, so when the server runs from source (`pnpm start`, the tests' child servers) this
 * registers an in-thread module hook that compiles each `.tsx` file with esbuild — the compiler tsup
 * builds `dist/` with — into Hono JSX calls (`jsxImportSource: "hono/jsx"`, as tsconfig.json says).
 * `main.ts` imports it before it loads the server. The built bundle holds no `.tsx` and skips this.
 */
import { readFileSync } from "node:fs"
import { createRequire, registerHooks } from "node:module"
import { fileURLToPath } from "node:url"

if (import.meta.url.endsWith(".ts")) {
  // Loaded only in source runs: esbuild is a development dependency.
  const { transformSync } = createRequire(import.meta.url)("esbuild") as typeof import("esbuild")
  registerHooks({
    load(url, context, nextLoad) {
      if (!url.startsWith("file:") || !url.endsWith(".tsx")) return nextLoad(url, context)
      const path = fileURLToPath(url)
      const { code } = transformSync(readFileSync(path, "utf8"), {
        loader: "tsx",
        format: "esm",
        jsx: "automatic",
        jsxImportSource: "hono/jsx",
        target: "node22",
        sourcefile: path,
        sourcemap: "inline"
      })
      return { format: "module", source: code, shortCircuit: true }
    }
  })
}

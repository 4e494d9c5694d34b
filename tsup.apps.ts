/**
 * tsup settings the apps share: an app as one bundle (`node dist/<entry>.js`) — no module resolution or
 * TypeScript stripping at start-up, and the code compiled once into Node's compile cache by the entry.
 * Everything is bundled — but for native modules an app names as `external` (sharp) — so `dist/` runs
 * on its own; `require` is given to the CommonJS dependencies (pg) that need it.
 */
import { defineConfig } from "tsup"

export const appBundle = (entry: string, options: { readonly external?: ReadonlyArray<string> } = {}) => {
  const external = options.external
  return defineConfig({
    entry: [entry],
    external: [...(options.external ?? [])],
    format: ["esm"],
    target: "node22",
    platform: "node",
    bundle: true,
    noExternal: [/.*/],
    splitting: true,
    minify: true,
    sourcemap: true,
    clean: true,
    dts: false,
    removeNodeProtocol: false,
    esbuildOptions(options) {
      options.conditions = ["source", "node", "import", "module", "default"]
      // tsup's `noExternal: [/.*/]` wins over its `external`: esbuild itself must be told what stays out.
      options.external = [...(options.external ?? []), ...(external ?? [])]
    },
    banner: {
      js: "import { createRequire as __bishuiRequire } from 'node:module'; const require = __bishuiRequire(import.meta.url);"
    }
  })
}

/**
 * tsup settings the apps share: an app as one bundle (`node dist/<entry>.js`) — no module resolution or
 * TypeScript stripping at start-up, and the code compiled once into Node's compile cache by the entry.
 * Everything is bundled, so `dist/` runs on its own; `require` is given to the CommonJS dependencies
 * (pg) that need it.
 */
import { defineConfig } from "tsup"

export const appBundle = (entry: string) =>
  defineConfig({
    entry: [entry],
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
    },
    banner: {
      js: "import { createRequire as __bishuiRequire } from 'node:module'; const require = __bishuiRequire(import.meta.url);"
    }
  })

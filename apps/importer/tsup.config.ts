import { defineConfig } from "tsup"

// bishui-import as one bundle (`node dist/launch.js`, the `bin`): no module resolution or TypeScript stripping at
// start-up, and the code compiled once into Node's compile cache. Everything is bundled, so `dist/`
// runs on its own; `require` is given to the CommonJS dependencies (pg) that need it.
export default defineConfig({
  entry: ["src/launch.ts"],
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

import { defineConfig } from "tsup"

// JS only: declarations come from `tsc -p tsconfig.build.json` (TypeScript 7 has no compiler API for tsup's dts).
export default defineConfig({
  // The seed is a module of its own (`@bishui/services/seed`): importing the services never decodes it.
  entry: { index: "src/index.ts", "seed/index": "src/seed/index.ts" },
  format: ["esm"],
  target: "node22",
  platform: "node",
  sourcemap: true,
  clean: true,
  dts: false,
  // tsup strips `node:` by default, which breaks prefix-only builtins: `node:sqlite` has no bare `sqlite`.
  removeNodeProtocol: false
})

/**
 * The built server's entry (`dist/serve.js`, made by `pnpm build`): Node's on-disk compile cache
 * first, then the server — a bundled start parses and compiles its code once, not on every start.
 */
import { enableCompileCache } from "node:module"

enableCompileCache?.()
await import("./main.ts")

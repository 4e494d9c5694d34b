#!/usr/bin/env -S node --max-semi-space-size=8 --max-old-space-size=192
/**
 * The built `bishui-import` (`dist/launch.js`, made by `pnpm build`): Node's on-disk compile cache
 * first, then the command line — so `bishui-import --help` answers at once, not after compiling
 * every module of the importer. The heap settings of the shebang keep an import of millions of rows
 * flat in memory (see bin.ts).
 */
import { enableCompileCache } from "node:module"

enableCompileCache?.()
await import("./bin.ts")

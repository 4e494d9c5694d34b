#!/usr/bin/env node
/**
 * The built `bishui-import` (`dist/launch.js`, made by `pnpm build`): Node's on-disk compile cache
 * first, then the command line — so `bishui-import --help` answers at once, not after compiling
 * every module of the importer.
 */
import { enableCompileCache } from "node:module"

enableCompileCache?.()
await import("./bin.ts")

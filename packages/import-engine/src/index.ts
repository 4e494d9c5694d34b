/**
 * @bishui/import-engine — a branch's Excel/CSV ledgers (台账) in and out through the services: reading
 * workbooks and CSV, matching headers, parsing cells, resolving references, building and writing
 * records, the issues and limits, progress as callbacks, the errors file, export and the blank template.
 * Argument parsing, terminal output and exit codes belong to the caller (the `bishui-import` CLI, the
 * console's upload).
 */

export * as Issue from "./base/Issue.ts"
export * as Limits from "./base/Limits.ts"
export * as Progress from "./base/Progress.ts"
export type { Words } from "./base/Words.ts"
export * as Export from "./Export.ts"
export * as Import from "./Import.ts"
export * as Sources from "./pipeline/Sources.ts"
export * as Unit from "./pipeline/Unit.ts"
export * as Transaction from "./Transaction.ts"
export * as Docs from "./template/Docs.ts"

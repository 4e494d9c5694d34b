/**
 * File paths as the user typed them: relative to the directory they ran the command in. `./dev`
 * runs every command from the repository's root and passes the caller's directory in `BISHUI_CWD`
 * (with `BISHUI_CWD_PID`, the process it becomes: a program that process starts inherits the
 * variables but is not the one they were meant for). Without them, paths are relative to the working
 * directory, as usual. The default database (`./data/bishui.db`) is the repository's, not a path the
 * user gave: it is not resolved here.
 */
import { isAbsolute, resolve } from "node:path"
import { isPostgresUrl } from "./Database.ts"

/** The directory the user ran the command in, when it is not this process's working directory. */
export const callerDirectory = (): string | undefined => {
  const cwd = process.env.BISHUI_CWD
  return cwd !== undefined && cwd !== "" && process.env.BISHUI_CWD_PID === String(process.pid)
    ? cwd
    : undefined
}

/** A path the user gave, made absolute against their directory (unchanged when there is none). */
export const fromCaller = (path: string): string => {
  const cwd = callerDirectory()
  return cwd === undefined || isAbsolute(path) ? path : resolve(cwd, path)
}

/** `sqlite:///abs/path`, `sqlite://rel/path` or `sqlite:rel/path`, as other tools write a SQLite database. */
const sqliteUrl = /^sqlite:(\/\/)?/

/**
 * A database the user gave: a SQLite path from their directory (a `sqlite:` URL is its path); a
 * PostgreSQL URL or `:memory:` as is.
 */
export const databaseFromCaller = (url: string): string => {
  if (sqliteUrl.test(url)) return databaseFromCaller(url.replace(sqliteUrl, ""))
  return isPostgresUrl(url) || url === ":memory:" || url.startsWith("file:") ? url : fromCaller(url)
}

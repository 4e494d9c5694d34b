/**
 * `BISHUI_MEMORY_LOG=path`: the server appends one JSON line of its memory every
 * `BISHUI_MEMORY_LOG_SECONDS` (default 5) — what `process.memoryUsage()` says of V8's heap and the
 * buffers outside it, and what the kernel says the process holds (`/proc/self/status`: resident,
 * anonymous, file-backed). No endpoint and no inspector: a line costs a `statm`-sized read and an
 * append, so `pnpm soak` turns it on for every run and splits the RSS it measures into what V8 holds
 * and what the native side (SQLite's page cache, malloc) does.
 */
import { appendFileSync, readFileSync } from "node:fs"

export interface MemoryLine {
  /** Milliseconds since the epoch. */
  readonly at: number
  readonly rss: number
  readonly heapTotal: number
  readonly heapUsed: number
  readonly external: number
  readonly arrayBuffers: number
  /** RssAnon: the process's own memory (V8's heap, buffers, malloc); 0 where /proc is not there. */
  readonly anon: number
  /** RssFile: resident pages of mapped files (the code, SQLite's memory-mapped database file). */
  readonly file: number
}

const statusField = (status: string, name: string) =>
  Number(new RegExp(`${name}:\\s+(\\d+)\\s+kB`).exec(status)?.[1] ?? 0) * 1024

export const memoryLine = (now: () => number = Date.now): MemoryLine => {
  let status = ""
  try {
    status = readFileSync("/proc/self/status", "utf8")
  } catch {
    // not Linux: the kernel's split is not there, memoryUsage() still is
  }
  const usage = process.memoryUsage()
  return {
    at: now(),
    rss: usage.rss,
    heapTotal: usage.heapTotal,
    heapUsed: usage.heapUsed,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    anon: statusField(status, "RssAnon"),
    file: statusField(status, "RssFile")
  }
}

/** Appends a line now and then every `everyMs`; the timer does not keep the process alive. Returns a stop. */
export const startMemoryLog = (options: {
  readonly path: string
  readonly everyMs: number
}): (() => void) => {
  const write = () => {
    try {
      appendFileSync(options.path, `${JSON.stringify(memoryLine())}\n`)
    } catch {
      // a full disk or a removed directory must not take the server down: the log is a diagnostic
    }
  }
  write()
  const timer = setInterval(write, Math.max(100, options.everyMs))
  timer.unref()
  return () => clearInterval(timer)
}

/** Reads a memory log back (a partly written last line is skipped). */
export const readMemoryLog = (path: string): Array<MemoryLine> => {
  let text = ""
  try {
    text = readFileSync(path, "utf8")
  } catch {
    return []
  }
  const lines: Array<MemoryLine> = []
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue
    try {
      lines.push(JSON.parse(line) as MemoryLine)
    } catch {
      // the line being written when it was read
    }
  }
  return lines
}

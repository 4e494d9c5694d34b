/**
 * Progress on stderr: a bar with rows, rows per second and the time left on a terminal (cli-progress),
 * and otherwise a plain line at most once a second, so logs stay readable.
 */

import type { Progress } from "@bishui/import-engine"
import cliProgress from "cli-progress"

const seconds = (s: number) => {
  if (!Number.isFinite(s) || s < 0) return "?"
  const m = Math.floor(s / 60)
  const r = Math.round(s % 60)
  return m > 0 ? `${m}:${String(r).padStart(2, "0")}` : `${r}s`
}

export const makeProgress = (stream: NodeJS.WriteStream = process.stderr): Progress.Progress => {
  let label = ""
  let total = 0
  let started = 0
  let lastLine = 0
  let bar: cliProgress.SingleBar | undefined
  const tty = stream.isTTY === true
  return {
    start: (name, totalBytes) => {
      label = name
      total = Math.max(totalBytes, 1)
      started = Date.now()
      lastLine = started
      if (tty) {
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: "{label} [{bar}] {percentage}% | {rows} | {rate} 行/秒 rows/s | 剩余 ETA {left}",
            hideCursor: true,
            clearOnComplete: true,
            barsize: 24
          },
          cliProgress.Presets.shades_classic
        )
        bar.start(total, 0, { label, rows: "0 行 rows", rate: 0, left: "?" })
      }
    },
    update: (rows, bytes, sheet) => {
      const now = Date.now()
      if (now - lastLine < (tty ? 100 : 1000)) return
      lastLine = now
      const elapsed = (now - started) / 1000
      const rate = Math.round(rows / Math.max(elapsed, 0.001))
      const fraction = Math.min(bytes / total, 1)
      const left = fraction > 0 ? seconds((elapsed / fraction) * (1 - fraction)) : "?"
      if (bar !== undefined)
        bar.update(Math.min(bytes, total), {
          label: `${label} ${sheet}`,
          rows: `${rows} 行 ${rows === 1 ? "row" : "rows"}`,
          rate,
          left
        })
      else
        stream.write(
          `进度 progress: ${label} ${sheet} ${Math.round(fraction * 100)}% ${rows} 行/${rows === 1 ? "row" : "rows"} ${rate} 行/秒/rows/s 剩余/ETA ${left}\n`
        )
    },
    stop: () => {
      bar?.stop()
      bar = undefined
    }
  }
}

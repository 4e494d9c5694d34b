/** What the engine tells whoever shows progress: rows done, and how far through the unit's bytes it is. */
export interface Progress {
  readonly start: (label: string, totalBytes: number) => void
  readonly update: (rows: number, bytes: number, sheet: string) => void
  readonly stop: () => void
}

export const silent: Progress = { start: () => {}, update: () => {}, stop: () => {} }

/**
 * A benchmark's figures: the values of its runs, their median and range, the reference measured in the
 * same run, the ratio of the medians, and the target with PASS/FAIL — never judged on anything else.
 */

export type Target =
  | { readonly kind: "ratio≤" | "ratio≥"; readonly limit: number }
  | { readonly kind: "value≤"; readonly limit: number }

export interface Result {
  readonly group: string
  readonly name: string
  readonly unit: string
  readonly values: ReadonlyArray<number>
  readonly median: number
  readonly min: number
  readonly max: number
  readonly reference?: {
    readonly name: string
    readonly values: ReadonlyArray<number>
    readonly median: number
    readonly min: number
    readonly max: number
  }
  readonly ratio?: number
  readonly target?: Target
  readonly pass?: boolean
  readonly extra?: Record<string, number | ReadonlyArray<number>>
}

export const median = (xs: ReadonlyArray<number>) => {
  if (xs.length === 0) return Number.NaN
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

const stats = (values: ReadonlyArray<number>) => ({
  values,
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values)
})

export const summarise = (input: {
  readonly group: string
  readonly name: string
  readonly unit: string
  readonly values: ReadonlyArray<number>
  readonly reference?: { readonly name: string; readonly values: ReadonlyArray<number> }
  readonly target?: Target
  readonly extra?: Record<string, number | ReadonlyArray<number>>
}): Result => {
  const own = stats(input.values)
  const reference =
    input.reference === undefined
      ? undefined
      : { name: input.reference.name, ...stats(input.reference.values) }
  const ratio = reference === undefined ? undefined : own.median / reference.median
  const target = input.target
  const pass =
    target === undefined
      ? undefined
      : target.kind === "value≤"
        ? own.median <= target.limit
        : ratio === undefined || !Number.isFinite(ratio)
          ? false
          : target.kind === "ratio≤"
            ? ratio <= target.limit
            : ratio >= target.limit
  return {
    group: input.group,
    name: input.name,
    unit: input.unit,
    ...own,
    ...(reference === undefined ? {} : { reference }),
    ...(ratio === undefined ? {} : { ratio }),
    ...(target === undefined ? {} : { target }),
    ...(pass === undefined ? {} : { pass }),
    ...(input.extra === undefined ? {} : { extra: input.extra })
  }
}

const num = (x: number) =>
  !Number.isFinite(x)
    ? "–"
    : Math.abs(x) >= 1000
      ? Math.round(x).toLocaleString("en-US")
      : Math.abs(x) >= 10
        ? x.toFixed(1)
        : x.toFixed(2)

const ratioText = (ratio: number) => `${ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}×`

const range = (min: number, max: number) => (min === max ? "" : ` (${num(min)}–${num(max)})`)

const targetText = (r: Result) => {
  if (r.target === undefined) return ""
  const t = r.target
  const text =
    t.kind === "value≤" ? `≤ ${num(t.limit)} ${r.unit}` : `${t.kind === "ratio≤" ? "≤" : "≥"} ${t.limit}×`
  return `${text}  ${r.pass === true ? "PASS" : "FAIL"}`
}

/** The results as a text table; `header` adds the column names. */
export const table = (results: ReadonlyArray<Result>, header: boolean): string => {
  const rows = results.map((r) => [
    r.group,
    r.name,
    `${num(r.median)} ${r.unit}${range(r.min, r.max)}`,
    r.reference === undefined
      ? ""
      : `${r.reference.name}: ${num(r.reference.median)}${range(r.reference.min, r.reference.max)}`,
    r.ratio === undefined ? "" : ratioText(r.ratio),
    targetText(r)
  ])
  const all = header
    ? [["group", "benchmark", "median (range)", "reference, same run", "ratio", "target"], ...rows]
    : rows
  const widths = [0, 1, 2, 3, 4, 5].map((i) => Math.max(...all.map((row) => [...(row[i] ?? "")].length)))
  return all
    .map((row) =>
      row
        .map((cell, i) => cell + " ".repeat(Math.max(0, (widths[i] ?? 0) - [...cell].length)))
        .join("  ")
        .trimEnd()
    )
    .join("\n")
}

/** The results as a Markdown table, for BENCHMARKS.md. */
export const markdown = (results: ReadonlyArray<Result>): string => {
  const lines = [
    "| group | benchmark | median (range) | reference, same run | ratio | target |",
    "| --- | --- | --- | --- | --- | --- |"
  ]
  for (const r of results) {
    lines.push(
      `| ${r.group} | ${r.name} | ${num(r.median)} ${r.unit}${range(r.min, r.max)} | ${r.reference === undefined ? "" : `${r.reference.name}: ${num(r.reference.median)}${range(r.reference.min, r.reference.max)}`} | ${r.ratio === undefined ? "" : ratioText(r.ratio)} | ${targetText(r)} |`
    )
  }
  return lines.join("\n")
}

/**
 * Charts drawn on the server: Apache ECharts in its SSR mode renders each to an SVG string, inlined in
 * the page — nothing to run in the browser, so a chart shows with script off and prints. Each chart's
 * SVG is labelled (`role="img"` and `aria-label`), and the page puts the same numbers in a table next
 * to it for whoever cannot see it. Animation is off: a server-side chart is one frame.
 */
import * as echarts from "echarts"

/** A bar chart's data: categories along the axis, one or more series of counts. */
export interface BarData {
  readonly categories: ReadonlyArray<string>
  readonly series: ReadonlyArray<{ readonly name: string; readonly values: ReadonlyArray<number> }>
  /** Bars of the series stacked (activities of several categories in one month). */
  readonly stacked?: boolean
  /** Bars along the vertical axis (long zone names). */
  readonly horizontal?: boolean
}

/**
 * Colours with at least 3:1 contrast on white, told apart also by order in the legend and the table:
 * thirteen, as many as the kinds of activity, so no two categories of a month share one.
 */
const palette = [
  "#0a5c5c",
  "#c2410c",
  "#1d4ed8",
  "#7c3aed",
  "#b91c1c",
  "#047857",
  "#a16207",
  "#be185d",
  "#334155",
  "#0e7490",
  "#4d7c0f",
  "#78350f",
  "#3730a3"
]

const fontFamily = `system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif`

type ChartOptions = { readonly width: number; readonly height: number; readonly label: string }

/**
 * Charts already drawn, by everything they are drawn from (data, size, label): ECharts' layout and SVG
 * took four fifths of a dashboard's time (~90 ms of ~110 ms, `node --cpu-prof`), and the same numbers
 * draw the same chart — so a chart is drawn once until its numbers change. Nothing can be stale: a
 * changed count is another key. The last `chartsKept` are kept (least recently used dropped first).
 */
const drawn = new Map<string, string>()
const chartsKept = 64

/** The SVG of a bar chart, `width`×`height` (it scales down with the page: `viewBox`). */
export const barChartSvg = (data: BarData, options: ChartOptions): string => {
  const key = JSON.stringify([data, options])
  const found = drawn.get(key)
  if (found !== undefined) {
    drawn.delete(key)
    drawn.set(key, found)
    return found
  }
  const svg = draw(data, options)
  drawn.set(key, svg)
  if (drawn.size > chartsKept) drawn.delete(drawn.keys().next().value as string)
  return svg
}

const draw = (data: BarData, options: ChartOptions): string => {
  const chart = echarts.init(null, null, {
    renderer: "svg",
    ssr: true,
    width: options.width,
    height: options.height
  })
  try {
    const categoryAxis = {
      type: "category" as const,
      data: [...data.categories],
      // every label shown (twelve months fit at 11 px): ECharts' overlap hiding dropped 11月
      axisLabel: { fontFamily, fontSize: 11, interval: 0 }
    }
    const valueAxis = { type: "value" as const, minInterval: 1, axisLabel: { fontFamily } }
    chart.setOption({
      animation: false,
      color: palette,
      textStyle: { fontFamily },
      aria: { enabled: true, label: { description: options.label } },
      legend: data.series.length > 1 ? { top: 0, type: "plain", textStyle: { fontFamily } } : { show: false },
      // the legend wraps, about three entries a row at the width pages draw at
      grid: {
        left: 8,
        right: 24,
        top: data.series.length > 1 ? 16 + 24 * Math.ceil(data.series.length / 3) : 16,
        bottom: 8,
        containLabel: true
      },
      xAxis: data.horizontal === true ? valueAxis : categoryAxis,
      yAxis: data.horizontal === true ? { ...categoryAxis, inverse: true } : valueAxis,
      series: data.series.map((s) => ({
        type: "bar" as const,
        name: s.name,
        data: [...s.values],
        ...(data.stacked === true ? { stack: "all" } : {}),
        label:
          data.stacked === true
            ? { show: false }
            : { show: true, position: data.horizontal === true ? "right" : "top" }
      }))
    })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}

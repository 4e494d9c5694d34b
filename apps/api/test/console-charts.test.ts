/**
 * The console's charts are kept by what they are drawn from: the same numbers give the same SVG (drawn
 * once), and a changed number is never answered with the chart drawn before it changed.
 */
import { describe, expect, it } from "vitest"
import { barChartSvg } from "../src/pages/console/charts.ts"

const options = { width: 420, height: 200, label: "案件" }
const chart = (values: ReadonlyArray<number>) => ({
  categories: ["未办结", "已超期", "已办结"],
  series: [{ name: "数量", values }]
})

describe("the console's charts", () => {
  it("draw the same numbers once, and every change of a number again", () => {
    const first = barChartSvg(chart([1, 2, 3]), options)
    expect(first).toMatch(/^<svg /)
    expect(barChartSvg(chart([1, 2, 3]), options)).toBe(first)
    const changed = barChartSvg(chart([1, 2, 4]), options)
    expect(changed).not.toBe(first)
    expect(changed).toContain(">4<")
    expect(first).not.toContain(">4<")
    // another size or label is another chart
    expect(barChartSvg(chart([1, 2, 3]), { ...options, height: 240 })).not.toBe(first)
    // more charts than are kept: the first is drawn again, the same but for the drawing's own class
    // names (ECharts numbers each drawing: `zr3-cls-1`)
    for (let i = 0; i < 80; i++) barChartSvg(chart([i, i + 1, i + 2]), options)
    const again = barChartSvg(chart([1, 2, 3]), options)
    expect(again).not.toBe(first)
    const classless = (svg: string) => svg.replace(/zr\d+-cls-\d+/g, "zr-cls")
    expect(classless(again)).toBe(classless(first))
  })
})

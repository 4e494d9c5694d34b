import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Result, Schema } from "effect"
import * as fc from "fast-check"
import { Calendar, Cell, TimeZone } from "../src/index.ts"
import { success } from "./fixtures.ts"

const {
  isBlank,
  normalizeText,
  parseBoolean,
  parseChoice,
  parseCny,
  parseCount,
  parseDate,
  parseDecimal,
  parseInstant,
  parseList,
  parseText
} = Cell

/** The problem of a failed parse, or a test failure that shows the success. */
const problemOf = <A>(result: Cell.Parsed<A>): Cell.CellProblem => {
  if (Result.isSuccess(result)) assert.fail(`expected a problem, got ${String(result.success)}`)
  return result.failure
}

/** ASCII to its full-width form, as a Chinese input method types it. */
const fullWidth = (text: string): string =>
  text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

const decimal = (text: string): BigDecimal.BigDecimal => BigDecimal.fromStringUnsafe(text)

const assertDecimal = (result: Cell.Parsed<BigDecimal.BigDecimal>, expected: string): void => {
  const value = success(result)
  assert.isTrue(BigDecimal.equals(value, decimal(expected)), `${BigDecimal.format(value)} ≠ ${expected}`)
}

const dayMillis = 86_400_000

describe("normalizeText", () => {
  it.each([
    ["２０２３年１１月５日", "2023年11月5日"],
    ["２３，０００元", "23,000元"],
    ["ＡＢＣ１２３，．／：（）－", "ABC123,./:()-"],
    ["￥２３０００", "¥23000"],
    ["\u3000 巡河\u3000\u3000清漂 ", "巡河 清漂"],
    ["a \t\n b", "a b"],
    ["\uFEFF张三", "张三"],
    ["张\u200B三\u200D", "张三"],
    ["m²", "m²"],
    ["", ""]
  ])("%j → %j", (raw, expected) => {
    assert.strictEqual(normalizeText(raw), expected)
  })

  const messy = fc.string({
    unit: fc.oneof(
      fc.string({ unit: "binary", maxLength: 1 }),
      fc.constantFrom(
        "\u3000",
        " ",
        "\t",
        "\n",
        "\u00A0",
        "\uFEFF",
        "\u200B",
        "\u200D",
        "\u00AD",
        "￥",
        "，"
      ),
      fc.integer({ min: 0xff01, max: 0xff5e }).map((c) => String.fromCharCode(c))
    )
  })

  it("is idempotent", () => {
    fc.assert(
      fc.property(messy, (raw) => {
        const once = normalizeText(raw)
        assert.strictEqual(normalizeText(once), once)
      })
    )
  })

  it("leaves no full-width form, zero-width character, edge space or double space", () => {
    fc.assert(
      fc.property(messy, (raw) => {
        const text = normalizeText(raw)
        assert.notMatch(text, /[\uFF01-\uFF5E\u3000\u200B-\u200D\uFEFF]|^\s|\s$|\s\s/)
      })
    )
  })
})

describe("isBlank", () => {
  it.each([null, undefined, "", " ", "\u3000", "\uFEFF", " \t\n"])("%j is blank", (raw) => {
    assert.isTrue(isBlank(raw))
  })
  it.each(["0", 0, false, "-", new Date(0), Number.NaN])("%j is not blank", (raw) => {
    assert.isFalse(isBlank(raw))
  })
})

describe("parseText", () => {
  it.each([
    [" 张三 ", "张三"],
    ["四平河  巡河", "四平河 巡河"],
    ["ＡＢＣ", "ABC"],
    [12, "12"],
    [0.5, "0.5"],
    [true, "TRUE"],
    [new Date(Date.UTC(2023, 10, 5)), "2023-11-05"],
    [new Date(Date.UTC(2023, 10, 5, 14, 30)), "2023-11-05 14:30:00"]
  ] as const)("%j → %j", (raw, expected) => {
    assert.strictEqual(success(parseText(raw)), expected)
  })

  it.each([null, undefined, "", "\u3000"])("rejects the blank %j", (raw) => {
    const problem = problemOf(parseText(raw))
    assert.include(problem.zh, "为空")
    assert.include(problem.en, "empty")
  })

  it.each([Number.NaN, Number.POSITIVE_INFINITY, new Date(Number.NaN)])(
    "rejects the unreadable %j",
    (raw) => {
      assert.isTrue(Result.isFailure(parseText(raw)))
    }
  )

  it("enforces maxLength in characters, after normalisation", () => {
    assert.strictEqual(success(parseText("巡河清漂", { maxLength: 4 })), "巡河清漂")
    assert.strictEqual(success(parseText("  巡河  ", { maxLength: 2 })), "巡河")
    assert.strictEqual(success(parseText("𠀀𠀀", { maxLength: 2 })), "𠀀𠀀")
    const problem = problemOf(parseText("巡河清漂了", { maxLength: 4 }))
    assert.strictEqual(problem.zh, '文字"巡河清漂了"太长：最多4个字，现有5个')
    assert.strictEqual(problem.en, 'text "巡河清漂了" is too long: at most 4 characters, it has 5')
  })
})

describe("parseList", () => {
  it.each([
    ["张三、李四", ["张三", "李四"]],
    ["张三,李四，王五", ["张三", "李四", "王五"]],
    ["a; b；c", ["a", "b", "c"]],
    ["巡河/清漂／宣讲", ["巡河", "清漂", "宣讲"]],
    ["张三\n李四\r\n王五", ["张三", "李四", "王五"]],
    ["  张 三 、、 ,李四 ,", ["张 三", "李四"]],
    ["ＡＢ、ＣＤ", ["AB", "CD"]],
    ["单个", ["单个"]],
    ["", []],
    [" 、 ", []],
    [null, []],
    [undefined, []],
    [12, ["12"]]
  ] as const)("%j → %j", (raw, expected) => {
    assert.deepStrictEqual(parseList(raw), expected)
  })
})

// ---------------------------------------------------------------------------------------------------

/**
 * The Excel serial of a real day, computed the other way round from the parser: whole days since
 * 1899-12-31 (serial 1 = 1900-01-01), plus one from March 1900 on for Excel's phantom 1900-02-29.
 */
const excelSerial = (year: number, month: number, day: number): number => {
  const days = (Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 31)) / dayMillis
  return Date.UTC(year, month - 1, day) >= Date.UTC(1900, 2, 1) ? days + 1 : days
}

describe("parseDate", () => {
  it.each([
    ["2023-11-05", "2023-11-05"],
    ["2023/11/5", "2023-11-05"],
    ["2023/11/05", "2023-11-05"],
    ["2023.11.05", "2023-11-05"],
    ["2023.1.5", "2023-01-05"],
    ["2023年11月5日", "2023-11-05"],
    ["2023年11月5号", "2023-11-05"],
    ["2023 年 11 月 5 日", "2023-11-05"],
    ["２０２３年１１月５日", "2023-11-05"],
    ["２０２３－１１－０５", "2023-11-05"],
    ["２０２３／１１／５", "2023-11-05"],
    [" 2023-11-05\u3000", "2023-11-05"],
    ["\uFEFF2023-11-05", "2023-11-05"],
    ["2024-02-29", "2024-02-29"],
    ["2000-02-29", "2000-02-29"],
    ["2023-11-05 14:30", "2023-11-05"],
    ["2023/11/5 0:00:00", "2023-11-05"],
    ["2023-11-05T14:30:00", "2023-11-05"],
    ["2023年11月5日14时30分", "2023-11-05"],
    ["45235", "2023-11-05"],
    ["４５２３５", "2023-11-05"],
    ["45235.75", "2023-11-05"],
    [45235, "2023-11-05"],
    [45235.999, "2023-11-05"],
    [1, "1900-01-01"],
    [59, "1900-02-28"],
    [61, "1900-03-01"],
    [36526, "2000-01-01"],
    [2958465, "9999-12-31"],
    [new Date(Date.UTC(2023, 10, 5)), "2023-11-05"],
    [new Date(Date.UTC(2023, 10, 5, 23, 59)), "2023-11-05"]
  ] as const)("%j → %s", (raw, expected) => {
    assert.strictEqual<string>(success(parseDate(raw)), expected)
  })

  it.each([
    [
      "2023/13/01",
      '日期"2023/13/01"不存在：月份应在1到12之间',
      'date "2023/13/01" does not exist: the month must be 1 to 12'
    ],
    [
      "2023-02-30",
      '日期"2023-02-30"不存在：2023年2月只有28天',
      'date "2023-02-30" does not exist: 2023-02 has only 28 days'
    ],
    [
      "2023年4月31日",
      '日期"2023年4月31日"不存在：2023年4月只有30天',
      'date "2023年4月31日" does not exist: 2023-04 has only 30 days'
    ],
    [
      "1900-02-29",
      '日期"1900-02-29"不存在：1900年2月只有28天',
      'date "1900-02-29" does not exist: 1900-02 has only 28 days'
    ],
    [
      "2023-00-10",
      '日期"2023-00-10"不存在：月份应在1到12之间',
      'date "2023-00-10" does not exist: the month must be 1 to 12'
    ],
    [
      "1899-12-31",
      '日期"1899-12-31"不存在：年份应在1900到9999之间',
      'date "1899-12-31" does not exist: the year must be 1900 to 9999'
    ],
    [
      60,
      '日期"60"不存在：Excel序号60是Excel虚构的1900年2月29日',
      'date "60" does not exist: Excel serial 60 is Excel\'s phantom 1900-02-29'
    ]
  ] as const)("rejects the impossible %j", (raw, zh, en) => {
    assert.deepStrictEqual(problemOf(parseDate(raw)), { zh, en })
  })

  it.each(["05/11/2023", "5/11/2023", "11-05-2023", "05.11.2023", "23/11/05"])(
    "rejects the ambiguous %j, asking for the year first",
    (raw) => {
      const problem = problemOf(parseDate(raw))
      assert.include(problem.zh, `"${raw}"有歧义`)
      assert.include(problem.zh, "2023年11月5日")
      assert.include(problem.en, `"${raw}" is ambiguous: put the year first`)
      assert.include(problem.en, "2023-11-05, 2023/11/5, 2023.11.05 or 2023年11月5日")
    }
  )

  it.each([
    ["2023-11", "缺少日", "has no day"],
    ["2023年11月", "缺少日", "has no day"],
    ["2023-11/05", "不是日期", "is not a date"],
    ["20231105", "1到2958465", "1 to 2958465"],
    ["yesterday", "不是日期", "is not a date"],
    ["2023-11-05 25:00", "时应在0到23之间", "hours must be 0 to 23"],
    ["2023-11-05 下午", "时间看不懂", "cannot be read"],
    ["2023-11-0514:30", "不是日期", "is not a date"],
    ["-1", "不是日期", "is not a date"],
    [0, "1到2958465", "1 to 2958465"],
    [-5, "1到2958465", "1 to 2958465"],
    [0.5, "1到2958465", "1 to 2958465"],
    [2958466, "1到2958465", "1 to 2958465"],
    [Number.NaN, "1到2958465", "1 to 2958465"],
    [2023, "只写了年份", "a year alone"],
    ["2023", "只写了年份", "a year alone"],
    [true, "不是日期", "is not a date"],
    [new Date(Number.NaN), "不是日期", "is not a date"],
    [new Date(Date.UTC(1899, 0, 1)), "1900到9999", "1900 to 9999"],
    [null, "日期为空", "the date is empty"],
    ["  ", "日期为空", "the date is empty"]
  ] as const)("rejects %j (%s)", (raw, zh, en) => {
    const problem = problemOf(parseDate(raw))
    assert.include(problem.zh, zh)
    assert.include(problem.en, en)
  })

  const days = fc
    .integer({ min: Date.UTC(1900, 0, 1) / dayMillis, max: Date.UTC(9999, 11, 31) / dayMillis })
    .map((n) => {
      const d = new Date(n * dayMillis)
      return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
    })
  const iso = ({ day, month, year }: { year: number; month: number; day: number }): string =>
    `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`

  it("round-trips every real day written in each accepted form, in half- and full-width digits", () => {
    fc.assert(
      fc.property(days, fc.boolean(), (date, wide) => {
        const { day, month, year } = date
        const mm = String(month).padStart(2, "0")
        const dd = String(day).padStart(2, "0")
        const forms = [
          `${year}-${mm}-${dd}`,
          `${year}-${month}-${day}`,
          `${year}/${month}/${day}`,
          `${year}/${mm}/${dd}`,
          `${year}.${mm}.${dd}`,
          `${year}.${month}.${day}`,
          `${year}年${month}月${day}日`,
          `${year}年${mm}月${dd}日`,
          `${year}年${month}月${day}号`
        ]
        for (const form of forms) {
          const written = wide ? fullWidth(form) : form
          assert.strictEqual(success(parseDate(written)), iso(date), written)
        }
      })
    )
  })

  it("round-trips every real day as an Excel serial, number or text, with or without a time", () => {
    fc.assert(
      fc.property(days, fc.double({ min: 0, max: 0.999, noNaN: true }), (date, time) => {
        const serial = excelSerial(date.year, date.month, date.day)
        if (serial >= 1900 && serial <= 2100) {
          // A whole number that reads as a year (a day in 1905 as a serial) is refused as a year.
          assert.include(problemOf(parseDate(serial)).en, "a year alone")
          assert.strictEqual(success(parseDate(serial + 0.5)), iso(date))
          return
        }
        assert.strictEqual(success(parseDate(serial)), iso(date))
        assert.strictEqual(success(parseDate(String(serial))), iso(date))
        assert.strictEqual(success(parseDate(serial + time)), iso(date))
      })
    )
  })

  it("reads a Date by its UTC parts, whatever the time of day", () => {
    fc.assert(
      fc.property(days, fc.integer({ min: 0, max: dayMillis - 1 }), (date, millis) => {
        const at = new Date(Date.UTC(date.year, date.month - 1, date.day) + millis)
        assert.strictEqual(success(parseDate(at)), iso(date))
      })
    )
  })

  it("gives a valid LocalDate whenever it succeeds", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.integer({ min: -10, max: 3_000_000 })), (raw) => {
        const result = parseDate(raw)
        if (Result.isSuccess(result)) assert.isTrue(Schema.is(Calendar.LocalDate)(result.success))
      })
    )
  })
})

describe("parseInstant", () => {
  it.each([
    ["2023-07-21 14:30", "2023-07-21T06:30:00.000Z"],
    ["2023/7/21 14:30:00", "2023-07-21T06:30:00.000Z"],
    ["2023-07-21T14:30:00.250", "2023-07-21T06:30:00.250Z"],
    ["2023.07.21 8:05", "2023-07-21T00:05:00.000Z"],
    ["2023年7月21日14时30分", "2023-07-21T06:30:00.000Z"],
    ["2023年7月21日 14点30分15秒", "2023-07-21T06:30:15.000Z"],
    ["2023年7月21日 14:30", "2023-07-21T06:30:00.000Z"],
    ["２０２３／７／２１　１４：３０", "2023-07-21T06:30:00.000Z"],
    ["2023-07-21", "2023-07-20T16:00:00.000Z"],
    ["2023-07-21 00:00", "2023-07-20T16:00:00.000Z"],
    ["2023-07-21 7:59:59", "2023-07-20T23:59:59.000Z"],
    ["2023-07-21 23:59:59", "2023-07-21T15:59:59.000Z"],
    [45128, "2023-07-20T16:00:00.000Z"],
    [45128.604166666664, "2023-07-21T06:30:00.000Z"],
    ["45128.5", "2023-07-21T04:00:00.000Z"],
    // Shanghai kept local mean time (UTC+8:05:43) until 1901: the tz database's history applies
    [1, "1899-12-31T15:54:17.000Z"],
    [2958465.5, "9999-12-31T04:00:00.000Z"],
    [new Date(Date.UTC(2023, 6, 21, 14, 30)), "2023-07-21T06:30:00.000Z"]
  ] as const)("%j → %s", (raw, expected) => {
    assert.strictEqual<string>(success(parseInstant(raw)), expected)
  })

  it.each([
    ["2023-07-21 24:00", "时应在0到23之间"],
    ["2023-07-21 14:60", "时应在0到23之间"],
    ["2023-07-21 14", "时间看不懂"],
    ["2023-07-21 2pm", "时间看不懂"],
    ["21/07/2023 14:30", "有歧义"],
    ["2023-02-30 10:00", "2023年2月只有28天"],
    [60.5, "Excel虚构的1900年2月29日"],
    [2958466, "1到2958465"],
    // 0.0864 ms before 10000-01-01: rounded to the millisecond, it leaves the calendar.
    [2958465.999999999, "1900到9999"],
    ["", "日期为空"]
  ] as const)("rejects %j (%s)", (raw, zh) => {
    const problem = problemOf(parseInstant(raw))
    assert.include(problem.zh, zh)
    assert.isNotEmpty(problem.en)
  })

  it("reads a ledger's time in the tenant's zone (Beijing time by default)", () => {
    const zone = (name: string) => Schema.decodeUnknownSync(TimeZone.TimeZone)(name)
    // 2024-01-01 07:30 and 2024-12-31 23:30 in Beijing are both in 2024 there.
    assert.strictEqual<string>(success(parseInstant("2024-01-01 07:30")), "2023-12-31T23:30:00.000Z")
    assert.strictEqual<string>(success(parseInstant("2024-12-31 23:30")), "2024-12-31T15:30:00.000Z")
    assert.strictEqual<string>(
      success(parseInstant("2024年1月1日7时30分", zone("UTC"))),
      "2024-01-01T07:30:00.000Z"
    )
    assert.strictEqual<string>(
      success(parseInstant("2024-07-01 08:00", zone("America/New_York"))),
      "2024-07-01T12:00:00.000Z"
    )
    assert.strictEqual<string>(
      success(parseInstant(45292.3125, zone("Asia/Urumqi"))),
      "2024-01-01T01:30:00.000Z"
    )
    const problem = problemOf(parseInstant("明天上午", zone("Asia/Urumqi")))
    assert.include(problem.zh, "Asia/Urumqi")
  })

  it("the plain form (YYYY-MM-DD HH:MM[:SS]) reads as the general reader reads it", () => {
    const two = (n: number) => String(n).padStart(2, "0")
    fc.assert(
      fc.property(
        fc.integer({ min: 1890, max: 10010 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.option(fc.integer({ min: 0, max: 61 })),
        fc.constantFrom(" ", "T"),
        (y, mo, d, h, mi, s, sep) => {
          const text = `${String(y).padStart(4, "0")}-${two(mo)}-${two(d)}${sep}${two(h)}:${two(mi)}${s === null ? "" : `:${two(s)}`}`
          const plain = parseInstant(text)
          // a leading space is trimmed by the general reader and keeps the text off the plain path
          const general = parseInstant(` ${text}`)
          assert.strictEqual(Result.isSuccess(plain), Result.isSuccess(general), text)
          if (Result.isSuccess(plain) && Result.isSuccess(general))
            assert.strictEqual(plain.success, general.success, text)
        }
      ),
      { numRuns: 3000 }
    )
  })

  // China has kept UTC+8 all year since 1992 (summer time 1986–1991, local mean time before 1901).
  const instants = fc
    .integer({ min: Date.UTC(1992, 0, 1) / 1000, max: Date.UTC(9999, 11, 31, 23, 59, 59) / 1000 })
    .map((seconds) => seconds * 1000 - 8 * 3_600_000)

  it("round-trips any China Standard Time moment written in each form, and as a serial", () => {
    fc.assert(
      fc.property(instants, (millis) => {
        const wall = new Date(millis + 8 * 3_600_000)
        const [y, mo, d, h, mi, s] = [
          wall.getUTCFullYear(),
          wall.getUTCMonth() + 1,
          wall.getUTCDate(),
          wall.getUTCHours(),
          wall.getUTCMinutes(),
          wall.getUTCSeconds()
        ] as const
        const p2 = (n: number) => String(n).padStart(2, "0")
        const expected = Calendar.instantFromMillis(millis)
        for (const written of [
          `${y}-${p2(mo)}-${p2(d)} ${p2(h)}:${p2(mi)}:${p2(s)}`,
          `${y}/${mo}/${d} ${h}:${p2(mi)}:${p2(s)}`,
          `${y}.${p2(mo)}.${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}`,
          `${y}年${mo}月${d}日${h}时${mi}分${s}秒`,
          fullWidth(`${y}-${p2(mo)}-${p2(d)} ${p2(h)}:${p2(mi)}:${p2(s)}`)
        ]) {
          assert.strictEqual(success(parseInstant(written)), expected, written)
        }
        const serial = excelSerial(y, mo, d) + (h * 3600 + mi * 60 + s) / 86_400
        if (!(Number.isInteger(serial) && serial >= 1900 && serial <= 2100)) {
          assert.strictEqual(success(parseInstant(serial)), expected, String(serial))
        }
      })
    )
  })

  it("puts a date alone at midnight in China, and agrees with parseDate on the day", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1992, 0, 1) / dayMillis, max: Date.UTC(9999, 11, 31) / dayMillis }),
        (n) => {
          const text = new Date(n * dayMillis).toISOString().slice(0, 10)
          const at = success(parseInstant(text))
          assert.strictEqual(Date.parse(at), n * dayMillis - 8 * 3_600_000)
          assert.strictEqual(TimeZone.localDateOf(at, TimeZone.defaultTimeZone), text)
          assert.strictEqual(success(parseDate(text)), text)
        }
      )
    )
  })
})

// ---------------------------------------------------------------------------------------------------

describe("parseCny", () => {
  it.each([
    ["23000", "23000"],
    ["23,000", "23000"],
    ["23，000", "23000"],
    ["23,000元", "23000"],
    ["23000.50", "23000.5"],
    ["23000.5", "23000.5"],
    ["¥23,000", "23000"],
    ["￥23000", "23000"],
    ["¥ 23,000.00", "23000"],
    ["2.3万", "23000"],
    ["2.3万元", "23000"],
    ["2.3 万元", "23000"],
    ["1.2亿", "120000000"],
    ["1.2亿元", "120000000"],
    ["RMB 23000", "23000"],
    ["rmb23000", "23000"],
    ["CNY 23,000", "23000"],
    ["人民币23000元", "23000"],
    ["２３，０００元", "23000"],
    ["２．３万元", "23000"],
    ["￥２３０００", "23000"],
    ["2.345678万", "23456.78"],
    ["1,234,567.89", "1234567.89"],
    ["0", "0"],
    ["0.01", "0.01"],
    ["0.10元", "0.1"],
    ["00023000", "23000"],
    [23000, "23000"],
    [0.1, "0.1"],
    [0.1 + 0.2, "0.3"],
    [12.345, "12.35"],
    [1e21, "1000000000000000000000"],
    [0, "0"]
  ] as const)("%j → %s", (raw, expected) => {
    assertDecimal(parseCny(raw), expected)
  })

  it.each([
    ["1.001", '金额"1.001"最多到分（两位小数）', 'amount "1.001" has more than two decimal places (fen)'],
    [
      "2.3456789万",
      '金额"2.3456789万"最多到分（两位小数）',
      'amount "2.3456789万" has more than two decimal places (fen)'
    ],
    [
      "2,30,00",
      '金额"2,30,00"的千位分隔符位置不对：应每三位一组，如23,000',
      'amount "2,30,00" has thousands separators in the wrong place: group digits in threes, e.g. 23,000'
    ],
    ["-5", '金额"-5"不能为负数', 'amount "-5" must not be negative'],
    [-0.01, '金额"-0.01"不能为负数', 'amount "-0.01" must not be negative'],
    [
      "abc",
      '"abc"不是金额：请写成23000、23,000元、¥23,000或2.3万元',
      '"abc" is not an amount: write it as 23000, 23,000元, ¥23,000 or 2.3万元'
    ]
  ] as const)("rejects %j", (raw, zh, en) => {
    assert.deepStrictEqual(problemOf(parseCny(raw)), { zh, en })
  })

  it.each([
    "23,00",
    "2300,0",
    "23000,50",
    ",23000",
    "23,000,",
    "¥-5",
    "-¥5",
    "(23000)",
    "1e3",
    "+5",
    ".5",
    "23000.",
    "1.2.3",
    "两万元",
    "2.3万万",
    "23000美元",
    "约23000元",
    "",
    " ",
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -1,
    true,
    new Date(0)
  ])("rejects %j", (raw) => {
    const problem = problemOf(parseCny(raw))
    assert.isNotEmpty(problem.zh)
    assert.isNotEmpty(problem.en)
  })

  const fenText = (fen: bigint, decimals: number): { whole: string; fraction: string } => {
    const digits = fen.toString().padStart(decimals + 1, "0")
    return { whole: digits.slice(0, -decimals), fraction: digits.slice(-decimals).replace(/0+$/, "") }
  }
  const plain = ({ fraction, whole }: { whole: string; fraction: string }): string =>
    fraction === "" ? whole : `${whole}.${fraction}`
  const grouped = ({ fraction, whole }: { whole: string; fraction: string }): string => {
    const withCommas = whole.replace(/\B(?=(\d{3})+$)/g, ",")
    return fraction === "" ? withCommas : `${withCommas}.${fraction}`
  }

  it("reads any fen amount exactly, however it is written", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.boolean(), (fen, wide) => {
        const expected = BigDecimal.make(fen, 2)
        const yuan = fenText(fen, 2)
        const forms = [
          plain(yuan),
          grouped(yuan),
          `${plain(yuan)}元`,
          `${grouped(yuan)}元`,
          `¥${grouped(yuan)}`,
          `￥${plain(yuan)}`,
          `RMB ${grouped(yuan)}`,
          `${plain(fenText(fen, 6))}万`,
          `${plain(fenText(fen, 6))}万元`,
          `${plain(fenText(fen, 10))}亿`
        ]
        for (const form of forms) {
          const written = wide ? fullWidth(form) : form
          const value = success(parseCny(written))
          assert.isTrue(BigDecimal.equals(value, expected), `${written} → ${BigDecimal.format(value)}`)
        }
      })
    )
  })

  it("reads an xlsx number of yuan and fen exactly, even after float arithmetic", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 11n }),
        fc.bigInt({ min: 0n, max: 10n ** 11n }),
        (a, b) => {
          // A typed figure: xlsx stores the double nearest to it and reads back its shortest decimal.
          assert.isTrue(BigDecimal.equals(success(parseCny(Number(a) / 100)), BigDecimal.make(a, 2)))
          // A formula's sum carries float error (0.1 + 0.2 = 0.30000000000000004): rounded to the fen.
          const sum = success(parseCny(Number(a) / 100 + Number(b) / 100))
          assert.isTrue(BigDecimal.equals(sum, BigDecimal.make(a + b, 2)))
        }
      )
    )
  })

  it("rejects a fraction of a fen written as text, however small", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 3, max: 8 }), (n, decimals) => {
        fc.pre(n % 10n !== 0n)
        const text = plain(fenText(n, decimals))
        assert.include(problemOf(parseCny(text)).en, "more than two decimal places")
      })
    )
  })
})

describe("parseCount", () => {
  it.each([
    ["80", 80, false],
    ["0", 0, false],
    ["80本", 80, false],
    ["80 本", 80, false],
    ["1,200人次", 1200, false],
    ["12个", 12, false],
    ["3次", 3, false],
    ["150人", 150, false],
    ["30棵", 30, false],
    ["2艘", 2, false],
    ["5条", 5, false],
    ["80件", 80, false],
    ["6名", 6, false],
    ["８０", 80, false],
    ["８０本", 80, false],
    ["80余", 80, true],
    ["80余本", 80, true],
    ["80多", 80, true],
    ["80多本", 80, true],
    ["约80", 80, true],
    ["约80本", 80, true],
    ["大约80人", 80, true],
    ["80+", 80, true],
    ["８０＋", 80, true],
    ["80人左右", 80, true],
    ["80左右", 80, true],
    ["８０余本", 80, true],
    [80, 80, false],
    [0, 0, false]
  ] as const)("%j → %i (approximate: %s)", (raw, value, approximate) => {
    assert.deepStrictEqual(success(parseCount(raw)), { value, approximate })
  })

  it.each([
    ["八十", "用了汉字数字：请用阿拉伯数字", "Chinese numerals: write digits"],
    ["八十余本", "用了汉字数字", "Chinese numerals"],
    ["两个", "用了汉字数字", "Chinese numerals"],
    ["2万", "用了汉字数字", "Chinese numerals"],
    ["-3", "不能为负数", "must not be negative"],
    [-1, "不能为负数", "must not be negative"],
    ["2.5", "应为整数", "whole number"],
    [2.5, "应为整数", "whole number"],
    ["80.0000001", "应为整数", "whole number"],
    ["8,0", "千位分隔符位置不对", "thousands separators"],
    ["80元", "不是数量", "is not a count"],
    ["余80", "不是数量", "is not a count"],
    ["many", "不是数量", "is not a count"],
    [Number.NaN, "不是数量", "is not a count"],
    [1e300, "应为整数", "whole number"],
    [true, "不是数量", "is not a count"],
    [null, "数量为空", "the count is empty"]
  ] as const)("rejects %j", (raw, zh, en) => {
    const problem = problemOf(parseCount(raw))
    assert.include(problem.zh, zh)
    assert.include(problem.en, en)
  })

  it("reads any count with its unit and its approximation", () => {
    const unit = fc.constantFrom("", "本", "个", "次", "人", "棵", "艘", "条", "件", "名", "人次")
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), unit, fc.boolean(), (n, u, wide) => {
        const w = (text: string) => (wide ? fullWidth(text) : text)
        assert.deepStrictEqual(success(parseCount(w(`${n}${u}`))), { value: n, approximate: false })
        assert.deepStrictEqual(success(parseCount(w(`${n.toLocaleString("en-US")}${u}`))), {
          value: n,
          approximate: false
        })
        for (const approx of [`${n}余${u}`, `${n}多${u}`, `约${n}${u}`, `${n}+`]) {
          assert.deepStrictEqual(success(parseCount(w(approx))), { value: n, approximate: true }, approx)
        }
      })
    )
  })
})

describe("parseDecimal", () => {
  it.each([
    ["12.5", "12.5"],
    ["12.5kg", "12.5"],
    ["12.5 KG", "12.5"],
    ["12.5公斤", "12.5"],
    ["12.5千克", "12.5"],
    ["12.5斤", "6.25"],
    ["25斤", "12.5"],
    ["500g", "0.5"],
    ["500克", "0.5"],
    ["1.2吨", "1200"],
    ["1,250.5kg", "1250.5"],
    ["１２．５公斤", "12.5"],
    ["0", "0"],
    ["0.125", "0.125"],
    [12.5, "12.5"],
    [0.1, "0.1"],
    [1.005, "1.005"]
  ] as const)("%j → %s", (raw, expected) => {
    assertDecimal(parseDecimal(raw), expected)
  })

  it.each(["-1", -1, "12,5", "abc", "12.5磅", "1e3", "约12公斤", "", Number.NaN, false])(
    "rejects %j",
    (raw) => {
      const problem = problemOf(parseDecimal(raw))
      assert.isNotEmpty(problem.zh)
      assert.isNotEmpty(problem.en)
    }
  )

  it("reads any exact decimal of kilograms and any 斤 as half a kilogram", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }), (n, scale) => {
        const value = BigDecimal.make(n, scale)
        const text = BigDecimal.format(value)
        assert.isTrue(BigDecimal.equals(success(parseDecimal(`${text}kg`)), value))
        assert.isTrue(
          BigDecimal.equals(success(parseDecimal(`${text}斤`)), BigDecimal.make(n * 5n, scale + 1))
        )
      })
    )
  })
})

describe("parseBoolean", () => {
  it.each([
    ["是", true],
    ["否", false],
    ["有", true],
    ["无", false],
    ["Y", true],
    ["y", true],
    ["N", false],
    ["yes", true],
    ["No", false],
    ["TRUE", true],
    ["false", false],
    ["1", true],
    ["0", false],
    ["√", true],
    ["×", false],
    ["Ｙ", true],
    [" 是 ", true],
    [1, true],
    [0, false],
    [true, true],
    [false, false]
  ] as const)("%j → %s", (raw, expected) => {
    assert.strictEqual(success(parseBoolean(raw)), expected)
  })

  it.each(["maybe", "是的吧", "2", 2, 0.5, "", null, new Date(0)])(
    "rejects %j, listing the accepted forms",
    (raw) => {
      const problem = problemOf(parseBoolean(raw))
      assert.include(problem.zh, "是或否")
      assert.include(problem.en, "是 or 否")
    }
  )
})

describe("parseChoice", () => {
  const parseActivity = parseChoice({
    patrol: ["巡河", "Patrol", "河道巡查"],
    cleanup: ["清漂", "Clean-up"],
    lecture: ["宣讲"]
  })

  it.each([
    ["巡河", "patrol"],
    ["河道巡查", "patrol"],
    ["patrol", "patrol"],
    ["PATROL", "patrol"],
    ["ｐａｔｒｏｌ", "patrol"],
    [" 清漂 ", "cleanup"],
    ["clean-up", "cleanup"],
    ["CLEAN－UP", "cleanup"],
    ["lecture", "lecture"],
    ["宣讲", "lecture"]
  ] as const)("%j → %s", (raw, expected) => {
    assert.strictEqual(success(parseActivity(raw)), expected)
  })

  it("rejects anything else, listing every accepted value once (Patrol is patrol)", () => {
    assert.deepStrictEqual(problemOf(parseActivity("植树")), {
      zh: '"植树"不是可选的值：应为patrol、巡河、河道巡查、cleanup、清漂、Clean-up、lecture、宣讲之一',
      en: '"植树" is not one of the accepted values: patrol, 巡河, 河道巡查, cleanup, 清漂, Clean-up, lecture, 宣讲'
    })
    assert.include(problemOf(parseActivity("")).en, "fill in one of patrol")
    assert.isTrue(Result.isFailure(parseActivity(true)))
    assert.isTrue(Result.isFailure(parseActivity(new Date(0))))
  })

  it("gives a label listed under two keys to the first", () => {
    const parse = parseChoice({ a: ["same"], b: ["same", "other"] })
    assert.strictEqual(success(parse("same")), "a")
    assert.strictEqual(success(parse("other")), "b")
  })
})

// ---------------------------------------------------------------------------------------------------

describe("every parser is total", () => {
  const parsers: Record<string, (raw: Cell.RawCell) => Cell.Parsed<unknown>> = {
    parseText: (raw: Cell.RawCell) => parseText(raw),
    parseTextShort: (raw: Cell.RawCell) => parseText(raw, { maxLength: 3 }),
    parseDate,
    parseInstant,
    parseCny,
    parseCount,
    parseDecimal,
    parseBoolean,
    parseChoice: parseChoice({ yes: ["是"], no: ["否"] })
  }

  const cells = fc.oneof(
    fc.anything(),
    fc.string({ unit: "binary" }),
    fc.string({ unit: fc.constantFrom(..."0123456789０１２３,，.．/-年月日号余多约万亿元¥ :时分") }),
    fc.double(),
    fc.integer(),
    fc.date(),
    fc.boolean(),
    fc.constantFrom(null, undefined)
  ) as fc.Arbitrary<Cell.RawCell>

  it("returns a result with both languages, never throws, on any value", () => {
    fc.assert(
      fc.property(cells, (raw) => {
        for (const [name, parse] of Object.entries(parsers)) {
          const result = parse(raw)
          assert.isTrue(Result.isResult(result), name)
          if (Result.isFailure(result)) {
            assert.isNotEmpty(result.failure.zh, name)
            assert.isNotEmpty(result.failure.en, name)
          }
        }
        const list = parseList(raw)
        assert.isTrue(list.every((item) => item !== "" && normalizeText(item) === item))
        assert.isBoolean(isBlank(raw))
      }),
      { numRuns: 500 }
    )
  })

  it("quotes the offending text in both languages", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: "binary", maxLength: 30 })),
        (raw) => {
          fc.pre(!isBlank(raw))
          const quoted = `"${normalizeText(raw)}"`
          for (const [name, parse] of Object.entries(parsers)) {
            const result = parse(raw)
            if (Result.isFailure(result)) {
              assert.include(result.failure.zh, quoted, name)
              assert.include(result.failure.en, quoted, name)
            }
          }
        }
      )
    )
  })
})

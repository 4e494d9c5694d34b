import { assert, describe, it } from "@effect/vitest"
import { Exit, Schema } from "effect"
import * as fc from "fast-check"
import { Case, Member, PersonalData, PioneerPost } from "../src/index.ts"

const { isPersonalData, maskIdNumber, maskPhone } = PersonalData

const digit = fc.constantFrom(..."0123456789")
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((ds) => ds.join(""))

describe("maskPhone", () => {
  it.each([
    ["13812341234", "138****1234"],
    ["138-1234-1234", "138****1234"],
    ["138 1234 1234", "138****1234"],
    ["0434-1234567", "043****4567"],
    ["12345", "***45"],
    ["12", "12"],
    ["", ""]
  ])("%j → %j", (phone, masked) => {
    assert.strictEqual(maskPhone(phone), masked)
  })

  it("never depends on the middle four digits of a mobile number", () => {
    fc.assert(
      fc.property(digits(3), digits(4), digits(4), digits(4), (head, middle, otherMiddle, tail) => {
        const masked = maskPhone(`${head}${middle}${tail}`)
        assert.strictEqual(masked, `${head}****${tail}`)
        assert.strictEqual(maskPhone(`${head}${otherMiddle}${tail}`), masked)
        assert.strictEqual(maskPhone(`${head}-${middle}-${tail}`), masked)
      })
    )
  })

  it("shows at most seven digits of any number", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."0123456789 -+"), maxLength: 25 }), (phone) => {
        const shown = maskPhone(phone).replace(/[^0-9]/g, "").length
        const total = phone.replace(/[^0-9]/g, "").length
        assert.isTrue(shown <= 7)
        assert.isTrue(shown < total || total <= 2)
      })
    )
  })
})

describe("maskIdNumber", () => {
  it("keeps the first and last four characters", () => {
    assert.strictEqual(maskIdNumber("220302198001011234"), "2203**********1234")
    assert.strictEqual(maskIdNumber("22030219800101123X"), "2203**********123X")
  })

  it("hides the birth date of any ID number", () => {
    fc.assert(
      fc.property(digits(6), digits(8), digits(8), digits(4), (region, birth, otherBirth, tail) => {
        const masked = maskIdNumber(`${region}${birth}${tail}`)
        assert.strictEqual(masked.length, 18)
        assert.strictEqual(maskIdNumber(`${region}${otherBirth}${tail}`), masked)
      })
    )
  })
})

describe("the personalData annotation", () => {
  it("marks Phone and IdNumber, not plain strings", () => {
    assert.isTrue(isPersonalData(PersonalData.Phone))
    assert.isTrue(isPersonalData(PersonalData.IdNumber))
    assert.isFalse(isPersonalData(Schema.String))
    assert.isFalse(isPersonalData(Schema.NonEmptyString))
  })

  it("marks exactly the member fields listed as personal", () => {
    const fields = Member.Member.fields
    const personal = Object.keys(fields).filter((key) => isPersonalData(fields[key as keyof typeof fields]))
    assert.deepStrictEqual(personal.sort(), [...Member.memberPersonalFields].sort())
  })

  it("marks the phone of a volunteer on a pioneer post's roster and of a resident reporter", () => {
    assert.isTrue(isPersonalData(Case.Reporter.fields.phone))
    assert.isFalse(isPersonalData(Case.Reporter.fields.name))
    const volunteer = PioneerPost.RosterEntry.members[1]
    assert.isTrue(isPersonalData(volunteer.fields.phone))
  })
})

describe("Phone and IdNumber schemas", () => {
  const phone = Schema.decodeUnknownExit(PersonalData.Phone)
  const idNumber = Schema.decodeUnknownExit(PersonalData.IdNumber)

  it.each(["13812341234", "0434-1234567", "+86 138 1234 1234"])("Phone accepts %j", (text) => {
    assert.isTrue(Exit.isSuccess(phone(text)))
  })
  it.each(["", "1234", "138-1234-123a", "-13812341234", "13812341234-"])("Phone rejects %j", (text) => {
    assert.isTrue(Exit.isFailure(phone(text)))
  })
  it.each(["220302198001011234", "22030219800101123X"])("IdNumber accepts %j", (text) => {
    assert.isTrue(Exit.isSuccess(idNumber(text)))
  })
  it.each(["22030219800101123x", "2203021980010112345", "22030219800101123"])(
    "IdNumber rejects %j",
    (text) => {
      assert.isTrue(Exit.isFailure(idNumber(text)))
    }
  )
})

describe("phoneProblem", () => {
  const { Phone, phoneProblem } = PersonalData

  it.each([
    ["电话未知", "is not a phone number: it has no digits", "不是电话号码：没有数字"],
    ["138 0000 0101(办公室)", 'contains "(", "办", "公"', "含有“(”“办”“公”"],
    ["138 0000 0101 转 23", 'contains "转"', "含有“转”"],
    ["13800000101/13900000202", 'contains "/"', "含有“/”"],
    ["12345", "has only 5 digits, too few", "只有5位数字"],
    ["1-2", "has only 2 digits, too few", "只有2位数字"],
    [
      "13800000101 13900000202",
      "is 23 characters long, more than 20: one number per cell",
      "一格只填一个号码"
    ],
    ["1.38E+10", "is Excel's scientific notation", "科学计数法"],
    ["138+00000101", "has a + that is not in front", "只能写在号码最前面"],
    ["-13800000101", "must begin and end with a digit", "应以数字开头、以数字结尾"],
    ["13800000101-", "must begin and end with a digit", "应以数字开头、以数字结尾"]
  ])("%j: says what is wrong", (text, en, zh) => {
    const problem = phoneProblem(text)
    assert.isDefined(problem)
    assert.include(problem?.en ?? "", en)
    assert.include(problem?.zh ?? "", zh)
  })

  it("has nothing to say about a phone number", () => {
    for (const phone of ["13800000101", "0434-1234567", "+86 138 0000 0101", "010 8888 6666"]) {
      assert.isUndefined(phoneProblem(phone))
    }
  })

  it("finds a problem exactly when the schema refuses the text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.stringMatching(/^\+?[0-9 -]{0,24}$/),
          fc.stringMatching(/^[0-9]{1,25}$/)
        ),
        (text) => {
          assert.strictEqual(phoneProblem(text) === undefined, Schema.is(Phone)(text))
        }
      )
    )
  })
})

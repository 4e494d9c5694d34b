/**
 * The workbook inside an .xlsx package, found the way the Open Packaging Conventions say rather than
 * by conventional file names: the package's relationships name the workbook part, the workbook's
 * relationships name each sheet's part, the shared strings and the styles. A target may be relative
 * (`worksheets/sheet1.xml`, as Excel, WPS and LibreOffice write) or absolute
 * (`/xl/worksheets/sheet1.xml`, as openpyxl — and so pandas — writes); part names are matched without
 * regard to case, as OPC says; relationship types are matched by their last segment, so transitional
 * and Strict Open XML (`http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet`) read alike.
 *
 * Why not excelts' `WorkbookReader` (10.2), which the importer used before: it names a worksheet only
 * when its relationship target is exactly `worksheets/sheetN.xml` — with openpyxl's absolute targets
 * every sheet came out as `Sheet1…SheetN`, none was recognised and nothing was imported —, it reads
 * only parts named `xl/worksheets/sheetN.xml` (any other name is skipped without a word), and its cell
 * reader takes Strict Open XML's ISO 8601 dates (`t="d"`) for numbers (2024-03-09 became 1905-07-15),
 * keeps only the last run of a rich inline string, gives a boolean formula's result as 1, a date
 * formula's as a number and a formula saved without a result as NaN (each seen with the workbooks of
 * test/writers.test.ts). Worth reporting upstream; meanwhile the importer reads the package itself
 * (here and in `Worksheet.ts`) on excelts' SAX parser.
 */
import { posix } from "node:path"
import { attributeByLocalName, BadXml, damagedPart, parseXml } from "./Xml.ts"
import { readPart, type ZipPart } from "./Zip.ts"

export interface PackageSheet {
  readonly name: string
  readonly hidden: boolean
  /** The worksheet's part; absent for a sheet without cells (a chart sheet, a dialog sheet). */
  readonly part: ZipPart | undefined
}

export interface WorkbookPackage {
  /** Every sheet, in the workbook's order (the order of its tabs). */
  readonly sheets: ReadonlyArray<PackageSheet>
  readonly sharedStrings: ZipPart | undefined
  readonly styles: ZipPart | undefined
  /** The 1904 date system (Excel for Mac before 2011): serial 0 is 1904-01-01. */
  readonly date1904: boolean
  /**
   * The workbook asks to be recalculated when it is opened (`fullCalcOnLoad`): programs that write
   * formulas without computing them say so (openpyxl, XlsxWriter — which saves 0 as every result).
   */
  readonly recalculateOnLoad: boolean
}

interface Relationship {
  readonly type: string
  readonly target: string
}

const normalName = (name: string) => name.replaceAll("\\", "/").replace(/^\/+/, "").toLowerCase()

const rootRels = "_rels/.rels"

/** Where a relationship's target is, as a part name, from the part that holds the relationship. */
const resolveTarget = (source: string, target: string): string => {
  let decoded = target
  try {
    decoded = decodeURIComponent(target)
  } catch {
    // not percent-encoded after all
  }
  const path = decoded.startsWith("/") ? decoded : posix.join(posix.dirname(`/${source}`), decoded)
  return posix.normalize(path).replace(/^\/+/, "")
}

/** The relationships part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
const relsOf = (part: string) => posix.join(posix.dirname(part), "_rels", `${posix.basename(part)}.rels`)

const noWorkbook = (what: string) =>
  new BadXml({
    zh: `文件里没有Excel工作簿（${what}）：可能是改了扩展名的Word、PowerPoint或其他文件；请在Excel或WPS中另存为.xlsx工作簿后再导入`,
    en: `the file holds no Excel workbook (${what}): it may be a Word, PowerPoint or other file renamed .xlsx; save it as an .xlsx workbook in Excel or WPS and import again`
  })

/** Read a workbook package's directory of sheets. Throws `BadXml` when it is not a readable workbook. */
export const openPackage = async (path: string, parts: ReadonlyArray<ZipPart>): Promise<WorkbookPackage> => {
  const byName = new Map(parts.map((p) => [normalName(p.name), p]))
  const find = (name: string) => byName.get(normalName(name))

  const relationships = async (source: string): Promise<Map<string, Relationship>> => {
    const rels = new Map<string, Relationship>()
    const part = find(source === "" ? rootRels : relsOf(source))
    if (part === undefined) return rels
    await parseXml(part.name, await readPart(path, part), {
      open: (tag, local) => {
        if (local !== "Relationship") return
        const { Id: id, Type: type, Target: target, TargetMode: mode } = tag.attributes
        if (id === undefined || type === undefined || target === undefined || mode === "External") return
        rels.set(id, { type: type.slice(type.lastIndexOf("/") + 1), target: resolveTarget(source, target) })
      }
    })
    return rels
  }

  // The workbook: the package's officeDocument relationship, else where every writer puts it.
  const root = [...(await relationships("")).values()]
  const office = root.find((r) => r.type === "officeDocument")
  const workbookName =
    office?.target ?? (find("xl/workbook.xml") === undefined ? undefined : "xl/workbook.xml")
  const workbookPart = workbookName === undefined ? undefined : find(workbookName)
  if (workbookPart === undefined) {
    throw noWorkbook(
      office === undefined
        ? "no workbook part"
        : /^word\//i.test(office.target)
          ? "it is a Word document"
          : /^ppt\//i.test(office.target)
            ? "it is a PowerPoint presentation"
            : `no part ${office.target}`
    )
  }
  const workbook = normalName(workbookPart.name)
  const rels = await relationships(workbook)

  const listed: Array<{ name: string; hidden: boolean; rel: string | undefined }> = []
  let date1904 = false
  let recalculateOnLoad = false
  let inSheets = false
  await parseXml(workbookPart.name, await readPart(path, workbookPart), {
    open: (tag, local) => {
      if (local === "sheets") inSheets = true
      else if (local === "sheet" && inSheets) {
        const state = tag.attributes.state
        listed.push({
          name: tag.attributes.name ?? "",
          hidden: state !== undefined && state !== "visible",
          rel: attributeByLocalName(tag, "id")
        })
      } else if (local === "workbookPr") {
        const value = tag.attributes.date1904
        date1904 = value === "1" || value === "true"
      } else if (local === "calcPr") {
        const value = tag.attributes.fullCalcOnLoad
        recalculateOnLoad = value === "1" || value === "true"
      }
    },
    close: (_tag, local) => {
      if (local === "sheets") inSheets = false
    }
  })
  if (listed.length === 0) throw noWorkbook("no sheets")

  const sheets = listed.map(({ name, hidden, rel }): PackageSheet => {
    const target = rel === undefined ? undefined : rels.get(rel)
    if (target === undefined)
      throw damagedPart(workbookPart.name, `sheet ${name} names no part (relationship ${rel ?? "missing"})`)
    if (target.type !== "worksheet") return { name, hidden, part: undefined }
    const part = find(target.target)
    if (part === undefined)
      throw damagedPart(workbookPart.name, `sheet ${name}'s part ${target.target} is missing`)
    return { name, hidden, part }
  })
  const related = (type: string) => {
    const rel = [...rels.values()].find((r) => r.type === type)
    return rel === undefined ? undefined : find(rel.target)
  }
  return {
    sheets,
    sharedStrings: related("sharedStrings"),
    styles: related("styles"),
    date1904,
    recalculateOnLoad
  }
}

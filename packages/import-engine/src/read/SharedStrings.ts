/**
 * A workbook's shared strings: the text of every string cell that refers to it by index. Each item is
 * plain (`<si><t>…</t></si>`) or rich text, runs of differently formatted text (`<si><r><t>…</t></r>
 * <r><t>…</t></r></si>`), read as the runs' text joined; phonetic guides (`<rPh>`, furigana over the
 * text) are not part of it. The part was checked against `maxSharedStringsBytes` before.
 */
import { unescapeOoxml, xmlParser } from "./Xml.ts"
import { partChunks, type ZipPart } from "./Zip.ts"

export const readSharedStrings = async (path: string, part: ZipPart): Promise<ReadonlyArray<string>> => {
  const strings: Array<string> = []
  let item = ""
  let inText = false
  let phonetic = 0
  const parser = await xmlParser(part.name, {
    open: (tag, local) => {
      if (local === "si") item = ""
      else if (local === "t") inText = phonetic === 0 && !tag.isSelfClosing
      else if (local === "rPh") phonetic++
    },
    text: (text) => {
      if (inText) item += text
    },
    close: (_tag, local) => {
      if (local === "t") inText = false
      else if (local === "rPh") phonetic--
      else if (local === "si") strings.push(unescapeOoxml(item))
    }
  })
  for await (const chunk of partChunks(path, part)) parser.write(chunk)
  parser.end()
  return strings
}

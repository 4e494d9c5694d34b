/**
 * The XML parts of a workbook, parsed as a stream with excelts' SAX parser (its public `xml` entry).
 * Element names are compared by their local name: writers may prefix SpreadsheetML's elements
 * (`<x:row>`, as Open XML SDK programs do) or use Strict Open XML's namespace
 * (`http://purl.oclc.org/ooxml/spreadsheetml/main`) instead of the transitional one; the names are
 * the same. Text is UTF-8 unless a byte-order mark says UTF-16; bytes that are not valid text make
 * the part unreadable, never silently changed.
 */
import { TextDecoder } from "node:util"
import type { SaxTag } from "@cj-tech-master/excelts/xml"
import { UnreadableInput } from "../base/Issue.ts"
import type { Words } from "../base/Words.ts"

/** Why an XML part cannot be read. */
export class BadXml extends Error {
  readonly reason: Words
  constructor(reason: Words) {
    super(reason.en)
    this.reason = reason
  }
}

export const damagedPart = (part: string, detail: string) =>
  new BadXml({
    zh: `工作簿的部件“${part}”已损坏（${detail}）：请在Excel或WPS中打开并另存后再导入`,
    en: `part ${part} of the workbook is damaged (${detail}): open it in Excel or WPS, save it again and import`
  })

/** An element's name without its namespace prefix. */
export const localName = (name: string): string => {
  const colon = name.indexOf(":")
  return colon < 0 ? name : name.slice(colon + 1)
}

/** An attribute by local name, whatever its prefix (`r:id`, `ns2:id`). */
export const attributeByLocalName = (tag: SaxTag, local: string): string | undefined => {
  for (const [name, value] of Object.entries(tag.attributes)) {
    if (name === local || (name.endsWith(`:${local}`) && !name.startsWith("xmlns"))) return value
  }
  return undefined
}

export interface XmlHandlers {
  readonly open: (tag: SaxTag, local: string) => void
  readonly text?: (text: string) => void
  readonly close?: (tag: SaxTag, local: string) => void
}

/** A parser fed chunk by chunk; `end` closes it. Throws `BadXml` when the part is not well-formed. */
export const xmlParser = async (part: string, handlers: XmlHandlers) => {
  // excelts takes a while to load: loaded when a workbook is read.
  const { SaxParser } = await import("@cj-tech-master/excelts/xml")
  const parser = new SaxParser({ position: false, invalidCharHandling: "skip" })
  parser.on("opentag", (tag) => handlers.open(tag, localName(tag.name)))
  const { text, close } = handlers
  if (text !== undefined) {
    parser.on("text", text)
    parser.on("cdata", text)
  }
  if (close !== undefined) parser.on("closetag", (tag) => close(tag, localName(tag.name)))
  let decoder: TextDecoder | undefined
  const guard = (run: () => void) => {
    try {
      run()
    } catch (error) {
      // A handler's own refusal (a row beyond the limits) stands; anything else is the XML's fault.
      if (error instanceof BadXml || error instanceof UnreadableInput) throw error
      throw damagedPart(part, (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "")
    }
  }
  return {
    write: (chunk: Uint8Array) => {
      if (decoder === undefined) {
        // A byte-order mark: UTF-16 either way round, or UTF-8's (which the decoder drops).
        const encoding =
          chunk[0] === 0xff && chunk[1] === 0xfe
            ? "utf-16le"
            : chunk[0] === 0xfe && chunk[1] === 0xff
              ? "utf-16be"
              : "utf-8"
        decoder = new TextDecoder(encoding, { fatal: true })
      }
      const current = decoder
      let text: string
      try {
        text = current.decode(chunk, { stream: true })
      } catch {
        throw damagedPart(part, "not valid text")
      }
      guard(() => parser.write(text))
    },
    end: () => {
      let rest = ""
      try {
        rest = decoder?.decode() ?? ""
      } catch {
        throw damagedPart(part, "not valid text")
      }
      guard(() => {
        if (rest !== "") parser.write(rest)
        parser.close()
      })
    }
  }
}

/** Parse a whole (small) part. */
export const parseXml = async (part: string, bytes: Uint8Array, handlers: XmlHandlers): Promise<void> => {
  const parser = await xmlParser(part, handlers)
  parser.write(bytes)
  parser.end()
}

/**
 * Text with Excel's `_xHHHH_` escapes read: `_x000D_` is a carriage return, `_x005F_` an underscore
 * (so `_x005F_x000D_` is the text `_x000D_` itself).
 */
export const unescapeOoxml = (text: string): string =>
  text.includes("_x")
    ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : text

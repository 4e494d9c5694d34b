/**
 * The report form as the pages receive it — a plain `multipart/form-data` POST, so it works with
 * JavaScript off — read into what the public API takes, with the checks a resident should hear about
 * before anything is stored: a category, a description, at most three photos of at most 5 MB whose
 * first bytes say JPEG, PNG or WebP. The API checks all of it again (and decodes each photo): these
 * checks only spare a resident a report made without its photos.
 */
import { Case, CasePhoto } from "@bishui/domain"
import { Schema } from "effect"
import { ProblemReport } from "../../api/Public.ts"
import { sniffMediaType } from "../../photos/inspectPhoto.ts"
import type { Messages } from "../i18n.ts"

/** What the resident typed, sent back into the form when it must be corrected. */
export interface ReportFields {
  readonly category?: string
  readonly description?: string
  readonly location?: string
  readonly name?: string
  readonly phone?: string
}

export interface ReadForm {
  readonly fields: ReportFields
  readonly photos: ReadonlyArray<Uint8Array>
  /** What is wrong, in the page's language; empty when the form may go to the API. */
  readonly errors: ReadonlyArray<string>
}

const text = (value: unknown): string | undefined => {
  if (typeof value !== "string") return undefined
  const trimmed = value.trim()
  return trimmed === "" ? undefined : trimmed
}

const isReport = Schema.is(ProblemReport)

const isCategory = (value: string | undefined): value is Case.ProblemCategory =>
  value !== undefined && (Case.ProblemCategory.literals as ReadonlyArray<string>).includes(value)

/**
 * Read a parsed multipart body (Hono's `parseBody({ all: true })`). `needsCategory`: a report made
 * again takes its first report's category and asks only for what is still wrong.
 */
export const readReportForm = async (
  body: Record<string, unknown>,
  t: Messages,
  options: { readonly needsCategory: boolean }
): Promise<ReadForm> => {
  const fields: ReportFields = {
    ...(text(body.category) === undefined ? {} : { category: text(body.category) as string }),
    ...(text(body.description) === undefined ? {} : { description: text(body.description) as string }),
    ...(text(body.location) === undefined ? {} : { location: text(body.location) as string }),
    ...(text(body.name) === undefined ? {} : { name: text(body.name) as string }),
    ...(text(body.phone) === undefined ? {} : { phone: text(body.phone) as string })
  }
  const errors: Array<string> = []
  if (options.needsCategory && !isCategory(fields.category)) errors.push(t.errCategory)
  if (fields.description === undefined || fields.description.length > 2000) errors.push(t.errDescription)
  // The contract's own rule for a phone number, asked here so the resident hears it in words.
  if (fields.phone !== undefined && !isReport({ description: "", phone: fields.phone }))
    errors.push(t.errPhone)
  // An empty file input still sends one part with no name and no bytes.
  const files = [body.photo].flat().filter((f): f is File => f instanceof File && f.size > 0)
  if (files.length > CasePhoto.maxPhotosPerCase) errors.push(t.errTooManyPhotos)
  const photos: Array<Uint8Array> = []
  for (const file of files.slice(0, CasePhoto.maxPhotosPerCase)) {
    if (file.size > CasePhoto.maxPhotoBytes) {
      errors.push(t.errPhotoTooLarge(file.name))
      continue
    }
    const bytes = new Uint8Array(await file.arrayBuffer())
    if (sniffMediaType(bytes) === undefined) errors.push(t.errPhotoType(file.name))
    else photos.push(bytes)
  }
  return { fields, photos, errors }
}

/** The API's payload for a read form (with no errors). */
export const reportPayload = (fields: ReportFields) => ({
  description: fields.description ?? "",
  ...(isCategory(fields.category) ? { category: fields.category } : {}),
  ...(fields.location === undefined ? {} : { location: fields.location.slice(0, 200) }),
  ...(fields.name === undefined ? {} : { name: fields.name.slice(0, 50) }),
  ...(fields.phone === undefined ? {} : { phone: fields.phone })
})

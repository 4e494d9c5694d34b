/**
 * What a reader who may not see personal data gets instead: the same record with phone numbers
 * masked (138****1234) and ID numbers and reporters' names removed. The API applies these to every
 * record it returns to a principal without `readPersonal` on it.
 */
import type { Case } from "./Case.ts"
import type { Member } from "./Member.ts"
import { maskPhone } from "./PersonalData.ts"
import type { PioneerPost } from "./PioneerPost.ts"

export const redactMember = (member: Member): Member => {
  const { idNumber: _idNumber, phone, ...rest } = member
  return phone === undefined ? rest : { ...rest, phone: maskPhone(phone) }
}

export const redactCase = (c: Case): Case => {
  if (c.reporter === undefined) return c
  const { reporter, ...rest } = c
  return reporter.phone === undefined ? rest : { ...rest, reporter: { phone: maskPhone(reporter.phone) } }
}

export const redactPioneerPost = (post: PioneerPost): PioneerPost => ({
  ...post,
  roster: post.roster.map((entry) =>
    entry._tag === "VolunteerOnDuty" && entry.phone !== undefined
      ? { ...entry, phone: maskPhone(entry.phone) }
      : entry
  )
})

/**
 * The organisation tree of a tenant: which organisations lie under which. Reports and access scopes
 * ask for a branch's subtree (the branch and its temporary branches).
 */
import type { Organisation } from "./Organisation.ts"

/** The ids of an organisation and everything below it. */
export const subtreeIds = (
  organisations: ReadonlyArray<Organisation>,
  rootId: string
): ReadonlySet<string> => {
  const children = new Map<string, Array<string>>()
  for (const o of organisations) {
    const parent = "parentId" in o ? o.parentId : undefined
    if (parent === undefined) continue
    const list = children.get(parent) ?? []
    list.push(o.id)
    children.set(parent, list)
  }
  const seen = new Set<string>([rootId])
  const queue = [rootId]
  while (queue.length > 0) {
    const next = queue.pop() as string
    for (const child of children.get(next) ?? []) {
      if (!seen.has(child)) {
        seen.add(child)
        queue.push(child)
      }
    }
  }
  return seen
}

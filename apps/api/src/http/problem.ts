/** A problem answered by the HTTP layer itself, as an `application/problem+json` response. */
import { STATUS_CODES } from "node:http"
import { type ProblemSlug, problemBody, problemTypes } from "../api/ProblemTypes.ts"

/**
 * The problem body of a bare status the router answered: the type that explains that status when
 * there is one, else `about:blank` (RFC 9457 §4.2.1) titled with the status's standard phrase.
 */
const problemBodyOfStatus = (status: number, detail: string) => {
  const slug = (Object.keys(problemTypes) as Array<ProblemSlug>).find(
    (s) => problemTypes[s].status === status
  )
  if (slug !== undefined) return problemBody(slug, detail)
  return { type: "about:blank", title: STATUS_CODES[status] ?? "Error", status, detail }
}

/** The problem of a type (`not-found`), or of a bare status the router answered (`400`). */
export const problemResponse = (
  problem: ProblemSlug | number,
  detail: string,
  headers: Record<string, string> = {}
): Response => {
  const body =
    typeof problem === "number" ? problemBodyOfStatus(problem, detail) : problemBody(problem, detail)
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "content-type": "application/problem+json", ...headers }
  })
}

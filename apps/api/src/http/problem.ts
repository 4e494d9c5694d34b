/** A problem answered by the HTTP layer itself, as an `application/problem+json` response. */
import { type ProblemSlug, problemBody } from "../api/ProblemTypes.ts"

export const problemResponse = (
  slug: ProblemSlug,
  detail: string,
  headers: Record<string, string> = {}
): Response => {
  const body = problemBody(slug, detail)
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "content-type": "application/problem+json", ...headers }
  })
}

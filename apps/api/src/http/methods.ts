/**
 * Which methods each path of the server answers, for `405 Method Not Allowed` and `OPTIONS` (both with
 * `Allow`): a table of the routes (`/v1/members/:id`, `/docs`…), built once from the API's contract
 * and the app's own routes. A path matching several routes (`/v1/organisations/temporary-branches` is
 * also `/v1/organisations/:id`) allows what any of them does.
 */

export interface Route {
  readonly method: string
  /** Segments starting with `:` match any one non-empty segment. */
  readonly path: string
}

export interface RouteTable {
  /** The methods a path answers (`Allow`), or `undefined` when no route has the path. */
  readonly allowOf: (path: string) => string | undefined
}

const segmentsOf = (path: string): ReadonlyArray<string> => path.split("/").filter((s) => s !== "")

export const makeRouteTable = (routes: Iterable<Route>): RouteTable => {
  const patterns = new Map<string, { readonly segments: ReadonlyArray<string>; methods: Set<string> }>()
  for (const route of routes) {
    const known = patterns.get(route.path)
    if (known !== undefined) known.methods.add(route.method.toUpperCase())
    else
      patterns.set(route.path, {
        segments: segmentsOf(route.path),
        methods: new Set([route.method.toUpperCase()])
      })
  }
  const all = [...patterns.values()]
  const order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
  return {
    // Asked only of OPTIONS and of requests no route answered: matching a few dozen patterns is cheap.
    allowOf: (path) => {
      const segments = segmentsOf(path)
      const methods = new Set<string>()
      for (const pattern of all) {
        if (pattern.segments.length !== segments.length) continue
        if (pattern.segments.every((s, i) => (s.startsWith(":") ? segments[i] !== "" : s === segments[i]))) {
          for (const method of pattern.methods) methods.add(method)
        }
      }
      if (methods.size === 0) return undefined
      if (methods.has("GET")) methods.add("HEAD")
      methods.add("OPTIONS")
      return [...methods].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(", ")
    }
  }
}

/** Handlers of the teams group: as `TeamsResource` describes them. */
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { TeamsResource } from "../api/Resources.ts"
import { resourceHandlers } from "./resource.ts"

export const TeamsHandlers = HttpApiBuilder.group(
  Api,
  "teams",
  Effect.fn(function* (handlers) {
    const teams = yield* resourceHandlers(TeamsResource)
    return handlers
      .handle("list", teams.list)
      .handle("get", teams.get)
      .handle("void", teams.void)
      .handle("restore", teams.restore)
      .handle("create", teams.create)
      .handle("update", teams.update)
  })
)

/** Handlers of the members group: as `MembersResource` describes them (personal data masked for who may not see it). */
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { Api } from "../api/Api.ts"
import { MembersResource } from "../api/Resources.ts"
import { resourceHandlers } from "./resource.ts"

export const MembersHandlers = HttpApiBuilder.group(
  Api,
  "members",
  Effect.fn(function* (handlers) {
    const members = yield* resourceHandlers(MembersResource)
    return handlers
      .handle("list", members.list)
      .handle("get", members.get)
      .handle("create", members.create)
      .handle("update", members.update)
      .handle("void", members.void)
      .handle("restore", members.restore)
  })
)

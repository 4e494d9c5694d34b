/**
 * Who is making the current change, for the audit log: a member id, `import:<file>`, or `system`.
 * Adapters set it per request or per command with `Effect.provideService(CurrentActor, actor)`.
 */
import { Context } from "effect"

export const CurrentActor = Context.Reference<string>("@bishui/services/CurrentActor", {
  defaultValue: () => "system"
})

/**
 * Every service comes with the same three layers: `layer` (needs a `Store`), `layerMemory` (its own
 * in-memory Store) and `layerNoDeps` (the SQL Store: needs only an `SqlClient`). To share one memory
 * Store between services, compose their `layer`s over one `Store.layerMemory` (see `Services`).
 */

import type { Context, Effect } from "effect"
import { Layer } from "effect"
import { Store } from "../Store.ts"

export const layersOf = <I, S>(service: Context.Key<I, S>, make: Effect.Effect<S, never, Store>) => {
  const layer = Layer.effect(service, make)
  return {
    layer,
    layerMemory: layer.pipe(Layer.provide(Store.layerMemory)),
    layerNoDeps: layer.pipe(Layer.provide(Store.layerSql))
  }
}

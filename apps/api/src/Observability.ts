/**
 * Logs and traces of the Effect side: JSON log lines at the configured level, annotated with the
 * request id; spans (every service method is an `Effect.fn` span) exported over OTLP/HTTP when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set, e.g. `http://127.0.0.1:4318`.
 */
import { Layer, Logger, References } from "effect"
import { FetchHttpClient } from "effect/http"
import { OtlpSerialization, OtlpTracer } from "effect/observability"

export type LogLevel = "debug" | "info" | "warn" | "error"

const effectLevel = { debug: "Debug", info: "Info", warn: "Warn", error: "Error" } as const

export const layer = (options: { readonly logLevel: LogLevel; readonly otlpEndpoint?: string | undefined }) =>
  Layer.mergeAll(
    Logger.layer([Logger.consoleJson]),
    Layer.succeed(References.MinimumLogLevel, effectLevel[options.logLevel]),
    options.otlpEndpoint === undefined || options.otlpEndpoint === ""
      ? Layer.empty
      : OtlpTracer.layer({
          url: `${options.otlpEndpoint.replace(/\/$/, "")}/v1/traces`,
          resource: { serviceName: "bishui-api", serviceVersion: "0.1.0" }
        }).pipe(Layer.provide(OtlpSerialization.layerJson), Layer.provide(FetchHttpClient.layer))
  )

/**
 * An open-loop load: requests are due at a fixed rate (one every 1/rate s), whether or not earlier ones
 * were answered, over at most `connections` keep-alive connections. A request's latency runs from the
 * moment it was due to the end of its response, so time spent waiting for a free connection counts
 * (no coordinated omission). autocannon's `overallRate` is not this: each connection sends its share of
 * a second's requests at once when the second starts, so its latencies measure bursts.
 */
import { Agent, request } from "node:http"

export interface PacedResult {
  readonly sent: number
  readonly p50: number
  readonly p99: number
  readonly non2xx: number
  readonly errors: number
  readonly requestsPerSecond: number
}

const quantile = (sorted: ReadonlyArray<number>, q: number): number =>
  sorted.length === 0
    ? Number.POSITIVE_INFINITY
    : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.POSITIVE_INFINITY)

export const paced = async (options: {
  readonly url: string
  readonly headers: Record<string, string>
  readonly rate: number
  readonly seconds: number
  readonly connections: number
}): Promise<PacedResult> => {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections })
  const total = Math.max(1, Math.round(options.rate * options.seconds))
  const interval = 1000 / options.rate
  const latencies: Array<number> = []
  let non2xx = 0
  let errors = 0
  let pending = 0
  let sent = 0
  const start = performance.now()
  await new Promise<void>((allDone) => {
    const finish = () => {
      pending--
      if (sent === total && pending === 0) allDone()
    }
    const send = (due: number) => {
      pending++
      const req = request(options.url, { agent, headers: options.headers, timeout: 30_000 }, (res) => {
        res.on("data", () => {})
        res.on("end", () => {
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) > 299) non2xx++
          else latencies.push(performance.now() - due)
          finish()
        })
      })
      req.on("timeout", () => req.destroy(new Error("timeout")))
      req.on("error", () => {
        errors++
        finish()
      })
      req.end()
    }
    const tick = () => {
      const now = performance.now()
      while (sent < total && start + sent * interval <= now) {
        send(start + sent * interval)
        sent++
      }
      if (sent < total) setTimeout(tick, Math.max(0, Math.min(interval, start + sent * interval - now)))
    }
    tick()
  })
  const elapsed = (performance.now() - start) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  return {
    sent,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    non2xx,
    errors,
    requestsPerSecond: latencies.length / elapsed
  }
}

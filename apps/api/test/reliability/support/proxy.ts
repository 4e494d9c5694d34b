/**
 * A TCP proxy on 127.0.0.1 between the API and PostgreSQL, so a test can take "the database" away
 * without touching the shared server: `cut()` closes every open connection and stops accepting
 * (connections are refused), `open()` accepts again. Created closed or open; its port is fixed
 * from the start, so the API's DATABASE_URL can name it before it accepts anything.
 */
import { createServer, type Server, type Socket } from "node:net"
import { freePort } from "@bishui/dev-support"

export interface TcpProxy {
  readonly port: number
  /** Rewrite a PostgreSQL URL to go through the proxy. */
  readonly via: (url: string) => string
  readonly open: () => Promise<void>
  readonly cut: () => Promise<void>
  readonly close: () => Promise<void>
  /** Connections accepted so far. */
  readonly accepted: () => number
}

export const makeProxy = async (target: {
  readonly host: string
  readonly port: number
}): Promise<TcpProxy> => {
  const port = await freePort()
  const sockets = new Set<Socket>()
  let accepted = 0
  let server: Server | undefined

  const handle = (client: Socket) => {
    accepted++
    const upstream = new (client.constructor as typeof Socket)()
    sockets.add(client)
    sockets.add(upstream)
    const drop = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on("error", drop)
    upstream.on("error", drop)
    client.on("close", drop)
    upstream.on("close", drop)
    upstream.connect(target.port, target.host)
    client.pipe(upstream)
    upstream.pipe(client)
  }

  const open = () =>
    new Promise<void>((resolve, reject) => {
      if (server !== undefined) return resolve()
      const next = createServer(handle)
      next.once("error", reject)
      next.listen(port, "127.0.0.1", () => {
        server = next
        resolve()
      })
    })

  const cut = () =>
    new Promise<void>((resolve) => {
      const current = server
      server = undefined
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      if (current === undefined) return resolve()
      current.close(() => resolve())
    })

  return {
    port,
    via: (url) => {
      const parsed = new URL(url)
      parsed.hostname = "127.0.0.1"
      parsed.port = String(port)
      return parsed.toString()
    },
    open,
    cut,
    close: cut,
    accepted: () => accepted
  }
}

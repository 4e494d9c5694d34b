/**
 * PgCopy's password authentication against a stand-in server (the local PostgreSQL trusts every
 * connection, so it never asks): the server side of SCRAM-SHA-256 (RFC 5802 / 7677, as PostgreSQL
 * runs it) and of MD5, written here from the RFC and PostgreSQL's protocol documentation, checking
 * the client's proof and answering a simple query once it is in.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto"
import { createServer, type Server, type Socket } from "node:net"
import { Effect, Exit } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import * as PgCopy from "../src/PgCopy.ts"

const message = (type: string, body: Buffer) => {
  const header = Buffer.alloc(5)
  header.write(type, 0)
  header.writeInt32BE(4 + body.length, 1)
  return Buffer.concat([header, body])
}
const int32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeInt32BE(n)
  return b
}
const cstring = (text: string) => Buffer.from(`${text}\0`)
const auth = (code: number, rest: Buffer = Buffer.alloc(0)) =>
  message("R", Buffer.concat([int32(code), rest]))
const ready = message("Z", Buffer.from("I"))
const error = (code: string, text: string) =>
  message("E", Buffer.concat([cstring("SFATAL"), cstring(`C${code}`), cstring(`M${text}`), Buffer.from([0])]))

/** Reads the client's messages: the startup message first (no type byte), then typed ones. */
const reader = (socket: Socket, onMessage: (type: string, body: Buffer) => void) => {
  let buffer = Buffer.alloc(0)
  let started = false
  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk])
    for (;;) {
      if (!started) {
        if (buffer.length < 4) return
        const length = buffer.readInt32BE(0)
        if (buffer.length < length) return
        onMessage("startup", buffer.subarray(8, length))
        buffer = buffer.subarray(length)
        started = true
        continue
      }
      if (buffer.length < 5) return
      const length = buffer.readInt32BE(1)
      if (buffer.length < 1 + length) return
      onMessage(String.fromCharCode(buffer[0] as number), buffer.subarray(5, 1 + length))
      buffer = buffer.subarray(1 + length)
    }
  })
}

const hmac = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest()
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest()
const md5 = (text: string | Buffer) => createHash("md5").update(text).digest("hex")

/** A server that wants `password` by `method`, and then answers any query with `SELECT 1`. */
const standIn = (method: "scram" | "md5", password: string) => {
  const seen: Array<string> = []
  const server = createServer((socket) => {
    const salt = randomBytes(16)
    const iterations = 4096
    let clientFirstBare = ""
    let serverFirst = ""
    let user = ""
    const md5Salt = randomBytes(4)
    const welcome = () => socket.write(Buffer.concat([auth(0), ready]))
    reader(socket, (type, body) => {
      seen.push(type)
      if (type === "startup") {
        const fields = body.toString().split("\0")
        user = fields[fields.indexOf("user") + 1] ?? ""
        socket.write(
          method === "scram"
            ? auth(10, Buffer.concat([cstring("SCRAM-SHA-256"), Buffer.from([0])]))
            : auth(5, md5Salt)
        )
      } else if (type === "p" && method === "md5") {
        const expected = `md5${md5(Buffer.concat([Buffer.from(md5(password + user)), md5Salt]))}`
        if (body.toString().replace(/\0$/, "") === expected) welcome()
        else socket.end(error("28P01", `password authentication failed for user "${user}"`))
      } else if (type === "p" && clientFirstBare === "") {
        // SASLInitialResponse: mechanism, then the client-first-message (length-prefixed)
        const mechanismEnd = body.indexOf(0)
        const clientFirst = body.subarray(mechanismEnd + 5).toString()
        clientFirstBare = clientFirst.slice(clientFirst.indexOf(",", clientFirst.indexOf(",") + 1) + 1)
        const clientNonce = /r=([^,]+)/.exec(clientFirstBare)?.[1] ?? ""
        serverFirst = `r=${clientNonce}${randomBytes(12).toString("base64")},s=${salt.toString("base64")},i=${iterations}`
        socket.write(auth(11, Buffer.from(serverFirst)))
      } else if (type === "p") {
        const clientFinal = body.toString()
        const withoutProof = clientFinal.slice(0, clientFinal.lastIndexOf(",p="))
        const proof = Buffer.from(clientFinal.slice(clientFinal.lastIndexOf(",p=") + 3), "base64")
        const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256")
        const storedKey = sha256(hmac(salted, "Client Key"))
        const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`
        const signature = hmac(storedKey, authMessage)
        const clientKey = Buffer.from(proof.map((b, i) => b ^ (signature[i] as number)))
        if (proof.length !== 32 || !timingSafeEqual(sha256(clientKey), storedKey)) {
          socket.end(error("28P01", `password authentication failed for user "${user}"`))
          return
        }
        const serverSignature = hmac(hmac(salted, "Server Key"), authMessage)
        socket.write(auth(12, Buffer.from(`v=${serverSignature.toString("base64")}`)))
        welcome()
      } else if (type === "Q") {
        socket.write(Buffer.concat([message("C", cstring("SELECT 1")), ready]))
      } else if (type === "X") socket.end()
    })
  })
  return { server, seen }
}

/** The client's Terminate arrives a moment after its scope closes. */
const settled = async (seen: ReadonlyArray<string>) => {
  for (let i = 0; i < 50 && seen.at(-1) !== "X"; i++) await new Promise((resolve) => setTimeout(resolve, 20))
  return seen
}

let running: Server | undefined
afterEach(() => {
  running?.close()
  running = undefined
})

const listen = async (server: Server) => {
  running = server
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  return typeof address === "object" && address !== null ? address.port : 0
}

const login = (port: number, password: string) =>
  Effect.runPromiseExit(
    Effect.scoped(
      Effect.flatMap(
        PgCopy.connect(`postgres://河长:${encodeURIComponent(password)}@127.0.0.1:${port}/db`),
        (c) => c.execute("SELECT 1")
      )
    )
  )

describe("PgCopy's password authentication", () => {
  it("answers SCRAM-SHA-256 with the right proof and checks the server's signature", async () => {
    const { server, seen } = standIn("scram", "碧水 p@ss")
    const port = await listen(server)
    expect(await login(port, "碧水 p@ss")).toEqual(Exit.succeed(undefined))
    expect(await settled(seen)).toEqual(["startup", "p", "p", "Q", "X"])
  })

  it("gives the server's refusal for a wrong SCRAM password", async () => {
    const port = await listen(standIn("scram", "right").server)
    const exit = await login(port, "wrong")
    expect(
      Exit.isFailure(exit) && exit.cause.reasons[0]?._tag === "Fail" && exit.cause.reasons[0].error
    ).toMatchObject({
      _tag: "PgCopyServerError",
      sqlState: "28P01"
    })
  })

  it("answers MD5 with md5(md5(password + user) + salt)", async () => {
    const { server, seen } = standIn("md5", "secret")
    const port = await listen(server)
    expect(await login(port, "secret")).toEqual(Exit.succeed(undefined))
    expect(await settled(seen)).toEqual(["startup", "p", "Q", "X"])
    const exit = await login(port, "nope")
    expect(
      Exit.isFailure(exit) && exit.cause.reasons[0]?._tag === "Fail" && exit.cause.reasons[0].error
    ).toMatchObject({
      _tag: "PgCopyServerError",
      sqlState: "28P01"
    })
  })

  it("says so when the server asks for a password and the URL has none", async () => {
    const port = await listen(standIn("md5", "secret").server)
    const exit = await Effect.runPromiseExit(
      Effect.scoped(PgCopy.connect(`postgres://someone@127.0.0.1:${port}/db`))
    )
    expect(
      Exit.isFailure(exit) && exit.cause.reasons[0]?._tag === "Fail" && exit.cause.reasons[0].error
    ).toMatchObject({
      _tag: "PgCopyConnectionError",
      message: expect.stringMatching(/password/)
    })
  })
})

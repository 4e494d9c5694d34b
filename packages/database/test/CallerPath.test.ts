/** A database the user names: a `sqlite:` URL is the SQLite file it names, never a path of its own. */
import { describe, expect, it } from "vitest"
import { databaseFromCaller } from "../src/CallerPath.ts"

describe("databaseFromCaller", () => {
  it("takes a sqlite: URL as the path it names", () => {
    expect(databaseFromCaller("sqlite:///tmp/bishui/b.db")).toBe("/tmp/bishui/b.db")
    expect(databaseFromCaller("sqlite:/tmp/bishui/b.db")).toBe("/tmp/bishui/b.db")
    expect(databaseFromCaller("sqlite:data/b.db")).toBe("data/b.db")
    expect(databaseFromCaller("sqlite://data/b.db")).toBe("data/b.db")
  })

  it("keeps PostgreSQL URLs, :memory: and plain paths as they are (no caller directory set)", () => {
    expect(databaseFromCaller("postgres://u@h:5432/db")).toBe("postgres://u@h:5432/db")
    expect(databaseFromCaller(":memory:")).toBe(":memory:")
    expect(databaseFromCaller("/abs/b.db")).toBe("/abs/b.db")
    expect(databaseFromCaller("./data/b.db")).toBe("./data/b.db")
  })
})

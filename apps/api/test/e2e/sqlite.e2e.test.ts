/** The real server over SQLite (a temporary file), end to end through the generated client. */
import { describeBackend } from "./support/scenarios.ts"

describeBackend("sqlite")

/**
 * The real server over PostgreSQL (a database of its own, created and dropped), end to end through
 * the generated client. Skipped loudly when PostgreSQL is unreachable; under CI it fails instead.
 */
import { describeBackend } from "./support/scenarios.ts"

describeBackend("postgresql")

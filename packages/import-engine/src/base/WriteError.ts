/** How writing a record through the services can fail (the errors a row is rejected with, not defects). */
import type { Errors } from "@bishui/domain"

export type WriteError =
  | Errors.AlreadyExists
  | Errors.NotFound
  | Errors.InvariantViolation
  | Errors.InvalidTransition
  | Errors.StaleVersion

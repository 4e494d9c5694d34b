/**
 * The one place domain errors become API problems. Messages of domain errors are written for
 * people and carry ids, never personal data or SQL, so they travel as the problem's `detail`.
 */
import { Errors } from "@bishui/domain"
import { Effect } from "effect"
import { Conflict, NotFound, PreconditionFailed, Unprocessable } from "../api/Problems.ts"

export type DomainError =
  | Errors.NotFound
  | Errors.AlreadyExists
  | Errors.StaleVersion
  | Errors.InvalidTransition
  | Errors.InvariantViolation
  | Errors.VoidBlocked

export const toProblem = (error: DomainError) => {
  switch (error._tag) {
    case "NotFound": {
      if (error.voided !== true) return new NotFound({ detail: `no ${error.entity} ${error.id}` })
      const name = Errors.entityNames[error.entity]
      return new NotFound({
        detail: `${name.zh} ${error.id} 已作废：请先恢复它，或改用其他记录 / ${name.en} ${error.id} is voided: restore it first, or refer to another`
      })
    }
    case "VoidBlocked":
      return new Conflict({
        detail: error.message,
        reason: error.reason,
        records: error.records,
        total: error.total
      })
    case "AlreadyExists":
      return new Conflict({ detail: `a ${error.entity} with ${error.key} already exists` })
    case "StaleVersion":
      return new PreconditionFailed({
        detail: `${error.entity} ${error.id} is at version ${error.actual}, not ${error.expected}: read it again`
      })
    case "InvalidTransition":
      return new Conflict({ detail: `${error.entity} ${error.entityId}: ${error.message}` })
    case "InvariantViolation":
      return new Unprocessable({ detail: error.message, rule: error.rule })
  }
}

/** The problem each domain error becomes, so an endpoint declares exactly the problems it can answer. */
export type ProblemOf<E> = E extends Errors.NotFound
  ? NotFound
  : E extends Errors.AlreadyExists | Errors.InvalidTransition | Errors.VoidBlocked
    ? Conflict
    : E extends Errors.StaleVersion
      ? PreconditionFailed
      : E extends Errors.InvariantViolation
        ? Unprocessable
        : never

/** Turn a service call's domain errors into problems. */
export const problems = <A, E extends DomainError, R>(
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, ProblemOf<E>, R> => Effect.mapError(effect, (e) => toProblem(e) as ProblemOf<E>)

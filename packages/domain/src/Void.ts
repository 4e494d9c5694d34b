/**
 * Voiding (作废): a record entered by mistake is marked void — when, by whom and why — rather than
 * deleted, and can be restored. The mark is part of the record (an optional `voided` field on every
 * kind that can be voided). A voided record leaves every list, figure and report; it stays readable
 * by its id, with its mark. It cannot be changed until it is restored.
 */
import { Result, Schema } from "effect"
import { Actor } from "./Audit.ts"
import { Instant } from "./Calendar.ts"
import { EntityKind, InvalidTransition } from "./Errors.ts"

/** Why a record was voided: 1 to 500 characters, not blank. */
export const VoidReason = Schema.String.check(
  Schema.isMinLength(1),
  Schema.isMaxLength(500),
  Schema.isPattern(/\S/u, { expected: "a reason that is not blank" })
)
export type VoidReason = typeof VoidReason.Type

/** The mark of a voided record. */
export const VoidMark = Schema.Struct({ at: Instant, by: Actor, reason: VoidReason }).annotate({
  title: "VoidMark",
  description: "作废: when, by whom and why the record was voided. Absent on a live record."
})
export type VoidMark = typeof VoidMark.Type

/** The field every voidable record schema carries. */
export const voidedField = Schema.optionalKey(VoidMark)

/** The kinds of record that can be voided. */
export const VoidableKind = EntityKind.pick([
  "organisation",
  "member",
  "team",
  "pioneer_post",
  "project",
  "zone",
  "patrol_log",
  "service_event",
  "campaign",
  "case",
  "micro_wish"
])
export type VoidableKind = typeof VoidableKind.Type

export interface Voidable {
  readonly id: string
  readonly voided?: VoidMark | undefined
}

export const isVoided = (record: { readonly voided?: VoidMark | undefined }): boolean =>
  record.voided !== undefined

/** The record with its mark taken off (a live record is returned as it is). */
export const withoutMark = <A extends Voidable>(record: A): A => {
  if (record.voided === undefined) return record
  const { voided: _, ...rest } = record
  return rest as unknown as A
}

/** Void a live record; a voided one cannot be voided again (its first reason would be lost). */
export const markVoid = <A extends Voidable>(
  entity: EntityKind,
  record: A,
  mark: VoidMark
): Result.Result<A, InvalidTransition> =>
  record.voided !== undefined
    ? Result.fail(
        new InvalidTransition({
          entity,
          entityId: record.id,
          from: "voided",
          to: "voided",
          message: `已作废，不能再次作废 / it is already voided (${record.voided.at}: ${record.voided.reason})`
        })
      )
    : Result.succeed({ ...record, voided: mark })

/** Restore a voided record: its mark is taken off. A live record cannot be restored. */
export const restore = <A extends Voidable>(
  entity: EntityKind,
  record: A
): Result.Result<A, InvalidTransition> =>
  record.voided === undefined
    ? Result.fail(
        new InvalidTransition({
          entity,
          entityId: record.id,
          from: "live",
          to: "restored",
          message: "未作废，无需恢复 / it is not voided: there is nothing to restore"
        })
      )
    : Result.succeed(withoutMark(record))

/** The refusal of any change but `restore` to a voided record. */
export const changeRefused = (entity: EntityKind, record: Voidable, change: string): InvalidTransition =>
  new InvalidTransition({
    entity,
    entityId: record.id,
    from: "voided",
    to: change,
    message: `已作废，请先恢复 / it is voided: restore it first${
      record.voided === undefined ? "" : ` (${record.voided.reason})`
    }`
  })

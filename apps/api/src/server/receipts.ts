/**
 * A resident's report as its receipt's holder sees it: the stages reached with their local times (the
 * tenant's zone, RFC 3339 with its offset), the zone, the status in words, the branch's closing note,
 * how it was closed — and nothing about who: no actor, assignee, team, contractor, reporter or
 * description (which the resident wrote and may hold personal data), so a guessed code tells little.
 */
import { Case, Receipt, TimeZone, type Zone } from "@bishui/domain"

/** The path of a receipt's status. */
export const receiptPath = (tenantId: string, code: Receipt.ReceiptCode): string =>
  `/v1/public/${encodeURIComponent(tenantId)}/receipts/${code}`

export const receiptStatus = (
  c: Case.Case,
  context: {
    readonly timeZone: TimeZone.TimeZone
    readonly zone: Zone.Zone | undefined
    /** The case it was closed as a duplicate of, when it was and that case exists. */
    readonly duplicateOf: Case.Case | undefined
    /** The case it reports again as not fixed, when it does. */
    readonly reopens: Case.Case | undefined
    /** The reports made again of it, as not fixed. */
    readonly reportedAgain: ReadonlyArray<Case.Case>
    /** How many photos it carries. */
    readonly photos: number
  }
) => {
  const local = (instant: Parameters<typeof TimeZone.toOffsetDateTime>[0]) =>
    TimeZone.toOffsetDateTime(instant, context.timeZone)
  const receipt = c.receipt as Receipt.ReceiptCode
  const status = Case.statusOf(c)
  const closed = Case.isClosed(c)
  const fixDue = c.deadlines?.find((d) => d.stage === Case.fixedStage(c.kind))
  const note = Case.closingNote(c)
  const other = context.duplicateOf?.receipt
  const link = (code: string) => ({
    receipt: code,
    statusUrl: receiptPath(c.tenantId, code as Receipt.ReceiptCode)
  })
  const reopens = context.reopens?.receipt
  return {
    receipt,
    statusUrl: receiptPath(c.tenantId, receipt),
    timeZone: context.timeZone,
    ...(context.zone === undefined ? {} : { zone: { code: context.zone.code, name: context.zone.name } }),
    status,
    statusText: Receipt.statusWords[status],
    closed,
    stages: c.stages.map((s) => ({ stage: s.stage, label: Case.stageLabels[s.stage], at: local(s.at) })),
    ...(closed || fixDue === undefined || Case.isHandled(c) ? {} : { fixDueBy: local(fixDue.due) }),
    ...(note === undefined ? {} : { closingNote: note }),
    ...(c.category === undefined ? {} : { category: c.category }),
    followers: c.followers ?? 0,
    photos: context.photos,
    ...(reopens === undefined ? {} : { reopens: link(reopens) }),
    reportedAgain: context.reportedAgain.flatMap((again) =>
      again.receipt === undefined ? [] : [link(again.receipt)]
    ),
    // while a report made again of it is being handled, that one is followed instead
    canReportAgain: Case.canReportAgain(c) && !context.reportedAgain.some(Case.isOpenReport),
    ...(c.closure === undefined
      ? {}
      : {
          closedAs: {
            as: c.closure.as,
            at: local(c.closure.at),
            ...(other === undefined
              ? {}
              : { duplicateOf: { receipt: other, statusUrl: receiptPath(c.tenantId, other) } })
          }
        })
  }
}

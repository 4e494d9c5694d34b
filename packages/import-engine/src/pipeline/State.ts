/**
 * The explicit state of one unit's import, which every stage reads and adds to: the issues found, the
 * rejected rows, the counts per sheet, the rows held for the registers, the rows of the group's records
 * (so a refusal can name the row it came from), and whether so many rows were rejected that reading
 * stops. Progress goes out through the caller's `Progress` callbacks, never to a terminal.
 */
import type { TimeZone } from "@bishui/domain"
import type { Issue } from "../base/Issue.ts"
import { maxRejectedRows } from "../base/Limits.ts"
import type { Progress } from "../base/Progress.ts"
import type { Ctx } from "../model/Ctx.ts"
import type { RawRow } from "../read/RawRow.ts"
import type { BoundSheet, RowCtx } from "../sheet/Row.ts"
import type { KindName, SheetDef } from "../sheet/Sheet.ts"

/** What became of a row. */
export type Status = "created" | "updated" | "unchanged" | "rejected"

export interface SheetStat {
  readonly file: string
  readonly sheet: string
  readonly kind: KindName
  created: number
  updated: number
  unchanged: number
  rejected: number
}

export interface RejectedRow {
  readonly bound: BoundSheet
  readonly row: RawRow
  readonly issues: ReadonlyArray<Issue>
}

export interface UnitReport {
  readonly label: string
  readonly files: ReadonlyArray<string>
  readonly stats: ReadonlyArray<SheetStat>
  readonly issues: ReadonlyArray<Issue>
  readonly rejected: ReadonlyArray<RejectedRow>
  /** Whether the unit's writes were committed. */
  readonly committed: boolean
}

export interface RunOptions {
  readonly tenantId: string
  readonly mode: "import" | "validate"
  readonly skipInvalid: boolean
  readonly progress: Progress
}

/** Where a record of the group being imported comes from: its sheet and row. */
export interface PendingRow {
  readonly sheet: string
  readonly row: number
}

export class UnitState {
  readonly issues: Array<Issue> = []
  readonly rejected: Array<RejectedRow> = []
  readonly stats = new Map<string, SheetStat>()
  /** The rows of the records being imported, by the id they get (for messages naming a row). */
  readonly pendingRows = new Map<string, PendingRow>()
  /** Register rows held so far (read whole before the group is imported). */
  held = 0
  /** Set once `maxRejectedRows` rows were rejected: reading stops and nothing is committed. */
  stopped = false
  private rowsDone = 0

  readonly progress: Progress
  /** How many bytes of the unit have been read, for progress. */
  readonly bytesRead: () => number

  constructor(progress: Progress, bytesRead: () => number) {
    this.progress = progress
    this.bytesRead = bytesRead
  }

  /** The counts of a sheet (made the first time the sheet is named, so a sheet without rows shows). */
  statOf(bound: { readonly file: string; readonly sheet: string; readonly def: SheetDef }): SheetStat {
    const key = `${bound.file}\u0000${bound.sheet}`
    let stat = this.stats.get(key)
    if (stat === undefined) {
      stat = {
        file: bound.file,
        sheet: bound.sheet,
        kind: bound.def.kind,
        created: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0
      }
      this.stats.set(key, stat)
    }
    return stat
  }

  /** One more row taken up. */
  tick(sheet: string): void {
    this.rowsDone++
    this.progress.update(this.rowsDone, this.bytesRead(), sheet)
  }

  /** A row's outcome: counted, its problems collected, and a rejected row kept for the errors file. */
  count(r: RowCtx, status: Status): void {
    this.statOf(r.bound)[status]++
    if (status === "rejected") {
      this.rejected.push({ bound: r.bound, row: r.row, issues: [...r.errors] })
      if (this.rejected.length >= maxRejectedRows) this.stopped = true
    }
    for (const e of r.errors) this.issues.push(e)
  }

  /** A problem of a whole sheet (or of its header row). */
  sheetIssue(
    file: string,
    sheet: string,
    severity: Issue["severity"],
    reason: Issue["reason"],
    extra: Partial<Issue> = {}
  ): void {
    this.issues.push({ severity, file, sheet, reason, ...extra })
  }

  /** The report of the unit as it stands (not committed). */
  report(label: string, files: ReadonlyArray<string>): UnitReport {
    return {
      label,
      files,
      stats: [...this.stats.values()],
      issues: this.issues,
      rejected: this.rejected,
      committed: false
    }
  }
}

/** What the stages of one unit work with: its state, the lookups and services, the tenant's zone. */
export interface UnitEnv {
  readonly state: UnitState
  readonly ctx: Ctx
  /** The tenant's zone: a ledger's times are its wall-clock times. */
  readonly timeZone: TimeZone.TimeZone
}

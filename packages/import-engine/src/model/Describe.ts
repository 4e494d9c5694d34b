/** A write refused by a service, in words an operator understands (Chinese and English). */
import { Errors } from "@bishui/domain"
import type { Words } from "../base/Words.ts"
import type { WriteError } from "../base/WriteError.ts"

const ruleZh: Record<string, string> = {
  one_leader: "队伍须有且只有一位组长",
  member_listed_once: "同一成员在队伍中列了不止一次",
  disbanded_not_before_formed: "解散日期早于成立日期",
  dissolved_not_before_established: "撤销日期早于成立日期",
  not_its_own_parent: "组织不能是自己的上级",
  phase_once: "同一阶段填了不止一次",
  phase_ends_after_start: "阶段结束日期早于开始日期",
  difficulty_resolved_after_opened: "难点解决时间早于提出时间",
  ends_after_start: "结束时间早于开始时间",
  publicity_has_theme: "宣传类活动须至少有一个宣传主题",
  participant_listed_once: "同一参加党员列了不止一次",
  campaign_month: "活动日期不在所属活动计划的月份或年份内",
  claimed_after_posted: "认领时间早于发布时间",
  fulfilled_after_claimed: "实现时间早于认领时间",
  kind_is_fixed: "已有记录的类型不能更改",
  parent_is_a_branch: "上级组织必须是党组织（党组、党支部或临时党支部）",
  home_branch_is_a_branch: "所属支部必须是党组织（党支部或临时党支部）",
  temporary_branch_is_a_branch: "临时党支部必须是党组织",
  branch_is_a_branch: "所属支部必须是党组织",
  wish_in_a_community: "微心愿的社区必须是“社区”类型的组织"
}

export const describeWriteError = (
  error: WriteError,
  pendingRow: (id: string) => { readonly sheet: string; readonly row: number } | undefined
): Words => {
  switch (error._tag) {
    case "AlreadyExists":
      return {
        zh: `已有另一条${Errors.entityNames[error.entity].zh}记录使用“${error.key}”：名称或编码重复`,
        en: `another ${error.entity} already uses "${error.key}": the name or code is taken`
      }
    case "NotFound": {
      const pending = pendingRow(error.id)
      if (error.voided === true) {
        return {
          zh: `引用的${Errors.entityNames[error.entity].zh}已作废（编号${error.id}）：请先恢复它，或改引用其他记录`,
          en: `the ${error.entity} it refers to is voided (id ${error.id}): restore it first, or refer to another`
        }
      }
      return pending !== undefined
        ? {
            zh: `引用的${Errors.entityNames[error.entity].zh}（“${pending.sheet}”表第${pending.row}行）未能导入，本行随之未导入`,
            en: `the ${error.entity} it refers to (sheet ${pending.sheet}, row ${pending.row}) was not imported, so neither is this row`
          }
        : {
            zh: `引用的${Errors.entityNames[error.entity].zh}不存在（编号${error.id}）`,
            en: `the ${error.entity} it refers to does not exist (id ${error.id})`
          }
    }
    case "InvariantViolation":
      return {
        zh: `不符合规则：${ruleZh[error.rule] ?? error.message}`,
        en: `breaks a rule: ${error.message}`
      }
    case "InvalidTransition":
      return {
        zh: `处置顺序不对：${error.message}（一般问题：上报→受理→指派→办结→复核；突发险情：发现险情→报告局党组→组建突击队→会商研判→制定方案→协调施工单位→抢修完成→复核，时间不能倒退）`,
        en: `the stages are out of order: ${error.message}`
      }
    case "StaleVersion":
      return {
        zh: "记录在导入过程中被他人修改，请重新导入",
        en: "the record was changed by someone else during the import: import again"
      }
  }
}

/**
 * The pages' languages: Chinese first, English on request. The language comes from `?lang=` (which
 * also sets a `lang` cookie, so the choice follows the resident from page to page with no script),
 * else the cookie, else Chinese. Every string a page shows is here, once per language; the English
 * table has the Chinese one's type, so a string missing in one language does not compile.
 */
import type { Case, Member } from "@bishui/domain"

export type Lang = "zh" | "en"

export const langCookie = "lang"

/** The language of a request: `?lang=` first, then the cookie, then Chinese. */
export const langOf = (query: string | undefined, cookie: string | undefined): Lang => {
  if (query === "en" || query === "zh") return query
  if (cookie === "en" || cookie === "zh") return cookie
  return "zh"
}

/** The `lang` attribute of a page in a language. */
export const htmlLang = (lang: Lang): string => (lang === "zh" ? "zh-CN" : "en")

type StageWords = Record<Case.CaseStageKind, string>
type RoleWords = Record<Member.BranchRole, string>

const zh = {
  languageName: "中文",
  inParentheses: (text: string) => `（${text}）`,
  listSeparator: "，",
  otherLanguage: "English",
  siteName: "碧水 · 河湖责任区公示",
  skipToContent: "跳到正文",
  zonesHeading: "河湖责任区",
  zonesIntro: "扫描河边公示牌上的二维码，或在下面选择责任区，查看责任人、巡河记录和问题处理情况。",
  tenantsHeading: "单位",
  zoneCode: "编号",
  riverSegments: "河段",
  responsible: "责任人",
  responsibleNone: "暂未指定",
  supervisionPhone: "监督电话",
  callSupervision: "拨打监督电话",
  resources: "力量配置",
  cleaners: (n: number) => `保洁员 ${n} 名`,
  boats: (n: number) => `打捞船 ${n} 条`,
  crew: (n: number) => `打捞人员 ${n} 名`,
  patrolsHeading: (days: number) => `近${days}天巡河`,
  patrolsCount: (n: number) => `${n} 次`,
  patrolsNone: "这段时间暂无巡河记录。",
  patrolLitter: (kg: string) => `清理垃圾 ${kg} 公斤`,
  patrolLatest: "最近巡河",
  problemsHeading: "问题处理",
  problemsOpen: (n: number) => `正在处理 ${n} 件`,
  problemsResolved: (n: number) => `已解决 ${n} 件`,
  problemsOpenNone: "目前没有待处理的问题。",
  problemsResolvedNone: "暂无已解决的问题。",
  problemOpened: "反映于",
  problemFixed: "解决于",
  emergency: "险情",
  figuresHeading: (year: number) => `${year}年支部工作`,
  figuresNone: "本年度暂无记录。",
  previousYear: (year: number) => `${year}年`,
  nextYear: (year: number) => `${year}年`,
  reportHeading: "发现问题？",
  reportIntro: "请拨打监督电话反映。网上反映和进度查询即将开通。",
  printBoard: "打印公示牌",
  printAll: "打印全部公示牌",
  printHint: "用浏览器的“打印”即可输出 A4 公示牌（每个责任区一页）。",
  boardTitle: "河湖责任区公示牌",
  boardScan: "扫码查看巡河记录、问题处理，反映问题",
  branch: "责任支部",
  developers: "开发者：API 参考",
  backToZones: "全部责任区",
  notFoundTitle: "没有找到",
  notFoundText: "没有这个页面。请检查二维码或网址，或返回责任区列表。",
  unavailableTitle: "暂时无法访问",
  unavailableText: "系统暂时无法读取数据，请稍后再试，或拨打监督电话。",
  roles: {
    secretary: "支部书记",
    deputy_secretary: "支部副书记",
    committee_member: "支部委员",
    member: "党员"
  } satisfies RoleWords as RoleWords,
  stages: {
    reported: "已反映，待受理",
    acknowledged: "已受理",
    assigned: "处理中",
    resolved: "已解决，待复核",
    verified: "已办结",
    found: "发现险情",
    reported_to_bureau: "已报告局党组",
    team_formed: "突击队已到场",
    assessed: "会商研判中",
    plan_made: "抢修方案已制定",
    contractor_engaged: "抢修中",
    repaired: "已修复，待复核"
  } satisfies StageWords as StageWords
}

export type Messages = typeof zh

const en: Messages = {
  languageName: "English",
  inParentheses: (text) => ` (${text})`,
  listSeparator: ", ",
  otherLanguage: "中文",
  siteName: "bishui · River zones",
  skipToContent: "Skip to content",
  zonesHeading: "River zones",
  zonesIntro:
    "Scan the QR code on a riverside signboard, or pick a zone below: who is responsible, recent patrols and how problems are handled.",
  tenantsHeading: "Organisations",
  zoneCode: "Code",
  riverSegments: "River segments",
  responsible: "Responsible",
  responsibleNone: "Not yet assigned",
  supervisionPhone: "Supervision phone",
  callSupervision: "Call the supervision phone",
  resources: "Resources",
  cleaners: (n) => `${n} cleaner${n === 1 ? "" : "s"}`,
  boats: (n) => `${n} salvage boat${n === 1 ? "" : "s"}`,
  crew: (n) => `${n} boat crew`,
  patrolsHeading: (days) => `Patrols, last ${days} days`,
  patrolsCount: (n) => `${n} patrol${n === 1 ? "" : "s"}`,
  patrolsNone: "No patrols recorded in this period.",
  patrolLitter: (kg) => `${kg} kg of litter collected`,
  patrolLatest: "Latest patrols",
  problemsHeading: "Problems",
  problemsOpen: (n) => `${n} being handled`,
  problemsResolved: (n) => `${n} resolved`,
  problemsOpenNone: "No open problems.",
  problemsResolvedNone: "No resolved problems yet.",
  problemOpened: "Reported",
  problemFixed: "Fixed",
  emergency: "Emergency",
  figuresHeading: (year) => `The branch's work in ${year}`,
  figuresNone: "Nothing recorded for this year yet.",
  previousYear: (year) => `${year}`,
  nextYear: (year) => `${year}`,
  reportHeading: "Found a problem?",
  reportIntro:
    "Please call the supervision phone. Reporting online and following your report are coming soon.",
  printBoard: "Print the signboard",
  printAll: "Print every signboard",
  printHint: "Print from your browser for A4 signboards (one page per zone).",
  boardTitle: "River zone signboard",
  boardScan: "Scan for patrols, problems and to report one",
  branch: "Branch",
  developers: "Developers: API reference",
  backToZones: "All zones",
  notFoundTitle: "Not found",
  notFoundText: "There is no such page. Check the QR code or the address, or go back to the list of zones.",
  unavailableTitle: "Temporarily unavailable",
  unavailableText:
    "The records cannot be read right now. Please try again shortly, or call the supervision phone.",
  roles: {
    secretary: "Branch secretary",
    deputy_secretary: "Deputy secretary",
    committee_member: "Committee member",
    member: "Party member"
  },
  stages: {
    reported: "Reported, awaiting acknowledgement",
    acknowledged: "Acknowledged",
    assigned: "Being handled",
    resolved: "Resolved, awaiting check",
    verified: "Closed",
    found: "Emergency found",
    reported_to_bureau: "Reported to the bureau",
    team_formed: "Commando team on site",
    assessed: "Being assessed",
    plan_made: "Repair plan made",
    contractor_engaged: "Being repaired",
    repaired: "Repaired, awaiting check"
  }
}

export const messages: Record<Lang, Messages> = { zh, en }

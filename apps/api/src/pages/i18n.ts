/**
 * The pages' languages: Chinese first, English on request. The language comes from `?lang=` (which
 * also sets a `lang` cookie, so the choice follows the resident from page to page with no script),
 * else the cookie, else Chinese. Every string a page shows is here, once per language; the English
 * table has the Chinese one's type, so a string missing in one language does not compile.
 */
import { Case, type Member } from "@bishui/domain"

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
type CategoryWords = Record<Case.ProblemCategory, string>
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
  reportIntro: "在网上反映，可附照片；提交后会得到回执号，凭它查看处理进度。也可以拨打监督电话。",
  reportLink: "反映问题",
  reportPageTitle: (zone: string) => `反映问题 · ${zone}`,
  reportSeenFirst: "先看看：是不是已经有人反映了？",
  reportSeenIntro: "如果是下面的问题，点“我也遇到”就好，不必重复反映；它会被记入这件问题，责任支部可以看到。",
  meToo: "我也遇到",
  meTooCount: (n: number) => `${n} 人也遇到`,
  meTooThanks: "已记下“我也遇到”，谢谢！",
  reportNew: "反映新问题",
  category: "问题类别",
  description: "问题描述",
  descriptionHint: "发生了什么、在哪一段（例如：东段亲水平台下方）。请不要写别人的姓名或电话。",
  location: "具体位置（可选）",
  photos: "照片（可选，最多 3 张）",
  photosHint: "JPEG、PNG 或 WebP，每张不超过 5 MB。照片中的定位等信息会在保存前删除。",
  contactHeading: "联系方式（可选）",
  contactHint: "只有责任支部能看到，用于回访；不会出现在公示页面上。",
  contactName: "称呼",
  contactPhone: "电话",
  submitReport: "提交",
  formErrors: "请修改以下问题后再提交：",
  errCategory: "请选择问题类别。",
  errDescription: "请填写问题描述（不超过 2000 字）。",
  errPhone: "电话号码格式不对（只能有数字、空格和横线，6 到 20 位）。",
  errTooManyPhotos: "最多上传 3 张照片。",
  errPhotoTooLarge: (name: string) => `照片“${name}”超过 5 MB。`,
  errPhotoType: (name: string) => `“${name}”不是 JPEG、PNG 或 WebP 照片。`,
  errBodyTooLarge: "上传的内容太大：最多 3 张照片，每张不超过 5 MB。",
  tooManyTitle: "操作太频繁",
  statusTitle: (code: string) => `回执 ${code}`,
  statusReceipt: "回执号",
  statusKeep: "请保存回执号或本页网址，凭它查看处理进度。",
  statusThanks: "已收到您的反映，谢谢！",
  statusPhotosKept: (n: number) => `已附照片 ${n} 张（仅责任支部可见）。`,
  statusPhotosRefused: (n: number) => `有 ${n} 张照片未能保存（格式或大小不符）。`,
  statusNow: "当前状态",
  statusStages: "处理进度",
  statusFixDue: "按规定应在此前处理完毕：",
  statusClosingNote: "支部的办结说明",
  statusFollowers: (n: number) => `${n} 位居民也反映遇到这个问题。`,
  statusReopens: "这是对以下已办结问题的再次反映：",
  statusReportedAgain: "此问题后来被再次反映为未解决：",
  statusDuplicateOf: "与以下反映为同一问题，请查看：",
  againHeading: "问题没有解决？",
  againIntro: "如果问题仍然存在，可以再次反映。新的反映会关联到本回执，两者都能查看。",
  againSubmit: "再次反映",
  zoneLabel: "责任区：",
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
  } satisfies StageWords as StageWords,
  categories: Object.fromEntries(
    Object.entries(Case.categoryLabels).map(([key, words]) => [key, words.zh])
  ) as CategoryWords
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
    "Report it online, with photos if you like: you get a receipt code to follow it with. Or call the supervision phone.",
  reportLink: "Report a problem",
  reportPageTitle: (zone) => `Report a problem · ${zone}`,
  reportSeenFirst: "First: has someone reported it already?",
  reportSeenIntro:
    "If it is one of these, press “Me too” instead of reporting it again: it is counted on that problem, and the branch sees it.",
  meToo: "Me too",
  meTooCount: (n) => `${n} ${n === 1 ? "person has" : "people have"} seen it too`,
  meTooThanks: "Your “me too” is counted. Thank you!",
  reportNew: "Report a new problem",
  category: "Kind of problem",
  description: "What is wrong",
  descriptionHint:
    "What happened, and where on the zone (e.g. below the east viewing platform). Please name no one and give no one's phone.",
  location: "Exact place (optional)",
  photos: "Photos (optional, up to 3)",
  photosHint:
    "JPEG, PNG or WebP, at most 5 MB each. Location and other metadata are removed before a photo is kept.",
  contactHeading: "Contact (optional)",
  contactHint: "Only the branch sees it, to call you back; it never appears on the public pages.",
  contactName: "Name",
  contactPhone: "Phone",
  submitReport: "Send",
  formErrors: "Please correct these and send again:",
  errCategory: "Choose the kind of problem.",
  errDescription: "Describe the problem (at most 2000 characters).",
  errPhone: "That phone number does not look right (digits, spaces and dashes, 6 to 20 of them).",
  errTooManyPhotos: "At most 3 photos.",
  errPhotoTooLarge: (name) => `The photo “${name}” is larger than 5 MB.`,
  errPhotoType: (name) => `“${name}” is not a JPEG, PNG or WebP photo.`,
  errBodyTooLarge: "Too much was uploaded: at most 3 photos of at most 5 MB each.",
  tooManyTitle: "Too many requests",
  statusTitle: (code) => `Receipt ${code}`,
  statusReceipt: "Receipt code",
  statusKeep: "Keep the receipt code or this page's address to follow your report.",
  statusThanks: "Your report was received. Thank you!",
  statusPhotosKept: (n) => `${n} photo${n === 1 ? "" : "s"} attached (seen only by the branch).`,
  statusPhotosRefused: (n) =>
    `${n} photo${n === 1 ? " was" : "s were"} not kept (not an accepted type or size).`,
  statusNow: "Status",
  statusStages: "Progress",
  statusFixDue: "Due to be fixed by:",
  statusClosingNote: "The branch's closing note",
  statusFollowers: (n) => `${n} other resident${n === 1 ? "" : "s"} reported seeing this problem too.`,
  statusReopens: "This reports again a problem that was closed as fixed:",
  statusReportedAgain: "This problem was later reported again as not fixed:",
  statusDuplicateOf: "The same problem as this report; follow it there:",
  againHeading: "Not fixed?",
  againIntro:
    "If the problem is still there, report it again. The new report is linked to this receipt, and both can be followed.",
  againSubmit: "Report again",
  zoneLabel: "Zone: ",
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
  },
  categories: Object.fromEntries(
    Object.entries(Case.categoryLabels).map(([key, words]) => [key, words.en])
  ) as CategoryWords
}

export const messages: Record<Lang, Messages> = { zh, en }

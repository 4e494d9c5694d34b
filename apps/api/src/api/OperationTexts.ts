/**
 * Every operation's summary and description, in Chinese and English (`登记巡河 · Record a patrol`),
 * keyed by operation id (`group.endpoint`). Kept in one table, not on each endpoint, so that the groups'
 * files stay about shapes and the texts can be read and reviewed together; the kinds of records that
 * share list / get / create / update / void / restore are written once from their names (`recordTexts`).
 *
 * `documentEdges` (Edges.ts) puts them on the generated document; an endpoint that carries its own
 * summary or description (`OpenApi.Summary`, `OpenApi.Description`) keeps it. `test/openapi.test.ts`
 * checks that every operation has both, in both languages, and that no entry here names an operation
 * that does not exist; Redocly's `operation-summary` rule (`pnpm lint:openapi`) checks the summaries.
 */

export interface OperationText {
  /** `中文 · English`, a few words each. */
  readonly summary: string
  /** 中文 first, then English. */
  readonly description: string
}

/** How a kind of record is named in a sentence: `成员` / `member`, plural `members`. */
interface Noun {
  readonly zh: string
  readonly en: string
  readonly plural: string
}

const text = (summary: string, description: string): OperationText => ({ summary, description })

const voidText = (noun: Noun) =>
  text(
    `作废${noun.zh} · Void a ${noun.en}`,
    `作废误录的${noun.zh}，须写明原因。作废后它不出现在列表（除非 \`include=voided\`）、数字和报告中，按 id 仍可读取（带 \`voided\` 标记），恢复前不能修改。仍有未作废的记录（或有效的访问令牌）引用它时拒绝（409，\`reason: live_dependents\`，列出挡路的 \`records\` 及其 \`total\`）：请先作废或修改它们。 ` +
      `Void (作废) a ${noun.en} entered by mistake, with a reason. It leaves every list (unless \`include=voided\`), figure and report, stays readable by id with its \`voided\` mark, and cannot be changed until restored. Refused (409, \`reason: live_dependents\`, naming the \`records\` in the way and their \`total\`) while live records — or live access tokens — refer to it: void or change them first.`
  )

const restoreText = (noun: Noun) =>
  text(
    `恢复${noun.zh} · Restore a ${noun.en}`,
    `恢复已作废的${noun.zh}，可写明原因（记入审计日志）。它引用的记录仍处于作废状态时拒绝（409，\`reason: voided_references\`，列出它们）：请先恢复那些记录；作废期间其编码或名称已被其他记录占用时也拒绝（409）。 ` +
      `Restore a voided ${noun.en}, optionally with a reason (it goes to the audit log). Refused (409, \`reason: voided_references\`, naming them) while records it refers to are voided — restore those first — and (409) when a live record has taken its code or name meanwhile.`
  )

type RecordOperation = "list" | "get" | "create" | "update" | "void" | "restore"

/**
 * The texts of a kind of record's list, get, create, update, void and restore (or of `only` those),
 * keyed by the endpoints' names in its group; `filters` is said of its list.
 */
const recordTexts = (
  group: string,
  noun: Noun,
  filters: { readonly zh: string; readonly en: string },
  only: ReadonlyArray<RecordOperation> = ["list", "get", "create", "update", "void", "restore"]
): Record<string, OperationText> => {
  const all: Record<RecordOperation, OperationText> = {
    list: text(
      `列出${noun.zh} · List ${noun.plural}`,
      `令牌可读的${noun.zh}，分页（\`limit\`，下一页用 \`after=next\`），默认不含已作废的（\`include=voided\` 一并列出）。${filters.zh} 游标无法识别时答 422。 ` +
        `The ${noun.plural} the token may read, a page at a time (\`limit\`; pass \`next\` as \`after\` for the next page), voided ones left out unless \`include=voided\`. ${filters.en} A cursor that is not the \`next\` of a page is refused (422).`
    ),
    get: text(
      `读取${noun.zh} · Get a ${noun.en}`,
      `按 id 读取一条${noun.zh}及其版本（也是 \`ETag\`，修改时作 \`If-Match\`）；已作废的也可读取，带 \`voided\` 标记。 ` +
        `One ${noun.en} by id, with its version (also its \`ETag\`, the \`If-Match\` of a change); a voided one is readable too, with its \`voided\` mark.`
    ),
    create: text(
      `新建${noun.zh} · Create a ${noun.en}`,
      `新建一条${noun.zh}（id 可省略，由服务器生成）。带 \`Idempotency-Key\` 的重复请求只执行一次，并得到同样的回答。 ` +
        `Create a ${noun.en} (the id may be left out: the server makes one). Repeats with the same \`Idempotency-Key\` run once and get the same answer.`
    ),
    update: text(
      `修改${noun.zh} · Update a ${noun.en}`,
      `以新状态替换一条${noun.zh}。带上读到的版本作 \`If-Match\`：记录已被别人改过时答 412，请重新读取。 ` +
        `Replace a ${noun.en} with its new state. Send the version you read as \`If-Match\`: if someone changed it meanwhile the answer is 412 — read it again.`
    ),
    void: voidText(noun),
    restore: restoreText(noun)
  }
  return Object.fromEntries(only.map((operation) => [`${group}.${operation}`, all[operation]]))
}

const patrol: Noun = { zh: "巡河记录", en: "patrol log", plural: "patrol logs" }

export const operationTexts: Readonly<Record<string, OperationText>> = {
  "tenant.get": text(
    "读取租户 · Get the tenant",
    "令牌所属租户：名称和时区（IANA 名称，默认 Asia/Shanghai）。年度、报告的日期和列表的 `from`/`to` 都按该时区划分。每个令牌都可读取。 The token's tenant: its name and time zone (an IANA name, Asia/Shanghai by default), in which years, report days and the `from`/`to` days of lists are cut. Every token reads it."
  ),
  "tenant.update": text(
    "修改租户 · Update the tenant",
    "修改租户的名称或时区，仅限管理员，须带 `If-Match`；修改记入审计日志。 Change the tenant's name or time zone: admins only, with `If-Match`; the change goes to the audit log."
  ),

  ...recordTexts(
    "organisations",
    { zh: "组织", en: "organisation", plural: "organisations" },
    {
      zh: "可按类型、上级、子树（`within`）和临时支部的存续期（`activeFrom`/`activeTo`）筛选。",
      en: "Filter by kind, parent, subtree (`within`) and, for temporary branches, the days they were active (`activeFrom`/`activeTo`)."
    }
  ),
  "organisations.create": text(
    "新建组织 · Create an organisation",
    "新建党组、常设支部、社区或施工单位（临时支部用“成立临时支部”）。由上级组织的书记（党组由管理员）新建；带 `Idempotency-Key` 的重复请求只执行一次。 Create a Party group, standing branch, community or contractor (temporary branches are established instead), by a secretary of its parent (the Party group by an admin). Repeats with the same `Idempotency-Key` run once."
  ),
  "organisations.establishTemporaryBranch": text(
    "成立临时支部 · Establish a temporary branch",
    "为一个项目在上级支部下成立临时支部，写明成立日期。 Establish a temporary branch for a project under its parent branch, on a given day."
  ),
  "organisations.dissolveTemporaryBranch": text(
    "撤销临时支部 · Dissolve a temporary branch",
    "在某日撤销临时支部；撤销日期不得早于成立日期（否则 422）。 Dissolve a temporary branch on a given day, not before it was established (422 otherwise)."
  ),

  ...recordTexts(
    "members",
    { zh: "成员", en: "member", plural: "members" },
    {
      zh: "可按所属支部、职务、姓名和报到社区（`communityId`）筛选；无权查看个人信息者看到的电话已打码。",
      en: "Filter by home branch, role, name and the community registered with (`communityId`); phones are masked for who may not see personal data."
    }
  ),

  ...recordTexts(
    "teams",
    { zh: "队伍", en: "team", plural: "teams" },
    {
      zh: "可按支部、类型和案件（`caseId`）筛选。",
      en: "Filter by branch, kind and case (`caseId`)."
    }
  ),

  ...recordTexts(
    "projects",
    { zh: "项目", en: "project", plural: "projects" },
    { zh: "可按支部和类型筛选。", en: "Filter by branch and kind." }
  ),
  "projects.recordPhase": text(
    "记录项目阶段 · Record a project phase",
    "记录项目的一个阶段；同类阶段已记录时替换之。须带 `If-Match`。 Record a phase of the project, replacing the one of that kind if any; with `If-Match`."
  ),
  "projects.openDifficulty": text(
    "登记现场困难 · Open a difficulty",
    "登记项目现场需要协调的困难（可注明阶段）。须带 `If-Match`。 Open a difficulty coordinated on site, optionally in a phase; with `If-Match`."
  ),
  "projects.resolveDifficulty": text(
    "解决现场困难 · Resolve a difficulty",
    "写明解决办法，把困难标为已解决；已解决的困难不能再解决（409）。 Mark a difficulty resolved, with how; one already resolved is refused (409)."
  ),

  ...recordTexts(
    "pioneerPosts",
    { zh: "先锋岗", en: "pioneer post", plural: "pioneer posts" },
    {
      zh: "可按支部、责任区、项目、子树和开放日期（`openFrom`/`openTo`）筛选。",
      en: "Filter by branch, zone, project, subtree and the days the post is open (`openFrom`/`openTo`)."
    }
  ),
  "pioneerPosts.addToRoster": text(
    "加入值班表 · Add to the duty roster",
    "把一名成员或志愿者加入先锋岗的值班表。须带 `If-Match`。 Add a member or a volunteer to the post's duty roster; with `If-Match`."
  ),
  "pioneerPosts.removeMemberFromRoster": text(
    "移出值班成员 · Remove a member from the roster",
    "把一名成员移出先锋岗的值班表。须带 `If-Match`。 Remove a member from the post's duty roster; with `If-Match`."
  ),
  "pioneerPosts.removeVolunteerFromRoster": text(
    "移出值班志愿者 · Remove a volunteer from the roster",
    "按姓名把一名志愿者移出先锋岗的值班表。须带 `If-Match`。 Remove a volunteer, by name, from the post's duty roster; with `If-Match`."
  ),

  ...recordTexts(
    "zones",
    { zh: "责任区", en: "zone", plural: "zones" },
    {
      zh: "可按支部、责任人和子树（`within`）筛选。",
      en: "Filter by branch, responsible member and subtree (`within`)."
    }
  ),
  "zones.listPatrols": text(
    "列出巡河记录 · List patrol logs",
    "令牌可读的巡河记录，分页，可按责任区和成员筛选，默认不含已作废的。游标无法识别时答 422。 The patrol logs the token may read, a page at a time, filtered by zone and member, voided ones left out unless `include=voided`. A cursor that is not the `next` of a page is refused (422)."
  ),
  "zones.getPatrol": text(
    "读取巡河记录 · Get a patrol log",
    "按 id 读取一条巡河记录及其版本（`ETag`）；已作废的也可读取，带 `voided` 标记。 One patrol log by id, with its version (`ETag`); a voided one is readable too, with its `voided` mark."
  ),
  "zones.recordPatrol": text(
    "登记巡河 · Record a patrol",
    "登记谁在何时巡查了哪个责任区、发现和清理了什么。成员令牌登记自己的巡河；带 `Idempotency-Key` 的重复请求只执行一次。 Record who walked a zone, when, and what they found or collected. A member-role token records its own patrols; repeats with the same `Idempotency-Key` run once."
  ),
  "zones.voidPatrol": voidText(patrol),
  "zones.restorePatrol": restoreText(patrol),

  ...recordTexts(
    "events",
    { zh: "活动", en: "service event", plural: "service events" },
    {
      zh: "可按支部、类别、责任区、项目、社区、先锋岗、活动计划、子树和关联类型（`linkedTo`）筛选。",
      en: "Filter by branch, category, zone, project, community, pioneer post, campaign, subtree and the kind of record linked (`linkedTo`)."
    }
  ),
  "events.participate": text(
    "参加活动 · Take part in an event",
    "把一名成员加为活动参加者，可带服务时长。成员令牌只能加自己；已在名单中的只更新时长。 Add a participant to the event, with the hours served when given. A member-role token adds only its own member; someone already listed only gets their hours changed."
  ),

  ...recordTexts(
    "campaigns",
    { zh: "活动计划", en: "campaign", plural: "campaigns" },
    { zh: "可按支部筛选。", en: "Filter by branch." },
    ["list", "get", "create", "void", "restore"]
  ),
  "campaigns.year": text(
    "活动计划年度完成情况 · A year of campaigns",
    "支部子树在某年进行的每项活动计划：已完成、待完成或已错过（按租户时区），以及未关联计划的同类活动。 Each campaign of the branch's subtree running that year, as done, due or missed in the tenant's local time, with the events of its category that carry out no campaign."
  ),

  ...recordTexts(
    "cases",
    { zh: "案件", en: "case", plural: "cases" },
    {
      zh: "可按支部、责任区、类型、状态、是否超期（`overdue`）、子树和办结日期（`fixedFrom`/`fixedTo`）筛选。",
      en: "Filter by branch, zone, kind, status, whether overdue (`overdue`), subtree and the days fixed (`fixedFrom`/`fixedTo`)."
    },
    ["list", "get", "void", "restore"]
  ),
  "cases.open": text(
    "立案 · Open a case",
    "登记一件日常案件或紧急险情，以其第一个环节开始；按支部的响应时限定出各环节的期限。带 `Idempotency-Key` 的重复请求只执行一次。 Open a routine case or an emergency with its first stage; its due times come from the branch's response policy. Repeats with the same `Idempotency-Key` run once."
  ),
  "cases.advance": text(
    "推进案件 · Advance a case",
    "把案件推进到路径中的下一个环节（如 acknowledged、assigned、resolved、verified）；不合顺序的答 409。须带 `If-Match`。 Move a case to the next stage of its path (acknowledged, assigned, resolved, verified, …); a stage out of order is refused (409). With `If-Match`."
  ),
  "cases.photos": text(
    "案件照片 · A case's photos",
    "居民随反映上传的照片（已去除位置等元数据），每张带读取地址；与案件同样的读取权限。 The photos a resident sent with the report (location and other metadata removed), each with the URL of its bytes; read as the case is."
  ),
  "cases.photo": text(
    "读取案件照片 · A case's photo",
    "一张照片的图像本身（JPEG、PNG 或 WebP，见 Content-Type）。 One photo's image as stored (JPEG, PNG or WebP, as Content-Type says)."
  ),
  "cases.close": text(
    "关闭案件 · Close a case",
    "书记把居民反映的案件作为无效信息或重复反映关闭（重复时指明原案件）；关闭后不计入报告，也不会超期。 A secretary closes a resident's report as spam, or as a duplicate of another case; it then counts in no report and is never overdue."
  ),

  "responsePolicies.get": text(
    "读取响应时限 · Get a response policy",
    "支部生效的响应时限：自己设定的，或继承自最近的上级，或默认值。 The response policy in force for a branch: its own, the nearest one above it, or the defaults."
  ),
  "responsePolicies.set": text(
    "设定响应时限 · Set a response policy",
    '党组织设定自己的响应时限（`If-Match` 为读到的版本，尚无时为 "0"）；不重新计算已立案件的期限。 A Party organisation sets its own response policy (`If-Match` with the version read, `"0"` when it has none); open cases keep their due times.'
  ),

  ...recordTexts(
    "wishes",
    { zh: "微心愿", en: "micro-wish", plural: "micro-wishes" },
    {
      zh: "可按支部、社区、状态、子树和实现日期（`fulfilledFrom`/`fulfilledTo`）筛选。",
      en: "Filter by branch, community, status, subtree and the days fulfilled (`fulfilledFrom`/`fulfilledTo`)."
    },
    ["list", "get", "void", "restore"]
  ),
  "wishes.post": text(
    "发布微心愿 · Post a micro-wish",
    "书记为本支部发布一条微心愿。带 `Idempotency-Key` 的重复请求只执行一次。 A secretary posts a micro-wish for their branch. Repeats with the same `Idempotency-Key` run once."
  ),
  "wishes.claim": text(
    "认领微心愿 · Claim a micro-wish",
    "成员令牌为自己认领，书记代一名成员认领（`memberId`）。只有已发布的心愿可认领（否则 409）。 A member-role token claims a wish for itself; a secretary claims one for a member (`memberId`). Only a posted wish can be claimed (409 otherwise)."
  ),
  "wishes.fulfil": text(
    "实现微心愿 · Fulfil a micro-wish",
    "认领者本人或书记把已认领的心愿标为已实现，可附说明。 The claimant's own token or a secretary marks a claimed wish fulfilled, with an optional note."
  ),
  "wishes.release": text(
    "放弃认领 · Release a micro-wish",
    "认领者本人或书记放弃认领，心愿回到已发布状态。 The claimant's own token or a secretary releases a claimed wish: it is posted again."
  ),
  "wishes.withdraw": text(
    "撤回微心愿 · Withdraw a micro-wish",
    "书记撤回本支部的心愿，可写明原因。 A secretary withdraws a wish of their branch, with an optional reason."
  ),

  "communities.get": text(
    "读取社区 · Get a community",
    "按 id 读取一个结对社区（与“读取组织”所给的同一条记录）；不是社区的组织返回 404。 Read a paired community by id (the same record `GET /organisations/{id}` gives); an organisation of another kind is 404."
  ),
  "communities.ledger": text(
    "社区共建台账 · A community's ledger",
    "社区某年的结对共建台账：各类活动、投入资金、捐赠图书、微心愿，以及在职党员报到的服务次数和时长。 A community's pairing ledger for a year: its events by category, money invested, books donated, micro-wishes, and the registered members' sessions and hours."
  ),
  "communities.recordService": text(
    "登记报到服务 · Record community service",
    "登记在职党员在报到社区的服务及时长，作为其所属支部的一项 `community_service` 活动（可用“读取活动”按 id 读取）。 Record a registered member's service at the community, with its hours, as a `community_service` event of their home branch (readable by id as an event)."
  ),

  "audit.list": text(
    "查看审计日志 · List the audit log",
    "每一次修改：谁、何时、哪条记录，以及修改前后的记录，按时间排序，分页。仅限管理员。 Every change — who, when, which record, the record before and after — in time order, a page at a time. Admin tokens only."
  ),

  "audit.get": text(
    "读取审计记录 · Get an audit entry",
    "按 id 读取一条审计记录（列表中每条都有 id）。仅限管理员。 One audit entry by id (each entry of the list carries its id). Admin tokens only."
  ),

  "reports.annual": text(
    "年度报告 · The annual report",
    "支部子树某年（租户时区）的年度数字，每个数字带其依据记录的数量和链接。 The annual figures of a branch's subtree for a year (the tenant's local year), each with the count of the records behind it and links to them."
  ),
  "reports.annualFigure": text(
    "年度数字及其依据 · One annual figure",
    "年度报告中的一个数字，列出计算它所用的每条记录的 id。 One figure of the annual report, naming every record id it was computed from."
  ),
  "reports.annualCsv": text(
    "年度报告 CSV · The annual report as CSV",
    "年度报告的 CSV 文件，以支部名称和年份命名（`Content-Disposition`，中文文件名按 RFC 5987）。 The annual report as a CSV download named after the branch and the year (`Content-Disposition`, the Chinese name as RFC 5987 `filename*`)."
  ),
  "imports.upload": text(
    "上传台账 · Upload ledgers",
    "上传台账（`multipart/form-data`，一个或多个 `file`：.xlsx 工作簿或按工作表命名的 .csv 文件，合计不超过 20 MB），用与 `bishui-import` 命令行相同的导入引擎处理。`mode=validate`（默认）做全部检查但不写入；`mode=import` 每个文件一个事务，有一行被拒绝则该文件一行也不写入。返回各工作表的新增、更新、未变、拒绝行数和每个问题（工作表、行、列、原因中英文）；有被拒绝的行时 `errorsFile` 可下载这些行（保留 60 分钟）。仅限管理员。 " +
      "Upload ledgers (`multipart/form-data`, one or more `file` parts: an .xlsx workbook or .csv files named after their sheets, 20 MB in all) and run them through the same import engine as the `bishui-import` CLI. `mode=validate` (the default) does every check and writes nothing; `mode=import` writes each file in one transaction, nothing of it when a row is rejected. Answers, per sheet, rows created, updated, unchanged and rejected, and every issue (sheet, row, column, reason in Chinese and English); when rows were rejected, `errorsFile` downloads them (kept 60 minutes). Admins only."
  ),
  "imports.errorsFile": text(
    "下载出错的行 · Download the rejected rows",
    "某次导入或检查中被拒绝的行，附来源行号和原因，可改正后直接再上传（.xlsx，或只上传了一个 CSV 文件时为 .csv）。在内存中保留 60 分钟，过期或服务重启后为 404。 " +
      "The rows an import or check rejected, with the row they came from and the reason, to fix and upload again (an .xlsx, or a .csv when one CSV file was sent). Kept in memory for 60 minutes; 404 once expired or after a restart."
  ),
  "exports.download": text(
    "导出台账 · Export the ledgers",
    "把租户的全部记录按导入模板导出（与 `bishui-import export` 相同：同样的工作表、表头和名称，编号列为记录的 id），再导入不会有任何变化；已作废的记录不导出。`format=xlsx`（默认）为整个工作簿；`format=csv` 为 `kind` 指定的一个工作表（CSV 必须指定 `kind`）。文件名在 `Content-Disposition` 中（中文按 RFC 5987）。含各支部成员的个人信息，仅限管理员。 " +
      "The tenant's records in the import template, as `bishui-import export` writes them (the same sheets, headers and names, each record's id in the 编号 column), so importing the file again changes nothing; voided records are left out. `format=xlsx` (the default) is the whole workbook; `format=csv` is the one sheet named by `kind` (required with csv). The file is named in `Content-Disposition` (the Chinese name as RFC 5987). It holds every branch's personal data: admins only."
  ),
  "reports.zoneFigures": text(
    "责任区报告 · Zone figures",
    "某时期（`from`–`to`，含两端的本地日期）各责任区的巡河、案件、办结时长和清理垃圾量。 Per zone, for a period (`from`–`to`, local days, both inclusive): patrols, cases found and resolved, median hours to resolve, kilograms of litter."
  ),
  "reports.counts": text(
    "工作台统计 · Dashboard counts",
    "某时期（`from`–`to`，含两端的本地日期）支部及其下级的活动按月份和类别的次数、各责任区的巡河次数、该时期上报的案件中未办结、已超期和已办结的件数；作废的记录不计。由数据库计数，不随台账行数变慢。 For a period (`from`–`to`, local days, both inclusive), the branch subtree's events by month and category, patrols per zone, and the cases opened in it still open, overdue and closed; voided records count nowhere. Counted by the database: it does not slow down as the ledger grows."
  ),
  "reports.memberParticipation": text(
    "成员参与报告 · Member participation",
    "某时期各成员参加的活动、巡河、实现的心愿和负责的责任区；仅限书记和管理员。 Per member, for a period: events, patrols, wishes fulfilled and zones held; secretaries and admins only."
  ),

  "public.tenant": text(
    "公示概况 · Public overview",
    "无需令牌：租户的公示概况。按客户端限流。 No token: the tenant's public overview. Rate-limited per client."
  ),
  "public.zones": text(
    "公示责任区 · Public zones",
    "无需令牌：各责任区的公示牌信息，个人信息已打码。 No token: each zone's signboard, personal data masked."
  ),
  "public.zone": text(
    "公示责任区详情 · A public zone",
    "无需令牌：按编码读取一个责任区的公示牌。 No token: one zone's signboard, by its code."
  ),
  "public.pioneerPosts": text(
    "公示先锋岗 · Public pioneer posts",
    "无需令牌：先锋岗及其值班表，志愿者电话已打码。 No token: the pioneer posts and their rosters, volunteers' phones masked."
  ),
  "public.annualFigures": text(
    "公示年度数字 · Public annual figures",
    "无需令牌：支部某年的公开年度数字。 No token: a branch's public annual figures for a year."
  ),
  "public.reportProblem": text(
    "居民反映问题 · Report a problem",
    "无需令牌：居民反映某责任区的问题，得到回执编码（202）。 No token: a resident reports a problem in a zone and gets a receipt code (202)."
  ),
  "public.followProblem": text(
    "我也遇到 · Me too",
    "无需令牌：居民不再重复反映，而是关注该责任区一个未解决的问题（计入案件的关注人数）；每个客户端每案每天一次。 No token: instead of reporting an open problem of the zone again, a resident follows it (counted on the case); once a day per client and case."
  ),
  "public.addReportPhoto": text(
    "上传反映照片 · Add a photo to a report",
    "无需令牌：请求体即图像（JPEG、PNG 或 WebP，按内容识别，不超过 5 MB），每次反映最多 3 张，须在反映后一小时内且尚未处理时上传；位置等元数据在保存前去除。 No token: the request body is the image (JPEG, PNG or WebP by content, at most 5 MB), up to 3 per report, within an hour of the report and before it is handled; location and other metadata are removed before it is stored."
  ),
  "public.receiptStatus": text(
    "查询回执 · A receipt's status",
    "无需令牌：按回执编码查询反映的处理情况；编码错误答 404（无论是否存在过）。 No token: how a resident's report stands, by its receipt code; a wrong code is 404 whether or not it ever existed."
  ),
  "signIn.signIn": text(
    "用邀请链接登录 · Sign in with an invite",
    "无需令牌：用邀请链接的编码登录，开始一个14天的会话（类型为 session 的访问令牌），返回其令牌。每个邀请只能用一次；已使用、已撤回、已过期或错误的编码答 401。 No token: sign in with an invite link's code; a 14-day session starts (an access token of kind `session`) and its token is returned. An invite works once; a used, withdrawn, expired or wrong code is 401."
  ),
  "sessions.caller": text(
    "当前身份 · Who I am",
    "令牌（或会话）代表谁：角色、支部、成员、类型与到期时间。 Who the bearer is: role, branch, member, kind (token or session) and when it ends."
  ),
  "sessions.list": text(
    "列出会话 · List sessions",
    "管理员看到本租户的全部会话；党员看到自己的全部会话；其他人看到当前会话。 An admin sees every session of the tenant; a member their own; anyone else the current one."
  ),
  "sessions.get": text(
    "读取会话 · Get a session",
    "按 id 读取一个会话：自己的会话（党员：自己的全部会话）；管理员可读取任何会话。 Read a session by id: one of your own (a member's: any of that member's); an admin any."
  ),
  "sessions.revoke": text(
    "撤销会话 · Revoke a session",
    "撤销自己的会话（当前会话即退出登录）；管理员可撤销任何会话。撤销后立即失效。 Revoke a session of your own (the current one: sign out); an admin any. It stops working at once."
  ),
  "sessions.createInvite": text(
    "生成邀请链接 · Make an invite",
    "管理员可邀请任何身份；支部书记可邀请本支部及下级的书记、党员、查看者；党员和查看者不能邀请。编码只在此时返回一次。 An admin invites any role; a secretary a secretary, member or viewer of their subtree; members and viewers no one. The code is returned only now."
  ),
  "sessions.listInvites": text(
    "列出邀请 · List invites",
    "管理员看到全部邀请，支部书记看到本支部及下级的邀请，含状态（有效、已使用、已撤回、已过期），不含编码。 An admin sees every invite, a secretary those of their subtree, with their status (active, used, revoked, expired) and never their codes."
  ),
  "sessions.getInvite": text(
    "读取邀请 · Get an invite",
    "按 id 读取一个邀请及其状态（有效、已使用、已撤回、已过期），不含编码：管理员可读取全部，支部书记可读取本支部及下级的。 Read an invite by id with its status (active, used, revoked, expired), never its code: an admin any, a secretary those of their subtree."
  ),
  "sessions.revokeInvite": text(
    "撤回邀请 · Withdraw an invite",
    "撤回尚未使用的邀请，之后链接无法登录。 Withdraw an unused invite: its link no longer signs in."
  )
}

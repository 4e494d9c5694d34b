/** 微心愿 — micro-wishes of residents in paired communities: posted, claimed by a member, fulfilled or withdrawn. */
import type { Calendar, MicroWish } from "@bishui/domain"
import { Tables } from "@bishui/services"
import { Effect } from "effect"
import type { Kind } from "../model/Kind.ts"
import { branchColumn, column, idColumn, illustrativeColumn, labelOf, same } from "../sheet/Column.ts"
import type { SheetDef } from "../sheet/Sheet.ts"
import { byId, illustrative, instant, opt, optionalRef, text, use, yes } from "./common.ts"

const statusChoices = [
  { value: "Posted", zh: "待认领", en: "posted", aliases: ["已发布", "未认领"] },
  { value: "Claimed", zh: "已认领", en: "claimed" },
  { value: "Fulfilled", zh: "已实现", en: "fulfilled", aliases: ["已完成"] },
  { value: "Withdrawn", zh: "已撤回", en: "withdrawn", aliases: ["已撤销"] }
] as const

export const def: SheetDef = {
  kind: "wishes",
  zh: "微心愿",
  en: "micro-wishes",
  aliases: ["心愿", "wishes"],
  mode: "streamed",
  note: {
    zh: "结对社区困难群众的微心愿：发布、党员认领、实现或撤回（时间为本单位时区，默认北京时间）",
    en: "micro-wishes in paired communities: posted, claimed by a member, fulfilled or withdrawn (the tenant's time zone, China Standard Time by default)"
  },
  identity: { zh: "按社区+心愿+发布时间匹配", en: "matched by community + wish + posted time" },
  columns: [
    idColumn,
    branchColumn,
    column({
      key: "community",
      zh: "社区",
      en: "community",
      required: true,
      type: "reference",
      note: {
        zh: "心愿所在社区；重名写“名称（所在区）”",
        en: 'the community; "name（district）" when names repeat'
      },
      width: 12
    }),
    column({
      key: "title",
      zh: "心愿",
      en: "wish",
      aliases: ["心愿内容", "title"],
      required: true,
      type: "text",
      note: { zh: "心愿内容，如一副助行器", en: "what is wished for" },
      width: 20
    }),
    column({
      key: "beneficiary",
      field: "beneficiary",
      zh: "受助对象",
      en: "beneficiary",
      required: false,
      type: "text",
      note: { zh: "心愿为谁（不写姓名等个人信息，如独居老人）", en: "who it is for, without personal data" },
      width: 16
    }),
    column({
      key: "postedAt",
      zh: "发布时间",
      en: "posted at",
      required: true,
      type: "instant",
      note: {
        zh: "发布的日期和时间（本单位时区，默认北京时间）",
        en: "when it was posted (the tenant's time zone, China Standard Time by default)"
      },
      width: 17
    }),
    column({
      key: "status",
      zh: "状态",
      en: "status",
      required: true,
      type: "choice",
      choices: statusChoices,
      note: { zh: "待认领、已认领、已实现或已撤回", en: "posted, claimed, fulfilled or withdrawn" },
      width: 8
    }),
    column({
      key: "claimant",
      zh: "认领人",
      en: "claimant",
      required: { zh: "已认领、已实现必填", en: "required when claimed or fulfilled" },
      type: "reference",
      note: { zh: "认领的成员姓名", en: "the member who claimed it" },
      width: 10
    }),
    column({
      key: "claimedAt",
      zh: "认领时间",
      en: "claimed at",
      required: { zh: "已认领、已实现必填", en: "required when claimed or fulfilled" },
      type: "instant",
      note: { zh: "认领的日期和时间", en: "when it was claimed" },
      width: 17
    }),
    column({
      key: "fulfilledAt",
      zh: "实现时间",
      en: "fulfilled at",
      required: { zh: "已实现必填", en: "required when fulfilled" },
      type: "instant",
      note: { zh: "实现的日期和时间", en: "when it was fulfilled" },
      width: 17
    }),
    column({
      key: "withdrawnAt",
      zh: "撤回时间",
      en: "withdrawn at",
      required: { zh: "已撤回必填", en: "required when withdrawn" },
      type: "instant",
      note: { zh: "撤回的日期和时间", en: "when it was withdrawn" },
      width: 17
    }),
    column({
      key: "note",
      zh: "说明",
      en: "note",
      required: false,
      type: "text",
      note: { zh: "实现情况或撤回原因", en: "how it was fulfilled, or why it was withdrawn" },
      width: 24
    }),
    illustrativeColumn
  ]
}

interface Draft {
  readonly id?: string | undefined
  readonly branch?: string | undefined
  readonly community: string
  readonly title: string
  readonly beneficiary?: string | undefined
  readonly postedAt: Calendar.Instant
  readonly status: MicroWish.WishStatus
  readonly claimant?: string | undefined
  readonly claimedAt?: string | undefined
  readonly fulfilledAt?: string | undefined
  readonly withdrawnAt?: string | undefined
  readonly note?: string | undefined
  readonly illustrative?: boolean | undefined
  communityId?: string | undefined
}

export const kind: Kind<MicroWish.MicroWish, Draft> = {
  def,
  table: Tables.microWishes,
  parse: (r) => {
    const id = r.id()
    const branch = r.text("branch")
    const community = r.text("community", { required: true })
    const title = r.text("title", { required: true })
    const postedAt = r.instant("postedAt", true)
    const status = r.choice<MicroWish.WishStatus>("status", true)
    const claimed = status === "Claimed" || status === "Fulfilled"
    const rest = {
      beneficiary: r.text("beneficiary"),
      claimant: r.text("claimant", { required: claimed }),
      claimedAt: r.instant("claimedAt", claimed),
      fulfilledAt: r.instant("fulfilledAt", status === "Fulfilled"),
      withdrawnAt: r.instant("withdrawnAt", status === "Withdrawn"),
      note: r.text("note"),
      illustrative: r.bool("illustrative")
    }
    if (community === undefined || title === undefined || postedAt === undefined || status === undefined)
      return undefined
    return { id, branch, community, title, postedAt, status, ...rest }
  },
  rowKey: (d) => (d.id !== undefined ? `id:${d.id}` : `${d.community}:${d.title}:${d.postedAt}`),
  match: (d, r, ctx) =>
    Effect.gen(function* () {
      d.communityId = use(r, "community", yield* ctx.community(d.community))
      if (d.id !== undefined) return (yield* byId(ctx, Tables.microWishes, d.id))?.record
      if (d.communityId === undefined) return undefined
      // an instant bound is exact: the community's wishes posted at this moment
      return yield* ctx.onDay(
        Tables.microWishes,
        { community_id: d.communityId },
        d.postedAt,
        (w) => same(w.title, d.title) && w.postedAt === d.postedAt
      )
    }),
  build: (d, r, ctx, id) =>
    Effect.gen(function* () {
      const branchId = use(r, "branch", yield* ctx.branch(d.branch))
      const claimantId = yield* optionalRef(r, "claimant", d.claimant, (t) => ctx.member(t, branchId))
      const state =
        d.status === "Posted"
          ? { _tag: "Posted" }
          : d.status === "Claimed"
            ? { _tag: "Claimed", claimantId, claimedAt: d.claimedAt }
            : d.status === "Fulfilled"
              ? {
                  _tag: "Fulfilled",
                  claimantId,
                  claimedAt: d.claimedAt,
                  fulfilledAt: d.fulfilledAt,
                  ...opt("note", d.note)
                }
              : { _tag: "Withdrawn", withdrawnAt: d.withdrawnAt, ...opt("reason", d.note) }
      return {
        id,
        tenantId: ctx.tenantId,
        branchId,
        communityId: d.communityId,
        title: d.title,
        beneficiary: d.beneficiary ?? "",
        postedAt: d.postedAt,
        state,
        ...illustrative(d.illustrative)
      }
    }),
  create: (w, ctx) => ctx.services.wishes.post(w),
  update: (w, ctx) => ctx.services.wishes.update(w),
  toRow: (w, names) => {
    const s = w.state
    return {
      id: text(w.id),
      branch: text(names.org(w.branchId)),
      community: text(names.org(w.communityId)),
      title: text(w.title),
      beneficiary: text(w.beneficiary),
      postedAt: instant(w.postedAt),
      status: text(labelOf(statusChoices, s._tag)),
      claimant: s._tag === "Claimed" || s._tag === "Fulfilled" ? text(names.member(s.claimantId)) : undefined,
      claimedAt: s._tag === "Claimed" || s._tag === "Fulfilled" ? instant(s.claimedAt) : undefined,
      fulfilledAt: s._tag === "Fulfilled" ? instant(s.fulfilledAt) : undefined,
      withdrawnAt: s._tag === "Withdrawn" ? instant(s.withdrawnAt) : undefined,
      note: s._tag === "Fulfilled" ? text(s.note) : s._tag === "Withdrawn" ? text(s.reason) : undefined,
      illustrative: yes(w.illustrative)
    }
  }
}

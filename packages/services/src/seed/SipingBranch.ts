/**
 * The seed: the Party branch of the Siping City North–South River Management Center
 * (四平市南北河管理中心党支部) as the article describes it (see README.md beside this file), held as domain
 * records for the year 2023 (the article was published early 2024, so its "last year" is 2023).
 *
 * The facts and figures are the article's. Every detail it does not give — personal names, dates,
 * codes, phone numbers, exact counts behind "20余次" — is invented and the record carrying it is marked
 * `illustrative: true` (see README.md beside this file). Phone numbers are fictional (1380000xxxx).
 *
 * The fixture is written in its encoded form (ids and dates as strings, money as decimal strings) and
 * decoded through the domain schemas when this module loads; the domain's invariants and every
 * reference between records are checked as well, so an invalid fixture fails loudly on import.
 */
import {
  Case,
  Ids,
  Invariants,
  Member,
  MicroWish,
  Organisation,
  PioneerPost,
  Project,
  ServiceEvent,
  Team,
  Tenant,
  Zone
} from "@bishui/domain"
import { Result, Schema } from "effect"

export const seedYear = 2023

const TENANT = "siping-water"
export const seedTenantId = Ids.TenantId.make(TENANT)
export const seedBranchId = Ids.OrganisationId.make("branch-nanbeihe")

/** A moment given in Beijing time (`2023-07-22T06:40`), written as the UTC instant the model stores. */
const bj = (local: string): string => new Date(`${local}:00.000+08:00`).toISOString()

// ---- ids --------------------------------------------------------------------------------------

const org = {
  partyGroup: "partygroup-siping-water",
  branch: "branch-nanbeihe",
  tbNanhe: "tempbranch-nanhe-phase1",
  tbXihu: "tempbranch-xihu-wetland",
  zhongxing: "community-zhongxing",
  xinghua: "community-xinghua",
  pingan: "community-pingan",
  nhCivil: "contractor-nanhe-civil",
  nhPipe: "contractor-nanhe-pipeline",
  xhEco: "contractor-xihu-ecology",
  repair: "contractor-emergency-repair"
} as const

const project = { nanhe: "project-nanhe-phase1", xihu: "project-xihu-wetland" } as const

const m = {
  secretary: "member-wang-jianhua",
  li: "member-li-xuemei",
  zhao: "member-zhao-guodong",
  chen: "member-chen-zhiqiang",
  liu: "member-liu-yang",
  zhang: "member-zhang-wei",
  yang: "member-yang-fan",
  zhou: "member-zhou-min",
  wu: "member-wu-haifeng",
  zheng: "member-zheng-kai",
  ma: "member-ma-zhenyu",
  he: "member-he-li"
} as const

const zone = {
  nh01: "zone-nh-01",
  nh02: "zone-nh-02",
  bh01: "zone-bh-01",
  bh02: "zone-bh-02",
  xh01: "zone-xh-01"
} as const

const team = { supervision: "team-supervision", commando: "team-commando-liukongqiao" } as const
const post = { yuepingtan: "post-yuepingtan" } as const
const campaign = { regulations: "campaign-river-regulations-november" } as const

const kase = {
  liukongqiao: "case-2023-liukongqiao",
  railing: "case-2023-nh01-railing",
  signboard: "case-2023-xh01-litter",
  outfall: "case-2023-bh02-outfall"
} as const

const patrol = {
  bh01May: "patrol-2023-05-08-bh01",
  xh01Jun: "patrol-2023-06-18-xh01",
  liukongqiao: "patrol-2023-07-22-nh02",
  nh01Sep: "patrol-2023-09-05-nh01",
  bh02Oct: "patrol-2023-10-17-bh02"
} as const

// ---- tenant and organisations -------------------------------------------------------------------

const tenantEncoded: typeof Tenant.Tenant.Encoded = { id: TENANT, name: "四平市水利局" }

const organisationsEncoded: ReadonlyArray<typeof Organisation.Organisation.Encoded> = [
  { _tag: "PartyGroup", id: org.partyGroup, tenantId: TENANT, name: "四平市水利局党组" },
  {
    _tag: "StandingBranch",
    id: org.branch,
    tenantId: TENANT,
    parentId: org.partyGroup,
    name: "四平市南北河管理中心党支部",
    unitName: "四平市南北河管理中心",
    brand: "碧水映初心",
    honours: ["省级精神文明单位"],
    // The article prints no supervision phone: this landline is invented (illustrative).
    signboard: { supervisionPhone: "0434-3271234", illustrative: true }
  },
  {
    _tag: "TemporaryBranch",
    id: org.tbNanhe,
    tenantId: TENANT,
    parentId: org.branch,
    projectId: project.nanhe,
    name: "南河水环境治理一期工程临时党支部",
    establishedOn: "2022-04-12",
    dissolvedOn: "2023-11-30",
    illustrative: true
  },
  {
    _tag: "TemporaryBranch",
    id: org.tbXihu,
    tenantId: TENANT,
    parentId: org.branch,
    projectId: project.xihu,
    name: "西湖湿地水质提升工程临时党支部",
    establishedOn: "2022-05-06",
    illustrative: true
  },
  {
    _tag: "Community",
    id: org.zhongxing,
    tenantId: TENANT,
    name: "中兴社区",
    district: "铁西区",
    pairedBranchIds: [org.branch]
  },
  {
    _tag: "Community",
    id: org.xinghua,
    tenantId: TENANT,
    name: "兴华社区",
    district: "铁西区",
    pairedBranchIds: [org.branch],
    illustrative: true
  },
  {
    _tag: "Community",
    id: org.pingan,
    tenantId: TENANT,
    name: "平安社区",
    district: "铁东区",
    pairedBranchIds: [org.branch],
    illustrative: true
  },
  {
    _tag: "Contractor",
    id: org.nhCivil,
    tenantId: TENANT,
    name: "吉林河清水利工程有限公司",
    projectIds: [project.nanhe],
    illustrative: true
  },
  {
    _tag: "Contractor",
    id: org.nhPipe,
    tenantId: TENANT,
    name: "四平通渠市政管网工程有限公司",
    projectIds: [project.nanhe],
    illustrative: true
  },
  {
    _tag: "Contractor",
    id: org.xhEco,
    tenantId: TENANT,
    name: "吉林湖韵生态园林工程有限公司",
    projectIds: [project.xihu],
    illustrative: true
  },
  {
    _tag: "Contractor",
    id: org.repair,
    tenantId: TENANT,
    name: "四平安澜抢险工程有限公司",
    projectIds: [],
    illustrative: true
  }
]

// ---- members -------------------------------------------------------------------------------------

const member = (
  id: string,
  name: string,
  role: typeof Member.BranchRole.Encoded,
  phone: string,
  extra: Partial<typeof Member.Member.Encoded> = {}
): typeof Member.Member.Encoded => ({
  id,
  tenantId: TENANT,
  name,
  homeBranchId: org.branch,
  role,
  phone,
  temporaryMemberships: [],
  illustrative: true,
  ...extra
})

const membersEncoded: ReadonlyArray<typeof Member.Member.Encoded> = [
  member(m.secretary, "王建华", "secretary", "13800000101", {
    communityRegistration: { communityId: org.zhongxing, registeredOn: "2021-06-01" }
  }),
  member(m.li, "李雪梅", "committee_member", "13800000102", {
    communityRegistration: {
      communityId: org.zhongxing,
      registeredOn: "2021-06-01",
      sanZhangRole: "grid_head"
    }
  }),
  member(m.zhao, "赵国栋", "committee_member", "13800000103", {
    temporaryMemberships: [{ branchId: org.tbNanhe, joinedOn: "2022-04-12", leftOn: "2023-11-30" }],
    communityRegistration: { communityId: org.xinghua, registeredOn: "2021-06-15" }
  }),
  member(m.chen, "陈志强", "committee_member", "13800000104", {
    temporaryMemberships: [{ branchId: org.tbXihu, joinedOn: "2022-05-06" }],
    communityRegistration: {
      communityId: org.pingan,
      registeredOn: "2021-07-01",
      sanZhangRole: "building_head"
    }
  }),
  member(m.liu, "刘洋", "member", "13800000105", {
    temporaryMemberships: [{ branchId: org.tbNanhe, joinedOn: "2022-04-12", leftOn: "2023-11-30" }],
    communityRegistration: {
      communityId: org.zhongxing,
      registeredOn: "2022-03-10",
      sanZhangRole: "unit_head"
    }
  }),
  member(m.zhang, "张伟", "member", "13800000106", {
    communityRegistration: {
      communityId: org.xinghua,
      registeredOn: "2022-03-10",
      sanZhangRole: "building_head"
    }
  }),
  member(m.yang, "杨帆", "member", "13800000107", {
    communityRegistration: { communityId: org.pingan, registeredOn: "2022-03-12" }
  }),
  member(m.zhou, "周敏", "member", "13800000108", {
    temporaryMemberships: [{ branchId: org.tbXihu, joinedOn: "2022-05-06" }],
    communityRegistration: { communityId: org.xinghua, registeredOn: "2022-04-02", sanZhangRole: "unit_head" }
  }),
  member(m.wu, "吴海峰", "member", "13800000109", {
    communityRegistration: { communityId: org.zhongxing, registeredOn: "2022-04-02" }
  }),
  // The river patroller (河道管理员) who found the 六孔桥 washout.
  member(m.zheng, "郑凯", "member", "13800000110", {
    communityRegistration: {
      communityId: org.pingan,
      registeredOn: "2022-05-20",
      sanZhangRole: "building_head"
    }
  }),
  // Party members employed by contractors (参建单位), organised in the temporary branches on site.
  member(m.ma, "马振宇", "member", "13800000111", {
    homeBranchId: org.tbNanhe,
    employerId: org.nhCivil
  }),
  member(m.he, "何丽", "member", "13800000112", {
    homeBranchId: org.tbXihu,
    employerId: org.xhEco
  })
]

// ---- projects ------------------------------------------------------------------------------------

const projectsEncoded: ReadonlyArray<typeof Project.Project.Encoded> = [
  {
    id: project.nanhe,
    tenantId: TENANT,
    branchId: org.branch,
    name: "南河水环境治理一期工程",
    kind: "water_environment_governance",
    contractorIds: [org.nhCivil, org.nhPipe],
    phases: [
      { phase: "preliminary_procedures", startedOn: "2021-09-01", endedOn: "2022-01-20" },
      { phase: "approval", startedOn: "2022-01-20", endedOn: "2022-03-25" },
      { phase: "works_start", startedOn: "2022-04-12", endedOn: "2022-04-12" },
      { phase: "land_acquisition", startedOn: "2022-03-01", endedOn: "2022-07-15" },
      { phase: "construction", startedOn: "2022-04-12", endedOn: "2023-10-20" },
      { phase: "safety_production", startedOn: "2022-04-12", endedOn: "2023-10-20" },
      { phase: "completion", startedOn: "2023-10-20", endedOn: "2023-11-28" }
    ],
    difficulties: [
      {
        id: "difficulty-nanhe-relocation",
        title: "沿河棚户住户搬迁协调",
        phase: "land_acquisition",
        openedAt: bj("2022-03-08T09:00"),
        resolvedAt: bj("2022-06-30T17:00"),
        resolution: "支部党员会同街道逐户走访，协调安置方案，住户全部签约搬迁"
      },
      {
        id: "difficulty-nanhe-flood-season",
        title: "汛期施工导流与工期衔接",
        phase: "construction",
        openedAt: bj("2023-06-05T09:00"),
        resolvedAt: bj("2023-06-16T17:00"),
        resolution: "临时党支部组织参建单位会商，调整导流方案，主体工程汛前完成"
      }
    ],
    illustrative: true
  },
  {
    id: project.xihu,
    tenantId: TENANT,
    branchId: org.branch,
    name: "西湖湿地水质提升工程",
    kind: "water_quality_improvement",
    contractorIds: [org.xhEco],
    phases: [
      { phase: "preliminary_procedures", startedOn: "2021-10-10", endedOn: "2022-02-28" },
      { phase: "approval", startedOn: "2022-02-28", endedOn: "2022-04-20" },
      { phase: "works_start", startedOn: "2022-05-06", endedOn: "2022-05-06" },
      { phase: "land_acquisition", startedOn: "2022-04-01", endedOn: "2022-05-31" },
      { phase: "construction", startedOn: "2022-05-06" },
      { phase: "safety_production", startedOn: "2022-05-06" }
    ],
    difficulties: [
      {
        id: "difficulty-xihu-permit",
        title: "湿地公园内施工许可办理",
        phase: "approval",
        openedAt: bj("2022-03-02T09:00"),
        resolvedAt: bj("2022-04-18T16:00"),
        resolution: "党员骨干跑办相关部门，并联审批，提前办结施工许可"
      },
      {
        id: "difficulty-xihu-spring-restart",
        title: "冻融期后复工与悦平滩开放工期",
        phase: "construction",
        openedAt: bj("2023-04-03T09:00"),
        resolvedAt: bj("2023-06-20T17:00"),
        resolution: "临时党支部牵头倒排工期，悦平滩人工沙滩如期开放"
      }
    ],
    illustrative: true
  }
]

// ---- zones ---------------------------------------------------------------------------------------

/** Five zones; 16 boats and 32 crew between them (the article's figures), split by invention. */
const zonesEncoded: ReadonlyArray<typeof Zone.Zone.Encoded> = [
  {
    id: zone.nh01,
    tenantId: TENANT,
    branchId: org.branch,
    code: "NH-01",
    name: "南河东段责任区",
    riverSegments: ["南河东段", "南河东段两岸绿化带"],
    responsibleMemberId: m.liu,
    resources: { cleaners: 6, boats: 3, crew: 6 },
    illustrative: true
  },
  {
    id: zone.nh02,
    tenantId: TENANT,
    branchId: org.branch,
    code: "NH-02",
    name: "南河西段责任区",
    riverSegments: ["南河西段", "南河六孔桥铁路桥段"],
    responsibleMemberId: m.zhang,
    resources: { cleaners: 6, boats: 4, crew: 8 },
    illustrative: true
  },
  {
    id: zone.bh01,
    tenantId: TENANT,
    branchId: org.branch,
    code: "BH-01",
    name: "北河东段责任区",
    riverSegments: ["北河东段"],
    responsibleMemberId: m.yang,
    resources: { cleaners: 5, boats: 3, crew: 6 },
    illustrative: true
  },
  {
    id: zone.bh02,
    tenantId: TENANT,
    branchId: org.branch,
    code: "BH-02",
    name: "北河西段责任区",
    riverSegments: ["北河西段"],
    responsibleMemberId: m.wu,
    resources: { cleaners: 5, boats: 3, crew: 6 },
    illustrative: true
  },
  {
    id: zone.xh01,
    tenantId: TENANT,
    branchId: org.branch,
    code: "XH-01",
    name: "西湖湿地公园责任区",
    riverSegments: ["西湖湿地公园水域", "悦平滩人工沙滩"],
    responsibleMemberId: m.zhou,
    resources: { cleaners: 4, boats: 3, crew: 6 },
    illustrative: true
  }
]

// ---- teams ---------------------------------------------------------------------------------------

const teamsEncoded: ReadonlyArray<typeof Team.Team.Encoded> = [
  {
    id: team.supervision,
    tenantId: TENANT,
    branchId: org.branch,
    kind: "supervision_group",
    name: "督导检查组",
    formedOn: "2022-03-01",
    members: [
      { memberId: m.secretary, role: "leader" },
      { memberId: m.li, role: "deputy" },
      { memberId: m.zhao, role: "deputy" },
      { memberId: m.chen, role: "deputy" },
      { memberId: m.liu, role: "member" },
      { memberId: m.zhang, role: "member" },
      { memberId: m.yang, role: "member" },
      { memberId: m.wu, role: "member" },
      { memberId: m.zhou, role: "member" }
    ],
    illustrative: true
  },
  {
    id: team.commando,
    tenantId: TENANT,
    branchId: org.branch,
    kind: "commando_team",
    name: "南河六孔桥抢险党员突击队",
    formedOn: "2023-07-22",
    disbandedOn: "2023-07-28",
    caseId: kase.liukongqiao,
    members: [
      { memberId: m.secretary, role: "leader" },
      { memberId: m.zhao, role: "deputy" },
      { memberId: m.zhang, role: "member" },
      { memberId: m.liu, role: "member" },
      { memberId: m.zheng, role: "member" }
    ],
    illustrative: true
  }
]

// ---- pioneer post --------------------------------------------------------------------------------

const pioneerPostsEncoded: ReadonlyArray<typeof PioneerPost.PioneerPost.Encoded> = [
  {
    id: post.yuepingtan,
    tenantId: TENANT,
    branchId: org.branch,
    name: "悦平滩党员先锋岗",
    place: "西湖湿地水质提升工程“悦平滩”人工沙滩游乐场",
    projectId: project.xihu,
    zoneId: zone.xh01,
    duties: ["keep_order", "protect_environment", "clean_water_surface", "maintain_facilities"],
    dutyNotes: "维持场所秩序、保护场所环境、水面清洁、设施维护",
    roster: [
      { _tag: "MemberOnDuty", memberId: m.zhou, since: "2023-06-24" },
      { _tag: "MemberOnDuty", memberId: m.chen, since: "2023-06-24" },
      { _tag: "MemberOnDuty", memberId: m.he, since: "2023-06-24" },
      { _tag: "MemberOnDuty", memberId: m.yang, since: "2023-07-01" },
      { _tag: "VolunteerOnDuty", name: "林晓东", phone: "13800000201", since: "2023-06-24" },
      { _tag: "VolunteerOnDuty", name: "高雅琴", phone: "13800000202", since: "2023-07-08" }
    ],
    establishedOn: "2023-06-24",
    illustrative: true
  }
]

// ---- campaign ------------------------------------------------------------------------------------

/** Every November: publicity of 《四平市河道管理条例》. The article gives no start year; the seed's year is used. */
const campaignsEncoded: ReadonlyArray<typeof ServiceEvent.Campaign.Encoded> = [
  {
    id: campaign.regulations,
    tenantId: TENANT,
    branchId: org.branch,
    name: "《四平市河道管理条例》宣传活动",
    category: "regulation_publicity",
    themes: ["river_regulations"],
    recursInMonth: 11,
    startedYear: seedYear
  }
]

// ---- service events ------------------------------------------------------------------------------

type EventEncoded = typeof ServiceEvent.ServiceEvent.Encoded

const event = (
  fields: Omit<EventEncoded, "tenantId" | "branchId" | "links" | "outcomes" | "participantIds"> &
    Partial<Pick<EventEncoded, "links" | "outcomes" | "participantIds">>
): EventEncoded => ({
  tenantId: TENANT,
  branchId: org.branch,
  links: {},
  outcomes: [],
  participantIds: [],
  illustrative: true,
  ...fields
})

const siteEvents: ReadonlyArray<EventEncoded> = [
  event({
    id: "event-2023-04-28-theme-party-day",
    category: "theme_party_day",
    title: "“美丽河湖在我中心”主题党日",
    date: "2023-04-28",
    place: "南河、北河沿岸及西湖湿地公园",
    participantIds: [m.secretary, m.li, m.zhao, m.chen, m.liu, m.zhang, m.yang, m.zhou, m.wu, m.zheng],
    outcomes: [
      { quantity: { _tag: "Litter", kilograms: "185.5" } },
      { quantity: { _tag: "Trees", count: 60 } }
    ],
    notes: "党员干部带头清理岸上岸下白色垃圾杂物，义务植树"
  }),
  event({
    id: "event-2023-05-12-tree-planting",
    category: "tree_planting",
    title: "西湖湿地义务植树",
    date: "2023-05-12",
    place: "西湖湿地公园",
    links: { zoneId: zone.xh01 },
    participantIds: [m.secretary, m.chen, m.zhou, m.yang, m.wu],
    otherParticipants: 12,
    outcomes: [{ quantity: { _tag: "Trees", count: 40 } }]
  }),
  event({
    id: "event-2023-04-20-site-lecture",
    category: "site_lecture",
    title: "“党的二十大宣讲进工地”",
    date: "2023-04-20",
    place: "西湖湿地水质提升工程施工现场",
    links: { projectId: project.xihu, partnerBranchId: org.tbXihu },
    participantIds: [m.secretary, m.li, m.chen, m.zhou, m.he],
    otherParticipants: 30,
    outcomes: [
      { quantity: { _tag: "Books", count: 40 } },
      { quantity: { _tag: "Items", count: 60, description: "党建刊物" } }
    ],
    publicity: { themes: ["party_congress_spirit"], channels: ["lecture"] },
    notes: "中心党支部联合工地临时党支部，为工地党员宣讲党的二十大知识，赠送党建书籍和刊物"
  }),
  event({
    id: "event-2023-07-18-summer-cooling",
    category: "summer_cooling",
    title: "“夏日送清凉”慰问活动",
    date: "2023-07-18",
    place: "南河水环境治理一期工程施工现场",
    links: { projectId: project.nanhe, partnerBranchId: org.tbNanhe },
    participantIds: [m.secretary, m.zhao, m.liu, m.ma],
    outcomes: [
      { quantity: { _tag: "Items", count: 150, description: "防暑降温物资：矿泉水、绿豆、藿香正气水" } }
    ],
    notes: "组织党员干部深入施工现场，为施工人员送去防暑降温物资"
  }),
  event({
    id: "event-2023-06-15-safety-education",
    category: "safety_education",
    title: "“党建进工地·安全促生产”宣传教育活动",
    date: "2023-06-15",
    place: "南河水环境治理一期工程项目部",
    links: { projectId: project.nanhe, partnerBranchId: org.tbNanhe },
    participantIds: [m.secretary, m.zhao, m.liu, m.ma],
    otherParticipants: 25,
    publicity: { themes: ["work_safety"], channels: ["film"] },
    notes: "组织工地党员观看《生命重于泰山》宣传片，加强安全教育，提高安全意识"
  }),
  event({
    id: "event-2023-11-10-river-regulations",
    category: "regulation_publicity",
    title: "《四平市河道管理条例》宣传活动",
    date: "2023-11-10",
    place: "南河、北河沿岸",
    links: { zoneId: zone.nh01 },
    campaignId: campaign.regulations,
    participantIds: [m.secretary, m.li, m.liu, m.zhang, m.yang, m.wu],
    otherParticipants: 8,
    outcomes: [{ quantity: { _tag: "Items", count: 500, description: "条例宣传册" } }],
    publicity: { themes: ["river_regulations"], channels: ["banner", "brochure"] }
  })
]

const postDuty: ReadonlyArray<readonly [string, ReadonlyArray<string>, string, string]> = [
  ["2023-07-01", [m.zhou, m.yang], "开放首周维持秩序，清理沙滩垃圾", "12"],
  ["2023-07-22", [m.chen, m.he], "清理水面漂浮物，检修遮阳棚", "18.5"],
  ["2023-08-12", [m.zhou, m.he, m.yang], "高峰日维持秩序，劝导游客保护环境", "21"]
]

const postDutyEvents: ReadonlyArray<EventEncoded> = postDuty.map(([date, participants, notes, kilograms]) =>
  event({
    id: `event-${date}-yuepingtan-duty`,
    category: "pioneer_post_duty",
    title: "悦平滩党员先锋岗值守",
    date,
    place: "悦平滩人工沙滩游乐场",
    links: { pioneerPostId: post.yuepingtan, projectId: project.xihu, zoneId: zone.xh01 },
    participantIds: [...participants],
    otherParticipants: 2,
    outcomes: [{ quantity: { _tag: "Litter", kilograms } }],
    notes
  })
)

type Labour = "snow" | "ads" | "garbage"
const labourNotes: Record<Labour, string> = {
  snow: "帮助无物业小区清雪除冰",
  ads: "帮助无物业小区清理“小广告”",
  garbage: "帮助无物业小区清理垃圾"
}

/** 23 sessions of "同心净美·共建家园" in paired communities: the article's "20余次". */
const volunteerLabour: ReadonlyArray<readonly [string, string, Labour, ReadonlyArray<string>]> = [
  ["2023-01-07", org.zhongxing, "snow", [m.secretary, m.li, m.liu, m.wu]],
  ["2023-01-18", org.xinghua, "snow", [m.zhao, m.zhang, m.zhou]],
  ["2023-02-11", org.pingan, "snow", [m.chen, m.yang, m.zheng]],
  ["2023-02-25", org.zhongxing, "snow", [m.li, m.liu, m.wu]],
  ["2023-03-11", org.xinghua, "snow", [m.zhao, m.zhang, m.zhou]],
  ["2023-03-25", org.pingan, "garbage", [m.chen, m.yang, m.zheng]],
  ["2023-04-08", org.zhongxing, "garbage", [m.secretary, m.li, m.liu, m.wu]],
  ["2023-04-22", org.xinghua, "ads", [m.zhang, m.zhou]],
  ["2023-05-13", org.pingan, "ads", [m.chen, m.yang, m.zheng]],
  ["2023-05-27", org.zhongxing, "garbage", [m.li, m.liu, m.wu]],
  ["2023-06-10", org.xinghua, "ads", [m.zhao, m.zhang, m.zhou]],
  ["2023-06-24", org.pingan, "garbage", [m.yang, m.zheng]],
  ["2023-07-08", org.zhongxing, "ads", [m.li, m.liu, m.wu]],
  ["2023-07-29", org.xinghua, "garbage", [m.zhang, m.zhou]],
  ["2023-08-12", org.pingan, "ads", [m.chen, m.zheng]],
  ["2023-08-26", org.zhongxing, "garbage", [m.secretary, m.li, m.liu, m.wu]],
  ["2023-09-09", org.xinghua, "ads", [m.zhao, m.zhang, m.zhou]],
  ["2023-09-23", org.pingan, "garbage", [m.chen, m.yang, m.zheng]],
  ["2023-10-14", org.zhongxing, "garbage", [m.li, m.liu, m.wu]],
  ["2023-10-28", org.xinghua, "ads", [m.zhang, m.zhou]],
  ["2023-11-18", org.pingan, "snow", [m.chen, m.yang, m.zheng]],
  ["2023-12-02", org.zhongxing, "snow", [m.secretary, m.li, m.liu, m.wu]],
  ["2023-12-16", org.xinghua, "snow", [m.zhao, m.zhang, m.zhou]]
]

/** Hours each participant served in a session at 中兴社区, by task (invented; kept for 中兴社区 only). */
const labourHours: Record<Labour, string> = { snow: "2", ads: "1.5", garbage: "2.5" }

const volunteerLabourEvents: ReadonlyArray<EventEncoded> = volunteerLabour.map(
  ([date, communityId, task, participants]) =>
    event({
      id: `event-${date}-volunteer-labour`,
      category: "volunteer_labour",
      title: "“同心净美·共建家园”义务劳动",
      date,
      links: { communityId },
      participantIds: [...participants],
      ...(communityId === org.zhongxing
        ? { participantHours: participants.map((memberId) => ({ memberId, hours: labourHours[task] })) }
        : {}),
      notes: labourNotes[task]
    })
)

/**
 * 在职党员报到: the service members registered at 中兴社区 did there on their own, with its hours
 * (invented: the article says only that members report to their community and serve as 三长).
 */
const registeredService: ReadonlyArray<readonly [string, string, string, string, string]> = [
  ["2023-03-18", m.li, "网格走访独居老人", "3", "网格长入户走访，登记独居老人需求"],
  ["2023-06-17", m.liu, "单元楼道杂物清理", "1.5", "单元长组织清理楼道堆放杂物"],
  ["2023-09-23", m.li, "网格安全隐患排查", "2", "排查网格内积水点和用电隐患"],
  ["2023-11-04", m.wu, "入户宣传《四平市河道管理条例》", "2", "在居住小区入户发放条例宣传册"]
]

const registeredServiceEvents: ReadonlyArray<EventEncoded> = registeredService.map(
  ([date, memberId, title, hours, notes]) =>
    event({
      id: `event-${date}-zhongxing-service-${memberId.replace("member-", "")}`,
      category: "community_service",
      title,
      date,
      links: { communityId: org.zhongxing },
      participantIds: [memberId],
      participantHours: [{ memberId, hours }],
      notes
    })
)

type PublicityEncoded = NonNullable<EventEncoded["publicity"]>

/** 12 publicity campaigns in paired communities: the article's "10余次". */
const publicityCampaigns: ReadonlyArray<
  readonly [string, string, string, PublicityEncoded, ReadonlyArray<string>, number]
> = [
  [
    "2023-01-14",
    org.zhongxing,
    "党的二十大精神宣讲进社区",
    { themes: ["party_congress_spirit"], channels: ["lecture", "brochure"] },
    [m.secretary, m.li],
    60
  ],
  [
    "2023-03-22",
    org.xinghua,
    "节水宣传进社区",
    { themes: ["water_saving"], channels: ["banner", "poster"] },
    [m.zhang, m.zhou],
    80
  ],
  [
    "2023-04-15",
    org.pingan,
    "诚信宣传进社区",
    { themes: ["honesty"], channels: ["poster", "proposal_letter"] },
    [m.chen, m.yang],
    50
  ],
  [
    "2023-05-20",
    org.zhongxing,
    "河湖长制宣传进社区",
    { themes: ["river_chief_system"], channels: ["banner", "brochure"] },
    [m.li, m.liu, m.wu],
    70
  ],
  [
    "2023-06-17",
    org.xinghua,
    "移风易俗树新风",
    { themes: ["changing_customs"], channels: ["proposal_letter", "wechat_short_video"] },
    [m.zhao, m.zhou],
    90
  ],
  [
    "2023-07-15",
    org.pingan,
    "普法宣传进社区",
    { themes: ["law_popularisation"], channels: ["brochure", "poster"] },
    [m.chen, m.zheng],
    55
  ],
  [
    "2023-08-19",
    org.zhongxing,
    "节水宣传进社区",
    { themes: ["water_saving"], channels: ["wechat_short_video", "poster"] },
    [m.liu, m.wu],
    120
  ],
  [
    "2023-09-16",
    org.xinghua,
    "党的二十大精神宣讲进社区",
    { themes: ["party_congress_spirit"], channels: ["lecture", "wechat_short_video"] },
    [m.secretary, m.zhang],
    65
  ],
  [
    "2023-10-21",
    org.pingan,
    "河湖长制宣传进社区",
    { themes: ["river_chief_system"], channels: ["banner", "wechat_short_video"] },
    [m.chen, m.yang],
    75
  ],
  [
    "2023-11-25",
    org.zhongxing,
    "移风易俗树新风",
    { themes: ["changing_customs"], channels: ["proposal_letter", "banner"] },
    [m.li, m.liu],
    60
  ],
  [
    "2023-12-04",
    org.xinghua,
    "普法宣传进社区",
    { themes: ["law_popularisation"], channels: ["banner", "brochure"] },
    [m.zhao, m.zhang, m.zhou],
    85
  ],
  [
    "2023-12-23",
    org.pingan,
    "诚信宣传进社区",
    { themes: ["honesty"], channels: ["poster", "wechat_short_video"] },
    [m.yang, m.zheng],
    45
  ]
]

const publicityCampaignEvents: ReadonlyArray<EventEncoded> = publicityCampaigns.map(
  ([date, communityId, title, publicity, participants, served]) =>
    event({
      id: `event-${date}-publicity`,
      category: "publicity_campaign",
      title: `“${title}”志愿宣传活动`,
      date,
      links: { communityId },
      participantIds: [...participants],
      outcomes: [{ quantity: { _tag: "PeopleServed", count: served } }],
      publicity
    })
)

const communityEvents: ReadonlyArray<EventEncoded> = [
  event({
    id: "event-2023-04-23-book-donation",
    category: "book_donation",
    title: "为社区“图书角”捐赠图书",
    date: "2023-04-23",
    place: "中兴社区党群服务中心图书角",
    links: { communityId: org.zhongxing },
    participantIds: [m.secretary, m.li, m.liu, m.wu],
    // The article says 80余本; the seed holds the exact ledger figure behind it.
    outcomes: [{ quantity: { _tag: "Books", count: 83 }, approximate: false }]
  }),
  event({
    id: "event-2023-09-15-zhongxing-drainage",
    category: "community_investment",
    title: "中兴社区水果批发小区排水改造",
    date: "2023-09-15",
    place: "铁西区中兴社区水果批发小区",
    links: { communityId: org.zhongxing },
    participantIds: [m.secretary, m.li, m.wu],
    outcomes: [{ quantity: { _tag: "Money", amount: "23000" } }],
    notes: "投入2.3万元，增加排水管道、新铺地面，解决了小区积水问题"
  })
]

const eventsEncoded: ReadonlyArray<EventEncoded> = [
  ...siteEvents,
  ...postDutyEvents,
  ...volunteerLabourEvents,
  ...publicityCampaignEvents,
  ...communityEvents,
  ...registeredServiceEvents
]

// ---- patrols -------------------------------------------------------------------------------------

const patrolsEncoded: ReadonlyArray<typeof Zone.PatrolLog.Encoded> = [
  {
    id: patrol.bh01May,
    tenantId: TENANT,
    zoneId: zone.bh01,
    memberId: m.yang,
    startedAt: bj("2023-05-08T08:00"),
    endedAt: bj("2023-05-08T10:30"),
    findings: "岸坡白色垃圾若干，已清理",
    litterCollected: "15.5",
    caseIds: [],
    illustrative: true
  },
  {
    id: patrol.xh01Jun,
    tenantId: TENANT,
    zoneId: zone.xh01,
    memberId: m.zhou,
    startedAt: bj("2023-06-18T07:30"),
    endedAt: bj("2023-06-18T09:00"),
    findings: "水面漂浮物少量，悦平滩开放前设施检查完毕",
    litterCollected: "6",
    caseIds: [],
    illustrative: true
  },
  {
    id: patrol.liukongqiao,
    tenantId: TENANT,
    zoneId: zone.nh02,
    memberId: m.zheng,
    startedAt: bj("2023-07-22T06:00"),
    endedAt: bj("2023-07-22T06:50"),
    findings: "强降雨后巡查发现南河六孔桥铁路浆砌石底部被冲毁，城防河道墙体部分脱落",
    caseIds: [kase.liukongqiao],
    illustrative: true
  },
  {
    id: patrol.nh01Sep,
    tenantId: TENANT,
    zoneId: zone.nh01,
    memberId: m.liu,
    startedAt: bj("2023-09-05T08:30"),
    endedAt: bj("2023-09-05T10:00"),
    findings: "南河东段亲水平台护栏松动",
    litterCollected: "9",
    caseIds: [kase.railing],
    illustrative: true
  },
  {
    id: patrol.bh02Oct,
    tenantId: TENANT,
    zoneId: zone.bh02,
    memberId: m.wu,
    startedAt: bj("2023-10-17T08:00"),
    endedAt: bj("2023-10-17T09:40"),
    findings: "落叶及漂浮物较多，组织打捞船清理",
    litterCollected: "32",
    caseIds: [],
    illustrative: true
  }
]

// ---- cases ---------------------------------------------------------------------------------------

const casesEncoded: ReadonlyArray<typeof Case.Case.Encoded> = [
  {
    id: kase.liukongqiao,
    tenantId: TENANT,
    branchId: org.branch,
    kind: "emergency",
    title: "强降雨后南河六孔桥铁路浆砌石底部被冲毁、城防河道墙体部分脱落",
    description:
      "强降雨后，河道管理员巡查发现南河六孔桥铁路浆砌石底部被冲毁，导致城防河道墙体部分脱落。党支部第一时间向局党组报告，迅速组成由支部书记带队的党员突击队，深入险情现场，参与会商研判和制定工程维修应急抢险方案，协调抢险施工单位，组织人员和机械设备抢修，在最短时间内完成抢修任务。",
    source: "patrol",
    severity: "critical",
    zoneId: zone.nh02,
    location: "南河六孔桥铁路桥段",
    patrolLogId: patrol.liukongqiao,
    stages: [
      { stage: "found", at: bj("2023-07-22T06:40"), actorId: m.zheng, note: "河道管理员巡查时发现险情" },
      {
        stage: "reported_to_bureau",
        at: bj("2023-07-22T07:05"),
        actorId: m.secretary,
        note: "党支部第一时间向局党组报告"
      },
      {
        stage: "team_formed",
        at: bj("2023-07-22T07:40"),
        actorId: m.secretary,
        teamId: team.commando,
        note: "组成党员突击队，由支部书记带队深入险情现场"
      },
      { stage: "assessed", at: bj("2023-07-22T11:00"), actorId: m.secretary, note: "参与会商研判" },
      { stage: "plan_made", at: bj("2023-07-22T16:30"), actorId: m.zhao, note: "制定工程维修应急抢险方案" },
      {
        stage: "contractor_engaged",
        at: bj("2023-07-22T19:00"),
        actorId: m.secretary,
        contractorId: org.repair,
        note: "协调抢险施工单位，组织人员和机械设备进场抢修"
      },
      { stage: "repaired", at: bj("2023-07-25T18:00"), actorId: m.zhao, note: "在最短时间内完成抢修任务" },
      { stage: "verified", at: bj("2023-07-28T10:00"), actorId: m.secretary, note: "复查墙体及基础稳固" }
    ],
    illustrative: true
  },
  {
    id: kase.railing,
    tenantId: TENANT,
    branchId: org.branch,
    kind: "routine",
    title: "南河东段亲水平台护栏松动",
    description: "巡查发现亲水平台护栏两处立柱松动，存在安全隐患。",
    source: "patrol",
    severity: "medium",
    zoneId: zone.nh01,
    location: "南河东段亲水平台",
    patrolLogId: patrol.nh01Sep,
    stages: [
      { stage: "reported", at: bj("2023-09-05T09:20"), actorId: m.liu },
      { stage: "acknowledged", at: bj("2023-09-05T10:30"), actorId: m.li },
      { stage: "assigned", at: bj("2023-09-05T11:00"), actorId: m.li, assigneeId: m.liu },
      { stage: "resolved", at: bj("2023-09-07T16:00"), actorId: m.liu, note: "立柱加固，护栏恢复" }
    ],
    illustrative: true
  },
  {
    id: kase.signboard,
    tenantId: TENANT,
    branchId: org.branch,
    kind: "routine",
    title: "西湖湿地公园步道旁垃圾堆积",
    description: "居民通过责任区公示牌反映步道旁有生活垃圾堆积。",
    source: "resident",
    severity: "low",
    zoneId: zone.xh01,
    location: "西湖湿地公园北侧步道",
    reporter: { name: "林女士", phone: "13800000301" },
    stages: [
      { stage: "reported", at: bj("2023-08-03T19:15") },
      { stage: "acknowledged", at: bj("2023-08-04T08:30"), actorId: m.zhou },
      { stage: "assigned", at: bj("2023-08-04T08:40"), actorId: m.zhou, assigneeId: m.zhou },
      { stage: "resolved", at: bj("2023-08-04T11:00"), actorId: m.zhou, note: "组织清扫人员清运" },
      { stage: "verified", at: bj("2023-08-05T09:00"), actorId: m.chen, note: "督导检查组现场复查" }
    ],
    illustrative: true
  },
  {
    id: kase.outfall,
    tenantId: TENANT,
    branchId: org.branch,
    kind: "routine",
    title: "北河西段排水口附近水面漂浮物聚集",
    description: "督导检查组现场督办时发现排水口附近漂浮物聚集，需增加打捞频次。",
    source: "supervision",
    severity: "medium",
    zoneId: zone.bh02,
    location: "北河西段排水口",
    stages: [
      { stage: "reported", at: bj("2023-12-12T10:00"), actorId: m.li },
      { stage: "acknowledged", at: bj("2023-12-12T14:00"), actorId: m.wu },
      { stage: "assigned", at: bj("2023-12-13T08:30"), actorId: m.li, assigneeId: m.wu }
    ],
    illustrative: true
  }
]

// ---- micro-wishes --------------------------------------------------------------------------------

const wish = (
  id: string,
  communityId: string,
  title: string,
  beneficiary: string,
  postedAt: string,
  state: typeof MicroWish.WishState.Encoded
): typeof MicroWish.MicroWish.Encoded => ({
  id,
  tenantId: TENANT,
  branchId: org.branch,
  communityId,
  title,
  beneficiary,
  postedAt: bj(postedAt),
  state,
  illustrative: true
})

const fulfilled = (claimantId: string, claimedAt: string, fulfilledAt: string, note?: string) =>
  ({
    _tag: "Fulfilled",
    claimantId,
    claimedAt: bj(claimedAt),
    fulfilledAt: bj(fulfilledAt),
    ...(note === undefined ? {} : { note })
  }) as const

const wishesEncoded: ReadonlyArray<typeof MicroWish.MicroWish.Encoded> = [
  wish(
    "wish-2023-zhongxing-walker",
    org.zhongxing,
    "一副助行器",
    "腿脚不便的独居老人",
    "2023-02-20T10:00",
    fulfilled(m.li, "2023-02-21T09:00", "2023-02-24T15:00", "上门送达并教会使用")
  ),
  wish(
    "wish-2023-xinghua-schoolbag",
    org.xinghua,
    "新书包和文具",
    "困难家庭小学生",
    "2023-08-10T10:00",
    fulfilled(m.zhou, "2023-08-11T09:30", "2023-08-28T16:00")
  ),
  wish(
    "wish-2023-pingan-lock",
    org.pingan,
    "更换老旧门锁",
    "独居老人",
    "2023-05-06T09:00",
    fulfilled(m.zheng, "2023-05-06T14:00", "2023-05-07T10:00")
  ),
  wish(
    "wish-2023-zhongxing-coat",
    org.zhongxing,
    "一件冬季棉衣",
    "孤寡老人",
    "2023-10-25T10:00",
    fulfilled(m.wu, "2023-10-26T09:00", "2023-11-03T15:30")
  ),
  wish(
    "wish-2023-xinghua-faucet",
    org.xinghua,
    "修理漏水的水龙头",
    "高龄老人",
    "2023-06-12T08:30",
    fulfilled(m.zhang, "2023-06-12T11:00", "2023-06-13T17:00", "更换水龙头及软管")
  ),
  wish("wish-2023-pingan-glasses", org.pingan, "一副老花镜", "独居老人", "2023-12-18T10:00", {
    _tag: "Posted"
  }),
  wish("wish-2023-zhongxing-escort", org.zhongxing, "陪同到医院复查", "高龄老人", "2023-09-04T09:00", {
    _tag: "Withdrawn",
    withdrawnAt: bj("2023-09-06T10:00"),
    reason: "子女已回家照料"
  })
]

// ---- decode and check ----------------------------------------------------------------------------

export interface SeedData {
  readonly tenant: Tenant.Tenant
  /** Parents before children. */
  readonly organisations: ReadonlyArray<Organisation.Organisation>
  readonly members: ReadonlyArray<Member.Member>
  readonly projects: ReadonlyArray<Project.Project>
  readonly zones: ReadonlyArray<Zone.Zone>
  readonly teams: ReadonlyArray<Team.Team>
  readonly pioneerPosts: ReadonlyArray<PioneerPost.PioneerPost>
  readonly campaigns: ReadonlyArray<ServiceEvent.Campaign>
  readonly events: ReadonlyArray<ServiceEvent.ServiceEvent>
  readonly patrols: ReadonlyArray<Zone.PatrolLog>
  readonly cases: ReadonlyArray<Case.Case>
  readonly wishes: ReadonlyArray<MicroWish.MicroWish>
}

const decodeAll = <S extends Schema.Top & { readonly DecodingServices: never }>(
  schema: S,
  label: string,
  input: ReadonlyArray<unknown>
): ReadonlyArray<S["Type"]> => {
  try {
    return Schema.decodeUnknownSync(Schema.Array(schema))(input)
  } catch (cause) {
    throw new Error(`seed: invalid ${label}`, { cause })
  }
}

const decoded: SeedData = {
  tenant: Schema.decodeUnknownSync(Tenant.Tenant)(tenantEncoded),
  organisations: decodeAll(Organisation.Organisation, "organisations", organisationsEncoded),
  members: decodeAll(Member.Member, "members", membersEncoded),
  projects: decodeAll(Project.Project, "projects", projectsEncoded),
  zones: decodeAll(Zone.Zone, "zones", zonesEncoded),
  teams: decodeAll(Team.Team, "teams", teamsEncoded),
  pioneerPosts: decodeAll(PioneerPost.PioneerPost, "pioneer posts", pioneerPostsEncoded),
  campaigns: decodeAll(ServiceEvent.Campaign, "campaigns", campaignsEncoded),
  events: decodeAll(ServiceEvent.ServiceEvent, "events", eventsEncoded),
  patrols: decodeAll(Zone.PatrolLog, "patrols", patrolsEncoded),
  cases: decodeAll(Case.Case, "cases", casesEncoded),
  wishes: decodeAll(MicroWish.MicroWish, "wishes", wishesEncoded)
}

/** The domain's invariants and the references between records; throws listing every problem. */
const check = (seed: SeedData): SeedData => {
  const problems: Array<string> = []
  const run = <A, E>(records: ReadonlyArray<A>, rule: (a: A) => Result.Result<A, E>) => {
    for (const record of records) {
      const result = rule(record)
      if (Result.isFailure(result)) problems.push(String(result.failure))
    }
  }
  run(seed.organisations, Invariants.checkOrganisation)
  run(seed.teams, Invariants.checkTeam)
  run(seed.projects, Invariants.checkProject)
  run(seed.patrols, Invariants.checkPatrolLog)
  run(seed.events, Invariants.checkServiceEvent)
  run(seed.wishes, Invariants.checkMicroWish)
  run(seed.cases, Invariants.checkCase)
  for (const e of seed.events) {
    const c = seed.campaigns.find((campaign) => campaign.id === e.campaignId)
    if (c !== undefined) run([e], (event) => Invariants.checkCampaignEvent(c, event))
  }

  const allIds = new Map<string, Set<string>>()
  const index = (kind: string, records: ReadonlyArray<{ readonly id: string }>) =>
    allIds.set(kind, new Set(records.map((r) => r.id)))
  index("organisation", seed.organisations)
  index("member", seed.members)
  index("project", seed.projects)
  index("zone", seed.zones)
  index("team", seed.teams)
  index("pioneerPost", seed.pioneerPosts)
  index("campaign", seed.campaigns)
  index("patrol", seed.patrols)
  index("case", seed.cases)
  const ref = (from: string, kind: string, id: string | undefined) => {
    if (id !== undefined && !allIds.get(kind)?.has(id))
      problems.push(`${from} refers to unknown ${kind} ${id}`)
  }

  const seen = new Set<string>()
  for (const o of seed.organisations) {
    if ("parentId" in o && o.parentId !== undefined && !seen.has(o.parentId)) {
      problems.push(`organisation ${o.id} comes before its parent ${o.parentId}`)
    }
    seen.add(o.id)
    if (o._tag === "TemporaryBranch") ref(o.id, "project", o.projectId)
    if (o._tag === "Community") for (const b of o.pairedBranchIds) ref(o.id, "organisation", b)
    if (o._tag === "Contractor") for (const p of o.projectIds) ref(o.id, "project", p)
  }
  for (const x of seed.members) {
    ref(x.id, "organisation", x.homeBranchId)
    ref(x.id, "organisation", x.employerId)
    ref(x.id, "organisation", x.communityRegistration?.communityId)
    for (const t of x.temporaryMemberships) ref(x.id, "organisation", t.branchId)
  }
  for (const p of seed.projects) {
    ref(p.id, "organisation", p.branchId)
    for (const c of p.contractorIds) ref(p.id, "organisation", c)
  }
  for (const z of seed.zones) {
    ref(z.id, "organisation", z.branchId)
    ref(z.id, "member", z.responsibleMemberId)
  }
  for (const t of seed.teams) {
    ref(t.id, "organisation", t.branchId)
    ref(t.id, "case", t.caseId)
    for (const x of t.members) ref(t.id, "member", x.memberId)
  }
  for (const p of seed.pioneerPosts) {
    ref(p.id, "organisation", p.branchId)
    ref(p.id, "project", p.projectId)
    ref(p.id, "zone", p.zoneId)
    for (const r of p.roster) if (r._tag === "MemberOnDuty") ref(p.id, "member", r.memberId)
  }
  for (const e of seed.events) {
    ref(e.id, "organisation", e.branchId)
    ref(e.id, "project", e.links.projectId)
    ref(e.id, "zone", e.links.zoneId)
    ref(e.id, "organisation", e.links.communityId)
    ref(e.id, "pioneerPost", e.links.pioneerPostId)
    ref(e.id, "organisation", e.links.partnerBranchId)
    ref(e.id, "campaign", e.campaignId)
    for (const x of e.participantIds) ref(e.id, "member", x)
  }
  for (const p of seed.patrols) {
    ref(p.id, "zone", p.zoneId)
    ref(p.id, "member", p.memberId)
    for (const c of p.caseIds) ref(p.id, "case", c)
  }
  for (const c of seed.cases) {
    ref(c.id, "organisation", c.branchId)
    ref(c.id, "zone", c.zoneId)
    ref(c.id, "patrol", c.patrolLogId)
    for (const s of c.stages) {
      ref(c.id, "member", s.actorId)
      ref(c.id, "member", s.assigneeId)
      ref(c.id, "team", s.teamId)
      ref(c.id, "organisation", s.contractorId)
    }
  }
  for (const w of seed.wishes) {
    ref(w.id, "organisation", w.branchId)
    ref(w.id, "organisation", w.communityId)
    if (w.state._tag === "Claimed" || w.state._tag === "Fulfilled") ref(w.id, "member", w.state.claimantId)
  }
  if (problems.length > 0) throw new Error(`seed: inconsistent fixture\n${problems.join("\n")}`)
  return seed
}

/** The whole branch of the article as domain records, decoded and checked. */
export const sipingBranch: SeedData = check(decoded)

/** The standing branch the annual report is folded for. */
export const seedBranch: Organisation.StandingBranch = (() => {
  const branch = sipingBranch.organisations.find((o) => o.id === seedBranchId)
  if (branch?._tag !== "StandingBranch") throw new Error("seed: the standing branch is missing")
  return branch
})()

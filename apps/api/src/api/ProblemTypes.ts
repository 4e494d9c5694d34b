/**
 * Every kind of problem bishui answers with (RFC 9457), in one list: its `type` — a path on bishui
 * itself, `/problems/<slug>`, that a client resolves against the URL it called and a person opens to
 * read what the problem means and what to do, in Chinese and English (`http/problem-pages.ts`) —, its
 * status and title. The typed problems of the contract (`Problems.ts`) and the bodies the HTTP layer
 * builds itself (`problemBody`) take their type, status and title from here, so they cannot drift.
 */

interface ProblemType {
  readonly status: number
  readonly title: string
  readonly zh: { readonly title: string; readonly meaning: string; readonly action: string }
  readonly en: { readonly meaning: string; readonly action: string }
}

export const problemTypes = {
  unauthorized: {
    status: 401,
    title: "Unauthorized",
    zh: {
      title: "未认证",
      meaning: "请求没有带令牌，或令牌无效、已撤销、已过期。",
      action: "在 Authorization 头中带上 Bearer 令牌；令牌由管理员用 ./dev token create 生成。"
    },
    en: {
      meaning: "The request carries no bearer token, or one that is unknown, revoked or expired.",
      action: "Send `Authorization: Bearer <token>`; an administrator makes tokens with `./dev token create`."
    }
  },
  forbidden: {
    status: 403,
    title: "Forbidden",
    zh: {
      title: "无权限",
      meaning: "令牌的角色或所辖支部范围不允许这个操作。",
      action: "请用有相应角色、且所辖支部包含该记录的令牌。"
    },
    en: {
      meaning: "The token's role, or the branch subtree it is scoped to, does not permit this.",
      action: "Use a token whose role and branch cover the record."
    }
  },
  "not-found": {
    status: 404,
    title: "Not Found",
    zh: {
      title: "找不到",
      meaning: "所指的记录、组织或路径在本租户中不存在。",
      action: "检查编号和路径；列表接口可查到现有记录的编号。"
    },
    en: {
      meaning: "The record, organisation or path named does not exist in your tenant.",
      action: "Check the id and the path; the list endpoints give the ids that exist."
    }
  },
  "method-not-allowed": {
    status: 405,
    title: "Method Not Allowed",
    zh: {
      title: "方法不允许",
      meaning: "路径存在，但不接受这个 HTTP 方法。",
      action: "改用响应的 Allow 头列出的方法。"
    },
    en: {
      meaning: "The path exists, but not with this HTTP method.",
      action: "Use one of the methods the response's `Allow` header lists."
    }
  },
  conflict: {
    status: 409,
    title: "Conflict",
    zh: {
      title: "冲突",
      meaning: "编号或唯一键已被占用，或记录当前的状态不允许这个变化（如已解决的案件再次解决）。",
      action: "读取记录的当前状态，再决定下一步。"
    },
    en: {
      meaning:
        "The id or a unique key is taken, or the record's current state does not allow the change (e.g. resolving a resolved case).",
      action: "Read the record's current state, then decide what to do."
    }
  },
  "precondition-failed": {
    status: 412,
    title: "Precondition Failed",
    zh: {
      title: "前提条件不成立",
      meaning: "If-Match 给出的版本已不是记录的当前版本：有人在你之后改过它。",
      action: "重新读取记录，在新版本上重做修改，并带上新的 ETag 提交。"
    },
    en: {
      meaning:
        "`If-Match` names a version that is no longer the record's: someone changed it since you read it.",
      action: "Read the record again, redo the change on it, and send it with the new ETag."
    }
  },
  "content-too-large": {
    status: 413,
    title: "Content Too Large",
    zh: {
      title: "请求体过大",
      meaning: "请求体超过了 API 接受的大小（256 KiB）；服务器随后关闭连接。",
      action: "分成较小的请求发送；大批量数据请用导入工具 bishui-import。"
    },
    en: {
      meaning:
        "The request body is larger than the API accepts (256 KiB); the server then closes the connection.",
      action: "Send smaller requests; bring large amounts of records in with the importer, bishui-import."
    }
  },
  "unsupported-media-type": {
    status: 415,
    title: "Unsupported Media Type",
    zh: {
      title: "不支持的媒体类型",
      meaning: "请求体不是 JSON。",
      action: "以 Content-Type: application/json 发送 JSON 请求体。"
    },
    en: {
      meaning: "The request body is not JSON.",
      action: "Send a JSON body with `Content-Type: application/json`."
    }
  },
  unprocessable: {
    status: 422,
    title: "Unprocessable Content",
    zh: {
      title: "无法处理的内容",
      meaning:
        "请求与 API 不符（errors 逐项列出字段及原因，如格式错误的日期、无法识别的分页游标），或违反了模型的规则（rule 给出规则名）。",
      action: "按 errors 或 rule 改正请求；分页时只传上一页返回的 next。"
    },
    en: {
      meaning:
        "The request does not match the API (`errors` lists each field and why: a date in the wrong form, a page cursor that is not one) or breaks a rule of the model (`rule` names it).",
      action: "Fix what `errors` or `rule` names; to page, pass back only the `next` of the previous page."
    }
  },
  "too-many-requests": {
    status: 429,
    title: "Too Many Requests",
    zh: {
      title: "请求过多",
      meaning: "公开接口对每个客户端每分钟的请求数有限制。",
      action: "等待 Retry-After 头给出的秒数后再试。"
    },
    en: {
      meaning: "The public endpoints allow each client a number of requests a minute.",
      action: "Wait the seconds the `Retry-After` header gives, then try again."
    }
  },
  internal: {
    status: 500,
    title: "Internal Server Error",
    zh: {
      title: "服务器内部错误",
      meaning: "服务器出了错，不是请求的问题。",
      action: "稍后重试；如果一直出错，把响应的 x-request-id 告诉管理员，日志中可据此找到原因。"
    },
    en: {
      meaning: "Something went wrong on the server's side, not in the request.",
      action:
        "Try again later; if it persists, give the administrator the response's `x-request-id`, which finds it in the logs."
    }
  },
  "service-unavailable": {
    status: 503,
    title: "Service Unavailable",
    zh: {
      title: "服务暂不可用",
      meaning: "数据库暂时无法服务：连不上、正忙、只读或空间已满；服务器刚启动时也会这样。",
      action: "等待 Retry-After 头给出的秒数后再试；只读或空间已满时，读取仍可进行。"
    },
    en: {
      meaning:
        "The database cannot serve for now: unreachable, busy, read-only or full — or the server is still starting.",
      action:
        "Wait the seconds the `Retry-After` header gives, then try again; when read-only or full, reads still work."
    }
  }
} as const satisfies Record<string, ProblemType>

export type ProblemSlug = keyof typeof problemTypes

/** Where a problem type is explained, and its `type`: a path on the server that answered. */
export const problemPath = <S extends ProblemSlug>(slug: S): `/problems/${S}` => `/problems/${slug}`

/**
 * What every problem of a type carries — its `type`, `title` and `status` — from the list above: the
 * one place they are written, for the problem classes (`Problems.ts`) and the bodies below.
 */
export const problemHead = <S extends ProblemSlug>(slug: S) => ({
  type: problemPath(slug),
  title: problemTypes[slug].title,
  status: problemTypes[slug].status
})

/** A problem body for what the HTTP layer answers itself, with the type's status and title. */
export const problemBody = (slug: ProblemSlug, detail: string) => ({ ...problemHead(slug), detail })

/**
 * The pages that problem `type`s point at: `/problems/<slug>` explains one kind of problem — what it
 * means and what to do, in Chinese and English — and `/problems` lists them all. Plain HTML from the
 * list of problem types (`api/ProblemTypes.ts`), the same bytes for every request.
 */
import { type ProblemSlug, problemPath, problemTypes } from "../api/ProblemTypes.ts"

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Escaped text with `code` spans. */
const prose = (text: string): string =>
  escapeHtml(text).replace(/`([^`]+)`/g, (_, code: string) => `<code>${code}</code>`)

const page = (title: string, body: string): string => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; color: #1f2933; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
code { background: #eef2f5; padding: 0 .25rem; border-radius: 3px; }
.en { color: #52606d; } table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #d9e2ec; }
</style>
</head>
<body>
${body}
</body>
</html>
`

const onePage = (slug: ProblemSlug): string => {
  const type = problemTypes[slug]
  return page(
    `${type.status} ${type.zh.title} · ${type.title}`,
    `<p><a href="/problems">问题类型 · Problem types</a></p>
<h1>${type.status} ${escapeHtml(type.zh.title)} <span class="en" lang="en">${escapeHtml(type.title)}</span></h1>
<p><code>type: "${escapeHtml(problemPath(slug))}"</code></p>
<h2>含义</h2>
<p>${prose(type.zh.meaning)}</p>
<h2>怎么办</h2>
<p>${prose(type.zh.action)}</p>
<div lang="en" class="en">
<h2>What it means</h2>
<p>${prose(type.en.meaning)}</p>
<h2>What to do</h2>
<p>${prose(type.en.action)}</p>
</div>
<p class="en" lang="en">Every problem is an RFC 9457 problem details object (<code>application/problem+json</code>) with <code>type</code>, <code>title</code>, <code>status</code> and a <code>detail</code> about this occurrence. The API reference: <a href="/docs">/docs</a>.</p>`
  )
}

const slugs = Object.keys(problemTypes) as Array<ProblemSlug>

const index = page(
  "问题类型 · Problem types · bishui",
  `<h1>问题类型 <span class="en" lang="en">Problem types</span></h1>
<p>bishui 的每个错误响应都是 RFC 9457 问题详情，其 <code>type</code> 指向下列页面之一。
<span class="en" lang="en">Every error bishui answers is an RFC 9457 problem whose <code>type</code> is one of these pages.</span></p>
<table>
<thead><tr><th>status</th><th>type</th><th>含义</th><th lang="en">meaning</th></tr></thead>
<tbody>
${slugs
  .map((slug) => {
    const type = problemTypes[slug]
    return `<tr><td>${type.status}</td><td><a href="${problemPath(slug)}"><code>${problemPath(slug)}</code></a></td><td>${escapeHtml(type.zh.title)}</td><td lang="en">${escapeHtml(type.title)}</td></tr>`
  })
  .join("\n")}
</tbody>
</table>`
)

const pages = new Map<string, string>(slugs.map((slug) => [slug, onePage(slug)]))

/** The page of `/problems`, listing every problem type. */
export const problemIndexPage = (): string => index

/** The page of `/problems/<slug>`, or `undefined` for a slug that is no problem type. */
export const problemPage = (slug: string): string | undefined => pages.get(slug)

/**
 * The console's frame: the pages' layout with the console's few rules, its name in the top bar, the
 * language switch (a plain link) and — when signed in — the navigation and a
 * sign-out button (a form: a POST with the CSRF token, so it works without script and cannot be
 * triggered by another site). Phones first: the navigation wraps under the name.
 */
import type { Child } from "hono/jsx"
import type { Lang } from "../i18n.ts"
import { Layout } from "../layout.tsx"
import { consoleMessages } from "./i18n.ts"
import { csrfField } from "./session.ts"

export const consoleCss = `
.cnav{max-width:60rem;margin:0 auto;padding:0 16px 8px;display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center}
.cnav a,.cnav button{color:#fff;font:inherit;font-size:.95rem}
.cnav a[aria-current=page]{font-weight:700;text-decoration-thickness:2px}
.cnav form{margin:0 0 0 auto}
.cnav button{background:none;border:1px solid #fff;border-radius:6px;padding:4px 10px;cursor:pointer}
.console main{max-width:60rem}
.console .top div{max-width:60rem}
.figgrid{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:8px;padding:0;margin:0;list-style:none}
.figgrid li{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 10px}
.figgrid a{text-decoration:none;color:inherit;display:block}
.figgrid b{display:block;font-size:1.35rem;color:var(--water)}
.figgrid small{color:var(--muted)}
.chart{margin:12px 0}
.chart svg{width:100%;max-width:42rem;height:auto;display:block}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
details{margin:6px 0}
label{display:block;margin:8px 0 2px}
input,select{font:inherit;padding:8px;border:1px solid #8a9a9e;border-radius:6px;width:100%;max-width:24rem;background:#fff}
.btn{display:block;font:inherit;background:var(--water);color:#fff;border:0;border-radius:8px;padding:10px 16px;margin-top:10px;cursor:pointer}
.btn.small{padding:4px 10px;margin:0;font-size:.9rem}
.link{word-break:break-all;background:var(--water-soft);padding:8px;border-radius:6px;font-family:ui-monospace,monospace}
.err{color:var(--alert);font-weight:600}
.years{display:flex;gap:16px;margin:8px 0}
`

export interface ConsoleLayoutProps {
  readonly lang: Lang
  readonly title: string
  /** The page's path and query without `lang`. */
  readonly here: string
  /** Which entry of the navigation is this page; absent on the sign-in pages (no navigation). */
  readonly section?: "dashboard" | "records" | "ledgers" | "sessions" | undefined
  /** The session's CSRF token, for the sign-out form; absent when not signed in. */
  readonly csrf?: string | undefined
  readonly children?: Child
}

/**
 * The console's navigation. With the session's CSRF token it ends with the sign-out button; without one
 * (a page that does not hold the token) sign-out is on the sessions page it links to.
 */
export const ConsoleNav = (props: {
  readonly lang: Lang
  readonly section?: ConsoleLayoutProps["section"]
  readonly csrf?: string | undefined
}) => {
  const t = consoleMessages[props.lang]
  const item = (section: NonNullable<ConsoleLayoutProps["section"]>, href: string, text: string) => (
    <a href={href} aria-current={props.section === section ? "page" : undefined}>
      {text}
    </a>
  )
  return (
    <nav class="cnav" aria-label={t.nav}>
      {item("dashboard", "/console", t.navDashboard)}
      {item("records", "/console/records", t.navRecords)}
      {item("ledgers", "/console/ledgers", t.navLedgers)}
      {item("sessions", "/console/sessions", t.navSessions)}
      {props.csrf === undefined ? null : (
        <form method="post" action="/console/sign-out">
          <input type="hidden" name={csrfField} value={props.csrf} />
          <button type="submit">{t.signOut}</button>
        </form>
      )}
    </nav>
  )
}

export const ConsoleLayout = (props: ConsoleLayoutProps) => {
  const t = consoleMessages[props.lang]
  return (
    <Layout
      lang={props.lang}
      title={props.title}
      here={props.here}
      home="/console"
      siteName={t.siteName}
      extraCss={consoleCss}
      bodyClass="console"
      head={<meta name="robots" content="noindex" />}
      footer={<p>{t.footer}</p>}
      nav={
        props.csrf === undefined ? undefined : (
          <ConsoleNav lang={props.lang} section={props.section} csrf={props.csrf} />
        )
      }
    >
      {props.children}
    </Layout>
  )
}

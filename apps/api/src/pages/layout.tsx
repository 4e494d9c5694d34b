/**
 * The frame every page shares: the document with its `lang`, the viewport for phones, the inlined
 * stylesheet, a top bar with the site's name and the language switch (a plain link: no script), the
 * page's content and a footer. Pages give it their title and content; text is escaped by JSX.
 */
import type { Child } from "hono/jsx"
import { htmlLang, type Lang, messages } from "./i18n.ts"
import { css } from "./style.ts"

export interface LayoutProps {
  readonly lang: Lang
  readonly title: string
  /** The page's own path and query without `lang` (the switch adds it). */
  readonly here: string
  /** Where the site name leads. */
  readonly home: string
  readonly children?: Child
  readonly footer?: Child
  /** The name in the top bar (the site's when absent): the console names itself. */
  readonly siteName?: string | undefined
  /** Under the top bar's name: the console's navigation. */
  readonly nav?: Child
  /** More rules after the shared stylesheet (a constant of the caller's module, never data). */
  readonly extraCss?: string | undefined
  readonly bodyClass?: string | undefined
  /** More of the head (a `robots` meta). */
  readonly head?: Child
}

/** `path?query` with `lang` set to another language. */
export const withLang = (here: string, lang: Lang): string => {
  const url = new URL(here, "http://x")
  url.searchParams.set("lang", lang)
  return `${url.pathname}${url.search}`
}

export const Layout = (props: LayoutProps) => {
  const t = messages[props.lang]
  const other: Lang = props.lang === "zh" ? "en" : "zh"
  return (
    <html lang={htmlLang(props.lang)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        {props.head}
        <title>{props.title}</title>
        {/* Constants of the modules, never data: safe to insert as they are. */}
        <style dangerouslySetInnerHTML={{ __html: css + (props.extraCss ?? "") }} />
      </head>
      <body class={props.bodyClass}>
        <a class="skip" href="#main">
          {t.skipToContent}
        </a>
        <header class="top">
          <div>
            <a class="site" href={props.home}>
              {props.siteName ?? t.siteName}
            </a>
            <a
              class="lang"
              href={withLang(props.here, other)}
              hreflang={htmlLang(other)}
              lang={htmlLang(other)}
            >
              {t.otherLanguage}
            </a>
          </div>
          {props.nav}
        </header>
        <main id="main">{props.children}</main>
        <footer>
          {props.footer}
          <p>
            <a href="/docs">{t.developers}</a>
          </p>
        </footer>
      </body>
    </html>
  )
}

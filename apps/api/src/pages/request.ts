/** What every page route reads from its request and how it answers: language, path, year, document. */
import type { Context } from "hono"
import { getCookie, setCookie } from "hono/cookie"
import type { JSX } from "hono/jsx/jsx-runtime"
import { langCookie, langOf } from "./i18n.ts"

/** The request's language (setting the cookie when `?lang=` chose one) and its path without `lang`. */
export const requestContext = (c: Context) => {
  const chosen = c.req.query("lang")
  const lang = langOf(chosen, getCookie(c, langCookie))
  if (chosen === "zh" || chosen === "en") {
    setCookie(c, langCookie, chosen, { path: "/", maxAge: 365 * 86_400, sameSite: "Lax", httpOnly: true })
  }
  const url = new URL(c.req.url)
  url.searchParams.delete("lang")
  return { lang, here: `${url.pathname}${url.search}`, origin: url.origin }
}

export const documentOf = async (page: JSX.Element): Promise<string> =>
  `<!DOCTYPE html>${await page.toString()}`

/** A year from `?year=` (1949–2200), or undefined. */
export const yearParam = (text: string | undefined): number | undefined => {
  if (text === undefined || !/^\d{4}$/.test(text)) return undefined
  const year = Number(text)
  return year >= 1949 && year <= 2200 ? year : undefined
}

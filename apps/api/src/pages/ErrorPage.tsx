/** What a page answers when there is nothing to show: not found (404), or the records cannot be read (503). */
import { type Lang, messages } from "./i18n.ts"
import { Layout } from "./layout.tsx"

export const ErrorPage = (props: {
  readonly lang: Lang
  readonly here: string
  readonly home: string
  readonly kind: "notFound" | "unavailable"
}) => {
  const t = messages[props.lang]
  const title = props.kind === "notFound" ? t.notFoundTitle : t.unavailableTitle
  return (
    <Layout lang={props.lang} title={title} here={props.here} home={props.home}>
      <h1>{title}</h1>
      <p>{props.kind === "notFound" ? t.notFoundText : t.unavailableText}</p>
      <p>
        <a href={props.home}>{t.backToZones}</a>
      </p>
    </Layout>
  )
}

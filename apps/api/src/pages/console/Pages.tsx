/**
 * The console's small pages: sign-in (a button that POSTs the link's code: a link opened by a chat
 * app's preview or a mail scanner is only read, never used up), a notice (sign-in needed, signed out,
 * a refused form, an error), and sign-ins & invites (the caller's sessions, the invites they may see,
 * the form to make one, and a new invite's link, shown once).
 */
import type { Lang } from "../i18n.ts"
import { consoleMessages } from "./i18n.ts"
import { ConsoleLayout } from "./layout.tsx"
import { csrfField } from "./session.ts"

export const SignInPage = (props: { readonly lang: Lang; readonly here: string; readonly code: string }) => {
  const t = consoleMessages[props.lang]
  return (
    <ConsoleLayout lang={props.lang} title={t.signInTitle} here={props.here}>
      <h1>{t.signInTitle}</h1>
      <p>{t.signInIntro}</p>
      <form method="post" action={`/console/sign-in/${encodeURIComponent(props.code)}`}>
        <button class="btn" type="submit">
          {t.signInButton}
        </button>
      </form>
    </ConsoleLayout>
  )
}

export const NoticePage = (props: {
  readonly lang: Lang
  readonly here: string
  readonly title: string
  readonly text: string
  readonly detail?: string | undefined
  readonly csrf?: string | undefined
  readonly back?: string | undefined
}) => {
  const t = consoleMessages[props.lang]
  return (
    <ConsoleLayout lang={props.lang} title={props.title} here={props.here} csrf={props.csrf}>
      <h1>{props.title}</h1>
      <p>{props.text}</p>
      {props.detail === undefined ? null : <p class="err">{props.detail}</p>}
      {props.back === undefined ? null : (
        <p>
          <a href={props.back}>{t.back}</a>
        </p>
      )}
    </ConsoleLayout>
  )
}

interface Scoped {
  readonly id: string
  readonly role: string
  readonly branchId?: string | undefined
  readonly memberId?: string | undefined
  readonly label: string
  readonly status: string
  readonly createdAt: string
  readonly expiresAt?: string | undefined
}

export interface SessionsPageProps {
  readonly lang: Lang
  readonly here: string
  readonly csrf: string
  readonly caller: { readonly role: string; readonly label: string; readonly branchId?: string | undefined }
  readonly sessions: ReadonlyArray<Scoped & { readonly current: boolean }>
  /** Undefined when the caller may not make invites (members, viewers). */
  readonly invites: ReadonlyArray<Scoped> | undefined
  /** A link just made: shown once. */
  readonly created?: { readonly link: string; readonly label: string; readonly expiresAt: string } | undefined
  /** Why the invite form was refused. */
  readonly error?: string | undefined
}

/** `2026-12-07T21:05:55.000Z` → `2026-12-07 21:05 UTC`. */
const when = (instant: string | undefined): string =>
  instant === undefined ? "—" : `${instant.slice(0, 10)} ${instant.slice(11, 16)} UTC`

const RevokeForm = (props: {
  readonly action: string
  readonly csrf: string
  readonly text: string
  readonly name: string
}) => (
  <form method="post" action={props.action}>
    <input type="hidden" name={csrfField} value={props.csrf} />
    <button class="btn small" type="submit" aria-label={`${props.text} ${props.name}`}>
      {props.text}
    </button>
  </form>
)

/** Sessions or invites: one row each, its status, and — while active — the button that ends it. */
const CredentialSection = (props: {
  readonly id: "sessions" | "invites"
  readonly heading: string
  readonly none: string
  readonly status: (status: string) => string
  readonly rows: ReadonlyArray<{
    readonly id: string
    readonly status: string
    readonly title: string
    readonly detail: string
    readonly action: string
    readonly name: string
  }>
  readonly csrf: string
  readonly actionText: string
}) => (
  <section class="card" aria-labelledby={props.id}>
    <h2 id={props.id}>{props.heading}</h2>
    {props.rows.length === 0 ? (
      <p>{props.none}</p>
    ) : (
      <table>
        <tbody>
          {props.rows.map((row) => (
            <tr {...{ [props.id === "sessions" ? "data-session" : "data-invite"]: row.id }}>
              <td>
                {row.title}
                <br />
                <small>{row.detail}</small>
              </td>
              <td>{props.status(row.status)}</td>
              <td>
                {row.status === "active" ? (
                  <RevokeForm action={row.action} csrf={props.csrf} text={props.actionText} name={row.name} />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </section>
)

export const SessionsPage = (props: SessionsPageProps) => {
  const t = consoleMessages[props.lang]
  const role = (r: string) => t.roles[r] ?? r
  return (
    <ConsoleLayout
      lang={props.lang}
      title={t.sessionsTitle}
      here={props.here}
      section="sessions"
      csrf={props.csrf}
    >
      <h1>{t.sessionsTitle}</h1>
      <p class="sub">
        {t.you}: {props.caller.label} · {role(props.caller.role)}
        {props.caller.branchId === undefined ? "" : ` · ${props.caller.branchId}`}
      </p>

      {props.created === undefined ? null : (
        <section class="card" aria-labelledby="created" role="status">
          <h2 id="created">{t.inviteCreated}</h2>
          <p>{t.inviteCreatedText}</p>
          <p>
            {props.created.label} · {t.inviteExpires} {when(props.created.expiresAt)}
          </p>
          <p class="link" id="invite-link">
            {props.created.link}
          </p>
        </section>
      )}

      {props.invites === undefined ? null : (
        <section class="card" aria-labelledby="invite">
          <h2 id="invite">{t.inviteCreateHeading}</h2>
          {props.error === undefined ? null : (
            <p class="err" role="alert">
              {props.error}
            </p>
          )}
          <form method="post" action="/console/invites">
            <input type="hidden" name={csrfField} value={props.csrf} />
            <label for="label">{t.inviteFor}</label>
            <input id="label" name="label" required maxlength={200} autocomplete="off" />
            <label for="role">{t.inviteRole}</label>
            <select id="role" name="role">
              {(props.caller.role === "admin"
                ? ["member", "secretary", "viewer", "admin"]
                : ["member", "secretary", "viewer"]
              ).map((r) => (
                <option value={r}>{role(r)}</option>
              ))}
            </select>
            <label for="branchId">{t.inviteBranch}</label>
            <input id="branchId" name="branchId" value={props.caller.branchId ?? ""} autocomplete="off" />
            <label for="memberId">{t.inviteMember}</label>
            <input id="memberId" name="memberId" autocomplete="off" />
            <label for="hours">{t.inviteHours}</label>
            <input id="hours" name="hours" type="number" min={1} max={720} value="168" inputmode="numeric" />
            <button class="btn" type="submit">
              {t.inviteCreate}
            </button>
          </form>
        </section>
      )}

      <CredentialSection
        id="sessions"
        heading={t.sessionsHeading}
        none={t.sessionsNone}
        status={(status) => t.status[status] ?? status}
        rows={props.sessions.map((s) => ({
          id: s.id,
          status: s.status,
          title: `${s.label}${s.current ? t.sessionCurrent : ""}`,
          detail: `${role(s.role)} · ${t.sessionStarted} ${when(s.createdAt)} · ${t.sessionExpires} ${when(s.expiresAt)}`,
          action: `/console/sessions/${encodeURIComponent(s.id)}/revoke`,
          name: s.label
        }))}
        csrf={props.csrf}
        actionText={t.revoke}
      />

      {props.invites === undefined ? null : (
        <CredentialSection
          id="invites"
          heading={t.invitesHeading}
          none={t.invitesNone}
          status={(status) => t.status[status] ?? status}
          rows={props.invites.map((i) => ({
            id: i.id,
            status: i.status,
            title: i.label,
            detail: `${role(i.role)}${i.branchId === undefined ? "" : ` · ${i.branchId}`} · ${t.inviteExpires} ${when(i.expiresAt)}`,
            action: `/console/invites/${encodeURIComponent(i.id)}/revoke`,
            name: i.label
          }))}
          csrf={props.csrf}
          actionText={t.withdraw}
        />
      )}
    </ConsoleLayout>
  )
}

/** The console link of an invite's code on an origin (`http://127.0.0.1:3000`): what a person opens. */
export const inviteLinkOf = (origin: string, code: string): string =>
  `${origin.replace(/\/+$/, "")}/console/sign-in/${encodeURIComponent(code)}`

/** How the admin commands (`./dev token`, `./dev invite`) word a failure for the person at the terminal. */
export const describeCommandError = (error: unknown): string => {
  const tagged = error as { _tag?: unknown; entity?: unknown; id?: unknown; message?: unknown }
  return tagged?._tag === "NotFound" && tagged.entity === "tenant"
    ? `no tenant ${String(tagged.id)} in this database — start the server on it once (it loads the seed branch into an empty database) or import the tenant's records first`
    : tagged?._tag === "NotFound"
      ? `no ${String(tagged.entity)} ${String(tagged.id)}`
      : typeof tagged?.message === "string" && tagged.message !== ""
        ? tagged.message
        : String(error)
}

/**
 * @bishui/database (private): a database URL as a migrated `SqlClient` (Database.ts), and paths
 * taken from the user's directory (CallerPath.ts) — shared by the API and the importer.
 * `COPY … FROM STDIN` on PostgreSQL is `@bishui/database/PgCopy`, and a staging table moved in the
 * caller's transaction `@bishui/database/PgStaging`; neither is re-exported here: they load
 * @effect/sql-pg, which only a PostgreSQL URL should pay for.
 */
export * from "./CallerPath.ts"
export * from "./Database.ts"

/**
 * @bishui/database (private): a database URL as a migrated `SqlClient` (Database.ts), and paths
 * taken from the user's directory (CallerPath.ts) — shared by the API and the importer.
 */
export * from "./CallerPath.ts"
export * from "./Database.ts"

/**
 * Ids for new records, as the services mint them: UUID version 7, time-ordered, so ids minted later
 * sort later and bulk inserts append to the primary-key index. For tools that choose a record's id
 * before writing it (the importer).
 */
export { uuidv7 as newId } from "./internal/ids.ts"

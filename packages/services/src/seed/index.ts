/** The seed branch (四平市南北河管理中心党支部) as records, and how to load records through the services. */
export { loadSeed } from "./load.ts"
export * from "./SipingBranch.ts"

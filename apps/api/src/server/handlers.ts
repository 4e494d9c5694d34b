/** Every group's handlers, for the API layer. */
import { Layer } from "effect"
import { AuditHandlers } from "./audit.ts"
import { CampaignsHandlers } from "./campaigns.ts"
import { CasesHandlers } from "./cases.ts"
import { CommunitiesHandlers } from "./communities.ts"
import { EventsHandlers } from "./events.ts"
import { ExportsHandlers } from "./exports.ts"
import { ImportsHandlers } from "./imports.ts"
import { MembersHandlers } from "./members.ts"
import { OrganisationsHandlers } from "./organisations.ts"
import { PioneerPostsHandlers } from "./pioneerPosts.ts"
import { ProjectsHandlers } from "./projects.ts"
import { PublicHandlers } from "./public.ts"
import { ReportsHandlers } from "./reports.ts"
import { ResponsePoliciesHandlers } from "./responsePolicies.ts"
import { SessionsHandlers, SignInHandlers } from "./sessions.ts"
import { TeamsHandlers } from "./teams.ts"
import { TenantHandlers } from "./tenant.ts"
import { WishesHandlers } from "./wishes.ts"
import { ZonesHandlers } from "./zones.ts"

export const handlers = Layer.mergeAll(
  TenantHandlers,
  OrganisationsHandlers,
  MembersHandlers,
  TeamsHandlers,
  ProjectsHandlers,
  PioneerPostsHandlers,
  ZonesHandlers,
  EventsHandlers,
  CampaignsHandlers,
  CasesHandlers,
  ResponsePoliciesHandlers,
  WishesHandlers,
  CommunitiesHandlers,
  AuditHandlers,
  ReportsHandlers,
  ImportsHandlers,
  ExportsHandlers,
  PublicHandlers,
  SignInHandlers,
  SessionsHandlers
)

/**
 * A branch's response policy: how long a case may take to reach each stage (routine cases by
 * severity: acknowledge, fix; emergencies: report to the bureau, form the team, repair). Read by every
 * token whose subtree holds the branch, set by its secretaries and admins; every change is audited.
 */
import { Ids, ResponsePolicy } from "@bishui/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { ifMatch } from "./Envelope.ts"
import { Conflict, Forbidden, NotFound, PreconditionFailed, Unprocessable } from "./Problems.ts"
import { Authentication } from "./Security.ts"

/** The policy in force for a Party organisation, where it comes from, and the version to send in `If-Match`. */
export const PolicyInForce = Schema.Struct({
  branchId: Ids.OrganisationId,
  /** `own`: set for this organisation; `inherited`: set for one above it (`fromId`); `default`: none set. */
  source: Schema.Literals(["own", "inherited", "default"]),
  fromId: Schema.optionalKey(Ids.OrganisationId),
  /** The version of the organisation's own policy, 0 when it has none (also the `ETag`). */
  version: Schema.Int,
  policy: ResponsePolicy.ResponsePolicy
}).annotate({ title: "ResponsePolicyInForce" })

const withEtag = <S extends Schema.Top>(schema: S) =>
  HttpApiSchema.WithHeaders(schema, { etag: Schema.String })

export class ResponsePoliciesGroup extends HttpApiGroup.make("responsePolicies")
  .add(
    HttpApiEndpoint.get("get", "/branches/:branchId/response-policy", {
      params: { branchId: Ids.OrganisationId },
      success: withEtag(PolicyInForce),
      error: [NotFound, Forbidden]
    }),
    HttpApiEndpoint.put("set", "/branches/:branchId/response-policy", {
      params: { branchId: Ids.OrganisationId },
      headers: ifMatch,
      payload: ResponsePolicy.ResponsePolicy,
      success: withEtag(PolicyInForce),
      error: [NotFound, Conflict, PreconditionFailed, Unprocessable, Forbidden]
    })
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Response policies",
      description:
        "How long a case may take to reach each stage, counted from its first stage: routine cases by severity (acknowledge, fix), emergencies (report to the bureau's Party group, form the commando team, repair). An allowance is `{ minutes }` of elapsed time or `{ workingDays }` (the end of the n-th Monday–Friday after the day the case opened, in the tenant's time zone). A Party organisation sets its own (PUT, `If-Match` with the version read, `\"0\"` when it has none); the others inherit the nearest one above them, or the defaults. A case keeps the due times it got when it opened: setting a policy re-times no open case. See docs/cases.md for the defaults."
    })
  ) {}

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Deps } from "../deps.ts";
import { IdParams, errorResponses } from "../http/schemas.ts";
import { setAllowedIps } from "./pat-address-service.ts";
import { AllowedIpsBody, PatJson } from "./pat-schemas.ts";

/** Address binding (README, "Address binding"): sessions only, like every route that manages PATs. */
export const patAddressRoutes: FastifyPluginAsyncTypebox<Deps> = async (app) => {
  app.patch(
    "/pats/:id/allowed-ips",
    {
      schema: {
        tags: ["pats"],
        summary: "Set the addresses and CIDR ranges a PAT may be used from ([] or null: anywhere)",
        params: IdParams,
        body: AllowedIpsBody,
        response: { 200: PatJson, ...errorResponses },
      },
      config: { need: "session-only" },
    },
    async (req) => setAllowedIps(req.deps, req.principal.userId, req.params.id, req.body.allowed_ips),
  );
};

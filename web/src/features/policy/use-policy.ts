import { useEffect, useState } from "react";
import { ApiError, messageOf } from "../../api/client.ts";
import { viewPatPolicy } from "./policy-api.ts";
import type { PatPolicy } from "./policy-api.ts";

export type PolicyLoad = { state: "loading" } | { state: "loaded"; policy: PatPolicy } | { state: "denied" } | { state: "failed"; message: string };

/** The domain's policy; a 403 (a member) or 404 (not a member) is "denied": the policy is for the domain's admins. */
export function usePolicy(domainId: string): PolicyLoad {
  const [load, setLoad] = useState<PolicyLoad>({ state: "loading" });
  useEffect(() => {
    let current = true;
    setLoad({ state: "loading" });
    viewPatPolicy(domainId).then(
      (policy) => {
        if (current) setLoad({ state: "loaded", policy });
      },
      (e: unknown) => {
        if (!current) return;
        const denied = e instanceof ApiError && (e.status === 403 || e.status === 404);
        setLoad(denied ? { state: "denied" } : { state: "failed", message: messageOf(e) });
      },
    );
    return () => {
      current = false;
    };
  }, [domainId]);
  return load;
}

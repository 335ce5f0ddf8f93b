import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { ApiError } from "../../api/client.ts";
import type { Domain } from "../../api/types.ts";
import { viewDomain } from "./domain-api.ts";

const KEY = "patio.domain";

interface CurrentDomain {
  /** The domain the user works in, once loaded; undefined when none is chosen. */
  domain: Domain | undefined;
  domainId: string | undefined;
  choose: (domain: Domain) => void;
}

const Context = createContext<CurrentDomain>({ domain: undefined, domainId: undefined, choose: () => {} });

/** Holds the current domain (remembered across reloads) for every page. */
export function CurrentDomainProvider({ children }: { children: ReactNode }) {
  const [domainId, setDomainId] = useState<string | undefined>(() => localStorage.getItem(KEY) ?? undefined);
  const queryClient = useQueryClient();
  const loaded = useQuery({
    queryKey: ["domains", domainId],
    queryFn: () => viewDomain(domainId ?? ""),
    enabled: Boolean(domainId),
    staleTime: 60_000,
  });
  const domain = loaded.data;

  // A domain that is gone or no longer yours is forgotten; a lost session or network is not a reason to.
  const gone = loaded.error instanceof ApiError && loaded.error.status !== 401 && loaded.error.status !== 0;
  useEffect(() => {
    if (!gone) return;
    localStorage.removeItem(KEY);
    setDomainId(undefined);
  }, [gone]);

  const choose = useCallback(
    (d: Domain) => {
      localStorage.setItem(KEY, d.id);
      queryClient.setQueryData(["domains", d.id], d);
      setDomainId(d.id);
    },
    [queryClient],
  );

  const value = useMemo(() => ({ domain: domain?.id === domainId ? domain : undefined, domainId, choose }), [domain, domainId, choose]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useCurrentDomain(): CurrentDomain {
  return useContext(Context);
}

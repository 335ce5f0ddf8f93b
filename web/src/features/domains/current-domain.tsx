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
  const [domain, setDomain] = useState<Domain>();

  useEffect(() => {
    if (!domainId || domain?.id === domainId) return;
    let current = true;
    viewDomain(domainId).then(
      (d) => {
        if (current) setDomain(d);
      },
      (e: unknown) => {
        if (!current || !(e instanceof ApiError) || e.status === 401 || e.status === 0) return;
        localStorage.removeItem(KEY);
        setDomainId(undefined);
      },
    );
    return () => {
      current = false;
    };
  }, [domainId, domain]);

  const choose = useCallback((d: Domain) => {
    localStorage.setItem(KEY, d.id);
    setDomain(d);
    setDomainId(d.id);
  }, []);

  const value = useMemo(() => ({ domain: domain?.id === domainId ? domain : undefined, domainId, choose }), [domain, domainId, choose]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useCurrentDomain(): CurrentDomain {
  return useContext(Context);
}

import { useEffect, useState } from "react";
import type { Scope } from "../../api/types.ts";
import { listDomains } from "../domains/domain-api.ts";
import { viewEntity } from "../entities/entity-api.ts";
import { isEntityKind } from "./scope-draft.ts";

/** Names for the entities and domains that scopes point at, looked up once each. */
export function useScopeNames(scopes: Scope[]): (id: string) => string | undefined {
  const [names, setNames] = useState<Record<string, string>>({});
  const wanted = scopes.map((s) => `${s.domain_id}/${s.entity_type}/${s.entity_id}`).join(",");
  useEffect(() => {
    let current = true;
    const found: Record<string, string> = {};
    const lookups: Promise<unknown>[] = [
      listDomains().then(
        (page) => {
          for (const d of page.domains) found[d.id] = d.name;
        },
        () => {},
      ),
    ];
    for (const s of scopes) {
      if (s.entity_id === "*" || !isEntityKind(s.entity_type) || names[s.entity_id]) continue;
      lookups.push(
        viewEntity(s.domain_id, s.entity_type, s.entity_id).then(
          (e) => {
            found[e.id] = e.name || e.id;
          },
          () => {},
        ),
      );
    }
    void Promise.all(lookups).then(() => {
      if (current) setNames((old) => ({ ...old, ...found }));
    });
    return () => {
      current = false;
    };
    // Only when the set of targets changes: `scopes` matches `wanted` in that render, and a stale `names` costs at most a repeated lookup.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the targets, not on the array's identity or the names found so far
  }, [wanted]);
  return (id) => names[id];
}

import { useCallback, useEffect, useRef, useState } from "react";
import type { AuditEvent } from "../../api/types.ts";
import { listAudit } from "./audit-api.ts";
import type { AuditFilter, AuditScope } from "./audit-api.ts";

export const PAGE_SIZE = 50;

export interface AuditPages {
  events: AuditEvent[];
  /** Whether the server has older events (next_cursor). */
  more: boolean;
  loading: boolean;
  /** The error of the last load, as thrown (an ApiError carries the status). */
  error: unknown;
  loadMore: () => void;
}

/** The events of a scope and filter, newest first: the first page, then older pages on "Load more". */
export function useAuditPages(scope: AuditScope, filter: AuditFilter, limit = PAGE_SIZE): AuditPages {
  const key = JSON.stringify([scope, filter, limit]);
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const current = useRef(key);

  const load = useCallback(
    (after: string | undefined) => {
      const asked = key;
      setLoading(true);
      listAudit(scope, filter, limit, after)
        .then(
          (page) => {
            if (current.current !== asked) return;
            setEvents((before) => (after ? [...before, ...page.events] : page.events));
            setCursor(page.next_cursor);
            setError(undefined);
          },
          (e: unknown) => {
            if (current.current === asked) setError(e);
          },
        )
        .finally(() => {
          if (current.current === asked) setLoading(false);
        });
    },
    // `key` stands for scope, filter and limit (new objects at each render of the caller).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  useEffect(() => {
    current.current = key;
    setEvents([]);
    setCursor(null);
    load(undefined);
  }, [key, load]);

  return { events, more: cursor !== null, loading, error, loadMore: () => cursor && load(cursor) };
}

import { useInfiniteQuery } from "@tanstack/react-query";
import type { AuditEvent } from "../../api/types.ts";
import { listAudit } from "./audit-api.ts";
import type { AuditFilter, AuditScope } from "./audit-api.ts";

export const PAGE_SIZE = 50;

export interface AuditPages {
  events: AuditEvent[];
  /** Whether the server has older events (next_cursor). */
  more: boolean;
  /** Any page is on its way (the first, the next, or a refetch). */
  loading: boolean;
  /** The first page is not here yet. */
  pending: boolean;
  /** The error of the last load, as thrown (an ApiError carries the status). */
  error: unknown;
  loadMore: () => void;
}

/**
 * The events of a scope and filter, newest first: the first page, then older pages on "Load more" (TanStack
 * Query's infinite query, keyed by scope, filter and page size; a new filter starts again from the newest).
 */
export function useAuditPages(scope: AuditScope, filter: AuditFilter, limit = PAGE_SIZE): AuditPages {
  const pages = useInfiniteQuery({
    queryKey: ["audit", scope, filter, limit],
    queryFn: ({ pageParam }) => listAudit(scope, filter, limit, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  return {
    events: pages.data?.pages.flatMap((p) => p.events) ?? [],
    more: pages.hasNextPage,
    loading: pages.isFetching,
    pending: pages.isPending,
    error: pages.error ?? undefined,
    loadMore: () => void pages.fetchNextPage(),
  };
}

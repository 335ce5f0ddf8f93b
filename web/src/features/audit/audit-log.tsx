import { Alert, Button, Center, Loader, Stack, Text } from "@mantine/core";
import { useSearchParams } from "react-router";
import { isDenied } from "../../api/admin-only.ts";
import { messageOf } from "../../api/client.ts";
import { useQuery } from "@tanstack/react-query";
import { fetchProfile } from "../auth/auth-api.ts";
import type { AuditScope } from "./audit-api.ts";
import { AuditFilters, FILTER_KEYS, toAuditFilter } from "./audit-filters.tsx";
import type { FilterParams } from "./audit-filters.tsx";
import { AuditTable } from "./audit-table.tsx";
import { AuditToolbar } from "./audit-toolbar.tsx";
import { useAuditPages } from "./use-audit-pages.ts";

function readParams(search: URLSearchParams): FilterParams {
  return Object.fromEntries(FILTER_KEYS.map((key) => [key, search.get(key) ?? ""])) as FilterParams;
}

/**
 * An audit log (the user's own, or a domain's): filters kept in the page's query string, the events newest
 * first with "Load more", verification of the chain and exports.
 */
export function AuditLog({ scope, fileName, label, forbidden = "" }: { scope: AuditScope; fileName: string; label: string; forbidden?: string }) {
  const [search, setSearch] = useSearchParams();
  const params = readParams(search);
  const filter = toAuditFilter(params);
  const pages = useAuditPages(scope, filter);
  const profile = useQuery({ queryKey: ["profile"], queryFn: fetchProfile, staleTime: 60_000 });
  const showActor = scope.kind === "domain";

  const set = (key: keyof FilterParams, value: string) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  if (isDenied(pages.error))
    return (
      <Alert color="yellow" role="alert" title="Not available to you">
        {forbidden}
      </Alert>
    );
  return (
    <Stack>
      <AuditToolbar scope={scope} filter={filter} fileName={fileName} />
      <AuditFilters params={params} set={set} showActor={showActor} />
      {(pages.events.length > 0 || pages.pending) && (
        <AuditTable events={pages.events} userId={profile.data?.id} showActor={showActor} label={label} loading={pages.pending} />
      )}
      {!pages.loading && !pages.error && pages.events.length === 0 && <Text c="dimmed">No events match.</Text>}
      {pages.error !== undefined && (
        <Alert color="red" role="alert" title="The events cannot be shown">
          {messageOf(pages.error)}
        </Alert>
      )}
      {pages.loading && !pages.pending && (
        <Center>
          <Loader aria-label="Loading events" />
        </Center>
      )}
      {pages.more && !pages.loading && (
        <Center>
          <Button variant="default" onClick={pages.loadMore}>
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}

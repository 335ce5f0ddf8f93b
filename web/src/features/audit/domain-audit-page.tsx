import { Stack, Text, Title } from "@mantine/core";
import { useMemo } from "react";
import { NeedDomain } from "../../ui/need-domain.tsx";
import { useCurrentDomain } from "../domains/current-domain.tsx";
import { AuditLog } from "./audit-log.tsx";
import { usePageTitle } from "../../ui/page-title.ts";

/** The current domain's audit, for its admins; others get the server's refusal, said plainly. */
export function DomainAuditPage() {
  usePageTitle("Domain audit");
  const { domain, domainId } = useCurrentDomain();
  const scope = useMemo(() => (domainId ? ({ kind: "domain", domainId } as const) : undefined), [domainId]);
  return (
    <Stack maw={1400}>
      <Title order={1} size="h2">
        Domain audit{domain ? `: ${domain.name}` : ""}
      </Title>
      <Text c="dimmed">Everything done in the domain, by every member, newest first.</Text>
      {scope ? (
        <AuditLog
          key={scope.domainId}
          scope={scope}
          fileName={`patio-domain-audit-${domain?.route ?? scope.domainId}`}
          label="Domain audit events"
          forbidden="Only the admins of this domain can read its audit. Ask an admin of the domain, or choose a domain you administer."
        />
      ) : (
        <NeedDomain />
      )}
    </Stack>
  );
}

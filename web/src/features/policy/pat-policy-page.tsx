import { Alert, Loader, Skeleton, Stack, Text, Title } from "@mantine/core";
import type { Domain } from "../../api/types.ts";
import { NeedDomain } from "../../ui/need-domain.tsx";
import { useCurrentDomain } from "../domains/current-domain.tsx";
import { PatPolicyForm } from "./pat-policy-form.tsx";
import { usePolicy } from "./use-policy.ts";

function DomainPolicy({ domain }: { domain: Domain }) {
  const load = usePolicy(domain.id);
  if (load.state === "loading")
    return (
      <Stack gap="sm" role="status" aria-label="Loading the policy">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={56} />
        ))}
      </Stack>
    );
  if (load.state === "denied")
    return (
      <Alert color="yellow" role="alert" title="Not available to you">
        Only the admins of this domain can see and change its PAT policy. Ask an admin of the domain, or choose a domain you administer.
      </Alert>
    );
  if (load.state === "failed")
    return (
      <Alert color="red" role="alert" title="The policy cannot be shown">
        {load.message}
      </Alert>
    );
  return <PatPolicyForm domainId={domain.id} policy={load.data} />;
}

/** The current domain's PAT policy: the rules every PAT with scopes in the domain must keep (admins edit it). */
export function PatPolicyPage() {
  const { domain, domainId } = useCurrentDomain();
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">
        PAT policy{domain ? `: ${domain.name}` : ""}
      </Title>
      <Text c="dimmed">
        Rules for every Personal Access Token with scopes in this domain, whoever owns it. A PAT that breaks them cannot be created or regenerated,
        and an existing one is refused in this domain until it keeps them again. Empty fields set no limit.
      </Text>
      {domain ? <DomainPolicy key={domain.id} domain={domain} /> : domainId ? <Loader aria-label="Loading the domain" /> : <NeedDomain />}
    </Stack>
  );
}

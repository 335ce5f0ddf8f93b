import { Alert, Button, Center, Group, Loader, Pagination, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { adminOnly } from "../../api/admin-only.ts";
import type { Domain } from "../../api/types.ts";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { ExactTime } from "../../ui/exact-time.tsx";
import { NeedDomain } from "../../ui/need-domain.tsx";
import { expiresText, relative } from "../../ui/times.ts";
import { useCurrentDomain } from "../domains/current-domain.tsx";
import { StatusBadge } from "../pats/status-badge.tsx";
import { DomainPatScopes } from "./domain-pat-scopes.tsx";
import { useDomainPats, useRemoveAccess } from "./domain-pat-queries.ts";
import type { DomainPat } from "./oversight-api.ts";

const LIMIT = 10;

function Owner({ pat }: { pat: DomainPat }) {
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500}>
        {pat.owner_username ?? pat.owner_id.slice(-8)}
      </Text>
      {pat.owner_email && (
        <Text size="xs" c="dimmed">
          {pat.owner_email}
        </Text>
      )}
    </Stack>
  );
}

function DomainPatRow({ pat, onRemove }: { pat: DomainPat; onRemove: () => void }) {
  return (
    <Table.Tr data-pat-id={pat.id}>
      <Table.Td>
        <Owner pat={pat} />
      </Table.Td>
      <Table.Td fw={500}>{pat.name}</Table.Td>
      <Table.Td>
        <DomainPatScopes scopes={pat.scopes} />
      </Table.Td>
      <Table.Td>
        <StatusBadge status={pat.status} />
      </Table.Td>
      <Table.Td>
        <ExactTime time={pat.expires_at}>{expiresText(pat.expires_at)}</ExactTime>
      </Table.Td>
      <Table.Td>{pat.last_used_at ? <ExactTime time={pat.last_used_at}>{relative(pat.last_used_at)}</ExactTime> : "never"}</Table.Td>
      <Table.Td ta="right">
        <Button size="xs" variant="light" color="red" onClick={onRemove} aria-label={`Remove access of ${pat.name}`}>
          Remove access
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

function DomainPatsTable({ domain }: { domain: Domain }) {
  const [offset, setOffset] = useState(0);
  const [removing, setRemoving] = useState<DomainPat>();
  const load = adminOnly(useDomainPats(domain.id, offset, LIMIT));
  const removal = useRemoveAccess(domain.id);

  if (load.state === "loading") return <Loader aria-label="Loading the domain's PATs" />;
  if (load.state === "denied")
    return (
      <Alert color="yellow" role="alert" title="Not available to you">
        Only the admins of this domain can see the PATs that reach into it. Ask an admin of the domain, or choose a domain you administer.
      </Alert>
    );
  if (load.state === "failed")
    return (
      <Alert color="red" role="alert" title="The PATs cannot be shown">
        {load.message}
      </Alert>
    );
  const page = load.data;
  const remove = async (pat: DomainPat) => {
    await removal.mutateAsync(pat);
    notifications.show({ color: "teal", message: `${pat.name} no longer has access to ${domain.name}` });
    if (page.pats.length === 1 && offset > 0) setOffset(Math.max(0, offset - LIMIT));
  };
  return (
    <Stack>
      {page.pats.length === 0 ? (
        <Text c="dimmed">No Personal Access Token has scopes in this domain.</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="sm" aria-label="Domain PATs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Scopes here</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.pats.map((pat) => (
                <DomainPatRow key={pat.id} pat={pat} onRemove={() => setRemoving(pat)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {page.total > LIMIT && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {page.total} PATs
          </Text>
          <Pagination total={Math.ceil(page.total / LIMIT)} value={Math.floor(offset / LIMIT) + 1} onChange={(p) => setOffset((p - 1) * LIMIT)} />
        </Group>
      )}
      <ConfirmDialog
        opened={removing !== undefined}
        title="Remove access to this domain"
        confirmLabel="Remove access"
        onConfirm={() => (removing ? remove(removing) : Promise.resolve())}
        onClose={() => setRemoving(undefined)}
      >
        This removes every scope {removing?.name ? <b>{removing.name}</b> : "the PAT"} holds in {domain.name}
        {removing?.owner_username ? ` (owned by ${removing.owner_username})` : ""}. It is refused here from now on; its scopes in other domains stay.
        The owner can see this in their security log.
      </ConfirmDialog>
    </Stack>
  );
}

/** Domain oversight: every PAT with scopes in the current domain, whoever owns it, and a way to cut it off here. */
export function DomainPatsPage() {
  const { domain, domainId } = useCurrentDomain();
  return (
    <Stack maw={1400}>
      <Title order={1} size="h2">
        Domain PATs{domain ? `: ${domain.name}` : ""}
      </Title>
      <Text c="dimmed">Every Personal Access Token with scopes in this domain, whoever owns it, newest first.</Text>
      {domain ? (
        <DomainPatsTable key={domain.id} domain={domain} />
      ) : domainId ? (
        <Center>
          <Loader aria-label="Loading the domain" />
        </Center>
      ) : (
        <NeedDomain />
      )}
    </Stack>
  );
}

import { Alert, Center, Group, Loader, Pagination, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { adminOnly } from "../../api/admin-only.ts";
import type { Domain } from "../../api/types.ts";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { NeedDomain } from "../../ui/need-domain.tsx";
import { RowsLoading } from "../../ui/row-details.tsx";
import { useCurrentDomain } from "../domains/current-domain.tsx";
import { DomainPatRow, DomainPatsHead, DomainPatsScroll } from "./domain-pat-row.tsx";
import { useDomainPats, useRemoveAccess } from "./domain-pat-queries.ts";
import type { DomainPat } from "./oversight-api.ts";

const LIMIT = 10;

function DomainPatsTable({ domain }: { domain: Domain }) {
  const [offset, setOffset] = useState(0);
  const [removing, setRemoving] = useState<DomainPat>();
  const load = adminOnly(useDomainPats(domain.id, offset, LIMIT));
  const removal = useRemoveAccess(domain.id);

  if (load.state === "loading")
    return (
      <DomainPatsScroll>
        <Table aria-label="Domain PATs">
          <DomainPatsHead />
          <Table.Tbody>
            <RowsLoading columns={7} label="Loading the domain's PATs" />
          </Table.Tbody>
        </Table>
      </DomainPatsScroll>
    );
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
        <DomainPatsScroll>
          <Table verticalSpacing="sm" aria-label="Domain PATs">
            <DomainPatsHead />
            <Table.Tbody>
              {page.pats.map((pat) => (
                <DomainPatRow key={pat.id} pat={pat} onRemove={() => setRemoving(pat)} />
              ))}
            </Table.Tbody>
          </Table>
        </DomainPatsScroll>
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

import { Button, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useState } from "react";
import type { ReactNode } from "react";
import { ExactTime } from "../../ui/exact-time.tsx";
import { DetailsHeading, DetailsToggle, RowDetails, useWideTable } from "../../ui/row-details.tsx";
import { expiresText, relative } from "../../ui/times.ts";
import { StatusBadge } from "../pats/status-badge.tsx";
import { DomainPatScopes } from "./domain-pat-scopes.tsx";
import type { DomainPat } from "./oversight-api.ts";

function Owner({ pat }: { pat: DomainPat }) {
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500}>
        {pat.owner_username ?? pat.owner_id.slice(-8)}
      </Text>
      {pat.owner_email && (
        <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
          {pat.owner_email}
        </Text>
      )}
    </Stack>
  );
}

/** The Domain PATs table's frame: it scrolls sideways only on a wide screen, where every column shows. */
export function DomainPatsScroll({ children }: { children: ReactNode }) {
  return <Table.ScrollContainer minWidth={useWideTable() ? 900 : 0}>{children}</Table.ScrollContainer>;
}

export function DomainPatsHead() {
  const wide = useWideTable();
  return (
    <Table.Thead>
      <Table.Tr>
        {!wide && <DetailsHeading />}
        {wide && <Table.Th>Owner</Table.Th>}
        <Table.Th>Name</Table.Th>
        {wide && <Table.Th>Scopes here</Table.Th>}
        <Table.Th>Status</Table.Th>
        {wide && <Table.Th>Expires</Table.Th>}
        {wide && <Table.Th>Last used</Table.Th>}
        {wide && (
          <Table.Th>
            <VisuallyHidden>Actions</VisuallyHidden>
          </Table.Th>
        )}
      </Table.Tr>
    </Table.Thead>
  );
}

/**
 * A PAT with scopes in the domain. On a phone the row keeps its name and status; Owner, Scopes here, Expires,
 * Last used and Remove access move into the row's details.
 */
export function DomainPatRow({ pat, onRemove }: { pat: DomainPat; onRemove: () => void }) {
  const wide = useWideTable();
  const [open, setOpen] = useState(false);
  const owner = <Owner pat={pat} />;
  const scopes = <DomainPatScopes scopes={pat.scopes} />;
  const expires = <ExactTime time={pat.expires_at}>{expiresText(pat.expires_at)}</ExactTime>;
  const lastUsed = pat.last_used_at ? <ExactTime time={pat.last_used_at}>{relative(pat.last_used_at)}</ExactTime> : "never";
  const remove = (
    <Button size="xs" variant="light" color="red" onClick={onRemove} aria-label={`Remove access of ${pat.name}`}>
      Remove access
    </Button>
  );
  if (wide)
    return (
      <Table.Tr data-pat-id={pat.id}>
        <Table.Td>{owner}</Table.Td>
        <Table.Td fw={500}>{pat.name}</Table.Td>
        <Table.Td>{scopes}</Table.Td>
        <Table.Td>
          <StatusBadge status={pat.status} />
        </Table.Td>
        <Table.Td>{expires}</Table.Td>
        <Table.Td>{lastUsed}</Table.Td>
        <Table.Td ta="right">{remove}</Table.Td>
      </Table.Tr>
    );
  return (
    <>
      <Table.Tr data-pat-id={pat.id}>
        <Table.Td px={4}>
          <DetailsToggle name={pat.name} open={open} onToggle={() => setOpen(!open)} />
        </Table.Td>
        <Table.Td fw={500} style={{ overflowWrap: "anywhere" }}>
          {pat.name}
        </Table.Td>
        <Table.Td>
          <StatusBadge status={pat.status} />
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr data-details-of={pat.id}>
          <Table.Td colSpan={3}>
            <Stack gap="xs" align="flex-start">
              <RowDetails
                items={[
                  { label: "Owner", value: owner },
                  { label: "Scopes here", value: scopes },
                  { label: "Expires", value: expires },
                  { label: "Last used", value: lastUsed },
                ]}
              />
              {remove}
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

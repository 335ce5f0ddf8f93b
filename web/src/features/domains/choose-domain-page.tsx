import { Alert, Badge, Button, Group, Paper, Skeleton, Stack, Table, Text, TextInput, Title, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";
import { fieldError } from "../../api/field-errors.ts";
import type { Domain } from "../../api/types.ts";
import { CopyId } from "../../ui/copy-id.tsx";
import { usePageTitle } from "../../ui/page-title.ts";
import { DetailsHeading, DetailsToggle, RowDetails, useWideTable } from "../../ui/row-details.tsx";
import { useCurrentDomain } from "./current-domain.tsx";
import { createDomain, listDomains } from "./domain-api.ts";

export const domainKeys = { list: ["domains"] as const };

/** The user's domains (the first page, the API's largest). */
export function useDomains() {
  return useQuery({ queryKey: domainKeys.list, queryFn: () => listDomains() });
}

/** Create a domain and work in it. */
export function CreateDomainForm({ onCreated, title = "Create a domain" }: { onCreated?: (domain: Domain) => void; title?: string }) {
  const { choose } = useCurrentDomain();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [route, setRoute] = useState("");
  const [problems, setProblems] = useState<{ name?: string | undefined; route?: string | undefined }>({});
  const create = useMutation({
    mutationFn: () => createDomain(name.trim(), route),
    onSuccess: async (domain) => {
      choose(domain);
      notifications.show({ color: "teal", message: `Domain ${domain.name} created; you now work in it.` });
      setName("");
      setRoute("");
      await queryClient.invalidateQueries({ queryKey: domainKeys.list });
      onCreated?.(domain);
    },
  });
  const serverError = create.error ? fieldError(create.error) : undefined;
  const error = serverError && !["name", "route"].includes(serverError.field ?? "") ? serverError.message : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      name: name.trim() ? undefined : "Enter a name",
      route: !route || /^[a-z0-9][a-z0-9_-]{0,62}$/.test(route) ? undefined : "Lower-case letters, digits, - and _",
    };
    setProblems(found);
    if (found.name || found.route) return;
    create.mutate();
  };
  const busy = create.isPending;

  return (
    <Paper withBorder p="md" component="form" onSubmit={(e: FormEvent) => void submit(e)} noValidate aria-label="Create a domain">
      <Stack>
        <Title order={2} size="h4">
          {title}
        </Title>
        <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
          <TextInput
            label="Domain name"
            value={name}
            error={problems.name ?? (serverError?.field === "name" ? serverError.message : undefined)}
            required
            miw={200}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <TextInput
            label="Route"
            description="Optional, URL-safe, e.g. greenhouse"
            value={route}
            error={problems.route ?? (serverError?.field === "route" ? serverError.message : undefined)}
            miw={200}
            onChange={(e) => setRoute(e.currentTarget.value)}
          />
        </Group>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            Create domain
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** One of the user's domains. On a phone its ID and Route move into the row's details. */
function DomainRow({ domain: d, current, wide, onChoose }: { domain: Domain; current: boolean; wide: boolean; onChoose: () => void }) {
  const [open, setOpen] = useState(false);
  const id = <CopyId id={d.id} of={d.name} />;
  return (
    <>
      <Table.Tr>
        {!wide && (
          <Table.Td px={4}>
            <DetailsToggle name={d.name} open={open} onToggle={() => setOpen(!open)} />
          </Table.Td>
        )}
        <Table.Td style={{ overflowWrap: "anywhere" }}>
          <Stack gap={0}>
            <Text size="sm">{d.name}</Text>
            {wide && id}
          </Stack>
        </Table.Td>
        {wide && <Table.Td>{d.route ?? ""}</Table.Td>}
        <Table.Td>
          <Badge variant="light" color={d.status === "enabled" ? "teal" : "gray"} styles={{ label: { overflow: "visible" } }}>
            {d.status}
          </Badge>
        </Table.Td>
        <Table.Td ta="right">
          {current ? (
            <Badge color="teal" styles={{ label: { overflow: "visible" } }}>
              Current
            </Badge>
          ) : (
            <Button size="xs" variant="light" onClick={onChoose} aria-label={`Use ${d.name}`}>
              Use
            </Button>
          )}
        </Table.Td>
      </Table.Tr>
      {!wide && open && (
        <Table.Tr data-details-of={d.id}>
          <Table.Td colSpan={4}>
            <RowDetails
              items={[
                { label: "ID", value: id },
                { label: "Route", value: d.route || "none" },
              ]}
            />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

/** Pick the domain to work in, or create one. */
export function ChooseDomainPage() {
  usePageTitle("Domains");
  const { domainId, choose } = useCurrentDomain();
  const domains = useDomains();
  const rows = domains.data?.domains ?? [];
  const wide = useWideTable();
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">
        Domains
      </Title>
      <Text c="dimmed">Scopes, clients, channels and groups belong to the domain you work in.</Text>
      {domains.error && (
        <Alert color="red" role="alert">
          {domains.error.message}
        </Alert>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={0}>
          <Table highlightOnHover aria-label="Your domains" horizontalSpacing={wide ? "sm" : 6}>
            <Table.Thead>
              <Table.Tr>
                {!wide && <DetailsHeading />}
                <Table.Th>{wide ? "Name and ID" : "Name"}</Table.Th>
                {wide && <Table.Th>Route</Table.Th>}
                <Table.Th>Status</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((d) => (
                <DomainRow key={d.id} domain={d} current={d.id === domainId} wide={wide} onChoose={() => choose(d)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {domains.isLoading && <Skeleton height={90} aria-label="Loading domains" />}
      {domains.isSuccess && rows.length === 0 && (
        <Text>You have no domains yet. Create one below: its clients, channels and groups are what your PATs will be allowed to use.</Text>
      )}
      <CreateDomainForm />
    </Stack>
  );
}

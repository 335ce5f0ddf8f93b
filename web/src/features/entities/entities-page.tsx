import { Alert, Badge, Button, Group, Pagination, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import type { FormEvent } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fieldError } from "../../api/field-errors.ts";
import type { Entity, EntityKind } from "../../api/types.ts";
import { CopyId } from "../../ui/copy-id.tsx";
import { NeedDomain } from "../../ui/need-domain.tsx";
import { DetailsHeading, DetailsToggle, RowDetails, RowsLoading, useWideTable } from "../../ui/row-details.tsx";
import { fullDate, relative } from "../../ui/times.ts";
import { entityKeys } from "./entity-queries.ts";
import { useCurrentDomain } from "../domains/current-domain.tsx";
import { createEntity, listEntities, singularOf } from "./entity-api.ts";
import { usePageTitle } from "../../ui/page-title.ts";

const titles = { clients: "Clients", channels: "Channels", groups: "Groups" } as const satisfies Record<EntityKind, string>;
const PAGE = 20;

function CreateEntityForm({ domainId, kind }: { domainId: string; kind: EntityKind }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string>();
  const create = useMutation({
    mutationFn: () => createEntity(domainId, kind, name.trim()),
    onSuccess: async () => {
      setName("");
      // The list on this page and the scope editor's pickers.
      await queryClient.invalidateQueries({ queryKey: entityKeys.list(domainId, kind) });
    },
    onError: (e) => setProblem(fieldError(e).message),
  });
  const busy = create.isPending;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setProblem("Enter a name");
    setProblem(undefined);
    create.mutate();
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-label={`Create a ${singularOf[kind]}`}>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label={`New ${singularOf[kind]} name`}
          value={name}
          error={problem}
          miw={220}
          style={{ flex: 1 }}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Button type="submit" loading={busy}>
          Create {singularOf[kind]}
        </Button>
      </Group>
    </Paper>
  );
}

/** One client, channel or group. On a phone its ID and Created move into the row's details. */
function EntityRow({ entity: e, wide }: { entity: Entity; wide: boolean }) {
  const [open, setOpen] = useState(false);
  const id = <CopyId id={e.id} of={e.name} />;
  const created = <span title={fullDate(e.created_at)}>{relative(e.created_at)}</span>;
  return (
    <>
      <Table.Tr>
        {!wide && (
          <Table.Td px={4}>
            <DetailsToggle name={e.name || e.id} open={open} onToggle={() => setOpen(!open)} />
          </Table.Td>
        )}
        <Table.Td style={{ overflowWrap: "anywhere" }}>
          {e.name || (
            <Text span c="dimmed">
              (no name)
            </Text>
          )}
        </Table.Td>
        {wide && <Table.Td>{id}</Table.Td>}
        <Table.Td>
          <Badge variant="light" color={e.status === "enabled" ? "teal" : "gray"} styles={{ label: { overflow: "visible" } }}>
            {e.status}
          </Badge>
        </Table.Td>
        {wide && <Table.Td>{created}</Table.Td>}
      </Table.Tr>
      {!wide && open && (
        <Table.Tr data-details-of={e.id}>
          <Table.Td colSpan={3}>
            <RowDetails
              items={[
                { label: "ID", value: id },
                { label: "Created", value: created },
              ]}
            />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

/** A plain page for the clients, channels or groups of the current domain: list them and create one. */
export function EntitiesPage({ kind }: { kind: EntityKind }) {
  usePageTitle(titles[kind]);
  const { domainId, domain } = useCurrentDomain();
  const wide = useWideTable();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: [...entityKeys.list(domainId ?? "", kind), { page }],
    queryFn: () => listEntities(domainId ?? "", kind, { offset: (page - 1) * PAGE, limit: PAGE }),
    enabled: Boolean(domainId),
    placeholderData: keepPreviousData,
  });
  if (!domainId) return <NeedDomain />;
  const rows = list.data?.items ?? [];
  return (
    <Stack maw={1000}>
      <Title order={1} size="h2">
        {titles[kind]}
      </Title>
      <Text c="dimmed">
        {titles[kind]} of {domain?.name ?? "the current domain"}.
      </Text>
      <CreateEntityForm domainId={domainId} kind={kind} />
      {list.error && (
        <Alert color="red" role="alert">
          {list.error.message}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={wide ? 560 : 0}>
        <Table highlightOnHover aria-label={titles[kind]} horizontalSpacing={wide ? "sm" : 6}>
          <Table.Thead>
            <Table.Tr>
              {!wide && <DetailsHeading />}
              <Table.Th>Name</Table.Th>
              {wide && <Table.Th>ID</Table.Th>}
              <Table.Th>Status</Table.Th>
              {wide && <Table.Th>Created</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isLoading && <RowsLoading columns={wide ? 4 : 3} label={`Loading ${kind}`} />}
            {rows.map((e) => (
              <EntityRow key={e.id} entity={e} wide={wide} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && rows.length === 0 && (
        <Text>No {kind} yet. Create one above; then a PAT's scope can allow operations on it (Personal Access Tokens → Create PAT).</Text>
      )}
      {(list.data?.total ?? 0) > PAGE && (
        <Pagination total={Math.ceil((list.data?.total ?? 0) / PAGE)} value={page} onChange={setPage} aria-label={`${titles[kind]} pages`} />
      )}
    </Stack>
  );
}

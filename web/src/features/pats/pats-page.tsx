import { Alert, Anchor, Button, Group, Pagination, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconSearch, IconTrash } from "@tabler/icons-react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import type { Pat } from "../../api/types.ts";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { usePageTitle } from "../../ui/page-title.ts";
import { DetailsHeading, RowsLoading, useWideTable } from "../../ui/row-details.tsx";
import { ExpiringBanner } from "./expiring-banner.tsx";
import { sortChoices, toSort, toSortParams } from "./expiry.ts";
import type { PatDir, PatOrder } from "./expiry.ts";
import { deleteAllPats, deletePat, listPats } from "./pat-api.ts";
import type { StatusFilter } from "./pat-api.ts";
import { PAT_REFRESH_MS, patKeys } from "./pat-queries.ts";
import { PatRow } from "./pat-row.tsx";

const PAGE = 10;
const statusChoices = [
  { value: "active", label: "Active" },
  { value: "revoked", label: "Revoked" },
  { value: "expired", label: "Expired" },
  { value: "all", label: "All" },
];

/** The Personal Access Tokens page: filter, search, page through, create, view and delete PATs. */
export function PatsPage() {
  const [params, setParams] = useSearchParams();
  const status = (params.get("status") ?? "active") as StatusFilter;
  const page = Math.max(1, Number(params.get("page") ?? "1") || 1);
  const { order, dir } = toSort(params.get("order"), params.get("dir"));
  const [search, setSearch] = useState(params.get("name") ?? "");
  const [name] = useDebouncedValue(search.trim(), 300);
  const [deleting, setDeleting] = useState<Pat | "all">();
  usePageTitle("Personal Access Tokens");
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: [...patKeys.all, "list", { status, name, page, order, dir }],
    queryFn: () => listPats({ status, name, offset: (page - 1) * PAGE, limit: PAGE, ...toSortParams(order, dir) }),
    placeholderData: keepPreviousData,
    refetchInterval: PAT_REFRESH_MS,
  });
  // Delete All counts every PAT, whatever the filter: asked only when its dialog opens, not beside every list.
  const all = useQuery({
    queryKey: [...patKeys.all, "total"],
    queryFn: () => listPats({ status: "all", offset: 0, limit: 1 }),
    enabled: deleting === "all",
  });
  const total = all.data?.total ?? 0;
  const rows = list.data?.pats ?? [];
  const wide = useWideTable();
  const unfiltered = status === "all" && !name;

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "page") next.delete("page");
    setParams(next, { replace: true });
  };
  const setSort = (nextOrder: PatOrder, nextDir: PatDir, nextStatus: StatusFilter = status) => {
    const next = new URLSearchParams(params);
    const wanted = toSortParams(nextOrder, nextDir);
    for (const key of ["order", "dir"] as const) {
      const value = wanted[key];
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (nextStatus === "active") next.delete("status");
    else next.set("status", nextStatus);
    next.delete("page");
    setParams(next, { replace: true });
  };
  const ariaSort = (column: PatOrder) => (column === order ? (dir === "asc" ? "ascending" : "descending") : undefined);
  const removal = useMutation({
    mutationFn: (what: Pat | "all") => (what === "all" ? deleteAllPats() : deletePat(what.id)),
    onSuccess: (_, what) => {
      notifications.show({ color: "teal", message: what === "all" ? "All Personal Access Tokens deleted" : `${what.name} deleted` });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: patKeys.all }),
  });
  const confirmDelete = async () => {
    if (deleting) await removal.mutateAsync(deleting);
  };

  return (
    <Stack maw={1200}>
      <Group justify="space-between" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            Personal Access Tokens
          </Title>
          <Text c="dimmed" size="sm">
            Manage access tokens and scopes securely
          </Text>
        </div>
        <Group gap="sm">
          <Button
            color="red"
            variant="light"
            leftSection={<IconTrash size={16} />}
            disabled={unfiltered && list.isSuccess && rows.length === 0}
            onClick={() => setDeleting("all")}
          >
            Delete All
          </Button>
          <Button component={Link} to="/personal-access-tokens/new" leftSection={<IconPlus size={16} />}>
            Create PAT
          </Button>
        </Group>
      </Group>
      <ExpiringBanner onShow={() => setSort("expires_at", "asc", "active")} />
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Status"
          data={statusChoices}
          value={status}
          allowDeselect={false}
          w={160}
          onChange={(v) => setParam("status", v === "active" ? undefined : (v ?? undefined))}
        />
        <Select
          label="Sort"
          data={sortChoices}
          value={`${order}:${dir}`}
          allowDeselect={false}
          w={180}
          onChange={(v) => {
            const [o, d] = (v ?? "").split(":");
            const next = toSort(o ?? null, d ?? null);
            setSort(next.order, next.dir);
          }}
        />
        <TextInput
          label="Search by name"
          leftSection={<IconSearch size={16} />}
          value={search}
          miw={220}
          style={{ flex: 1 }}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setParam("name", e.currentTarget.value || undefined);
          }}
        />
      </Group>
      {list.error && (
        <Alert color="red" role="alert">
          {list.error.message}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={wide ? 820 : 0}>
        <Table highlightOnHover verticalSpacing="sm" horizontalSpacing={wide ? "sm" : 6} aria-label="Personal Access Tokens">
          <Table.Thead>
            <Table.Tr>
              {!wide && <DetailsHeading />}
              <Table.Th>Name</Table.Th>
              {wide && <Table.Th>Description</Table.Th>}
              <Table.Th>Status</Table.Th>
              {wide && <Table.Th aria-sort={ariaSort("issued_at")}>Issued</Table.Th>}
              <Table.Th aria-sort={ariaSort("expires_at")}>Expires</Table.Th>
              {wide && <Table.Th>Last used</Table.Th>}
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.isLoading && <RowsLoading columns={wide ? 7 : 5} label="Loading Personal Access Tokens" />}
            {rows.map((pat) => (
              <PatRow key={pat.id} pat={pat} wide={wide} onDelete={() => setDeleting(pat)} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && rows.length === 0 && (
        <Stack gap={4}>
          <Text c="dimmed">
            {name
              ? `No ${status === "all" ? "" : `${status} `}PAT has a name containing “${name}”.`
              : `No ${status === "all" ? "" : `${status} `}Personal Access Tokens.`}
          </Text>
          {!name && status !== "revoked" && status !== "expired" && (
            <Text size="sm">
              A PAT lets a script or a device call the API with only the operations you allow.{" "}
              <Anchor component={Link} to="/personal-access-tokens/new">
                Create your first PAT
              </Anchor>
              .
            </Text>
          )}
        </Stack>
      )}
      {(list.data?.total ?? 0) > PAGE && (
        <Pagination total={Math.ceil((list.data?.total ?? 0) / PAGE)} value={page} onChange={(p) => setParam("page", String(p))} />
      )}
      <ConfirmDialog
        opened={deleting !== undefined}
        onClose={() => setDeleting(undefined)}
        onConfirm={confirmDelete}
        title={deleting === "all" ? "Delete all Personal Access Tokens?" : "Delete this PAT?"}
        confirmLabel="Delete"
      >
        {deleting === "all"
          ? !all.isSuccess
            ? "Counting your Personal Access Tokens…"
            : total === 0
              ? "You have no Personal Access Tokens: there is nothing to delete."
              : total === 1
                ? "This deletes your 1 Personal Access Token and its scopes. Anything using it loses access at once."
                : `This deletes all ${total} of your Personal Access Tokens and their scopes. Anything using them loses access at once.`
          : `${deleting?.name ?? ""} and its scopes will be deleted. Anything using it loses access at once.`}
      </ConfirmDialog>
    </Stack>
  );
}

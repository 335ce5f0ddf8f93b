import { ActionIcon, Alert, Button, Group, Paper, Skeleton, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { counted } from "../../api/limits.ts";
import type { Domain, Scope } from "../../api/types.ts";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { CopyId } from "../../ui/copy-id.tsx";
import { AddScopeDialog } from "./add-scope-dialog.tsx";
import { removeAllScopes, removeScopes } from "./pat-api.ts";
import { patKeys, useAllScopes, useCatalog } from "./pat-queries.ts";
import { entityTypeLabels } from "./entity-types.ts";
import { groupScopes } from "./scope-groups.ts";
import { useScopeNames } from "./scope-names.ts";
import type { ScopeGroup } from "./scope-groups.ts";

type Removing = { kind: "all" } | { kind: "group"; group: ScopeGroup } | { kind: "one"; scope: Scope };

/** The scopes table of a PAT, grouped by entity: remove one scope, an entity's scopes, or all; Add Scope. */
export function ScopesSection({ patId, domain }: { patId: string; domain: Domain | undefined }) {
  const queryClient = useQueryClient();
  const scopes = useAllScopes(patId);
  const catalog = useCatalog();
  const rows = scopes.data?.scopes ?? [];
  const names = useScopeNames(domain, rows);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Removing>();
  const describe = (entityType: string, operation: string) =>
    catalog.data?.entity_types.find((t) => t.entity_type === entityType)?.operations.find((o) => o.name === operation)?.description;
  const groupName = (g: { entityType: string; entityId: string; domainId: string }) => {
    if (g.entityType === "domains") return names.domain(g.domainId) ?? g.domainId;
    if (g.entityId === "*") return `All ${(entityTypeLabels[g.entityType] ?? g.entityType).toLowerCase()}`;
    return names.entity(g.domainId, g.entityType, g.entityId) ?? g.entityId;
  };
  const remove = useMutation({
    mutationFn: async (what: Removing) => {
      if (what.kind === "all") await removeAllScopes(patId);
      else if (what.kind === "group")
        await removeScopes(
          patId,
          what.group.scopes.map((s) => s.id),
        );
      else await removeScopes(patId, [what.scope.id]);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: patKeys.detail(patId) }),
  });
  const total = scopes.data?.total ?? 0;
  const groups = groupScopes(rows);
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            Scopes{total > 0 ? ` (${total})` : ""}
          </Title>
          <Group gap="sm">
            <Button
              variant="light"
              color="red"
              size="sm"
              leftSection={<IconTrash size={16} />}
              disabled={rows.length === 0}
              onClick={() => setRemoving({ kind: "all" })}
            >
              Delete All
            </Button>
            <Button size="sm" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
              Add Scope
            </Button>
          </Group>
        </Group>
        {scopes.error && (
          <Alert color="red" role="alert">
            {scopes.error.message}
          </Alert>
        )}
        {scopes.isLoading && <Skeleton height={80} aria-label="Loading scopes" />}
        {groups.length > 0 && (
          <Table aria-label="Scopes" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Operation</Table.Th>
                <Table.Th w={48}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            {groups.map((g) => (
              <Table.Tbody key={g.key} aria-label={`Scopes on ${groupName(g)}`}>
                <Table.Tr bg="var(--mantine-color-gray-light)">
                  <Table.Td>
                    <Stack gap={0}>
                      <Text size="sm" fw={600}>
                        {entityTypeLabels[g.entityType] ?? g.entityType} · {groupName(g)} · {counted(g.scopes.length, "operation")}
                      </Text>
                      {g.entityType !== "domains" && g.domainId !== domain?.id && (
                        <Text size="xs" c="dimmed">
                          in the domain {names.domain(g.domainId) ?? g.domainId}
                        </Text>
                      )}
                      {g.entityId !== "*" && <CopyId id={g.entityType === "domains" ? g.domainId : g.entityId} of={groupName(g)} />}
                    </Stack>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Tooltip label={`Delete the ${counted(g.scopes.length, "scope")} on ${groupName(g)}`}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete all scopes on ${groupName(g)}`}
                        onClick={() => setRemoving({ kind: "group", group: g })}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
                {g.scopes.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td pl="lg">
                      <Text span ff="monospace" size="sm" style={{ wordBreak: "break-word" }}>
                        {s.operation}
                      </Text>
                      <Text span size="xs" c="dimmed">
                        {" "}
                        {describe(s.entity_type, s.operation)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Tooltip label="Delete scope">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Delete scope ${s.operation} on ${groupName(g)}`}
                          onClick={() => setRemoving({ kind: "one", scope: s })}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            ))}
          </Table>
        )}
        {!scopes.isLoading && rows.length === 0 && <Text c="dimmed">No scopes: this PAT can do nothing yet. Add Scope to allow an operation.</Text>}
      </Stack>
      <AddScopeDialog patId={patId} domain={domain} opened={adding} onClose={() => setAdding(false)} />
      <ConfirmDialog
        opened={removing !== undefined}
        onClose={() => setRemoving(undefined)}
        onConfirm={async () => {
          if (removing) await remove.mutateAsync(removing);
        }}
        confirmLabel="Delete"
        title={removing?.kind === "all" ? "Delete all scopes?" : removing?.kind === "group" ? "Delete these scopes?" : "Delete this scope?"}
      >
        {removing?.kind === "all"
          ? `${total === 1 ? "The 1 scope" : `All ${counted(total, "scope")}`} of this PAT will be deleted; it will be allowed nothing.`
          : removing?.kind === "group"
            ? `The PAT will no longer be allowed any of the ${counted(removing.group.scopes.length, "operation")} on ${groupName(removing.group)}.`
            : removing
              ? `The PAT will no longer be allowed ${removing.scope.operation} on ${groupName({ entityType: removing.scope.entity_type, entityId: removing.scope.entity_id, domainId: removing.scope.domain_id })}.`
              : ""}
      </ConfirmDialog>
    </Paper>
  );
}

import { ActionIcon, Alert, Button, Group, Modal, Pagination, Paper, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useMediaQuery } from "@mantine/hooks";
import { useState } from "react";
import { messageOf } from "../../api/client.ts";
import type { Domain, Scope } from "../../api/types.ts";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { NeedDomain } from "../../ui/need-domain.tsx";
import { useLoad } from "../../ui/use-load.ts";
import { addScopes, fetchCatalog, listScopes, removeAllScopes, removeScopes } from "./pat-api.ts";
import { emptyDraft, entityTypeLabels, problemOf, toNewScope } from "./scope-draft.ts";
import { ScopeRowEditor } from "./scope-row-editor.tsx";
import { useScopeNames } from "./use-scope-names.ts";

const PAGE = 20;

function AddScopeDialog({
  patId,
  domain,
  opened,
  onClose,
  onAdded,
}: {
  patId: string;
  domain: Domain | undefined;
  opened: boolean;
  onClose: () => void;
  onAdded: () => void;
}) {
  const catalog = useLoad(fetchCatalog, []);
  const [draft, setDraft] = useState(emptyDraft);
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const problem = problemOf(draft);
  const close = () => {
    setDraft(emptyDraft);
    setSubmitted(false);
    setError(undefined);
    onClose();
  };
  const add = async () => {
    setSubmitted(true);
    if (problem || !domain) return;
    setBusy(true);
    try {
      await addScopes(patId, [toNewScope(draft, domain.id)]);
      onAdded();
      close();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title="Add Scope" size="xl" centered>
      <Stack>
        {domain ? (
          <ScopeRowEditor
            legend="New scope"
            draft={draft}
            onChange={setDraft}
            catalog={catalog.data}
            domain={domain}
            error={submitted ? problem : undefined}
          />
        ) : (
          <NeedDomain />
        )}
        {(error ?? catalog.error) && (
          <Alert color="red" role="alert">
            {error ?? catalog.error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button loading={busy} disabled={!domain} onClick={() => void add()}>
            Add Scope
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The scopes table of a PAT: trash per row, Add Scope, Delete All. */
export function ScopesSection({ patId, domain }: { patId: string; domain: Domain | undefined }) {
  const [page, setPage] = useState(1);
  const scopes = useLoad(() => listScopes(patId, (page - 1) * PAGE, PAGE), [patId, page]);
  const rows = scopes.data?.scopes ?? [];
  const nameOf = useScopeNames(rows);
  const [adding, setAdding] = useState(false);
  const wide = useMediaQuery("(min-width: 48em)") ?? true;
  const [removing, setRemoving] = useState<Scope | "all">();
  const entityName = (s: Scope) => (s.entity_id === "*" ? "All" : (nameOf(s.entity_id) ?? s.entity_id));
  const remove = async () => {
    if (removing === "all") await removeAllScopes(patId);
    else if (removing) await removeScopes(patId, [removing.id]);
    scopes.reload();
  };
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            Scopes
          </Title>
          <Group gap="sm">
            <Button
              variant="light"
              color="red"
              size="sm"
              leftSection={<IconTrash size={16} />}
              disabled={rows.length === 0}
              onClick={() => setRemoving("all")}
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
            {scopes.error}
          </Alert>
        )}
        <Table.ScrollContainer minWidth={wide ? 600 : 0}>
          <Table aria-label="Scopes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Entity type</Table.Th>
                <Table.Th>Entity</Table.Th>
                <Table.Th>Operation</Table.Th>
                <Table.Th visibleFrom="sm">Domain</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{entityTypeLabels[s.entity_type] ?? s.entity_type}</Table.Td>
                  <Table.Td>{entityName(s)}</Table.Td>
                  <Table.Td>
                    <Text span ff="monospace" size="sm" style={{ wordBreak: "break-word" }}>
                      {s.operation}
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">{nameOf(s.domain_id) ?? s.domain_id}</Table.Td>
                  <Table.Td ta="right">
                    <Tooltip label="Delete scope">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete scope ${s.operation} on ${entityName(s)}`}
                        onClick={() => setRemoving(s)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {!scopes.loading && rows.length === 0 && <Text c="dimmed">No scopes: this PAT can do nothing yet. Add Scope to allow an operation.</Text>}
        {(scopes.data?.total ?? 0) > PAGE && <Pagination total={Math.ceil((scopes.data?.total ?? 0) / PAGE)} value={page} onChange={setPage} />}
      </Stack>
      <AddScopeDialog patId={patId} domain={domain} opened={adding} onClose={() => setAdding(false)} onAdded={scopes.reload} />
      <ConfirmDialog
        opened={removing !== undefined}
        onClose={() => setRemoving(undefined)}
        onConfirm={remove}
        confirmLabel="Delete"
        title={removing === "all" ? "Delete all scopes?" : "Delete this scope?"}
      >
        {removing === "all"
          ? `All ${scopes.data?.total ?? 0} scopes of this PAT will be deleted; it will be allowed nothing.`
          : removing
            ? `The PAT will no longer be allowed ${removing.operation} on ${entityName(removing)}.`
            : ""}
      </ConfirmDialog>
    </Paper>
  );
}

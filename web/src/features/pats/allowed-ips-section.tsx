import { Button, Code, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";
import { messageOf } from "../../api/client.ts";
import { fieldErrorOf } from "../../api/field-error.ts";
import type { Pat } from "../../api/types.ts";
import { AddressListInput } from "../../ui/address-list-input.tsx";
import { setAllowedIps } from "./access-api.ts";

function Editor({ pat, onSaved, onCancel }: { pat: Pat; onSaved: (pat: Pat) => void; onCancel: () => void }) {
  const [values, setValues] = useState<string[]>(() => pat.allowed_ips ?? []);
  const [emptyRows, setEmptyRows] = useState<Record<number, string>>({});
  const saving = useMutation({
    mutationFn: (list: string[]) => setAllowedIps(pat.id, list),
    onSuccess: (saved, list) => {
      onSaved(saved);
      notifications.show({ color: "teal", message: list.length ? "Allowed addresses saved" : "The PAT may be used from any address" });
    },
  });
  // The server names the row it refuses (`body.allowed_ips[1] is not …`); anything else shows under the list.
  const named = saving.error ? fieldErrorOf(saving.error) : undefined;
  const onRow = named?.field === "allowed_ips" && named.index !== undefined;
  const rowErrors = onRow && named.index !== undefined ? { ...emptyRows, [named.index]: named.message } : emptyRows;
  const error = saving.error && !onRow ? messageOf(saving.error) : undefined;
  const busy = saving.isPending;
  const save = (event: FormEvent) => {
    event.preventDefault();
    const list = values.map((v) => v.trim());
    const empty = Object.fromEntries(list.flatMap((v, i) => (v ? [] : [[i, "Enter an address or range, or remove this row"]])));
    setEmptyRows(empty);
    saving.reset();
    if (Object.keys(empty).length === 0) saving.mutate(list);
  };
  return (
    <form onSubmit={save} noValidate>
      <Stack gap="sm">
        <AddressListInput
          label="Allowed addresses"
          description="At most 32 IPv4 or IPv6 addresses or CIDR ranges (203.0.113.7, 10.0.0.0/8, 2001:db8::/32). None: any address."
          emptyText="Any address."
          values={values}
          onChange={(next) => {
            setValues(next);
            setEmptyRows({});
            saving.reset();
          }}
          errors={rowErrors}
          error={error}
          disabled={busy}
        />
        <Group>
          <Button type="submit" loading={busy}>
            Save addresses
          </Button>
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The addresses the PAT may be used from (address binding): the secret from anywhere else is refused. Shows the
 * list, and edits it as a whole (`PATCH /pats/{id}/allowed-ips`; an empty list lifts the binding).
 */
export function AllowedIpsSection({ pat, onChanged }: { pat: Pat; onChanged: (pat: Pat) => void }) {
  const [editing, setEditing] = useState(false);
  const ips = pat.allowed_ips ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-label="Allowed addresses">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Allowed addresses
          </Title>
          {!editing && (
            <Button size="xs" variant="default" onClick={() => setEditing(true)}>
              Edit addresses
            </Button>
          )}
        </Group>
        {editing ? (
          <Editor
            pat={pat}
            onCancel={() => setEditing(false)}
            onSaved={(next) => {
              setEditing(false);
              onChanged(next);
            }}
          />
        ) : ips.length ? (
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              This PAT is refused from any other address.
            </Text>
            <Group gap="xs" aria-label="Allowed address list" role="list">
              {ips.map((ip) => (
                <Code key={ip} role="listitem">
                  {ip}
                </Code>
              ))}
            </Group>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            Usable from any address.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

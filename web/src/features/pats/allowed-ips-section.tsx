import { Button, Code, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import type { FormEvent } from "react";
import { messageOf } from "../../api/client.ts";
import { fieldErrorOf } from "../../api/field-error.ts";
import type { Pat } from "../../api/types.ts";
import { AddressListInput } from "../../ui/address-list-input.tsx";
import { setAllowedIps } from "./access-api.ts";

function Editor({ pat, onSaved, onCancel }: { pat: Pat; onSaved: (pat: Pat) => void; onCancel: () => void }) {
  const [values, setValues] = useState<string[]>(() => pat.allowed_ips ?? []);
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const list = values.map((v) => v.trim());
    const empty = Object.fromEntries(list.flatMap((v, i) => (v ? [] : [[i, "Enter an address or range, or remove this row"]])));
    setRowErrors(empty);
    setError(undefined);
    if (Object.keys(empty).length > 0) return;
    setBusy(true);
    try {
      onSaved(await setAllowedIps(pat.id, list));
      notifications.show({ color: "teal", message: list.length ? "Allowed addresses saved" : "The PAT may be used from any address" });
    } catch (e) {
      const named = fieldErrorOf(e);
      if (named?.field === "allowed_ips" && named.index !== undefined) setRowErrors({ [named.index]: named.message });
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void save(e)} noValidate>
      <Stack gap="sm">
        <AddressListInput
          label="Allowed addresses"
          description="At most 32 IPv4 or IPv6 addresses or CIDR ranges (203.0.113.7, 10.0.0.0/8, 2001:db8::/32). None: any address."
          emptyText="Any address."
          values={values}
          onChange={(next) => {
            setValues(next);
            setRowErrors({});
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

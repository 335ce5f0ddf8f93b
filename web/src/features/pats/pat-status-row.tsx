import { Button, Group, Paper, Text } from "@mantine/core";
import { IconBan, IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import type { Pat } from "../../api/types.ts";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { expiresText, fullDate, relative } from "../../ui/times.ts";
import { revokePat } from "./pat-api.ts";
import { RegenerateDialog } from "./regenerate-dialog.tsx";
import { StatusBadge } from "./status-badge.tsx";

export interface PatStatusRowProps {
  pat: Pat;
  onChanged: () => void;
  onRegenerated: (pat: Pat) => void;
}

function Fact({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" title={title}>
        {value}
      </Text>
    </div>
  );
}

/** The status row: status and times, Revoke when active, Regenerate when revoked or expired. */
export function PatStatusRow({ pat, onChanged, onRegenerated }: PatStatusRowProps) {
  const [revoking, setRevoking] = useState(false);
  const [regenerating, setRegenerating] = useState(false);
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" wrap="wrap" gap="md">
        <Group gap="xl" wrap="wrap">
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Status
            </Text>
            <StatusBadge status={pat.status} />
          </div>
          <Fact label="Issued" value={relative(pat.issued_at)} title={fullDate(pat.issued_at)} />
          <Fact label="Expires" value={expiresText(pat.expires_at)} title={fullDate(pat.expires_at)} />
          <Fact label="Last used" value={pat.last_used_at ? relative(pat.last_used_at) : "never"} />
          {pat.revoked_at && <Fact label="Revoked" value={relative(pat.revoked_at)} title={fullDate(pat.revoked_at)} />}
        </Group>
        {pat.status === "active" ? (
          <Button color="red" variant="light" leftSection={<IconBan size={16} />} onClick={() => setRevoking(true)}>
            Revoke
          </Button>
        ) : (
          <Button leftSection={<IconRefresh size={16} />} onClick={() => setRegenerating(true)}>
            Regenerate
          </Button>
        )}
      </Group>
      <ConfirmDialog
        opened={revoking}
        onClose={() => setRevoking(false)}
        title="Revoke this PAT?"
        confirmLabel="Revoke"
        onConfirm={async () => {
          await revokePat(pat.id);
          onChanged();
        }}
      >
        Anything using this token loses access at once. You can regenerate it later with a new secret.
      </ConfirmDialog>
      <RegenerateDialog pat={pat} opened={regenerating} onClose={() => setRegenerating(false)} onRegenerated={onRegenerated} />
    </Paper>
  );
}

import { Alert, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { IconBan, IconClockHour4, IconRefresh } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useState } from "react";
import { ConfirmDialog } from "../../ui/confirm-dialog.tsx";
import { ExactTime } from "../../ui/exact-time.tsx";
import { exactTime, expiresText, relative } from "../../ui/times.ts";
import { ExpiresSoonBadge } from "./expires-soon-badge.tsx";
import type { PatWithGrace } from "./grace.ts";
import { revokePat } from "./pat-api.ts";
import { RegenerateDialog } from "./regenerate-dialog.tsx";
import { StatusBadge } from "./status-badge.tsx";

export interface PatStatusRowProps {
  pat: PatWithGrace;
  onRevoked: () => void;
  onRegenerated: (pat: PatWithGrace) => void;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** While the previous secret still works after a regenerate with a grace period: until when, exactly. */
function GraceNotice({ endsAt }: { endsAt: string }) {
  const [local, utc] = exactTime(endsAt);
  return (
    <Alert color="blue" variant="light" icon={<IconClockHour4 />} role="status" aria-label="Grace period">
      <Text size="sm">
        The previous secret keeps working until {local} ({utc}).
      </Text>
    </Alert>
  );
}

/**
 * The status row: status and times (exact on hover or focus), Revoke when active, Regenerate at any time (an active
 * PAT's secret can be rotated, with a grace period for the previous one).
 */
export function PatStatusRow({ pat, onRevoked, onRegenerated }: PatStatusRowProps) {
  const [revoking, setRevoking] = useState(false);
  const revoke = useMutation({ mutationFn: () => revokePat(pat.id), onSuccess: onRevoked });
  const [regenerating, setRegenerating] = useState(false);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="md">
          <Group gap="xl" wrap="wrap">
            <Fact label="Status">
              <Group gap={6} wrap="wrap">
                <StatusBadge status={pat.status} />
                <ExpiresSoonBadge pat={pat} />
              </Group>
            </Fact>
            <Fact label="Issued">
              <ExactTime time={pat.issued_at}>{relative(pat.issued_at)}</ExactTime>
            </Fact>
            <Fact label="Expires">
              <ExactTime time={pat.expires_at}>{expiresText(pat.expires_at)}</ExactTime>
            </Fact>
            <Fact label="Last used">{pat.last_used_at ? <ExactTime time={pat.last_used_at}>{relative(pat.last_used_at)}</ExactTime> : "never"}</Fact>
            {pat.revoked_at && (
              <Fact label="Revoked">
                <ExactTime time={pat.revoked_at}>{relative(pat.revoked_at)}</ExactTime>
              </Fact>
            )}
          </Group>
          <Group gap="sm">
            {pat.status === "active" && (
              <Button color="red" variant="light" leftSection={<IconBan size={16} />} onClick={() => setRevoking(true)}>
                Revoke
              </Button>
            )}
            <Button
              variant={pat.status === "active" ? "default" : "filled"}
              leftSection={<IconRefresh size={16} />}
              onClick={() => setRegenerating(true)}
            >
              Regenerate
            </Button>
          </Group>
        </Group>
        {pat.grace_ends_at && <GraceNotice endsAt={pat.grace_ends_at} />}
      </Stack>
      <ConfirmDialog
        opened={revoking}
        onClose={() => setRevoking(false)}
        title="Revoke this PAT?"
        confirmLabel="Revoke"
        onConfirm={async () => {
          await revoke.mutateAsync();
        }}
      >
        Anything using this token loses access at once. You can regenerate it later with a new secret.
      </ConfirmDialog>
      <RegenerateDialog pat={pat} opened={regenerating} onClose={() => setRegenerating(false)} onRegenerated={onRegenerated} />
    </Paper>
  );
}

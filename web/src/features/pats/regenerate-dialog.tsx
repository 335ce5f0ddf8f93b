import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { messageOf } from "../../api/client.ts";
import type { Pat } from "../../api/types.ts";
import { DurationPicker } from "./duration-picker.tsx";
import { checkDuration, defaultDuration } from "./durations.ts";
import { regeneratePat } from "./pat-api.ts";

export interface RegenerateDialogProps {
  pat: Pat;
  opened: boolean;
  onClose: () => void;
  onRegenerated: (pat: Pat) => void;
}

/** Regenerate: a new secret and a new Duration; name, description and scopes stay. */
export function RegenerateDialog({ pat, opened, onClose, onRegenerated }: RegenerateDialogProps) {
  const [duration, setDuration] = useState(defaultDuration);
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const checked = checkDuration(duration);
  const close = () => {
    setSubmitted(false);
    setError(undefined);
    onClose();
  };
  const regenerate = async () => {
    setSubmitted(true);
    if (!checked.ok) return;
    setBusy(true);
    setError(undefined);
    try {
      onRegenerated(await regeneratePat(pat.id, checked.duration));
      close();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title="Regenerate PAT" centered>
      <Stack>
        <Text size="sm">A new secret replaces the old one, which stops working at once. The name, description and scopes stay.</Text>
        <DurationPicker value={duration} onChange={setDuration} error={submitted && !checked.ok ? checked.problem : undefined} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button loading={busy} onClick={() => void regenerate()}>
            Regenerate
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

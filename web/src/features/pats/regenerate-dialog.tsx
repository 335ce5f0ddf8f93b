import { Alert, Button, Group, Modal, Select, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { fieldError } from "../../api/field-errors.ts";
import { DurationPicker } from "./duration-picker.tsx";
import { checkDuration, defaultDuration } from "./durations.ts";
import { graceChoices, graceLabel, isGraceChoice } from "./grace.ts";
import type { GraceChoice, PatWithGrace } from "./grace.ts";
import { regeneratePat } from "./pat-api.ts";

export interface RegenerateDialogProps {
  pat: PatWithGrace;
  opened: boolean;
  onClose: () => void;
  onRegenerated: (pat: PatWithGrace) => void;
}

/**
 * Regenerate: a new secret and a new Duration; name, description and scopes stay. An optional Grace period keeps the
 * previous secret working a while (for an active PAT whose users need time to switch).
 */
export function RegenerateDialog({ pat, opened, onClose, onRegenerated }: RegenerateDialogProps) {
  const [duration, setDuration] = useState(defaultDuration);
  const [grace, setGrace] = useState<GraceChoice>("none");
  const [submitted, setSubmitted] = useState(false);
  const checked = checkDuration(duration);
  const regenerate = useMutation({
    mutationFn: (d: string) => regeneratePat(pat.id, d, grace),
    onSuccess: (next) => {
      onRegenerated(next);
      close();
    },
  });
  const serverError = regenerate.error ? fieldError(regenerate.error) : undefined;
  function close() {
    setSubmitted(false);
    setGrace("none");
    regenerate.reset();
    onClose();
  }
  const submit = () => {
    setSubmitted(true);
    if (checked.ok) regenerate.mutate(checked.duration);
  };
  return (
    <Modal opened={opened} onClose={close} title="Regenerate PAT" centered>
      <Stack>
        <Text size="sm">A new secret replaces the old one. The name, description and scopes stay.</Text>
        <DurationPicker
          value={duration}
          onChange={setDuration}
          error={(submitted && !checked.ok ? checked.problem : undefined) ?? (serverError?.field === "duration" ? serverError.message : undefined)}
        />
        <Select
          label="Grace period"
          description={graceLabel(grace)}
          data={graceChoices}
          value={grace}
          allowDeselect={false}
          onChange={(v) => setGrace(isGraceChoice(v) ? v : "none")}
        />
        {serverError && serverError.field !== "duration" && (
          <Alert color="red" role="alert">
            {serverError.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button loading={regenerate.isPending} onClick={submit}>
            Regenerate
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

import { Alert, Button, Group } from "@mantine/core";
import type { ButtonProps } from "@mantine/core";
import type { ReactNode } from "react";

export interface DialogFooterProps {
  /** The error of the last submit, shown above the buttons, next to the button that caused it. */
  error?: string | undefined;
  onCancel: () => void;
  onSubmit: () => void;
  submitLabel: ReactNode;
  busy: boolean;
  /** The submit button's look and state (`color`, `disabled`, `data-autofocus`…). */
  submitProps?: ButtonProps & { "data-autofocus"?: boolean };
}

/** The foot of a dialog: its error, then Cancel and the submit button (busy while the request runs). */
export function DialogFooter({ error, onCancel, onSubmit, submitLabel, busy, submitProps }: DialogFooterProps) {
  return (
    <>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button {...submitProps} loading={busy} onClick={onSubmit}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}

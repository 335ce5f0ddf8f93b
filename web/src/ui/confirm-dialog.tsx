import { Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import type { ReactNode } from "react";
import { messageOf } from "../api/client.ts";
import { DialogFooter } from "./dialog-footer.tsx";

export interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** A yes/no dialog for a destructive action; an API error shows inside it, next to the button that caused it. */
export function ConfirmDialog({ opened, title, children, confirmLabel, onConfirm, onClose }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const close = () => {
    setError(undefined);
    onClose();
  };
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      close();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={title} centered>
      <Stack>
        <Text component="div">{children}</Text>
        <DialogFooter
          error={error}
          onCancel={close}
          onSubmit={() => void confirm()}
          submitLabel={confirmLabel}
          busy={busy}
          submitProps={{ color: "red", "data-autofocus": true }}
        />
      </Stack>
    </Modal>
  );
}

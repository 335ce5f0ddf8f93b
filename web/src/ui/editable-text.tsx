import { ActionIcon, Button, Group, Stack, Text, TextInput, Textarea, Tooltip } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { messageOf } from "../api/client.ts";

export interface EditableTextProps {
  label: string;
  value: string;
  /** How the value reads when not being edited. */
  display: ReactNode;
  multiline?: boolean;
  /** A problem with a new value, checked before sending. */
  check: (value: string) => string | undefined;
  save: (value: string) => Promise<void>;
}

/** A value edited in place: a pencil opens a labelled input with Save and Cancel; API errors show beside it. */
export function EditableText({ label, value, display, multiline, check, save }: EditableTextProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = check(draft);
    if (problem) return setError(problem);
    setBusy(true);
    try {
      await save(draft);
      setEditing(false);
      setError(undefined);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (!editing) {
    return (
      <Group gap="xs" wrap="nowrap" align="center">
        {display}
        <Tooltip label={`Edit ${label.toLowerCase()}`}>
          <ActionIcon
            variant="subtle"
            aria-label={`Edit ${label.toLowerCase()}`}
            onClick={() => {
              setDraft(value);
              setEditing(true);
            }}
          >
            <IconPencil size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
    );
  }
  const input = {
    label,
    value: draft,
    error,
    autoFocus: true,
    onChange: (e: { currentTarget: { value: string } }) => setDraft(e.currentTarget.value),
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate style={{ width: "100%" }}>
      <Stack gap="xs">
        {multiline ? <Textarea {...input} autosize minRows={2} /> : <TextInput {...input} />}
        <Group gap="xs">
          <Button type="submit" size="xs" loading={busy}>
            Save
          </Button>
          <Button
            size="xs"
            variant="default"
            onClick={() => {
              setEditing(false);
              setError(undefined);
            }}
          >
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function Muted({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" fs="italic">
      {children}
    </Text>
  );
}

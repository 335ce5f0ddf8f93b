import { Select, Stack, Text, TextInput } from "@mantine/core";
import { fullDate } from "../../ui/times.ts";
import { checkDuration, durationChoices } from "./durations.ts";
import type { DurationValue } from "./durations.ts";

export interface DurationPickerProps {
  value: DurationValue;
  onChange: (value: DurationValue) => void;
  /** A problem to show, once the form has been submitted. */
  error?: string | undefined;
}

/** Duration: a choice of common lifetimes or a custom value, with the resulting expiry date. */
export function DurationPicker({ value, onChange, error }: DurationPickerProps) {
  const checked = checkDuration(value);
  const expires = checked.ok ? fullDate(new Date(Date.now() + checked.ms)) : undefined;
  return (
    <Stack gap={6}>
      <Select
        label="Duration"
        data={durationChoices}
        value={value.choice}
        allowDeselect={false}
        required
        onChange={(choice) => onChange({ ...value, choice: choice ?? value.choice })}
        error={value.choice === "custom" ? undefined : error}
      />
      {value.choice === "custom" && (
        <TextInput
          label="Custom duration"
          description="e.g. 45m, 12h, 10d, 2w or 1h30m"
          value={value.custom}
          required
          onChange={(e) => onChange({ ...value, custom: e.currentTarget.value })}
          error={error}
        />
      )}
      <Text size="sm" c="dimmed" aria-live="polite">
        {expires ? `Expires on ${expires}` : "Expiry: enter a valid duration"}
      </Text>
    </Stack>
  );
}

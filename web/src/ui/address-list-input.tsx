import { ActionIcon, Button, Group, Input, Stack, Text, TextInput } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";

export interface AddressListInputProps {
  label: string;
  description: string;
  values: string[];
  onChange: (values: string[]) => void;
  /** A problem per row (by index), shown on that row. */
  errors?: Record<number, string> | undefined;
  /** A problem with the list as a whole. */
  error?: string | undefined;
  /** Shown when the list is empty. */
  emptyText: string;
  disabled?: boolean;
}

/** A list of IPv4/IPv6 addresses or CIDR ranges: one text row each, added and removed one at a time. */
export function AddressListInput({ label, description, values, onChange, errors, error, emptyText, disabled }: AddressListInputProps) {
  const set = (index: number, value: string) => onChange(values.map((v, i) => (i === index ? value : v)));
  return (
    <Input.Wrapper label={label} description={description} error={error} role="group" aria-label={label}>
      <Stack gap="xs" mt={6}>
        {values.length === 0 && (
          <Text size="sm" c="dimmed">
            {emptyText}
          </Text>
        )}
        {values.map((value, index) => (
          <Group key={index} gap="xs" wrap="nowrap" align="flex-start">
            <TextInput
              aria-label={`Address ${index + 1}`}
              placeholder="203.0.113.0/24"
              value={value}
              disabled={disabled}
              onChange={(e) => set(index, e.currentTarget.value)}
              error={errors?.[index]}
              style={{ flex: 1 }}
              ff="monospace"
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mt={4}
              disabled={disabled}
              onClick={() => onChange(values.filter((_, i) => i !== index))}
              aria-label={`Remove address ${index + 1}`}
            >
              <IconTrash size={18} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="default" size="xs" leftSection={<IconPlus size={14} />} disabled={disabled} onClick={() => onChange([...values, ""])}>
            Add address
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}

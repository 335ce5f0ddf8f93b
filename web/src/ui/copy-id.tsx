import { ActionIcon, CopyButton, Group, Text, Tooltip } from "@mantine/core";
import type { MantineSize } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";

/** An id in full (monospace, wrapping) with a Copy button named after what it identifies. */
export function CopyId({ id, of, size = "xs" }: { id: string; of: string; size?: MantineSize }) {
  return (
    <Group gap={4} wrap="nowrap" align="center">
      <Text span ff="monospace" size={size} style={{ overflowWrap: "anywhere" }} data-testid="copy-id">
        {id}
      </Text>
      <CopyButton value={id}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? "Copied" : "Copy ID"}>
            <ActionIcon variant="subtle" size="sm" onClick={copy} aria-label={`Copy ID of ${of}`}>
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

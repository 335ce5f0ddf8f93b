import { Alert, Button, Code, CopyButton, Group, Stack, Text } from "@mantine/core";
import { IconCheck, IconCopy, IconKey } from "@tabler/icons-react";

/** The PAT secret, shown once right after create or regenerate, with a Copy button. */
export function SecretBanner({ secret }: { secret: string }) {
  return (
    <Alert color="teal" icon={<IconKey />} title="Copy your Personal Access Token now" role="status">
      <Stack gap="xs">
        <Text size="sm">This secret is shown only once. It will not be shown again once you leave or reload this page.</Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code data-testid="pat-secret" style={{ overflowWrap: "anywhere", flex: 1 }}>
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                color={copied ? "teal" : "dark"}
                onClick={copy}
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              >
                {copied ? "Copied" : "Copy"}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}

import { Alert, Button, Code, CopyButton, Group, Stack, Tabs, Text } from "@mantine/core";
import { IconCheck, IconCopy, IconKey } from "@tabler/icons-react";
import { useAllScopes } from "./pat-queries.ts";
import { useCurrentDomain } from "../domains/current-domain.tsx";
import { useScopeNames } from "./scope-names.ts";
import { tryIt } from "./try-it.ts";

function CopyText({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button
          size="xs"
          color={copied ? "teal" : "dark"}
          onClick={copy}
          aria-label={copied ? "Copied" : label}
          leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      )}
    </CopyButton>
  );
}

/** A ready request with the new secret, against one of the PAT's scopes: a `curl` line and an SDK snippet. */
function TryItNow({ secret, patId }: { secret: string; patId: string }) {
  const scopes = useAllScopes(patId);
  const { domain } = useCurrentDomain();
  const names = useScopeNames(domain, scopes.data?.scopes ?? []);
  if (!scopes.data) return null;
  const example = tryIt(scopes.data.scopes, window.location.origin, names);
  const curl = `PATIO_PAT='${secret}'\n${example.curl}`;
  return (
    <Stack gap={4} aria-label="Try it">
      <Text size="sm" fw={600}>
        Try it: {example.what}
      </Text>
      <Tabs defaultValue="curl" variant="outline">
        <Tabs.List>
          <Tabs.Tab value="curl">curl</Tabs.Tab>
          {example.sdk && <Tabs.Tab value="sdk">Magistrala SDK</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="curl" pt="xs">
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Code block data-testid="try-curl" style={{ flex: 1, whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {curl}
            </Code>
            <CopyText value={curl} label="Copy the curl command" />
          </Group>
        </Tabs.Panel>
        {example.sdk && (
          <Tabs.Panel value="sdk" pt="xs">
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Code block data-testid="try-sdk" style={{ flex: 1, whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                {`// PATIO_PAT='${secret}'\n${example.sdk}`}
              </Code>
              <CopyText value={example.sdk} label="Copy the SDK snippet" />
            </Group>
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

/** The PAT secret, shown once right after create or regenerate, with a Copy button and a request to try it with. */
export function SecretBanner({ secret, patId }: { secret: string; patId: string }) {
  return (
    <Alert color="teal" icon={<IconKey />} title="Copy your Personal Access Token now" role="status">
      <Stack gap="xs">
        <Text size="sm">This secret is shown only once. It will not be shown again once you leave or reload this page.</Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code data-testid="pat-secret" style={{ overflowWrap: "anywhere", flex: 1 }}>
            {secret}
          </Code>
          <CopyText value={secret} label="Copy" />
        </Group>
        <TryItNow secret={secret} patId={patId} />
      </Stack>
    </Alert>
  );
}

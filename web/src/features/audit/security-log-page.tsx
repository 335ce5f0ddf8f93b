import { Stack, Text, Title } from "@mantine/core";
import { AuditLog } from "./audit-log.tsx";
import { usePageTitle } from "../../ui/page-title.ts";

const OWN = { kind: "own" } as const;

/** The user's own security log: what they did, and failures on their account or PATs. */
export function SecurityLogPage() {
  usePageTitle("Security log");
  return (
    <Stack maw={1400}>
      <Title order={1} size="h2">
        Security log
      </Title>
      <Text c="dimmed">What you did with your account and your Personal Access Tokens, and the failures on them, newest first.</Text>
      <AuditLog scope={OWN} fileName="patio-security-log" label="Security log events" />
    </Stack>
  );
}

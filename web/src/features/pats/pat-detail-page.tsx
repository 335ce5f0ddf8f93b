import { Alert, Anchor, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import type { PatActivity } from "../../api/types.ts";
import { EditableText, Muted } from "../../ui/editable-text.tsx";
import { useLoad } from "../../ui/use-load.ts";
import { useCurrentDomain } from "../domains/current-domain.tsx";
import type { PatWithGrace } from "./grace.ts";
import { AllowedIpsSection } from "./allowed-ips-section.tsx";
import { describePat, renamePat, viewPat } from "./pat-api.ts";
import { PatActivitySection } from "./pat-activity.tsx";
import { PatStatusRow } from "./pat-status-row.tsx";
import { ScopesSection } from "./scopes-section.tsx";
import { SecretBanner } from "./secret-banner.tsx";
import { forgetSecret, peekSecret, rememberSecret } from "./secret-store.ts";
import { TestAccessPanel } from "./test-access-panel.tsx";

function PatDetail({ id }: { id: string }) {
  const { domain } = useCurrentDomain();
  const loaded = useLoad(() => viewPat(id), [id]);
  const [pat, setPat] = useState<PatWithGrace>();
  const [activity, setActivity] = useState<PatActivity>();
  const [secret, setSecret] = useState(() => peekSecret(id));
  useEffect(() => () => forgetSecret(id), [id]);
  useEffect(() => {
    if (!loaded.data) return;
    const { activity: used, ...fields } = loaded.data;
    setPat(fields);
    setActivity(used);
  }, [loaded.data]);

  if (loaded.error)
    return (
      <Alert color="red" role="alert" title="This PAT cannot be shown">
        {loaded.error}
      </Alert>
    );
  if (!pat) return <Loader aria-label="Loading" />;
  const regenerated = (next: PatWithGrace) => {
    if (next.secret) {
      rememberSecret(next.id, next.secret);
      setSecret(next.secret);
    }
    setPat({ ...next, secret: undefined });
  };
  return (
    <Stack maw={1000}>
      <Anchor component={Link} to="/personal-access-tokens" size="sm">
        ← Personal Access Tokens
      </Anchor>
      {secret && <SecretBanner secret={secret} />}
      <Paper withBorder p="md">
        <Stack gap="sm">
          <EditableText
            label="Name"
            value={pat.name}
            display={
              <Title order={1} size="h2">
                {pat.name}
              </Title>
            }
            check={(v) => (!v.trim() ? "Enter a name" : v.trim().length > 254 ? "At most 254 characters" : undefined)}
            save={async (v) => setPat(await renamePat(pat.id, v.trim()))}
          />
          <EditableText
            label="Description"
            value={pat.description}
            multiline
            display={pat.description ? <Text>{pat.description}</Text> : <Muted>No description</Muted>}
            check={(v) => (v.length > 1024 ? "At most 1024 characters" : undefined)}
            save={async (v) => setPat(await describePat(pat.id, v.trim()))}
          />
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              ID
            </Text>
            <Text size="sm" ff="monospace">
              {pat.id}
            </Text>
          </Group>
        </Stack>
      </Paper>
      <PatStatusRow pat={pat} onChanged={loaded.reload} onRegenerated={regenerated} />
      <ScopesSection patId={pat.id} domain={domain} />
      <AllowedIpsSection pat={pat} onChanged={setPat} />
      <TestAccessPanel patId={pat.id} domain={domain} />
      {activity && <PatActivitySection patId={pat.id} userId={pat.user_id} activity={activity} />}
    </Stack>
  );
}

/** The PAT detail page; a new id starts afresh (its own secret, if any). */
export function PatDetailPage() {
  const { id = "" } = useParams();
  return <PatDetail key={id} id={id} />;
}

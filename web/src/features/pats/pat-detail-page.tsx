import { Alert, Anchor, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { patDescriptionProblem, patNameProblem } from "../../api/limits.ts";
import type { PatDetail as PatDetailJson } from "../../api/types.ts";
import { CopyId } from "../../ui/copy-id.tsx";
import { EditableText, Muted } from "../../ui/editable-text.tsx";
import { usePageTitle } from "../../ui/page-title.ts";
import { useNow } from "../../ui/use-now.ts";
import { useCurrentDomain } from "../domains/current-domain.tsx";
import type { PatWithGrace } from "./grace.ts";
import { AllowedIpsSection } from "./allowed-ips-section.tsx";
import { liveStatus } from "./live-status.ts";
import { describePat, renamePat } from "./pat-api.ts";
import { PatActivitySection } from "./pat-activity.tsx";
import { patKeys, usePat } from "./pat-queries.ts";
import { PatStatusRow } from "./pat-status-row.tsx";
import { ScopesSection } from "./scopes-section.tsx";
import { SecretBanner } from "./secret-banner.tsx";
import { forgetSecret, peekSecret, rememberSecret } from "./secret-store.ts";
import { TestAccessPanel } from "./test-access-panel.tsx";

function PatDetail({ id }: { id: string }) {
  const { domain } = useCurrentDomain();
  const queryClient = useQueryClient();
  const loaded = usePat(id);
  const now = useNow();
  // The secret shown once, and the expiry it came with: a regenerate elsewhere (another tab, the CLI) sets a new
  // expiry, and then this secret is no longer the PAT's.
  const [shown, setShown] = useState<{ secret: string; expiresAt?: string | undefined } | undefined>(() => {
    const secret = peekSecret(id);
    return secret ? { secret } : undefined;
  });
  useEffect(() => () => forgetSecret(id), [id]);
  usePageTitle(loaded.data?.name ?? "Personal Access Token");
  const status = loaded.data ? liveStatus(loaded.data, now) : undefined;
  const expiresAt = loaded.data?.expires_at;
  useEffect(() => {
    if (expiresAt) setShown((s) => (s && !s.expiresAt ? { ...s, expiresAt } : s));
  }, [expiresAt]);
  // Revoked, expired, or replaced by another regenerate: the banner no longer offers a dead secret.
  const secret = shown && status === "active" && (!shown.expiresAt || shown.expiresAt === expiresAt) ? shown.secret : undefined;
  // The clock saw the PAT expire: ask the server, whose answer then says so too.
  useEffect(() => {
    if (status === "expired" && loaded.data?.status === "active") void queryClient.invalidateQueries({ queryKey: patKeys.detail(id) });
  }, [status, loaded.data?.status, queryClient, id]);
  const saved = (next: PatWithGrace) => {
    queryClient.setQueryData<PatDetailJson>(patKeys.detail(id), (old) => (old ? { ...old, ...next, secret: undefined } : old));
    // The lists show its name, status and expiry too.
    void queryClient.invalidateQueries({ queryKey: patKeys.all });
  };
  const edit = useMutation({
    mutationFn: ({ field, value }: { field: "name" | "description"; value: string }) =>
      field === "name" ? renamePat(id, value) : describePat(id, value),
    onSuccess: saved,
  });

  if (loaded.error)
    return (
      <Alert color="red" role="alert" title="This PAT cannot be shown">
        {loaded.error.message}
      </Alert>
    );
  if (!loaded.data || !status)
    return (
      <Stack maw={1000} aria-label="Loading" aria-busy>
        <Skeleton height={90} />
        <Skeleton height={70} />
        <Skeleton height={160} />
      </Stack>
    );
  const { activity, ...fields } = loaded.data;
  const pat: PatWithGrace = { ...fields, status };
  const regenerated = (next: PatWithGrace) => {
    if (next.secret) {
      rememberSecret(next.id, next.secret);
      setShown({ secret: next.secret, expiresAt: next.expires_at });
    }
    saved(next);
  };
  const revoked = () => {
    // The secret is dead: the banner no longer offers to copy it.
    forgetSecret(id);
    setShown(undefined);
    void queryClient.invalidateQueries({ queryKey: patKeys.all });
  };
  return (
    <Stack maw={1000}>
      <Anchor component={Link} to="/personal-access-tokens" size="sm">
        ← Personal Access Tokens
      </Anchor>
      {secret && <SecretBanner secret={secret} patId={id} />}
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
            check={patNameProblem}
            save={async (v) => {
              await edit.mutateAsync({ field: "name", value: v.trim() });
            }}
          />
          <EditableText
            label="Description"
            value={pat.description}
            multiline
            display={pat.description ? <Text>{pat.description}</Text> : <Muted>No description</Muted>}
            check={patDescriptionProblem}
            save={async (v) => {
              await edit.mutateAsync({ field: "description", value: v.trim() });
            }}
          />
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              ID
            </Text>
            <CopyId id={pat.id} of={pat.name} size="sm" />
          </Group>
        </Stack>
      </Paper>
      <PatStatusRow pat={pat} onRevoked={revoked} onRegenerated={regenerated} />
      <ScopesSection patId={pat.id} domain={domain} />
      <AllowedIpsSection pat={pat} onChanged={saved} />
      <TestAccessPanel patId={pat.id} domain={domain} />
      <PatActivitySection patId={pat.id} userId={pat.user_id} activity={activity} />
    </Stack>
  );
}

/** The PAT detail page; a new id starts afresh (its own secret, if any). */
export function PatDetailPage() {
  const { id = "" } = useParams();
  return <PatDetail key={id} id={id} />;
}

import { Alert, Anchor, Button, Group, Paper, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { messageOf } from "../../api/client.ts";
import { useLoad } from "../../ui/use-load.ts";
import { useCurrentDomain } from "../domains/current-domain.tsx";
import { DurationPicker } from "./duration-picker.tsx";
import { checkDuration, defaultDuration } from "./durations.ts";
import { createPat, fetchCatalog } from "./pat-api.ts";
import { emptyDraft, problemOf, toNewScope } from "./scope-draft.ts";
import type { ScopeDraft } from "./scope-draft.ts";
import { ScopeRowEditor } from "./scope-row-editor.tsx";
import { rememberSecret } from "./secret-store.ts";

/** The Create PAT page: Name, Duration, Description and scopes, sent in one request. */
export function CreatePatPage() {
  const navigate = useNavigate();
  const { domain } = useCurrentDomain();
  const catalog = useLoad(fetchCatalog, []);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [duration, setDuration] = useState(defaultDuration);
  const [scopes, setScopes] = useState<ScopeDraft[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const nameProblem = !name.trim() ? "Enter a name" : name.trim().length > 254 ? "At most 254 characters" : undefined;
  const checked = checkDuration(duration);
  const descriptionProblem = description.length > 1024 ? "At most 1024 characters" : undefined;
  const scopeProblems = scopes.map(problemOf);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (nameProblem || !checked.ok || descriptionProblem || scopeProblems.some(Boolean)) return;
    setBusy(true);
    setError(undefined);
    try {
      const pat = await createPat({
        name: name.trim(),
        duration: checked.duration,
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(scopes.length > 0 && domain ? { scopes: scopes.map((s) => toNewScope(s, domain.id)) } : {}),
      });
      if (pat.secret) rememberSecret(pat.id, pat.secret);
      await navigate(`/personal-access-tokens/${pat.id}`);
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  const setScope = (index: number, draft: ScopeDraft) => setScopes(scopes.map((s, i) => (i === index ? draft : s)));
  return (
    <Stack maw={900}>
      <Anchor component={Link} to="/personal-access-tokens" size="sm">
        ← Personal Access Tokens
      </Anchor>
      <Title order={1} size="h2">
        Create PAT
      </Title>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Paper withBorder p="md">
            <Stack>
              <TextInput
                label="Name"
                description="A recognizable label for the token"
                value={name}
                required
                error={submitted ? nameProblem : undefined}
                onChange={(e) => setName(e.currentTarget.value)}
              />
              <DurationPicker value={duration} onChange={setDuration} error={submitted && !checked.ok ? checked.problem : undefined} />
              <Textarea
                label="Description"
                description="Optional"
                value={description}
                autosize
                minRows={2}
                error={descriptionProblem}
                onChange={(e) => setDescription(e.currentTarget.value)}
              />
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Stack>
              <Title order={2} size="h4">
                Scopes
              </Title>
              <Text size="sm" c="dimmed">
                Each scope allows one operation on one entity (or all of a type) in the current domain.
              </Text>
              {catalog.error && (
                <Alert color="red" role="alert">
                  {catalog.error}
                </Alert>
              )}
              {!domain && (
                <Alert color="yellow">
                  <Anchor component={Link} to="/choose-domain">
                    Choose a domain
                  </Anchor>{" "}
                  to add scopes; a PAT without scopes can do nothing yet.
                </Alert>
              )}
              {domain &&
                scopes.map((draft, index) => (
                  <ScopeRowEditor
                    key={index}
                    legend={`Scope ${index + 1}`}
                    draft={draft}
                    catalog={catalog.data}
                    domain={domain}
                    onChange={(d) => setScope(index, d)}
                    onRemove={() => setScopes(scopes.filter((_, i) => i !== index))}
                    error={submitted ? scopeProblems[index] : undefined}
                  />
                ))}
              {domain && (
                <Group>
                  <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setScopes([...scopes, emptyDraft])}>
                    Add Scope
                  </Button>
                </Group>
              )}
            </Stack>
          </Paper>
          {error && (
            <Alert color="red" role="alert" title="The PAT was not created">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/personal-access-tokens">
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

import { Alert, Anchor, Button, Group, Paper, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { fieldError } from "../../api/field-errors.ts";
import { patDescriptionProblem, patNameProblem } from "../../api/limits.ts";
import { usePageTitle } from "../../ui/page-title.ts";
import { useCurrentDomain } from "../domains/current-domain.tsx";
import { DurationPicker } from "./duration-picker.tsx";
import { checkDuration, defaultDuration } from "./durations.ts";
import { createPat } from "./pat-api.ts";
import { patKeys, useCatalog } from "./pat-queries.ts";
import { ScopeEditor } from "./scope-editor.tsx";
import { emptySelection, hasProblems, problemsOf, scopesOf } from "./scope-selection.ts";
import type { ScopeSelection } from "./scope-selection.ts";
import { rememberSecret } from "./secret-store.ts";

/** The Create PAT page: Name, Duration, Description and scopes, sent in one request. */
export function CreatePatPage() {
  usePageTitle("Create PAT");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { domain } = useCurrentDomain();
  const catalog = useCatalog();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [duration, setDuration] = useState(defaultDuration);
  const [selections, setSelections] = useState<ScopeSelection[]>([]);
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation({
    mutationFn: createPat,
    onSuccess: async (pat) => {
      if (pat.secret) rememberSecret(pat.id, pat.secret);
      await queryClient.invalidateQueries({ queryKey: patKeys.all });
      await navigate(`/personal-access-tokens/${pat.id}`);
    },
  });
  const serverError = create.error ? fieldError(create.error) : undefined;
  const serverProblem = (field: string) => (serverError?.field === field ? serverError.message : undefined);

  const nameProblem = patNameProblem(name);
  const checked = checkDuration(duration);
  const descriptionProblem = patDescriptionProblem(description);
  const selectionProblems = selections.map(problemsOf);
  const chosen = domain ? scopesOf(selections, domain.id) : { scopes: [] };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (nameProblem || !checked.ok || descriptionProblem || selectionProblems.some(hasProblems) || chosen.problem) return;
    create.mutate({
      name: name.trim(),
      duration: checked.duration,
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(chosen.scopes.length > 0 ? { scopes: chosen.scopes } : {}),
    });
  };

  const setSelection = (index: number, selection: ScopeSelection) => setSelections(selections.map((s, i) => (i === index ? selection : s)));
  return (
    <Stack maw={900}>
      <Anchor component={Link} to="/personal-access-tokens" size="sm">
        ← Personal Access Tokens
      </Anchor>
      <Title order={1} size="h2">
        Create PAT
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Paper withBorder p="md">
            <Stack>
              <TextInput
                label="Name"
                description="A recognizable label for the token"
                value={name}
                required
                error={(submitted ? nameProblem : undefined) ?? serverProblem("name")}
                onChange={(e) => setName(e.currentTarget.value)}
              />
              <DurationPicker
                value={duration}
                onChange={setDuration}
                error={(submitted && !checked.ok ? checked.problem : undefined) ?? serverProblem("duration")}
              />
              <Textarea
                label="Description"
                description="Optional"
                value={description}
                autosize
                minRows={2}
                error={descriptionProblem ?? serverProblem("description")}
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
                Each scope allows one operation on one entity (or all of a type) in the current domain. Choose several entities and operations at
                once: every pair becomes a scope.
              </Text>
              {catalog.error && (
                <Alert color="red" role="alert">
                  {catalog.error.message}
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
                selections.map((selection, index) => (
                  <ScopeEditor
                    key={index}
                    legend={`Scope ${index + 1}`}
                    selection={selection}
                    catalog={catalog.data}
                    domain={domain}
                    onChange={(s) => setSelection(index, s)}
                    onRemove={() => setSelections(selections.filter((_, i) => i !== index))}
                    problems={submitted ? selectionProblems[index] : undefined}
                  />
                ))}
              {(chosen.problem ?? serverProblem("scopes")) && (
                <Alert color="red" role="alert">
                  {chosen.problem ?? serverProblem("scopes")}
                </Alert>
              )}
              {domain && (
                <Group>
                  <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setSelections([...selections, emptySelection])}>
                    Add Scope
                  </Button>
                </Group>
              )}
            </Stack>
          </Paper>
          {serverError && !serverError.field && (
            <Alert color="red" role="alert" title="The PAT was not created">
              {serverError.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/personal-access-tokens">
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

import { Anchor, Button, Group, Paper, Stack, Stepper, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { fieldError } from "../../api/field-errors.ts";
import { patNameProblem } from "../../api/limits.ts";
import type { Domain, Entity } from "../../api/types.ts";
import { CopyId } from "../../ui/copy-id.tsx";
import { usePageTitle } from "../../ui/page-title.ts";
import { CreateDomainForm, useDomains } from "../domains/choose-domain-page.tsx";
import { useCurrentDomain } from "../domains/current-domain.tsx";
import { createEntity } from "../entities/entity-api.ts";
import { createPat } from "../pats/pat-api.ts";
import { patKeys } from "../pats/pat-queries.ts";
import { rememberSecret } from "../pats/secret-store.ts";

function Skip({ onClick, label = "Skip this step" }: { onClick: () => void; label?: string }) {
  return (
    <Button variant="subtle" onClick={onClick}>
      {label}
    </Button>
  );
}

/** Step 1: create a domain, or pick one you were invited to. */
function DomainStep({ onDone }: { onDone: () => void }) {
  const { domainId, choose } = useCurrentDomain();
  const domains = useDomains();
  const existing = domains.data?.domains ?? [];
  return (
    <Stack>
      <Text>Everything a PAT may use lives in a domain: its clients, channels and groups. Every API path starts with the domain's id.</Text>
      {existing.length > 0 && (
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={2} size="h4">
              Or work in one of yours
            </Title>
            {existing.map((d: Domain) => (
              <Group key={d.id} justify="space-between" wrap="wrap">
                <Stack gap={0}>
                  <Text size="sm">{d.name}</Text>
                  <CopyId id={d.id} of={d.name} />
                </Stack>
                <Button
                  size="xs"
                  variant={d.id === domainId ? "filled" : "light"}
                  onClick={() => {
                    choose(d);
                    onDone();
                  }}
                >
                  Use {d.name}
                </Button>
              </Group>
            ))}
          </Stack>
        </Paper>
      )}
      <CreateDomainForm title="Create your first domain" onCreated={onDone} />
      <Group justify="flex-end">
        <Skip onClick={onDone} />
      </Group>
    </Stack>
  );
}

/** Step 2: a first client (a device or an app) in the domain. */
function ClientStep({ onDone }: { onDone: (client: Entity | undefined) => void }) {
  const { domain } = useCurrentDomain();
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string>();
  const create = useMutation({
    mutationFn: () => createEntity(domain?.id ?? "", "clients", name.trim()),
    onSuccess: (client) => onDone(client),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setProblem("Enter a name");
    setProblem(undefined);
    create.mutate();
  };
  if (!domain)
    return (
      <Stack>
        <Text>A client belongs to a domain, and none is chosen: go back a step, or skip.</Text>
        <Group justify="flex-end">
          <Skip onClick={() => onDone(undefined)} />
        </Group>
      </Stack>
    );
  return (
    <form onSubmit={submit} noValidate aria-label="Create your first client">
      <Stack>
        <Text>A client is a device or an application, e.g. a thermometer. Your first PAT will be allowed to view it.</Text>
        <TextInput
          label="Client name"
          placeholder="thermometer"
          value={name}
          error={problem ?? (create.error ? fieldError(create.error).message : undefined)}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Skip onClick={() => onDone(undefined)} />
          <Button type="submit" loading={create.isPending}>
            Create client
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Step 3: a first PAT, allowed to view that client (or to read the domain), shown with its secret and a request to try. */
function PatStep({ client, onSkip }: { client: Entity | undefined; onSkip: () => void }) {
  const { domain } = useCurrentDomain();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState(client ? `${client.name} reader` : "my first PAT");
  const [submitted, setSubmitted] = useState(false);
  const scope =
    domain &&
    (client
      ? { domain_id: domain.id, entity_type: "clients", entity_id: client.id, operation: "view" }
      : { domain_id: domain.id, entity_type: "domains", operation: "read" });
  const create = useMutation({
    mutationFn: () => createPat({ name: name.trim(), duration: "30d", ...(scope ? { scopes: [scope] } : {}) }),
    onSuccess: async (pat) => {
      if (pat.secret) rememberSecret(pat.id, pat.secret);
      await queryClient.invalidateQueries({ queryKey: patKeys.all });
      await navigate(`/personal-access-tokens/${pat.id}`);
    },
  });
  const problem = patNameProblem(name);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!problem) create.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Create your first PAT">
      <Stack>
        <Text>
          A Personal Access Token lets a script call the API as you, but only for what its scopes allow. This one lasts 30 days and may{" "}
          {client ? `view the client ${client.name}` : domain ? `read the domain ${domain.name}` : "do nothing until you add scopes"}; you can add
          scopes later.
        </Text>
        <TextInput
          label="PAT name"
          value={name}
          error={(submitted ? problem : undefined) ?? (create.error ? fieldError(create.error).message : undefined)}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Skip onClick={onSkip} label="Skip, go to my PATs" />
          <Button type="submit" loading={create.isPending}>
            Create PAT
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The first run after sign-up: a domain, a first client, a first PAT; each step one screen, and skippable. */
export function WelcomePage() {
  usePageTitle("Welcome");
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [client, setClient] = useState<Entity>();
  const done = () => void navigate("/personal-access-tokens");
  return (
    <Stack maw={760}>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Welcome to Patio
        </Title>
        <Anchor component={Link} to="/personal-access-tokens" size="sm">
          Skip setup
        </Anchor>
      </Group>
      <Stepper active={step} onStepClick={setStep} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label="Domain" description="Where things live">
          <DomainStep onDone={() => setStep(1)} />
        </Stepper.Step>
        <Stepper.Step label="Client" description="A device or app">
          <ClientStep
            onDone={(c) => {
              setClient(c);
              setStep(2);
            }}
          />
        </Stepper.Step>
        <Stepper.Step label="PAT" description="Access for a script">
          <PatStep client={client} onSkip={done} />
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}

import { Alert, Badge, Button, Group, List, Paper, Select, Stack, Text, TextInput, ThemeIcon, Title } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";
import { messageOf } from "../../api/client.ts";
import { fieldErrorOf } from "../../api/field-error.ts";
import type { Domain } from "../../api/types.ts";
import { EntityPicker } from "../entities/entity-picker.tsx";
import { checkAccess } from "./access-api.ts";
import type { AccessAnswer, AccessCheck } from "./access-api.ts";
import { emptyAccessDraft, needsEntity, toAccessCheck } from "./access-check.ts";
import type { AccessDraft } from "./access-check.ts";
import { entityTypeOptions, isEntityKind, operationsFor } from "./entity-types.ts";
import { useCatalog } from "./pat-queries.ts";

function Verdict({ answer }: { answer: AccessAnswer }) {
  return (
    <Stack gap="xs" role="status" aria-label="Test result">
      <Group gap="xs">
        <Badge size="lg" color={answer.allowed ? "teal" : "red"}>
          {answer.allowed ? "Allowed" : "Refused"}
        </Badge>
        {answer.message && <Text size="sm">{answer.message}</Text>}
      </Group>
      <List spacing={4} size="sm" center aria-label="Reasons">
        {answer.reasons.map((reason, i) => (
          <List.Item
            key={i}
            icon={
              <ThemeIcon size={20} radius="xl" color={reason.ok ? "teal" : "red"} aria-label={reason.ok ? "passed" : "failed"}>
                {reason.ok ? <IconCheck size={14} /> : <IconX size={14} />}
              </ThemeIcon>
            }
          >
            <Text span size="sm" ff="monospace" fw={600}>
              {reason.rule}
            </Text>
            <Text span size="sm">
              {" "}
              {reason.ok ? "✓" : "✗"} {reason.detail}
            </Text>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/**
 * Test access: would this PAT be allowed an operation in the current domain, now, from an address, and which rule
 * decides (`POST /pats/{id}/check`, the very decision real requests get).
 */
export function TestAccessPanel({ patId, domain }: { patId: string; domain: Domain | undefined }) {
  const catalog = useCatalog();
  const [draft, setDraft] = useState<AccessDraft>(emptyAccessDraft);
  const [submitted, setSubmitted] = useState(false);
  const testing = useMutation({ mutationFn: (body: AccessCheck) => checkAccess(patId, body) });
  const answer = testing.data;
  // A bad address is the server's to judge (one strict parser); it shows on the field, anything else below.
  const named = testing.error ? fieldErrorOf(testing.error) : undefined;
  const ipError = named?.field === "ip" ? named.message : undefined;
  const error = testing.error && !ipError ? messageOf(testing.error) : undefined;

  if (!domain)
    return (
      <Paper withBorder p="md">
        <Title order={2} size="h4">
          Test access
        </Title>
        <Text size="sm" c="dimmed">
          Choose a domain to test what this PAT may do in it.
        </Text>
      </Paper>
    );

  const checked = toAccessCheck(draft, domain.id);
  const problems = submitted && !checked.ok ? checked.problems : {};
  const change = (next: Partial<AccessDraft>) => {
    setDraft((d) => ({ ...d, ...next }));
    testing.reset();
  };
  const types = entityTypeOptions(catalog.data);
  const operationList = operationsFor(catalog.data, draft.entityType);
  const operations = operationList.map((o) => ({ value: o.name, label: o.name }));
  const described = new Map(operationList.map((o) => [o.name, o.description]));
  const test = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    testing.reset();
    if (checked.ok) testing.mutate(checked.body);
  };

  return (
    <Paper withBorder p="md" component="section" aria-label="Test access">
      <form onSubmit={test} noValidate>
        <Stack gap="sm">
          <div>
            <Title order={2} size="h4">
              Test access
            </Title>
            <Text size="sm" c="dimmed">
              Would this PAT be allowed an operation in {domain.name} right now? Every rule the server applies is shown.
            </Text>
          </div>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <Select
              label="Entity type"
              data={types}
              value={draft.entityType}
              allowDeselect={false}
              miw={150}
              style={{ flex: 1 }}
              onChange={(entityType) => change({ entityType, operation: null, entityId: null })}
              error={problems.entityType ?? catalog.error?.message}
            />
            <Select
              label="Operation"
              data={operations}
              value={draft.operation}
              disabled={!draft.entityType}
              searchable
              miw={200}
              style={{ flex: 2 }}
              onChange={(operation) => change({ operation })}
              description={draft.operation ? described.get(draft.operation) : undefined}
              error={problems.operation}
            />
            <EntityPicker
              label="Entity"
              domainId={domain.id}
              kind={isEntityKind(draft.entityType) ? draft.entityType : undefined}
              value={draft.entityId}
              disabled={!needsEntity(draft.entityType)}
              placeholder={draft.entityType === "domains" ? domain.name : undefined}
              description={draft.entityType === "domains" ? "The domain itself" : undefined}
              miw={180}
              style={{ flex: 2 }}
              onChange={(entityId) => change({ entityId })}
              error={problems.entityId}
            />
            <TextInput
              label="From address"
              placeholder="Yours"
              description="Optional IPv4 or IPv6 address"
              value={draft.ip}
              miw={160}
              style={{ flex: 1 }}
              onChange={(e) => change({ ip: e.currentTarget.value })}
              error={ipError}
            />
          </Group>
          <Group>
            <Button type="submit" variant="light" loading={testing.isPending}>
              Test
            </Button>
          </Group>
          {error && (
            <Alert color="red" role="alert" title="The test could not run">
              {error}
            </Alert>
          )}
          {answer && <Verdict answer={answer} />}
        </Stack>
      </form>
    </Paper>
  );
}

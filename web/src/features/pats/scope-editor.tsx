import { ActionIcon, Button, Checkbox, Fieldset, Group, Select, SimpleGrid, Stack, Text, Tooltip } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { counted } from "../../api/limits.ts";
import type { CatalogJson, Domain } from "../../api/types.ts";
import { CopyId } from "../../ui/copy-id.tsx";
import { EntityPicker } from "../entities/entity-picker.tsx";
import { entityTypeLabels, entityTypeOptions, isEntityKind, operationsFor } from "./entity-types.ts";
import { ALL_ENTITIES, isDomainType, presetOperations, scopeCount } from "./scope-selection.ts";
import type { ScopeSelection, SelectionProblems } from "./scope-selection.ts";

export interface ScopeEditorProps {
  legend: string;
  selection: ScopeSelection;
  onChange: (selection: ScopeSelection) => void;
  onRemove?: (() => void) | undefined;
  catalog: CatalogJson | undefined;
  domain: Domain;
  /** Every problem of the selection, shown once the form has been submitted. */
  problems?: SelectionProblems | undefined;
}

/** Entities of the block: "All …, now and later" (`*`), or one or many picked by name. */
function ScopeEntities({
  selection,
  onChange,
  domain,
  error,
}: {
  selection: ScopeSelection;
  onChange: (s: ScopeSelection) => void;
  domain: Domain;
  error?: string | undefined;
}) {
  const all = selection.entityIds.includes(ALL_ENTITIES);
  const typeLabel = (entityTypeLabels[selection.entityType ?? ""] ?? "entities").toLowerCase();
  return (
    <Stack gap={6}>
      <Checkbox
        label={`All ${typeLabel}, now and later`}
        checked={all}
        onChange={(e) => onChange({ ...selection, entityIds: e.currentTarget.checked ? [ALL_ENTITIES] : [] })}
      />
      {!all && (
        <EntityPicker
          multiple
          label="Entities"
          domainId={domain.id}
          kind={isEntityKind(selection.entityType) ? selection.entityType : undefined}
          value={selection.entityIds}
          onChange={(entityIds) => onChange({ ...selection, entityIds })}
          error={error}
        />
      )}
    </Stack>
  );
}

/** Operations with the catalog's descriptions, "Select all" and the presets. */
function OperationPicker({
  selection,
  onChange,
  catalog,
  error,
}: {
  selection: ScopeSelection;
  onChange: (s: ScopeSelection) => void;
  catalog: CatalogJson | undefined;
  error?: string | undefined;
}) {
  const operations = operationsFor(catalog, selection.entityType);
  const chosen = new Set(selection.operations);
  const allChosen = operations.length > 0 && operations.every((o) => chosen.has(o.name));
  const set = (names: string[]) => onChange({ ...selection, operations: operations.map((o) => o.name).filter((n) => names.includes(n)) });
  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Checkbox
          label={`Select all (${operations.length})`}
          checked={allChosen}
          indeterminate={!allChosen && chosen.size > 0}
          onChange={(e) => set(e.currentTarget.checked ? operations.map((o) => o.name) : [])}
        />
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            Presets:
          </Text>
          <Button size="compact-sm" variant="light" onClick={() => set(presetOperations(catalog, selection.entityType, "read-only"))}>
            Read-only
          </Button>
          <Button size="compact-sm" variant="light" onClick={() => set(presetOperations(catalog, selection.entityType, "everything"))}>
            Everything
          </Button>
        </Group>
      </Group>
      <Checkbox.Group label="Operations" value={selection.operations} onChange={set} error={error}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing="xs" mt={6}>
          {operations.map((o) => (
            <Checkbox
              key={o.name}
              value={o.name}
              label={
                <Text span size="sm" ff="monospace">
                  {o.name}
                </Text>
              }
              description={o.description}
            />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
    </Stack>
  );
}

/**
 * Scopes of one entity type, many at once: Entity type → one or many entities (or all; the Domain is locked to
 * the current one) → one or many operations. It serves Create PAT and Add Scope alike.
 */
export function ScopeEditor({ legend, selection, onChange, onRemove, catalog, domain, problems = {} }: ScopeEditorProps) {
  const types = entityTypeOptions(catalog);
  const count = scopeCount(selection);
  return (
    <Fieldset legend={legend} variant="filled" p="sm">
      <Stack gap="sm">
        <Group align="flex-end" justify="space-between" wrap="nowrap">
          <Select
            label="Entity type"
            data={types}
            value={selection.entityType}
            allowDeselect={false}
            maw={260}
            style={{ flex: 1 }}
            onChange={(entityType) => onChange({ entityType, entityIds: [], operations: [] })}
            error={problems.entityType}
          />
          {onRemove && (
            <Tooltip label="Remove these scopes">
              <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={`Remove ${legend}`}>
                <IconTrash size={18} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
        {selection.entityType && isDomainType(selection.entityType) && (
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              Entity
            </Text>
            <Text size="sm">Locked to the current domain, {domain.name}</Text>
            <CopyId id={domain.id} of={domain.name} />
          </Stack>
        )}
        {selection.entityType && !isDomainType(selection.entityType) && (
          <ScopeEntities selection={selection} onChange={onChange} domain={domain} error={problems.entities} />
        )}
        {selection.entityType && <OperationPicker selection={selection} onChange={onChange} catalog={catalog} error={problems.operations} />}
        {count > 0 && (
          <Text size="sm" c="dimmed" aria-live="polite">
            {counted(count, "scope")}: {counted(selection.operations.length, "operation")} on{" "}
            {isDomainType(selection.entityType)
              ? "the domain"
              : selection.entityIds.includes(ALL_ENTITIES)
                ? "every entity"
                : counted(selection.entityIds.length, "entity", "entities")}
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}

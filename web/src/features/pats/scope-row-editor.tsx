import { ActionIcon, Fieldset, Group, Select, Tooltip } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import type { CatalogJson, Domain, Entity } from "../../api/types.ts";
import { listEntities } from "../entities/entity-api.ts";
import { entityTypeLabels, isEntityKind, operationsFor } from "./scope-draft.ts";
import type { ScopeDraft } from "./scope-draft.ts";

export interface ScopeRowEditorProps {
  legend: string;
  draft: ScopeDraft;
  onChange: (draft: ScopeDraft) => void;
  onRemove?: (() => void) | undefined;
  catalog: CatalogJson | undefined;
  domain: Domain;
  /** The row's problem, shown once the form has been submitted. */
  error?: string | undefined;
}

/** Entities of a type in the domain, for the picker (the first 100; the picker searches them by name). */
function useEntities(domainId: string, entityType: string | null) {
  const [entities, setEntities] = useState<Entity[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    setEntities([]);
    setError(undefined);
    if (!isEntityKind(entityType)) return;
    let current = true;
    listEntities(domainId, entityType, { limit: 100 }).then(
      (page) => {
        if (current) setEntities(page.items);
      },
      (e: unknown) => {
        if (current) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      current = false;
    };
  }, [domainId, entityType]);
  return { entities, error };
}

/** One scope: Entity type → Entity (or All; the Domain entity is locked to the current domain) → Operation. */
export function ScopeRowEditor({ legend, draft, onChange, onRemove, catalog, domain, error }: ScopeRowEditorProps) {
  const { entities, error: loadError } = useEntities(domain.id, draft.entityType);
  const types = (catalog?.entity_types ?? []).map((t) => ({ value: t.entity_type, label: entityTypeLabels[t.entity_type] ?? t.entity_type }));
  const locked = draft.entityType === "domains";
  const entityData = locked
    ? [{ value: domain.id, label: domain.name }]
    : [{ value: "*", label: "All" }, ...entities.map((e) => ({ value: e.id, label: e.name ? `${e.name} (${e.id.slice(0, 8)})` : e.id }))];
  const operations = operationsFor(catalog, draft.entityType).map((o) => ({ value: o.name, label: o.name }));
  return (
    <Fieldset legend={legend} variant="filled" p="sm">
      <Group align="flex-start" wrap="wrap" gap="sm">
        <Select
          label="Entity type"
          data={types}
          value={draft.entityType}
          allowDeselect={false}
          miw={150}
          style={{ flex: 1 }}
          onChange={(entityType) => onChange({ entityType, entityId: entityType === "domains" ? domain.id : null, operation: null })}
          error={error && !draft.entityType ? error : undefined}
        />
        <Select
          label="Entity"
          data={entityData}
          value={locked ? domain.id : draft.entityId}
          disabled={locked || !draft.entityType}
          searchable
          nothingFoundMessage="No entity by that name"
          miw={180}
          style={{ flex: 2 }}
          description={locked ? "Locked to the current domain" : undefined}
          onChange={(entityId) => onChange({ ...draft, entityId })}
          error={loadError ?? (error && draft.entityType && !draft.entityId ? error : undefined)}
        />
        <Select
          label="Operation"
          data={operations}
          value={draft.operation}
          disabled={!draft.entityType}
          searchable
          miw={180}
          style={{ flex: 2 }}
          onChange={(operation) => onChange({ ...draft, operation })}
          error={error && draft.entityType && (draft.entityId || locked) && !draft.operation ? error : undefined}
        />
        {onRemove && (
          <Tooltip label="Remove this scope">
            <ActionIcon variant="subtle" color="red" mt={26} onClick={onRemove} aria-label={`Remove ${legend}`}>
              <IconTrash size={18} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    </Fieldset>
  );
}

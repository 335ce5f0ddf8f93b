import { Group, MultiSelect, Select, Stack, Text } from "@mantine/core";
import type { ComboboxItem, ComboboxLikeRenderOptionInput } from "@mantine/core";
import { useState } from "react";
import type { CSSProperties, ReactNode } from "react";
import type { Entity, EntityKind } from "../../api/types.ts";
import { CopyId } from "../../ui/copy-id.tsx";
import { useChosenEntities, useEntitySearch, useRememberEntities } from "./entity-queries.ts";

interface EntityPickerBase {
  domainId: string;
  /** The kind to pick from; none leaves the field empty (with `disabled`, the Domain type). */
  kind: EntityKind | undefined;
  label: string;
  error?: ReactNode;
  description?: ReactNode;
  placeholder?: string | undefined;
  disabled?: boolean;
  miw?: number;
  style?: CSSProperties;
}

export type EntityPickerProps = EntityPickerBase &
  (
    | { multiple: true; value: readonly string[]; onChange: (ids: string[]) => void }
    | { multiple?: false; value: string | null; onChange: (id: string | null) => void }
  );

const labelOf = (entity: Entity) => entity.name || entity.id;

/** Each option shows the entity's full id under its name: UUIDv7 ids made in the same minute share their start. */
function EntityOption({ option }: ComboboxLikeRenderOptionInput<ComboboxItem>) {
  return (
    <Stack gap={0} title={option.value}>
      <Text size="sm">{option.label}</Text>
      <Text size="xs" c="dimmed" ff="monospace">
        {option.value}
      </Text>
    </Stack>
  );
}

/** The chosen entities under a multiple choice, each with its id and a copy button. */
function ChosenEntities({ ids, chosen }: { ids: readonly string[]; chosen: Map<string, Entity> }) {
  if (ids.length === 0) return null;
  return (
    <Stack gap={2} aria-label="Chosen entities">
      {ids.map((id) => {
        const name = chosen.get(id)?.name || id;
        return (
          <Group key={id} gap="xs" wrap="nowrap" title={id}>
            <Text size="sm" miw={0} truncate>
              {name}
            </Text>
            <CopyId id={id} of={name} />
          </Group>
        );
      })}
    </Stack>
  );
}

/**
 * The one entity picker (the scope editor's Entities, Test access's Entity): clients, channels or groups of the
 * domain, one or many, searched by name on the server as the user types (so every entity can be found, not only
 * the first page), each option with its full id; chosen entities keep their names when the search moves on.
 */
export function EntityPicker(props: EntityPickerProps) {
  const { domainId, kind, label, error, description, placeholder, disabled, miw, style } = props;
  const [search, setSearch] = useState("");
  // A single choice shows the chosen entity's name in the search box; that is not a search.
  const [pickedLabel, setPickedLabel] = useState<string>();
  const found = useEntitySearch(domainId, kind, !props.multiple && search === pickedLabel ? "" : search);
  const shown = found.data?.items ?? [];
  const ids = props.multiple ? props.value : props.value === null ? [] : [props.value];
  const chosen = useChosenEntities(domainId, kind, ids, shown);
  const remember = useRememberEntities(domainId, kind);
  const shownIds = new Set(shown.map((e) => e.id));
  const data = [...shown, ...[...chosen.values()].filter((e) => !shownIds.has(e.id))].map((e) => ({ value: e.id, label: labelOf(e) }));
  const rememberPicked = (picked: readonly string[]) => remember(shown.filter((e) => picked.includes(e.id)));
  const common = {
    label,
    description,
    disabled,
    miw,
    style,
    data,
    searchable: true,
    searchValue: search,
    onSearchChange: setSearch,
    maxDropdownHeight: 260,
    comboboxProps: { withinPortal: true },
    renderOption: EntityOption,
    error: found.error?.message ?? error,
    nothingFoundMessage: found.searching
      ? "Searching…"
      : shown.length || search
        ? "No entity by that name"
        : `No ${kind ?? "entities"} in this domain yet`,
  };

  if (!props.multiple) {
    const { value, onChange } = props;
    return (
      <Select
        {...common}
        placeholder={placeholder}
        value={value}
        onChange={(id, option) => {
          rememberPicked(id ? [id] : []);
          setPickedLabel(id ? option?.label : undefined);
          onChange(id);
        }}
      />
    );
  }
  const { value, onChange } = props;
  return (
    <>
      <MultiSelect
        {...common}
        placeholder={value.length ? undefined : (placeholder ?? `Search ${kind ?? "entities"} by name`)}
        value={[...value]}
        clearable
        hidePickedOptions
        onChange={(next) => {
          rememberPicked(next);
          onChange(next);
        }}
      />
      <ChosenEntities ids={value} chosen={chosen} />
    </>
  );
}

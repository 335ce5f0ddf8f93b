import type { CatalogJson, EntityKind } from "../../api/types.ts";

/** The guide's names for the entity types. */
export const entityTypeLabels: Record<string, string> = { clients: "Clients", channels: "Channels", groups: "Groups", domains: "Domain" };

export function isEntityKind(type: string | null): type is EntityKind {
  return type === "clients" || type === "channels" || type === "groups";
}

export function operationsFor(catalog: CatalogJson | undefined, entityType: string | null) {
  return catalog?.entity_types.find((t) => t.entity_type === entityType)?.operations ?? [];
}

/** The catalog's entity types as choices, with the guide's names. */
export function entityTypeOptions(catalog: CatalogJson | undefined): { value: string; label: string }[] {
  return (catalog?.entity_types ?? []).map((t) => ({ value: t.entity_type, label: entityTypeLabels[t.entity_type] ?? t.entity_type }));
}

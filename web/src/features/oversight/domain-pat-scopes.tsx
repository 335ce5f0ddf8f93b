import { Badge, Group, Text } from "@mantine/core";
import type { Scope } from "../../api/types.ts";

const SHOWN = 4;

/** What a scope grants, short: `clients:read` on all, or on the entity whose id ends so (whole id on hover). */
function ScopeBadge({ scope }: { scope: Scope }) {
  const on = scope.entity_type === "domains" ? "" : scope.entity_id === "*" ? " · all" : ` · …${scope.entity_id.slice(-8)}`;
  return (
    <Badge variant="light" color="gray" tt="none" title={`${scope.entity_type}:${scope.operation} on ${scope.entity_id}`}>
      {scope.entity_type}:{scope.operation}
      {on}
    </Badge>
  );
}

/** A PAT's scopes in the domain, the first few as badges and how many more. */
export function DomainPatScopes({ scopes }: { scopes: Scope[] }) {
  return (
    <Group gap={4}>
      {scopes.slice(0, SHOWN).map((scope) => (
        <ScopeBadge key={scope.id} scope={scope} />
      ))}
      {scopes.length > SHOWN && (
        <Text size="xs" c="dimmed">
          +{scopes.length - SHOWN} more
        </Text>
      )}
    </Group>
  );
}

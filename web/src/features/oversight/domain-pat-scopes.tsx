import { Badge, Group, Text } from "@mantine/core";
import type { Scope } from "../../api/types.ts";
import { useCurrentDomain } from "../domains/current-domain.tsx";
import { useScopeNames } from "../pats/scope-names.ts";
import type { ScopeNames } from "../pats/scope-names.ts";

const SHOWN = 4;

/** What a scope grants, short: `clients:read` on all, or on the entity by name (its id ending while unnamed; whole id on hover). */
function ScopeBadge({ scope, names }: { scope: Scope; names: ScopeNames }) {
  const name = names.entity(scope.domain_id, scope.entity_type, scope.entity_id);
  const on = scope.entity_type === "domains" ? "" : scope.entity_id === "*" ? " · all" : ` · ${name ?? `…${scope.entity_id.slice(-8)}`}`;
  return (
    <Badge
      variant="light"
      color="gray"
      tt="none"
      maw="100%"
      title={`${scope.entity_type}:${scope.operation} on ${name ? `${name} (${scope.entity_id})` : scope.entity_id}`}
    >
      {scope.entity_type}:{scope.operation}
      {on}
    </Badge>
  );
}

/** A PAT's scopes in the current domain, the first few as badges (entities by name) and how many more. */
export function DomainPatScopes({ scopes }: { scopes: Scope[] }) {
  const { domain } = useCurrentDomain();
  const shown = scopes.slice(0, SHOWN);
  const names = useScopeNames(domain, shown);
  return (
    <Group gap={4}>
      {shown.map((scope) => (
        <ScopeBadge key={scope.id} scope={scope} names={names} />
      ))}
      {scopes.length > SHOWN && (
        <Text size="xs" c="dimmed">
          +{scopes.length - SHOWN} more
        </Text>
      )}
    </Group>
  );
}

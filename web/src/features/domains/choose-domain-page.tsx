import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import type { FormEvent } from "react";
import { messageOf } from "../../api/client.ts";
import { useLoad } from "../../ui/use-load.ts";
import { useCurrentDomain } from "./current-domain.tsx";
import { createDomain, listDomains } from "./domain-api.ts";

function CreateDomainForm({ onCreated }: { onCreated: () => void }) {
  const { choose } = useCurrentDomain();
  const [name, setName] = useState("");
  const [route, setRoute] = useState("");
  const [problems, setProblems] = useState<{ name?: string; route?: string }>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = {
      name: name.trim() ? undefined : "Enter a name",
      route: !route || /^[a-z0-9][a-z0-9_-]{0,62}$/.test(route) ? undefined : "Lower-case letters, digits, - and _",
    };
    setProblems(found);
    if (found.name || found.route) return;
    setBusy(true);
    setError(undefined);
    try {
      const domain = await createDomain(name.trim(), route);
      choose(domain);
      notifications.show({ color: "teal", message: `Domain ${domain.name} created; you now work in it.` });
      setName("");
      setRoute("");
      onCreated();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={(e: FormEvent) => void submit(e)} noValidate aria-label="Create a domain">
      <Stack>
        <Title order={2} size="h4">
          Create a domain
        </Title>
        <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
          <TextInput label="Domain name" value={name} error={problems.name} required miw={200} onChange={(e) => setName(e.currentTarget.value)} />
          <TextInput
            label="Route"
            description="Optional, URL-safe, e.g. greenhouse"
            value={route}
            error={problems.route}
            miw={200}
            onChange={(e) => setRoute(e.currentTarget.value)}
          />
        </Group>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            Create domain
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Pick the domain to work in, or create one. */
export function ChooseDomainPage() {
  const { domainId, choose } = useCurrentDomain();
  const domains = useLoad(() => listDomains(), []);
  const rows = domains.data?.domains ?? [];
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">
        Domains
      </Title>
      <Text c="dimmed">Scopes, clients, channels and groups belong to the domain you work in.</Text>
      {domains.error && (
        <Alert color="red" role="alert">
          {domains.error}
        </Alert>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={420}>
          <Table highlightOnHover aria-label="Your domains">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Route</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{d.name}</Table.Td>
                  <Table.Td>{d.route ?? ""}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={d.status === "enabled" ? "teal" : "gray"}>
                      {d.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">
                    {d.id === domainId ? (
                      <Badge color="teal">Current</Badge>
                    ) : (
                      <Button size="xs" variant="light" onClick={() => choose(d)} aria-label={`Use ${d.name}`}>
                        Use
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!domains.loading && rows.length === 0 && !domains.error && <Text>You have no domains yet: create one below.</Text>}
      <CreateDomainForm onCreated={domains.reload} />
    </Stack>
  );
}

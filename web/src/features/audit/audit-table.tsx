import { ActionIcon, Anchor, Badge, Code, Group, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { Fragment, useState } from "react";
import { Link } from "react-router";
import type { AuditEvent } from "../../api/types.ts";
import { fullDate, relative } from "../../ui/times.ts";
import { eventLabel } from "./audit-events.ts";

/** The end of an id: ids are UUIDv7, whose first characters are the time, alike for events close together. */
export const shortId = (id: string) => `…${id.slice(-8)}`;

/** The end of an id, the whole one on hover. */
function ShortId({ id }: { id: string }) {
  return (
    <Tooltip label={id}>
      <Text span size="sm" ff="monospace" style={{ whiteSpace: "nowrap" }}>
        {shortId(id)}
      </Text>
    </Tooltip>
  );
}

/** A PAT of the signed-in user, linked to its detail page. */
function PatLink({ id }: { id: string }) {
  return (
    <Anchor component={Link} to={`/personal-access-tokens/${id}`} size="sm" ff="monospace" aria-label={`PAT ${id}`} style={{ whiteSpace: "nowrap" }}>
      PAT {shortId(id)}
    </Anchor>
  );
}

/** Session or PAT; a PAT of the signed-in user links to its detail page. */
function Via({ event, userId }: { event: AuditEvent; userId: string | undefined }) {
  const via = event.via;
  if (!via)
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  if (via.kind === "pat" && userId !== undefined && event.actor_id === userId) return <PatLink id={via.id} />;
  return (
    <Group gap={4} wrap="nowrap">
      <Text span size="sm">
        {via.kind === "pat" ? "PAT" : "session"}
      </Text>
      <ShortId id={via.id} />
    </Group>
  );
}

function Row({ event, userId, showActor, columns }: { event: AuditEvent; userId: string | undefined; showActor: boolean; columns: number }) {
  const [open, setOpen] = useState(false);
  const label = eventLabel(event.event);
  return (
    <Fragment>
      <Table.Tr>
        <Table.Td>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={`${open ? "Hide" : "Show"} details of ${label}`}
            aria-expanded={open}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <Tooltip label={fullDate(event.time)}>
            <Text span size="sm" style={{ whiteSpace: "nowrap" }}>
              {relative(event.time)}
            </Text>
          </Tooltip>
        </Table.Td>
        <Table.Td>
          <Stack gap={0}>
            <Text size="sm">{label}</Text>
            <Text size="xs" c="dimmed" ff="monospace">
              {event.event}
            </Text>
          </Stack>
        </Table.Td>
        <Table.Td>
          <Badge variant="light" color={event.outcome === "success" ? "teal" : "red"} styles={{ label: { overflow: "visible" } }}>
            {event.outcome}
          </Badge>
        </Table.Td>
        {showActor && (
          <Table.Td>
            {event.actor_id && event.actor_id === userId ? (
              <Text span size="sm">
                you
              </Text>
            ) : event.actor_id ? (
              <ShortId id={event.actor_id} />
            ) : (
              <Text span size="sm" c="dimmed">
                —
              </Text>
            )}
          </Table.Td>
        )}
        <Table.Td>
          <Via event={event} userId={userId} />
        </Table.Td>
        <Table.Td>
          {event.target?.type === "pats" && userId !== undefined && event.actor_id === userId ? (
            <PatLink id={event.target.id} />
          ) : event.target ? (
            <Group gap={4} wrap="nowrap">
              <Text span size="sm">
                {event.target.type}
              </Text>
              <ShortId id={event.target.id} />
            </Group>
          ) : (
            <Text span size="sm" c="dimmed">
              —
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Text span size="sm" ff="monospace">
            {event.ip ?? "—"}
          </Text>
        </Table.Td>
        <Table.Td>
          <Tooltip label={event.user_agent ?? ""} disabled={!event.user_agent} multiline maw={400}>
            <Text size="sm" truncate maw={200}>
              {event.user_agent ?? "—"}
            </Text>
          </Tooltip>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr>
          <Table.Td colSpan={columns}>
            <Code block aria-label={`Details of ${label}`}>
              {JSON.stringify({ id: event.id, request_id: event.request_id, domain_id: event.domain_id, details: event.details }, null, 2)}
            </Code>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

/** Audit events, newest first: one row each, its details unfolded on demand. */
export function AuditTable({
  events,
  userId,
  showActor = false,
  label,
}: {
  events: AuditEvent[];
  userId: string | undefined;
  showActor?: boolean;
  label: string;
}) {
  const columns = showActor ? 9 : 8;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table aria-label={label} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40} />
            <Table.Th>Time</Table.Th>
            <Table.Th>Event</Table.Th>
            <Table.Th>Outcome</Table.Th>
            {showActor && <Table.Th>Actor</Table.Th>}
            <Table.Th>Via</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>IP</Table.Th>
            <Table.Th>User agent</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Row key={event.id} event={event} userId={userId} showActor={showActor} columns={columns} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

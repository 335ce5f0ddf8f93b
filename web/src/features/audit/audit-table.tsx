import { Anchor, Badge, Code, Group, Stack, Table, Text, Tooltip } from "@mantine/core";
import { Fragment, useState } from "react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { AuditEvent } from "../../api/types.ts";
import { DetailsHeading, DetailsToggle, RowDetails, RowsLoading, useWideTable } from "../../ui/row-details.tsx";
import type { RowDetail } from "../../ui/row-details.tsx";
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

/** An event's name, allowed to wrap after each underscore on a narrow screen. */
function breakable(name: string): ReactNode {
  return name.split("_").map((part, i) => (
    <Fragment key={i}>
      {i > 0 && (
        <>
          _<wbr />
        </>
      )}
      {part}
    </Fragment>
  ));
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

function Actor({ event, userId }: { event: AuditEvent; userId: string | undefined }) {
  if (event.actor_id && event.actor_id === userId)
    return (
      <Text span size="sm">
        you
      </Text>
    );
  if (event.actor_id) return <ShortId id={event.actor_id} />;
  return (
    <Text span size="sm" c="dimmed">
      —
    </Text>
  );
}

function Target({ event, userId }: { event: AuditEvent; userId: string | undefined }) {
  if (event.target?.type === "pats" && userId !== undefined && event.actor_id === userId) return <PatLink id={event.target.id} />;
  if (!event.target)
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Group gap={4} wrap="nowrap">
      <Text span size="sm">
        {event.target.type}
      </Text>
      <ShortId id={event.target.id} />
    </Group>
  );
}

/** A column after Outcome; `cell` when its cell shows it otherwise than the details do. */
type FoldedColumn = RowDetail & { cell?: ReactNode };

/** The columns after Outcome: cells on a wide screen, the row's details on a phone. */
function foldedColumns(event: AuditEvent, userId: string | undefined, showActor: boolean): FoldedColumn[] {
  return [
    ...(showActor ? [{ label: "Actor", value: <Actor event={event} userId={userId} /> }] : []),
    { label: "Via", value: <Via event={event} userId={userId} /> },
    { label: "Target", value: <Target event={event} userId={userId} /> },
    {
      label: "IP",
      value: (
        <Text span size="sm" ff="monospace">
          {event.ip ?? "—"}
        </Text>
      ),
    },
    {
      label: "User agent",
      value: event.user_agent ?? "—",
      cell: (
        <Tooltip label={event.user_agent ?? ""} disabled={!event.user_agent} multiline maw={400}>
          <Text size="sm" truncate maw={200}>
            {event.user_agent ?? "—"}
          </Text>
        </Tooltip>
      ),
    },
  ];
}

interface RowProps {
  event: AuditEvent;
  userId: string | undefined;
  showActor: boolean;
  columns: number;
  wide: boolean;
}

function Row({ event, userId, showActor, columns, wide }: RowProps) {
  const [open, setOpen] = useState(false);
  const label = eventLabel(event.event);
  const folded = foldedColumns(event, userId, showActor);
  return (
    <Fragment>
      <Table.Tr>
        <Table.Td px={wide ? undefined : 4}>
          <DetailsToggle name={label} open={open} onToggle={() => setOpen((o) => !o)} color="gray" />
        </Table.Td>
        <Table.Td>
          <Tooltip label={fullDate(event.time)}>
            <Text span size="sm" style={{ whiteSpace: wide ? "nowrap" : undefined }}>
              {relative(event.time)}
            </Text>
          </Tooltip>
        </Table.Td>
        <Table.Td>
          <Stack gap={0}>
            <Text size="sm" style={{ whiteSpace: wide ? "nowrap" : undefined }}>
              {label}
            </Text>
            <Text size="xs" c="dimmed" ff="monospace">
              {wide ? event.event : breakable(event.event)}
            </Text>
          </Stack>
        </Table.Td>
        <Table.Td>
          <Badge variant="light" color={event.outcome === "success" ? "teal" : "red"} styles={{ label: { overflow: "visible" } }}>
            {event.outcome}
          </Badge>
        </Table.Td>
        {wide && folded.map((column) => <Table.Td key={column.label}>{column.cell ?? column.value}</Table.Td>)}
      </Table.Tr>
      {open && (
        <Table.Tr data-details-of={event.id}>
          <Table.Td colSpan={columns}>
            <Stack gap="xs">
              {!wide && <RowDetails items={folded} />}
              <Code block aria-label={`Details of ${label}`} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                {JSON.stringify({ id: event.id, request_id: event.request_id, domain_id: event.domain_id, details: event.details }, null, 2)}
              </Code>
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

/**
 * Audit events, newest first: one row each, its details unfolded on demand. On a phone the row keeps Time, Event
 * and Outcome; Actor, Via, Target, IP and User agent move into the details, above the event's JSON.
 */
export function AuditTable({
  events,
  userId,
  showActor = false,
  label,
  loading = false,
}: {
  events: AuditEvent[];
  userId: string | undefined;
  showActor?: boolean;
  label: string;
  /** The first page is on its way: placeholder rows. */
  loading?: boolean;
}) {
  const wide = useWideTable();
  const columns = wide ? (showActor ? 9 : 8) : 4;
  return (
    <Table.ScrollContainer minWidth={wide ? 900 : 0}>
      <Table aria-label={label} verticalSpacing="xs" horizontalSpacing={wide ? "sm" : 6}>
        <Table.Thead>
          <Table.Tr>
            <DetailsHeading w={wide ? 40 : 32} />
            <Table.Th>Time</Table.Th>
            <Table.Th>Event</Table.Th>
            <Table.Th>Outcome</Table.Th>
            {wide && showActor && <Table.Th>Actor</Table.Th>}
            {wide && <Table.Th>Via</Table.Th>}
            {wide && <Table.Th>Target</Table.Th>}
            {wide && <Table.Th>IP</Table.Th>}
            {wide && <Table.Th>User agent</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {loading && events.length === 0 && <RowsLoading columns={columns} label="Loading events" />}
          {events.map((event) => (
            <Row key={event.id} event={event} userId={userId} showActor={showActor} columns={columns} wide={wide} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

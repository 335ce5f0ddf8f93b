import { Alert, Anchor, Paper, Skeleton, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { lazy, Suspense } from "react";
import { Link } from "react-router";
import { messageOf } from "../../api/client.ts";
import type { PatActivity } from "../../api/types.ts";
import { fullDate, relative } from "../../ui/times.ts";
import { DAYS, perDay } from "./activity-per-day.ts";
import { AuditTable } from "../audit/audit-table.tsx";
import { useAuditPages } from "../audit/use-audit-pages.ts";

const ActivityChart = lazy(() => import("./activity-chart.tsx").then((m) => ({ default: m.ActivityChart })));

function UseChart({ hourly }: { hourly: PatActivity["hourly"] }) {
  const data = perDay(hourly);
  const total = data.reduce((sum, d) => sum + d.allowed + d.denied, 0);
  return (
    <Stack gap="xs" data-testid="pat-activity-chart">
      <Text size="sm" c="dimmed">
        Requests per day, last {DAYS} days: {total === 0 ? "none yet" : `${total} in all`}
      </Text>
      <Suspense fallback={<Skeleton h={220} aria-label="Loading the chart" />}>
        <ActivityChart data={data} />
      </Suspense>
    </Stack>
  );
}

function Addresses({ addresses }: { addresses: PatActivity["addresses"] }) {
  if (addresses.length === 0) return <Text c="dimmed">Not used from any address yet.</Text>;
  return (
    <Table aria-label="Recent addresses" maw={640}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Address</Table.Th>
          <Table.Th>First seen</Table.Th>
          <Table.Th>Last seen</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {addresses.map((a) => (
          <Table.Tr key={a.ip}>
            {/* An IPv4 address stays whole; an IPv6 one may wrap on a phone. */}
            <Table.Td ff="monospace" style={a.ip.includes(":") ? { overflowWrap: "anywhere" } : { whiteSpace: "nowrap" }}>
              {a.ip}
            </Table.Td>
            {[a.first_seen, a.last_seen].map((time, i) => (
              <Table.Td key={i}>
                <Tooltip label={fullDate(time)}>
                  <Text span size="sm">
                    {relative(time)}
                  </Text>
                </Tooltip>
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function RecentEvents({ patId, userId }: { patId: string; userId: string }) {
  const pages = useAuditPages({ kind: "own" }, { pat_id: patId }, 10);
  if (pages.error !== undefined)
    return (
      <Alert color="red" role="alert">
        {messageOf(pages.error)}
      </Alert>
    );
  if (!pages.loading && pages.events.length === 0) return <Text c="dimmed">No events yet.</Text>;
  return (
    <Stack gap="xs">
      <AuditTable events={pages.events} userId={userId} label="Recent events of this PAT" loading={pages.pending} />
      <Anchor component={Link} to={`/security-log?pat_id=${patId}`} size="sm">
        All events of this PAT in your Security log →
      </Anchor>
    </Stack>
  );
}

/** The Activity section of the PAT detail page: its use per day, the addresses it came from, its recent events. */
export function PatActivitySection({ patId, userId, activity }: { patId: string; userId: string; activity: PatActivity }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="Activity">
      <Stack>
        <Title order={2} size="h4">
          Activity
        </Title>
        <UseChart hourly={activity.hourly} />
        <Title order={3} size="h5">
          Recent addresses
        </Title>
        <Addresses addresses={activity.addresses} />
        <Title order={3} size="h5">
          Recent events
        </Title>
        <RecentEvents patId={patId} userId={userId} />
      </Stack>
    </Paper>
  );
}

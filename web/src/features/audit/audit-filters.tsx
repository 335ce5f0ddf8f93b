import { Badge, CloseButton, Group, Select, TextInput } from "@mantine/core";
import { useState } from "react";
import type { AuditFilter } from "./audit-api.ts";
import { EVENT_OPTIONS } from "./audit-events.ts";
import { shortId } from "./audit-table.tsx";

/** The filters as the page's query string keeps them: dates are days (YYYY-MM-DD), the rest as the API takes them. */
export type FilterParams = Record<"event" | "outcome" | "actor_id" | "pat_id" | "from" | "to", string>;
export const FILTER_KEYS = ["event", "outcome", "actor_id", "pat_id", "from", "to"] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Local midnight of a day, as RFC 3339; undefined for anything that is not a day. */
function startOf(day: string, plusDays = 0): string | undefined {
  if (!DAY.test(day)) return undefined;
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** The API's filter: "to" is the day after the last day shown (the API's `to` is exclusive). */
export function toAuditFilter(params: FilterParams): AuditFilter {
  return {
    event: params.event || undefined,
    outcome: params.outcome || undefined,
    actor_id: UUID.test(params.actor_id) ? params.actor_id : undefined,
    pat_id: UUID.test(params.pat_id) ? params.pat_id : undefined,
    from: startOf(params.from),
    to: startOf(params.to, 1),
  };
}

function ActorInput({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  const [problem, setProblem] = useState<string>();
  const apply = () => {
    const v = text.trim();
    if (v && !UUID.test(v)) return setProblem("A user id (UUID)");
    setProblem(undefined);
    if (v !== value) onChange(v);
  };
  return (
    <TextInput
      label="Actor"
      placeholder="User id"
      value={text}
      error={problem}
      w={300}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={apply}
      onKeyDown={(e) => e.key === "Enter" && apply()}
    />
  );
}

/** Event, outcome, date range (and actor, for a domain); a PAT filter shows as a badge that can be removed. */
export function AuditFilters({
  params,
  set,
  showActor,
}: {
  params: FilterParams;
  set: (key: keyof FilterParams, value: string) => void;
  showActor: boolean;
}) {
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <Select
        label="Event"
        placeholder="Any event"
        data={EVENT_OPTIONS}
        value={params.event || null}
        onChange={(v) => set("event", v ?? "")}
        searchable
        clearable
        w={260}
      />
      <Select
        label="Outcome"
        placeholder="Any outcome"
        data={[
          { value: "success", label: "Success" },
          { value: "failure", label: "Failure" },
        ]}
        value={params.outcome || null}
        onChange={(v) => set("outcome", v ?? "")}
        clearable
        w={150}
      />
      <TextInput
        label="From"
        type="date"
        value={params.from}
        max={params.to || undefined}
        onChange={(e) => set("from", e.currentTarget.value)}
        w={160}
      />
      <TextInput label="To" type="date" value={params.to} min={params.from || undefined} onChange={(e) => set("to", e.currentTarget.value)} w={160} />
      {showActor && <ActorInput key={params.actor_id} value={params.actor_id} onChange={(v) => set("actor_id", v)} />}
      {params.pat_id && (
        <Badge
          size="lg"
          variant="light"
          rightSection={<CloseButton size="xs" aria-label="Remove the PAT filter" onClick={() => set("pat_id", "")} />}
          mb={4}
        >
          PAT {shortId(params.pat_id)}
        </Badge>
      )}
    </Group>
  );
}

import { Anchor, Table, Text } from "@mantine/core";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import type { Pat } from "../../api/types.ts";
import { ExactTime } from "../../ui/exact-time.tsx";
import { DetailsToggle, RowDetails } from "../../ui/row-details.tsx";
import { expiresText, fullDate, relative } from "../../ui/times.ts";
import { ExpiresSoonBadge } from "./expires-soon-badge.tsx";
import { expiresSoon } from "./expiry.ts";
import { PatRowActions } from "./pat-row-actions.tsx";
import { StatusBadge } from "./status-badge.tsx";

function Expires({ pat }: { pat: Pat }) {
  return expiresSoon(pat) ? <ExpiresSoonBadge pat={pat} /> : <ExactTime time={pat.expires_at}>{expiresText(pat.expires_at)}</ExactTime>;
}

/**
 * One PAT. On a narrow screen Description, Issued and Last used move into the row's details (a toggle under the
 * name) rather than vanish.
 */
export function PatRow({ pat, wide, onDelete }: { pat: Pat; wide: boolean; onDelete: () => void }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const view = () => void navigate(`/personal-access-tokens/${pat.id}`);
  const lastUsed = pat.last_used_at ? relative(pat.last_used_at) : "never";
  return (
    <>
      <Table.Tr onClick={view} style={{ cursor: "pointer" }} data-pat-id={pat.id}>
        {!wide && (
          <Table.Td w={36} px={4} onClick={(e) => e.stopPropagation()}>
            <DetailsToggle name={pat.name} open={open} onToggle={() => setOpen(!open)} />
          </Table.Td>
        )}
        <Table.Td fw={500} style={{ overflowWrap: "anywhere" }}>
          <Anchor component={Link} to={`/personal-access-tokens/${pat.id}`} size="sm" fw={500} underline="hover" onClick={(e) => e.stopPropagation()}>
            {pat.name}
          </Anchor>
        </Table.Td>
        {wide && (
          <Table.Td maw={260}>
            <Text size="sm" truncate title={pat.description}>
              {pat.description}
            </Text>
          </Table.Td>
        )}
        <Table.Td>
          <StatusBadge status={pat.status} />
        </Table.Td>
        {wide && <Table.Td title={fullDate(pat.issued_at)}>{relative(pat.issued_at)}</Table.Td>}
        {/* A click (or tap, which opens the exact time) on the expiry does not open the row. */}
        <Table.Td onClick={(e) => e.stopPropagation()}>
          <Expires pat={pat} />
        </Table.Td>
        {wide && <Table.Td>{lastUsed}</Table.Td>}
        <Table.Td ta="right" w={48}>
          <PatRowActions pat={pat} onView={view} onDelete={onDelete} />
        </Table.Td>
      </Table.Tr>
      {!wide && open && (
        <Table.Tr data-details-of={pat.id}>
          <Table.Td colSpan={5}>
            <RowDetails
              items={[
                { label: "Description", value: pat.description || "none" },
                { label: "Issued", value: <span title={fullDate(pat.issued_at)}>{relative(pat.issued_at)}</span> },
                { label: "Last used", value: lastUsed },
              ]}
            />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

import { ActionIcon, Anchor, SimpleGrid, Skeleton, Table, Text } from "@mantine/core";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import type { Pat } from "../../api/types.ts";
import { ExactTime } from "../../ui/exact-time.tsx";
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
            <ActionIcon
              variant="subtle"
              size="sm"
              aria-expanded={open}
              aria-label={`${open ? "Hide" : "Show"} details of ${pat.name}`}
              onClick={() => setOpen(!open)}
            >
              {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
            </ActionIcon>
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
            <SimpleGrid cols={2} spacing={4} verticalSpacing={4} component="dl" m={0} style={{ fontSize: "var(--mantine-font-size-sm)" }}>
              <Text component="dt" size="sm" c="dimmed">
                Description
              </Text>
              <Text component="dd" size="sm" m={0} style={{ overflowWrap: "anywhere" }}>
                {pat.description || "none"}
              </Text>
              <Text component="dt" size="sm" c="dimmed">
                Issued
              </Text>
              <Text component="dd" size="sm" m={0} title={fullDate(pat.issued_at)}>
                {relative(pat.issued_at)}
              </Text>
              <Text component="dt" size="sm" c="dimmed">
                Last used
              </Text>
              <Text component="dd" size="sm" m={0}>
                {lastUsed}
              </Text>
            </SimpleGrid>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

export function RowsLoading({ columns }: { columns: number }) {
  return Array.from({ length: 3 }, (_, i) => (
    <Table.Tr key={i}>
      <Table.Td colSpan={columns}>
        <Skeleton height={20} />
      </Table.Td>
    </Table.Tr>
  ));
}

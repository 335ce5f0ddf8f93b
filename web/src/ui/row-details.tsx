import { ActionIcon, Box, Skeleton, Table, Text, VisuallyHidden } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import type { ReactNode } from "react";

/**
 * Whether tables show every column. Below 48em (a phone) a table keeps the columns that name a row and its state
 * and folds the others into the row's details, so that nothing scrolls sideways and no column's data is lost.
 */
export function useWideTable(): boolean {
  return useMediaQuery("(min-width: 48em)") ?? true;
}

/** The button that unfolds a row's details, named after the row ("Show details of ci-runner"). */
export function DetailsToggle({ name, open, onToggle, color }: { name: string; open: boolean; onToggle: () => void; color?: string }) {
  return (
    <ActionIcon
      variant="subtle"
      color={color}
      size="sm"
      aria-expanded={open}
      aria-label={`${open ? "Hide" : "Show"} details of ${name}`}
      onClick={(e) => {
        e.stopPropagation();
        onToggle();
      }}
    >
      {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
    </ActionIcon>
  );
}

export interface RowDetail {
  label: string;
  value: ReactNode;
}

/** A row's folded columns as a list of label and value; long values wrap rather than widen the table. */
export function RowDetails({ items }: { items: RowDetail[] }) {
  return (
    <Box
      component="dl"
      m={0}
      fz="sm"
      style={{ display: "grid", gridTemplateColumns: "max-content minmax(0, 1fr)", columnGap: "var(--mantine-spacing-md)", rowGap: 4 }}
    >
      {items.map(({ label, value }) => (
        <Box key={label} display="contents">
          <Text component="dt" size="sm" c="dimmed">
            {label}
          </Text>
          <Box component="dd" m={0} miw={0} style={{ overflowWrap: "anywhere" }}>
            {value}
          </Box>
        </Box>
      ))}
    </Box>
  );
}

/** The heading of the details toggles' column, named for screen readers only. */
export function DetailsHeading({ w = 32 }: { w?: number }) {
  return (
    <Table.Th w={w}>
      <VisuallyHidden>Details</VisuallyHidden>
    </Table.Th>
  );
}

/** Placeholder rows while a table's first page loads; the first is a status named after what loads. */
export function RowsLoading({ columns, label }: { columns: number; label: string }) {
  return Array.from({ length: 3 }, (_, i) => (
    <Table.Tr key={i} aria-hidden={i > 0 || undefined}>
      <Table.Td colSpan={columns}>
        <Skeleton height={20} {...(i === 0 ? { role: "status", "aria-label": label } : {})} />
      </Table.Td>
    </Table.Tr>
  ));
}

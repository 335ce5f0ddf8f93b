import { Badge } from "@mantine/core";
import type { PatStatus } from "../../api/types.ts";

const colors = { active: "teal", revoked: "red", expired: "orange" } as const satisfies Record<PatStatus, string>;
const words = { active: "Active", revoked: "Revoked", expired: "Expired" } as const satisfies Record<PatStatus, string>;

/**
 * A badge's label is clipped by default, and a table then shrinks its column below the text ("EXPI…"); a visible
 * overflow makes the text the label's least width, so the badge stays whole.
 */
export const wholeLabel = { label: { overflow: "visible" } } as const;

export function StatusBadge({ status }: { status: PatStatus }) {
  return (
    <Badge color={colors[status]} variant="light" miw="fit-content" style={{ flexShrink: 0 }} styles={wholeLabel}>
      {words[status]}
    </Badge>
  );
}

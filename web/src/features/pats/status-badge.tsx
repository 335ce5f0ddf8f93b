import { Badge } from "@mantine/core";
import type { PatStatus } from "../../api/types.ts";

const colors = { active: "teal", revoked: "red", expired: "orange" } as const satisfies Record<PatStatus, string>;
const words = { active: "Active", revoked: "Revoked", expired: "Expired" } as const satisfies Record<PatStatus, string>;

export function StatusBadge({ status }: { status: PatStatus }) {
  return (
    <Badge color={colors[status]} variant="light" miw="fit-content" style={{ flexShrink: 0 }} styles={{ label: { overflow: "visible" } }}>
      {words[status]}
    </Badge>
  );
}

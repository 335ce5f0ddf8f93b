import { Badge, Box } from "@mantine/core";
import { IconClockExclamation } from "@tabler/icons-react";
import type { Pat } from "../../api/types.ts";
import { ExactTime } from "../../ui/exact-time.tsx";
import { expiresSoon, expiresSoonText } from "./expiry.ts";
import { wholeLabel } from "./status-badge.tsx";

/**
 * "Expires in 3 days", in a warning colour, for an active PAT that expires within 7 days; nothing otherwise. On a
 * narrow screen the badge says "in 3 days" (it sits under the Expires heading), so that it fits.
 */
export function ExpiresSoonBadge({ pat }: { pat: Pick<Pat, "status" | "expires_at"> }) {
  if (!expiresSoon(pat)) return null;
  const text = expiresSoonText(pat.expires_at);
  return (
    <ExactTime time={pat.expires_at}>
      <Badge
        component="span"
        color="yellow"
        c="yellow.9"
        variant="light"
        miw="fit-content"
        style={{ flexShrink: 0 }}
        styles={wholeLabel}
        leftSection={<IconClockExclamation size={12} />}
      >
        <Box component="span" visibleFrom="sm">
          Expires{" "}
        </Box>
        {text.replace(/^Expires /, "")}
      </Badge>
    </ExactTime>
  );
}

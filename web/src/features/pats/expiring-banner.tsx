import { Alert, Button, Group, Text } from "@mantine/core";
import { IconClockExclamation } from "@tabler/icons-react";
import { useLoad } from "../../ui/use-load.ts";
import { countExpiringSoon, expiringBannerText } from "./expiry.ts";
import { listPats } from "./pat-api.ts";

export interface ExpiringBannerProps {
  /** Counted again whenever this changes (the list was loaded again: a PAT deleted, a filter changed). */
  trigger: unknown;
  /** Sorts the list soonest to expire first. */
  onShow: () => void;
}

/** "2 Personal Access Tokens expire within 7 days", with a button that sorts the list by expiry; nothing when none do. */
export function ExpiringBanner({ trigger, onShow }: ExpiringBannerProps) {
  const count = useLoad(
    () => countExpiringSoon((offset, limit) => listPats({ status: "active", order: "expires_at", offset, limit })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- trigger is the reason to count again, not an input
    [trigger],
  );
  const text = expiringBannerText(count.data ?? 0);
  if (!text) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconClockExclamation />} role="status" aria-label="Expiring soon">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" fw={500}>
          {text}
        </Text>
        <Button size="xs" variant="outline" color="yellow.9" onClick={onShow}>
          Sort by expiry
        </Button>
      </Group>
    </Alert>
  );
}

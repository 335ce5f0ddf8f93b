import { Alert, Button, Group, Text } from "@mantine/core";
import { IconClockExclamation } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { countExpiringSoon, expiringBannerText } from "./expiry.ts";
import { listPats } from "./pat-api.ts";
import { PAT_REFRESH_MS, patKeys } from "./pat-queries.ts";

export interface ExpiringBannerProps {
  /** Sorts the list soonest to expire first. */
  onShow: () => void;
}

/** "2 Personal Access Tokens expire within 7 days", with a button that sorts the list by expiry; nothing when none do. */
export function ExpiringBanner({ onShow }: ExpiringBannerProps) {
  // Under the PAT keys: any change to a PAT (create, delete, revoke, regenerate) counts again.
  const count = useQuery({
    queryKey: [...patKeys.all, "expiring-soon"],
    queryFn: () => countExpiringSoon((offset, limit) => listPats({ status: "active", order: "expires_at", offset, limit })),
    refetchInterval: PAT_REFRESH_MS,
  });
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

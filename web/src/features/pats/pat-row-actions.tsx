import { ActionIcon, Menu } from "@mantine/core";
import { useClipboard } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconCopy, IconDots, IconEye, IconTrash } from "@tabler/icons-react";
import type { Pat } from "../../api/types.ts";

export interface PatRowActionsProps {
  pat: Pat;
  onView: () => void;
  onDelete: () => void;
}

/** The row actions of the PATs table: View, Copy ID, Delete. Clicks here do not open the row. */
export function PatRowActions({ pat, onView, onDelete }: PatRowActionsProps) {
  const clipboard = useClipboard();
  const copyId = () => {
    clipboard.copy(pat.id);
    notifications.show({ message: `ID of ${pat.name} copied`, color: "teal" });
  };
  return (
    <Menu position="bottom-end" shadow="md" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={`Actions for ${pat.name}`} onClick={(e) => e.stopPropagation()}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown onClick={(e) => e.stopPropagation()}>
        <Menu.Item leftSection={<IconEye size={16} />} onClick={onView}>
          View
        </Menu.Item>
        <Menu.Item leftSection={<IconCopy size={16} />} onClick={copyId}>
          Copy ID
        </Menu.Item>
        <Menu.Item leftSection={<IconTrash size={16} />} color="red" onClick={onDelete}>
          Delete
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

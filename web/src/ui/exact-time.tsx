import { Text, Tooltip } from "@mantine/core";
import type { ReactNode } from "react";
import { exactTime } from "./times.ts";

export interface ExactTimeProps {
  time: string;
  /** What is shown: a relative or short time, or a badge. */
  children: ReactNode;
}

/**
 * A time shown short (relative, or a badge) whose exact local time, with its zone, and UTC time show in a tooltip on
 * hover, on focus (it is a tab stop) and on touch.
 */
export function ExactTime({ time, children }: ExactTimeProps) {
  const [local, utc] = exactTime(time);
  const plain = typeof children === "string";
  return (
    <Tooltip
      label={
        <>
          <div>{local}</div>
          <div>{utc}</div>
        </>
      }
      events={{ hover: true, focus: true, touch: true }}
      withArrow
      multiline
    >
      <Text component="span" size="sm" tabIndex={0} style={{ cursor: "help", textDecoration: plain ? "underline dotted" : undefined }}>
        {children}
      </Text>
    </Tooltip>
  );
}

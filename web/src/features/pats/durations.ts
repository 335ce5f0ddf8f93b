import { parseDuration } from "../../../../server/lib/durations.ts";

/** The Duration choices of the Create PAT page and the Regenerate dialog; "custom" takes a typed value. */
export const durationChoices = [
  { value: "1h", label: "1 hour" },
  { value: "24h", label: "1 day" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
  { value: "90d", label: "90 days" },
  { value: "365d", label: "365 days" },
  { value: "custom", label: "Custom" },
];

export interface DurationValue {
  choice: string;
  custom: string;
}

export const defaultDuration: DurationValue = { choice: "30d", custom: "" };

export type CheckedDuration = { ok: true; duration: string; ms: number } | { ok: false; problem: string };

/** The duration to send, or why the typed one is not acceptable (checked before sending). */
export function checkDuration(value: DurationValue): CheckedDuration {
  const duration = value.choice === "custom" ? value.custom.trim() : value.choice;
  if (!duration) return { ok: false, problem: "Enter a duration such as 45m, 12h, 10d or 2w" };
  const parsed = parseDuration(duration);
  if (!parsed.ok) return { ok: false, problem: parsed.reason.startsWith('"') ? parsed.reason : `Duration ${parsed.reason}` };
  if (parsed.ms < 1000) return { ok: false, problem: "Duration must be at least 1s" };
  return { ok: true, duration, ms: parsed.ms };
}

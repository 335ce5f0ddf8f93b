import dayjs from "dayjs";
import type { PatActivity } from "../../api/types.ts";

/** The days the Activity chart shows: the API keeps the last 30 days of hourly counts. */
export const DAYS = 30;

export interface DayOfUse {
  /** "Nov 3", in the browser's time zone */
  day: string;
  allowed: number;
  denied: number;
}

/**
 * Requests per local day over the last `days` days (today last), from the API's hourly counts: days without
 * requests are 0, hours outside the window are left out.
 */
export function perDay(hourly: PatActivity["hourly"], now: Date = new Date(), days = DAYS): DayOfUse[] {
  const first = dayjs(now)
    .startOf("day")
    .subtract(days - 1, "day");
  const rows = Array.from({ length: days }, (_, i) => ({ day: first.add(i, "day").format("MMM D"), allowed: 0, denied: 0 }));
  for (const { hour, allowed, denied } of hourly) {
    const row = rows[dayjs(hour).startOf("day").diff(first, "day")];
    if (!row) continue;
    row.allowed += allowed;
    row.denied += denied;
  }
  return rows;
}

import dayjs from "dayjs";
import localizedFormat from "dayjs/plugin/localizedFormat.js";
import relativeTime from "dayjs/plugin/relativeTime.js";

dayjs.extend(relativeTime);
dayjs.extend(localizedFormat);

/** "3 minutes ago", "in 23 hours". */
export function relative(time: string | Date, now: Date = new Date()): string {
  return dayjs(time).from(now);
}

/** The Expires column: "in 23 hours" or "expired 2 days ago". */
export function expiresText(expiresAt: string, now: Date = new Date()): string {
  return dayjs(expiresAt).isAfter(now) ? dayjs(expiresAt).from(now) : `expired ${dayjs(expiresAt).from(now)}`;
}

/** A full local date and time, for tooltips and the expiry preview. */
export function fullDate(time: string | Date): string {
  return dayjs(time).format("LLL");
}

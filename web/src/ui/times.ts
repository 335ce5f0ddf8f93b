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

export interface ExactTimeOptions {
  /** The reader's locale and time zone unless given (tests pin them). */
  locale?: string | undefined;
  timeZone?: string | undefined;
}

/** The parts of an exact time: date, time to the second, and the zone's name. */
const dateAndTime: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  second: "2-digit",
  timeZoneName: "short",
};

/**
 * An exact time for a tooltip: the local date and time with its time zone, then the same instant in UTC, e.g.
 * ["Tue, Dec 8, 2026, 7:16:06 PM GMT+5:30", "Dec 8, 2026, 1:46:06 PM UTC"].
 */
export function exactTime(time: string | Date, { locale, timeZone }: ExactTimeOptions = {}): [local: string, utc: string] {
  const at = new Date(time);
  const local = new Intl.DateTimeFormat(locale, { weekday: "short", ...dateAndTime, timeZone });
  const utc = new Intl.DateTimeFormat(locale, { ...dateAndTime, timeZone: "UTC" });
  return [local.format(at), utc.format(at)];
}

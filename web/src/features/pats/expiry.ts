import type { Pat } from "../../api/types.ts";

/** Active PATs that expire within this many days are flagged (badge, banner). */
export const SOON_DAYS = 7;
const DAY_MS = 86_400_000;

/** True for an active PAT that expires within SOON_DAYS of `now`. */
export function expiresSoon(pat: Pick<Pat, "status" | "expires_at">, now: Date = new Date()): boolean {
  const left = Date.parse(pat.expires_at) - now.getTime();
  return pat.status === "active" && left > 0 && left <= SOON_DAYS * DAY_MS;
}

/** Local calendar days from `now` to `time`: 0 today, 1 tomorrow. */
function calendarDaysUntil(time: string, now: Date): number {
  const at = new Date(time);
  const day = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((day(at) - day(now)) / DAY_MS);
}

/** The badge of a PAT that expires soon: "Expires today", "Expires tomorrow", "Expires in 5 days". */
export function expiresSoonText(expiresAt: string, now: Date = new Date()): string {
  const days = calendarDaysUntil(expiresAt, now);
  if (days <= 0) return "Expires today";
  if (days === 1) return "Expires tomorrow";
  return `Expires in ${days} days`;
}

/** The banner's sentence, or nothing when no PAT expires soon. */
export function expiringBannerText(count: number): string | undefined {
  if (count <= 0) return undefined;
  return count === 1 ? `1 Personal Access Token expires within ${SOON_DAYS} days` : `${count} Personal Access Tokens expire within ${SOON_DAYS} days`;
}

export interface ExpiryPage {
  total: number;
  pats: Pick<Pat, "status" | "expires_at">[];
}

/**
 * How many active PATs expire within SOON_DAYS, from `GET /pats?status=active&order=expires_at` read a page at a
 * time (soonest first): one request, unless a whole page expires soon, then the next, until one does not.
 */
export async function countExpiringSoon(
  load: (offset: number, limit: number) => Promise<ExpiryPage>,
  limit = 100,
  now: Date = new Date(),
): Promise<number> {
  let count = 0;
  for (let offset = 0; ; offset += limit) {
    const page = await load(offset, limit);
    const soon = page.pats.filter((pat) => expiresSoon(pat, now)).length;
    count += soon;
    const past = soon < page.pats.length;
    if (past || page.pats.length === 0 || offset + page.pats.length >= page.total) return count;
  }
}

/** The list's orders, as kept in the page's URL (`order`, `dir`) and sent to `GET /pats`. */
export type PatOrder = "issued_at" | "expires_at";
export type PatDir = "asc" | "desc";

export const sortChoices = [
  { value: "issued_at:desc", label: "Newest first" },
  { value: "issued_at:asc", label: "Oldest first" },
  { value: "expires_at:asc", label: "Expiring soonest" },
  { value: "expires_at:desc", label: "Expiring latest" },
] as const;

/** The order from the URL's `order` and `dir`; anything unknown is the default, newest first. */
export function toSort(order: string | null, dir: string | null): { order: PatOrder; dir: PatDir } {
  const o: PatOrder = order === "expires_at" ? "expires_at" : "issued_at";
  const natural: PatDir = o === "expires_at" ? "asc" : "desc";
  const d: PatDir = dir === "asc" || dir === "desc" ? dir : natural;
  return { order: o, dir: d };
}

/** The API's `order` and `dir` for a sort, leaving out what is the default (so URLs stay short). */
export function toSortParams(order: PatOrder, dir: PatDir): { order?: PatOrder; dir?: PatDir } {
  const natural: PatDir = order === "expires_at" ? "asc" : "desc";
  return { ...(order === "issued_at" ? {} : { order }), ...(dir === natural ? {} : { dir }) };
}

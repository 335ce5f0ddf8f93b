import type { Pat } from "../../api/types.ts";

/**
 * The Grace period choices of the Regenerate dialog: how long the previous secret keeps working after a regenerate.
 * Sent as `grace` beside `duration`; None sends no `grace` at all.
 */
export const graceChoices = [
  { value: "none", label: "None" },
  { value: "1h", label: "1 hour" },
  { value: "24h", label: "1 day" },
  { value: "7d", label: "7 days" },
] as const;

export type GraceChoice = (typeof graceChoices)[number]["value"];

/**
 * A PAT as the API sends it once rotation with grace is served: `grace_ends_at` (RFC 3339) is there only while the
 * previous secret still works. Optional here, so the UI works with a server that does not send it yet.
 */
export type PatWithGrace = Pat & { grace_ends_at?: string | undefined };

/** The body of `PATCH /pats/{id}/secret/reset`. */
export function regenerateBody(duration: string, grace: GraceChoice): { duration: string; grace?: Exclude<GraceChoice, "none"> } {
  return grace === "none" ? { duration } : { duration, grace };
}

/** The sentence for the time the previous secret stops working, once that time is known. */
export function graceLabel(grace: GraceChoice): string {
  const choice = graceChoices.find((c) => c.value === grace);
  return grace === "none" || !choice ? "The previous secret stops working at once." : `The previous secret keeps working for ${choice.label}.`;
}

/** True for a choice of the list (a Select hands back a string). */
export function isGraceChoice(value: string | null): value is GraceChoice {
  return graceChoices.some((c) => c.value === value);
}

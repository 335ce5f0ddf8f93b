/**
 * The API's limits the UI checks before sending, in one place. The server's schemas are the source
 * (`server/pats/pat-schemas.ts`, `server/lib/pagination.ts`); `web/e2e/limits.test.ts` holds these to them.
 */
export const limits = {
  /** A PAT name: 1 to this many characters after trimming. */
  patName: 254,
  /** A PAT description. */
  patDescription: 1024,
  /** Scopes in one create or add request. */
  scopesPerRequest: 1000,
  /** The largest page any list endpoint answers. */
  page: 100,
} as const;

/** "1 scope", "2 scopes": a count with its noun, singular or plural. */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** The problem with a PAT name, or undefined. */
export function patNameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return "Enter a name";
  if (trimmed.length > limits.patName) return `At most ${limits.patName} characters`;
  return undefined;
}

/** The problem with a PAT description, or undefined. */
export function patDescriptionProblem(description: string): string | undefined {
  return description.length > limits.patDescription ? `At most ${limits.patDescription} characters` : undefined;
}

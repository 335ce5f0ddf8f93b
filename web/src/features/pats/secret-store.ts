/**
 * The secret of a PAT just created or regenerated, held in memory only, so that the detail page can show it
 * once: a reload starts a new page with an empty store, and leaving the detail page forgets it.
 */
const secrets = new Map<string, string>();

export function rememberSecret(patId: string, secret: string): void {
  secrets.set(patId, secret);
}

export function peekSecret(patId: string): string | undefined {
  return secrets.get(patId);
}

export function forgetSecret(patId: string): void {
  secrets.delete(patId);
}

import { api, fetchFile, query } from "../../api/client.ts";
import type { AuditPage, AuditVerify } from "../../api/types.ts";

/** Whose events: the signed-in user's own security log, or a domain's audit (its admins). */
export type AuditScope = { kind: "own" } | { kind: "domain"; domainId: string };

/** The filters of `GET /audit` the pages offer; unset ones are left out of the query. */
export interface AuditFilter {
  event?: string;
  outcome?: string;
  actor_id?: string;
  pat_id?: string;
  /** RFC 3339 */
  from?: string;
  /** RFC 3339, exclusive */
  to?: string;
}

const base = (scope: AuditScope) => (scope.kind === "own" ? "/audit" : `/domains/${scope.domainId}/audit`);

export const listAudit = (scope: AuditScope, filter: AuditFilter, limit: number, cursor?: string) =>
  api<AuditPage>("GET", `${base(scope)}${query({ ...filter, limit, cursor })}`);

export const verifyAudit = (scope: AuditScope) => api<AuditVerify>("GET", `${base(scope)}/verify`);

export type ExportFormat = "jsonl" | "csv";

/** Every event matching the filter, as the server streams it (JSON lines or CSV), saved by the browser. */
export async function exportAudit(scope: AuditScope, filter: AuditFilter, format: ExportFormat, fileName: string): Promise<void> {
  const blob = await fetchFile(`${base(scope)}${query({ ...filter, format })}`);
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = `${fileName}.${format}`;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The browser has taken the file once the click is handled; a moment later the URL may go.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

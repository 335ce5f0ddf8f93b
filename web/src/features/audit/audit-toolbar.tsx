import { Alert, Button, Group, Text } from "@mantine/core";
import { IconDownload, IconShieldCheck } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { messageOf } from "../../api/client.ts";
import type { AuditVerify } from "../../api/types.ts";
import { exportAudit, verifyAudit } from "./audit-api.ts";
import type { AuditFilter, AuditScope, ExportFormat } from "./audit-api.ts";

function VerifyResult({ result }: { result: AuditVerify }) {
  if (result.ok)
    return (
      <Alert color="teal" title="Integrity verified" role="status">
        The chain holds: {result.checked} {result.checked === 1 ? "event" : "events"} checked.
      </Alert>
    );
  return (
    <Alert color="red" title="The chain is broken" role="alert">
      {result.broken_at ? (
        <>
          The link of event{" "}
          <Text span ff="monospace">
            {result.broken_at}
          </Text>{" "}
          does not hold: it or an event before it was changed or removed.
        </>
      ) : (
        "Events are missing after the last one kept."
      )}
    </Alert>
  );
}

/** "Verify integrity" (the hash chain of the scope) and the exports of every event matching the filter. */
export function AuditToolbar({ scope, filter, fileName }: { scope: AuditScope; filter: AuditFilter; fileName: string }) {
  const verifying = useMutation({ mutationFn: () => verifyAudit(scope) });
  const exporting = useMutation({ mutationFn: (format: ExportFormat) => exportAudit(scope, filter, format, fileName) });
  const failed = verifying.error ?? exporting.error;
  const error = failed ? messageOf(failed) : undefined;
  const result = verifying.data;
  const exportingAs = exporting.isPending ? exporting.variables : undefined;
  const verify = () => {
    exporting.reset();
    verifying.mutate();
  };
  const download = (format: ExportFormat) => {
    // A verification's verdict stays on screen through an export; only its error makes way.
    if (verifying.isError) verifying.reset();
    exporting.mutate(format);
  };

  return (
    <>
      <Group gap="sm">
        <Button variant="light" leftSection={<IconShieldCheck size={16} />} loading={verifying.isPending} onClick={verify}>
          Verify integrity
        </Button>
        <Button variant="default" leftSection={<IconDownload size={16} />} loading={exportingAs === "jsonl"} onClick={() => download("jsonl")}>
          Export JSON lines
        </Button>
        <Button variant="default" leftSection={<IconDownload size={16} />} loading={exportingAs === "csv"} onClick={() => download("csv")}>
          Export CSV
        </Button>
      </Group>
      {result && <VerifyResult result={result} />}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
    </>
  );
}

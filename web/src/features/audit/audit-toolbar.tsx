import { Alert, Button, Group, Text } from "@mantine/core";
import { IconDownload, IconShieldCheck } from "@tabler/icons-react";
import { useState } from "react";
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
  const [verifying, setVerifying] = useState(false);
  const [result, setResult] = useState<AuditVerify>();
  const [exporting, setExporting] = useState<ExportFormat>();
  const [error, setError] = useState<string>();

  const verify = async () => {
    setVerifying(true);
    setError(undefined);
    try {
      setResult(await verifyAudit(scope));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setVerifying(false);
    }
  };
  const download = async (format: ExportFormat) => {
    setExporting(format);
    setError(undefined);
    try {
      await exportAudit(scope, filter, format, fileName);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setExporting(undefined);
    }
  };

  return (
    <>
      <Group gap="sm">
        <Button variant="light" leftSection={<IconShieldCheck size={16} />} loading={verifying} onClick={() => void verify()}>
          Verify integrity
        </Button>
        <Button variant="default" leftSection={<IconDownload size={16} />} loading={exporting === "jsonl"} onClick={() => void download("jsonl")}>
          Export JSON lines
        </Button>
        <Button variant="default" leftSection={<IconDownload size={16} />} loading={exporting === "csv"} onClick={() => void download("csv")}>
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

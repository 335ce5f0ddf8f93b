import { Alert, Button, Group, MultiSelect, Paper, Stack, Switch, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { ComboboxItem, OptionsFilter } from "@mantine/core";
import type { FormEvent } from "react";
import { messageOf } from "../../api/client.ts";
import { fieldErrorOf } from "../../api/field-error.ts";
import { AddressListInput } from "../../ui/address-list-input.tsx";
import { useCatalog } from "../pats/pat-queries.ts";
import { savePatPolicy } from "./policy-api.ts";
import type { PatPolicy, PatPolicyInput } from "./policy-api.ts";
import { catalogEntries, policyLabels, policyProblems, toPolicyBody, toPolicyForm } from "./policy-form.ts";
import type { DurationField, PolicyForm } from "./policy-form.ts";
import { policyKey } from "./use-policy.ts";

const durationHelp = {
  max_lifetime: "The longest a PAT with scopes here may be valid, from creation or regeneration to expiry. For example 30d, 12h or 2w.",
  max_grace: "The longest grace period Regenerate may give the previous secret. For example 1h, 24h or 7d.",
  inactivity: "A PAT unused for this long (since its last use, else its creation) is refused here. For example 30d or 90d.",
} as const satisfies Record<DurationField, string>;

/** The policy's fields; Save replaces the whole policy and shows the server's refusal on the field it names. */
export function PatPolicyForm({ domainId, policy }: { domainId: string; policy: PatPolicy }) {
  const [form, setForm] = useState<PolicyForm>(() => toPolicyForm(policy));
  const [submitted, setSubmitted] = useState(false);
  const [serverProblems, setServerProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const queryClient = useQueryClient();
  const catalog = useCatalog();
  const operations = useMemo(() => catalogEntries(catalog.data), [catalog.data]);
  const descriptions = useMemo(() => new Map(operations.flatMap((g) => g.items.map((o) => [o.value, o.description]))), [operations]);

  const local = submitted ? policyProblems(form) : {};
  const problems = { ...serverProblems, ...local };
  const change = (next: Partial<PolicyForm>) => {
    setForm((f) => ({ ...f, ...next }));
    setServerProblems((p) => Object.fromEntries(Object.entries(p).filter(([key]) => !Object.keys(next).some((k) => key.startsWith(k)))));
  };
  const rowErrors = Object.fromEntries(
    Object.entries(problems)
      .filter(([key]) => key.startsWith("allowed_ips."))
      .map(([key, text]) => [Number(key.slice("allowed_ips.".length)), text]),
  );

  const saving = useMutation({
    mutationFn: (body: PatPolicyInput) => savePatPolicy(domainId, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(policyKey(domainId), saved);
      setForm(toPolicyForm(saved));
      setServerProblems({});
      setSubmitted(false);
      notifications.show({ color: "teal", message: "PAT policy saved" });
    },
    onError: (e) => {
      const named = fieldErrorOf(e);
      if (named) setServerProblems({ [named.index === undefined ? named.field : `${named.field}.${named.index}`]: named.message });
      else setError(messageOf(e));
    },
  });
  const save = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setError(undefined);
    if (Object.keys(policyProblems(form)).length > 0) return;
    saving.mutate(toPolicyBody(form));
  };

  return (
    <form onSubmit={save} noValidate aria-label="PAT policy">
      <Paper withBorder p="md">
        <Stack>
          {(["max_lifetime", "max_grace", "inactivity"] as const).map((field) => (
            <TextInput
              key={field}
              label={policyLabels[field]}
              description={durationHelp[field]}
              placeholder="No limit"
              value={form[field]}
              onChange={(e) => change({ [field]: e.currentTarget.value })}
              error={problems[field]}
              maw={420}
            />
          ))}
          <AddressListInput
            label={policyLabels.allowed_ips}
            description="IPv4 or IPv6 addresses or CIDR ranges (10.0.0.0/8, 2001:db8::/32) PATs may be used from in this domain."
            emptyText="Any address."
            values={form.allowed_ips}
            onChange={(allowed_ips) => change({ allowed_ips })}
            errors={rowErrors}
            error={problems.allowed_ips}
          />
          <MultiSelect
            label={policyLabels.forbidden_operations}
            description="Operations no PAT may hold or use in this domain. Type to search."
            placeholder={form.forbidden_operations.length ? undefined : "None"}
            data={operations}
            value={form.forbidden_operations}
            onChange={(forbidden_operations) => change({ forbidden_operations })}
            searchable
            clearable
            hidePickedOptions
            nothingFoundMessage="No operation matches"
            maxDropdownHeight={320}
            error={problems.forbidden_operations ?? catalog.error?.message}
            renderOption={({ option }) => (
              <div>
                <Text size="sm" ff="monospace">
                  {option.label}
                </Text>
                <Text size="xs" c="dimmed">
                  {descriptions.get(option.value)}
                </Text>
              </div>
            )}
            filter={operationsFilter(descriptions)}
          />
          <Switch
            label={policyLabels.require_description}
            description="A PAT with scopes in this domain must have a description."
            checked={form.require_description}
            onChange={(e) => change({ require_description: e.currentTarget.checked })}
            error={problems.require_description}
          />
          {error && (
            <Alert color="red" role="alert" title="The policy was not saved">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={saving.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </Paper>
    </form>
  );
}

/** Searches the operations by entry (`clients:delete`) and by description. */
function operationsFilter(descriptions: Map<string, string>): OptionsFilter<string> {
  return ({ options, search }) => {
    const words = search.toLowerCase().trim();
    if (!words) return options;
    const matches = (o: ComboboxItem<string>) =>
      o.label.toLowerCase().includes(words) || (descriptions.get(o.value) ?? "").toLowerCase().includes(words);
    return options
      .map((item) => ("group" in item ? { ...item, items: item.items.filter(matches) } : item))
      .filter((item) => ("group" in item ? item.items.length > 0 : matches(item)));
  };
}

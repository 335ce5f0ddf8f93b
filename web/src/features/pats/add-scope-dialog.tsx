import { Modal, Stack } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { counted } from "../../api/limits.ts";
import { fieldError } from "../../api/field-errors.ts";
import type { Domain } from "../../api/types.ts";
import { DialogFooter } from "../../ui/dialog-footer.tsx";
import { NeedDomain } from "../../ui/need-domain.tsx";
import { addScopes } from "./pat-api.ts";
import { patKeys, useCatalog } from "./pat-queries.ts";
import { ScopeEditor } from "./scope-editor.tsx";
import { emptySelection, hasProblems, problemsOf, scopesOf } from "./scope-selection.ts";

export interface AddScopeDialogProps {
  patId: string;
  domain: Domain | undefined;
  opened: boolean;
  onClose: () => void;
}

/** Add Scope: the scope editor of Create PAT; every chosen scope is added in one request. */
export function AddScopeDialog({ patId, domain, opened, onClose }: AddScopeDialogProps) {
  const catalog = useCatalog();
  const queryClient = useQueryClient();
  const [selection, setSelection] = useState(emptySelection);
  const [submitted, setSubmitted] = useState(false);
  const add = useMutation({
    mutationFn: (scopes: Parameters<typeof addScopes>[1]) => addScopes(patId, scopes),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: patKeys.detail(patId) });
      close();
    },
  });
  const problems = problemsOf(selection);
  const chosen = domain ? scopesOf([selection], domain.id) : { scopes: [] };
  function close() {
    setSelection(emptySelection);
    setSubmitted(false);
    add.reset();
    onClose();
  }
  const submit = () => {
    setSubmitted(true);
    if (!domain || hasProblems(problems) || chosen.problem) return;
    add.mutate(chosen.scopes);
  };
  const error = chosen.problem ?? (add.error ? fieldError(add.error).message : undefined) ?? catalog.error?.message;
  return (
    <Modal opened={opened} onClose={close} title="Add Scope" size="xl" centered>
      <Stack>
        {domain ? (
          <ScopeEditor
            legend="New scopes"
            selection={selection}
            onChange={setSelection}
            catalog={catalog.data}
            domain={domain}
            problems={submitted ? problems : undefined}
          />
        ) : (
          <NeedDomain />
        )}
        <DialogFooter
          error={error}
          onCancel={close}
          onSubmit={submit}
          submitLabel={chosen.scopes.length > 1 ? `Add ${counted(chosen.scopes.length, "scope")}` : "Add Scope"}
          busy={add.isPending}
          submitProps={{ disabled: !domain }}
        />
      </Stack>
    </Modal>
  );
}

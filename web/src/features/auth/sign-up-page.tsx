import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError, messageOf } from "../../api/client.ts";
import { sentence } from "../../api/field-errors.ts";
import { AuthCard, nextPath } from "./auth-card.tsx";
import { signUp } from "./auth-api.ts";
import type { SignUpInput } from "./auth-api.ts";
import { usePageTitle } from "../../ui/page-title.ts";

type Field = keyof SignUpInput;

/** Checks the form before sending, with the server's own limits. */
function problemsOf(input: SignUpInput): Partial<Record<Field, string>> {
  const problems: Partial<Record<Field, string>> = {};
  if (!input.firstName.trim()) problems.firstName = "Enter your first name";
  if (!input.lastName.trim()) problems.lastName = "Enter your last name";
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email)) problems.email = "Enter an email address such as ada@example.com";
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(input.username)) problems.username = "Letters, digits, '.', '_' and '-', starting with a letter or digit";
  if (input.password.length < 8) problems.password = "At least 8 characters";
  return problems;
}

export function SignUpPage() {
  usePageTitle("Sign up");
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [input, setInput] = useState<SignUpInput>({ firstName: "", lastName: "", email: "", username: "", password: "" });
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const signingUp = useMutation({
    mutationFn: (details: SignUpInput) => signUp(details),
    // A newcomer has nothing to come back to at the home page: the first run leads from a domain to a first PAT.
    onSuccess: () => {
      const next = nextPath(search);
      return navigate(["/", "/personal-access-tokens"].includes(next) ? "/welcome" : next, { replace: true });
    },
  });
  // The server does not say which of the two is taken: both fields carry it.
  const taken = signingUp.error instanceof ApiError && signingUp.error.code === "conflict" ? sentence(signingUp.error.message) : undefined;
  const shown = taken ? { ...problems, email: taken, username: taken } : problems;
  const error = signingUp.error && !taken ? sentence(messageOf(signingUp.error)) : undefined;
  const field = (name: Field) => ({
    value: input[name],
    error: shown[name],
    onChange: (e: { currentTarget: HTMLInputElement }) => {
      setInput({ ...input, [name]: e.currentTarget.value });
      setProblems({ ...problems, [name]: undefined });
      signingUp.reset();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = problemsOf(input);
    setProblems(found);
    signingUp.reset();
    if (Object.keys(found).length === 0) signingUp.mutate({ ...input, username: input.username.trim(), email: input.email.trim() });
  };

  return (
    <AuthCard title="Sign up">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Group grow align="flex-start">
            <TextInput label="First name" autoComplete="given-name" required {...field("firstName")} />
            <TextInput label="Last name" autoComplete="family-name" required {...field("lastName")} />
          </Group>
          <TextInput label="Email" type="email" autoComplete="email" required {...field("email")} />
          <TextInput label="Username" autoComplete="username" required {...field("username")} />
          <PasswordInput label="Password" autoComplete="new-password" required description="At least 8 characters" {...field("password")} />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={signingUp.isPending}>
            Sign up
          </Button>
        </Stack>
      </form>
      <Text size="sm">
        Already have an account?{" "}
        <Anchor component={Link} to={`/sign-in?${search.toString()}`}>
          Sign in
        </Anchor>
      </Text>
    </AuthCard>
  );
}

import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { messageOf } from "../../api/client.ts";
import { AuthCard, nextPath } from "./auth-card.tsx";
import { signIn } from "./auth-api.ts";
import { usePageTitle } from "../../ui/page-title.ts";

export function SignInPage() {
  usePageTitle("Sign in");
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState<string>();
  const signingIn = useMutation({
    mutationFn: () => signIn(username.trim(), password),
    onSuccess: () => navigate(nextPath(search), { replace: true }),
  });
  const error = missing ?? (signingIn.error ? messageOf(signingIn.error) : undefined);
  // Only a session that ended says "where you left off"; a newcomer sent here from "/" is not greeted so.
  const expired = search.has("expired");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signingIn.reset();
    const incomplete = !username.trim() || !password;
    setMissing(incomplete ? "Enter your username (or email) and your password." : undefined);
    if (!incomplete) signingIn.mutate();
  };

  return (
    <AuthCard title="Sign in">
      {expired && <Alert color="blue">Sign in to continue where you left off.</Alert>}
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Username or email"
            autoComplete="username"
            value={username}
            required
            onChange={(e) => setUsername(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            value={password}
            required
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={signingIn.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
      <Text size="sm">
        New to Patio?{" "}
        <Anchor component={Link} to={`/sign-up?${search.toString()}`}>
          Sign up
        </Anchor>
      </Text>
    </AuthCard>
  );
}

import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
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
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Only a session that ended says "where you left off"; a newcomer sent here from "/" is not greeted so.
  const expired = search.has("expired");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) return setError("Enter your username (or email) and your password.");
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username.trim(), password);
      await navigate(nextPath(search), { replace: true });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Sign in">
      {expired && <Alert color="blue">Sign in to continue where you left off.</Alert>}
      <form onSubmit={(e) => void submit(e)} noValidate>
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
          <Button type="submit" loading={busy}>
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

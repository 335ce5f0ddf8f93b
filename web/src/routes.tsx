import { Alert, Anchor, Center } from "@mantine/core";
import { createBrowserRouter, Link, Navigate } from "react-router";
import { AppLayout } from "./ui/app-layout.tsx";
import { SignInPage } from "./features/auth/sign-in-page.tsx";
import { SignUpPage } from "./features/auth/sign-up-page.tsx";
import { DomainAuditPage } from "./features/audit/domain-audit-page.tsx";
import { SecurityLogPage } from "./features/audit/security-log-page.tsx";
import { ChooseDomainPage } from "./features/domains/choose-domain-page.tsx";
import { DomainPatsPage } from "./features/oversight/domain-pats-page.tsx";
import { PatPolicyPage } from "./features/policy/pat-policy-page.tsx";
import { EntitiesPage } from "./features/entities/entities-page.tsx";
import { WelcomePage } from "./features/first-run/welcome-page.tsx";
import { CreatePatPage } from "./features/pats/create-pat-page.tsx";
import { PatDetailPage } from "./features/pats/pat-detail-page.tsx";
import { PatsPage } from "./features/pats/pats-page.tsx";

function NotFound() {
  return (
    <Center p="xl">
      <Alert color="yellow" title="No such page">
        <Anchor component={Link} to="/personal-access-tokens">
          Go to your Personal Access Tokens
        </Anchor>
      </Alert>
    </Center>
  );
}

/**
 * The UI's pages. Their paths must not be API paths (`/pats`, `/domains`, `/{domain}/clients`…): the server
 * answers a page's path with index.html only when no API route matches it.
 */
export const router = createBrowserRouter([
  { path: "/sign-in", element: <SignInPage /> },
  { path: "/sign-up", element: <SignUpPage /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <Navigate to="/personal-access-tokens" replace /> },
      { path: "/personal-access-tokens", element: <PatsPage /> },
      { path: "/personal-access-tokens/new", element: <CreatePatPage /> },
      { path: "/personal-access-tokens/:id", element: <PatDetailPage /> },
      { path: "/choose-domain", element: <ChooseDomainPage /> },
      { path: "/welcome", element: <WelcomePage /> },
      { path: "/security-log", element: <SecurityLogPage /> },
      { path: "/domain-audit", element: <DomainAuditPage /> },
      { path: "/pat-policy", element: <PatPolicyPage /> },
      { path: "/domain-pats", element: <DomainPatsPage /> },
      { path: "/clients", element: <EntitiesPage key="clients" kind="clients" /> },
      { path: "/channels", element: <EntitiesPage key="channels" kind="channels" /> },
      { path: "/groups", element: <EntitiesPage key="groups" kind="groups" /> },
      { path: "*", element: <NotFound /> },
    ],
  },
]);

import { AppShell, Avatar, Burger, Button, Group, Menu, NavLink, Stack, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useEffect } from "react";
import {
  IconBuilding,
  IconCpu,
  IconKey,
  IconListSearch,
  IconLogout,
  IconShieldCog,
  IconShieldLock,
  IconSitemap,
  IconTopologyStar3,
  IconUsersGroup,
} from "@tabler/icons-react";
import { Link, Navigate, Outlet, useLocation, useNavigate } from "react-router";
import { readSession } from "../api/session-store.ts";
import { fetchProfile, signOut } from "../features/auth/auth-api.ts";
import { CurrentDomainProvider, useCurrentDomain } from "../features/domains/current-domain.tsx";
import { CopyId } from "./copy-id.tsx";
import { useQuery, useQueryClient } from "@tanstack/react-query";

const links = [
  { to: "/personal-access-tokens", label: "Personal Access Tokens", icon: IconKey },
  { to: "/clients", label: "Clients", icon: IconCpu },
  { to: "/channels", label: "Channels", icon: IconTopologyStar3 },
  { to: "/groups", label: "Groups", icon: IconSitemap },
  { to: "/choose-domain", label: "Domains", icon: IconBuilding },
  { to: "/security-log", label: "Security log", icon: IconShieldLock },
];

/**
 * The current domain's audit, PAT policy and PATs, for its admins. The UI does not know the user's role in a
 * domain (no API says it without trying), so the links show whenever a domain is chosen and each page says so
 * when the server refuses.
 */
const domainLinks = [
  { to: "/domain-audit", label: "Domain audit", icon: IconListSearch },
  { to: "/pat-policy", label: "PAT policy", icon: IconShieldCog },
  { to: "/domain-pats", label: "Domain PATs", icon: IconUsersGroup },
];

/** The path to come back to after signing in; `expired` when a session ended under the user (not a first visit). */
export function signInPathFrom(location: { pathname: string; search: string }, expired = false): string {
  return `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}${expired ? "&expired=1" : ""}`;
}

function ProfileMenu() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const profile = useQuery({ queryKey: ["profile"], queryFn: fetchProfile, staleTime: 60_000 });
  const user = profile.data;
  const initials = user ? `${user.first_name[0] ?? ""}${user.last_name[0] ?? ""}`.toUpperCase() : "";
  return (
    <Menu position="bottom-end" shadow="md" width={240}>
      <Menu.Target>
        <UnstyledButton aria-label="Profile menu">
          <Avatar color="teal" radius="xl">
            {initials}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        {user && (
          <Menu.Label>
            {user.first_name} {user.last_name} · {user.credentials.username}
          </Menu.Label>
        )}
        <Menu.Item leftSection={<IconKey size={16} />} onClick={() => void navigate("/personal-access-tokens")}>
          Personal Access Tokens
        </Menu.Item>
        <Menu.Item leftSection={<IconBuilding size={16} />} onClick={() => void navigate("/choose-domain")}>
          Domains
        </Menu.Item>
        <Menu.Item leftSection={<IconShieldLock size={16} />} onClick={() => void navigate("/security-log")}>
          Security log
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          onClick={() =>
            void signOut().then(() => {
              // The next user of this browser starts with nothing cached.
              queryClient.clear();
              return navigate("/sign-in");
            })
          }
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The current domain in the header: its name, and in its menu its id (every API path starts with it), copyable. */
function DomainMenu() {
  const { domain } = useCurrentDomain();
  const navigate = useNavigate();
  if (!domain)
    return (
      <Button component={Link} to="/choose-domain" variant="light" size="xs" leftSection={<IconBuilding size={14} />}>
        Choose a domain
      </Button>
    );
  return (
    <Menu position="bottom-end" shadow="md" width={320}>
      <Menu.Target>
        <Button variant="light" size="xs" leftSection={<IconBuilding size={14} />} aria-label={`Current domain: ${domain.name}`} maw={180}>
          <Text span size="xs" truncate>
            {domain.name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Current domain</Menu.Label>
        <Stack gap={2} px="sm" pb="xs">
          <Text size="sm" fw={600}>
            {domain.name}
          </Text>
          <CopyId id={domain.id} of={`domain ${domain.name}`} />
        </Stack>
        <Menu.Divider />
        <Menu.Item leftSection={<IconBuilding size={16} />} onClick={() => void navigate("/choose-domain")}>
          Switch or create a domain
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const { domain } = useCurrentDomain();
  // A toast is about the page it was raised on: leaving the page closes it.
  useEffect(() => notifications.clean(), [location.pathname]);
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text component={Link} to="/" fw={700} size="lg" c="teal.7" td="none">
              Patio
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <DomainMenu />
            <ProfileMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {(domain ? [...links, ...domainLinks] : links).map(({ to, label, icon: Icon }) => (
          <NavLink
            key={to}
            component={Link}
            to={to}
            label={label}
            leftSection={<Icon size={18} />}
            active={location.pathname.startsWith(to)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/** The signed-in part of the app: without a session, go to sign-in and come back here afterwards. */
export function AppLayout() {
  const location = useLocation();
  if (!readSession()) return <Navigate to={signInPathFrom(location)} replace />;
  return (
    <CurrentDomainProvider>
      <Shell />
    </CurrentDomainProvider>
  );
}

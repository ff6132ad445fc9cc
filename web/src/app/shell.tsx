import { AppShell, Burger, Group, Menu, NavLink, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Outlet, NavLink as RouterLink, useLocation, useNavigate } from "react-router";
import { api } from "../api/client";
import { type Me, useResetSession } from "../api/session";
import { CommandPalette } from "../features/inbox/command-palette";
import { LanguageSwitch } from "../ui/language-switch";
import { Loading } from "../ui/states";
import { saveLanguage } from "./language";

const NAV = [
  { to: "/", key: "inbox", end: true },
  { to: "/definition", key: "definition", end: false },
  { to: "/reports", key: "reports", end: false },
  { to: "/settings", key: "settings", end: false, adminOnly: true },
] as const;

/** The frame of every signed-in screen: the navigation, language switch, who is signed in. */
export function Shell({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const reset = useResetSession();
  const navigate = useNavigate();
  const location = useLocation();
  const items = NAV.filter((n) => !("adminOnly" in n) || me.role === "admin");
  const isActive = (to: string, end: boolean) =>
    end ? location.pathname === to : location.pathname.startsWith(to);

  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { desktop: true, mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t("skipToContent")}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap" miw={0}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("menu")} />
            <Group gap={6} wrap="nowrap" miw={0}>
              <Text fw={700} component={RouterLink} to="/" c="inherit" td="none" style={{ flexShrink: 0 }}>
                {t("appName")}
              </Text>
              {me.companyName && (
                <Text
                  size="sm"
                  c="dimmed"
                  truncate
                  maw={{ base: 200, lg: 280 }}
                  miw={0}
                  visibleFrom="xs"
                  title={me.companyName}
                  data-testid="shell-company"
                >
                  <span aria-hidden>· </span>
                  {me.companyName}
                </Text>
              )}
            </Group>
            <Group
              gap={4}
              wrap="nowrap"
              visibleFrom="sm"
              component="nav"
              aria-label="main"
              style={{ flexShrink: 0 }}
            >
              {items.map((n) => (
                <UnstyledButton
                  key={n.to}
                  component={RouterLink}
                  to={n.to}
                  end={n.end}
                  className="top-nav-link"
                  aria-current={isActive(n.to, n.end) ? "page" : undefined}
                >
                  {t(`nav.${n.key}`)}
                </UnstyledButton>
              ))}
            </Group>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch onPick={(v) => void saveLanguage(v)} />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={`${me.name} (${t(`roles.${me.role}`)})`} data-testid="user-menu">
                  <Text size="sm" truncate maw={200}>
                    {me.name}{" "}
                    <Text span c="dimmed" size="xs" visibleFrom="sm">
                      ({t(`roles.${me.role}`)})
                    </Text>
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.email}</Menu.Label>
                <Menu.Item
                  onClick={async () => {
                    await api.POST("/api/v1/auth/sign-out");
                    await reset();
                    void navigate("/sign-in");
                  }}
                >
                  {t("signOut")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="main (mobile)">
        {items.map((n) => (
          <NavLink
            key={n.to}
            component={RouterLink}
            to={n.to}
            label={t(`nav.${n.key}`)}
            active={isActive(n.to, n.end)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <CommandPalette me={me} />
    </AppShell>
  );
}

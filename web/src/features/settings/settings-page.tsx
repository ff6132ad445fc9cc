import { Alert, Stack, Tabs, Title } from "@mantine/core";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { useMe } from "../../api/session";
import { Loading } from "../../ui/states";
import { UsersTab } from "./users-tab";

const KeysTab = lazy(() => import("./keys-tab").then((m) => ({ default: m.KeysTab })));
const WebhooksTab = lazy(() => import("./webhooks-tab").then((m) => ({ default: m.WebhooksTab })));
const FormsTab = lazy(() => import("./forms-tab").then((m) => ({ default: m.FormsTab })));
const ServiceLevelsTab = lazy(() =>
  import("./service-levels-tab").then((m) => ({ default: m.ServiceLevelsTab })),
);
const CompanyTab = lazy(() => import("./company-tab").then((m) => ({ default: m.CompanyTab })));

/** The tabs, each a nested route under /settings. */
export const SETTINGS_TABS = ["users", "keys", "webhooks", "forms", "service-levels", "company"] as const;
type Tab = (typeof SETTINGS_TABS)[number];

/** Settings (administrators): users, API keys, webhooks, capture forms, service levels, company. */
export function SettingsPage() {
  const { t } = useTranslation("settings");
  const me = useMe().data;
  const location = useLocation();
  const navigate = useNavigate();
  const current = SETTINGS_TABS.find((tab) => location.pathname.startsWith(`/settings/${tab}`)) ?? "users";

  if (me?.role !== "admin")
    return (
      <Stack>
        <Title order={1}>{t("page.title")}</Title>
        <Alert color="blue" data-testid="settings-admins-only">
          {t("page.adminsOnly")}
        </Alert>
      </Stack>
    );

  return (
    <Stack gap="md">
      <Title order={1}>{t("page.title")}</Title>
      <Tabs
        value={current}
        onChange={(v) => v && void navigate(`/settings/${v}`)}
        aria-label={t("page.title")}
      >
        <Tabs.List>
          {SETTINGS_TABS.map((tab) => (
            <Tabs.Tab key={tab} value={tab} data-testid={`settings-tab-${tab}`}>
              {t(`page.tabs.${tab as Tab}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {SETTINGS_TABS.map((tab) => (
          <Tabs.Panel key={tab} value={tab} pt="md">
            {tab === current && (
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route index element={<Navigate to="/settings/users" replace />} />
                  <Route path="users/*" element={<UsersTab />} />
                  <Route path="keys" element={<KeysTab />} />
                  <Route path="webhooks" element={<WebhooksTab />} />
                  <Route path="forms/*" element={<FormsTab />} />
                  <Route path="service-levels" element={<ServiceLevelsTab />} />
                  <Route path="company" element={<CompanyTab />} />
                  <Route path="*" element={<Navigate to="/settings/users" replace />} />
                </Routes>
              </Suspense>
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

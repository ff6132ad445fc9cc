import { Stack, Tabs, Title } from "@mantine/core";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { Loading } from "../../ui/states";
import { ActivePage } from "./active-page";
import { DraftPage } from "./draft-page";
import { VersionsPage } from "./versions-page";
import "./workshop.css";

/** The workshop's screens, each a nested route under /definition. */
const TABS = [
  { key: "active", path: "/definition" },
  { key: "draft", path: "/definition/draft" },
  { key: "versions", path: "/definition/versions" },
] as const;

/**
 * The definition workshop: the active definition as people read it (/definition), the draft
 * editor with live checks, rule builder and simulation (/definition/draft), and every version
 * with approvals and a diff between any two (/definition/versions).
 */
export function WorkshopPage() {
  const { t } = useTranslation("workshop");
  const location = useLocation();
  const navigate = useNavigate();
  const current =
    TABS.find((tab) => tab.key !== "active" && location.pathname.startsWith(tab.path))?.key ?? "active";
  return (
    <Stack gap="md">
      <Title order={1}>{t("title")}</Title>
      <Tabs
        value={current}
        onChange={(v) => {
          const tab = TABS.find((x) => x.key === v);
          if (tab) void navigate(tab.path);
        }}
        aria-label={t("title")}
        keepMounted={false}
      >
        <Tabs.List style={{ overflowX: "auto", flexWrap: "nowrap" }}>
          {TABS.map((tab) => (
            <Tabs.Tab key={tab.key} value={tab.key} data-testid={`workshop-tab-${tab.key}`}>
              {t(`tabs.${tab.key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((tab) => (
          <Tabs.Panel key={tab.key} value={tab.key} pt="md">
            {tab.key === current && (
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route index element={<ActivePage />} />
                  <Route path="draft" element={<DraftPage />} />
                  <Route path="versions" element={<VersionsPage />} />
                  <Route path="*" element={<Navigate to="/definition" replace />} />
                </Routes>
              </Suspense>
            )}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

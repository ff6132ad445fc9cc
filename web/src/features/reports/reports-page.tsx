import { Button, Group, Paper, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { FILTER_KEYS, useReportFilters } from "./filters";
import { REPORTS } from "./registry";

/** Reports: filters on top (in the URL), then each report as a question, a chart, a verdict, a table. */
export function ReportsPage() {
  const { t } = useTranslation("reports");
  const { filters } = useReportFilters();
  return (
    <Stack gap="lg">
      <Title order={1}>{t("title")}</Title>
      <Filters />
      {REPORTS.map((r) => (
        <Paper
          key={r.id}
          component="section"
          withBorder
          radius="md"
          p="md"
          aria-labelledby={`report-${r.id}-title`}
          data-testid={`report-${r.id}`}
        >
          <Title order={2} size="h3" id={`report-${r.id}-title`} mb="sm">
            {t(r.question)}
          </Title>
          <r.component filters={filters} />
        </Paper>
      ))}
    </Stack>
  );
}

/** Period, definition version, source and campaign; every change goes to the URL. */
function Filters() {
  const { t } = useTranslation("reports");
  const { filters, set } = useReportFilters();
  const dims = useQuery({
    queryKey: ["reports", "dimensions"],
    queryFn: () => ok(api.GET("/api/v1/reports/dimensions")),
    staleTime: 60_000,
  });
  const options = (values: readonly string[] | undefined, current: string | undefined) => {
    const all = new Set(values ?? []);
    if (current) all.add(current);
    return [...all].map((v) => ({ value: v, label: v }));
  };
  const any = Object.keys(filters).length > 0;
  return (
    <Paper withBorder radius="md" p="sm" component="form" aria-label={t("filters.label")}>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          type="date"
          label={t("filters.from")}
          value={filters.from ?? ""}
          onChange={(e) => set({ from: e.currentTarget.value })}
          w={160}
          data-testid="filter-from"
        />
        <TextInput
          type="date"
          label={t("filters.to")}
          value={filters.to ?? ""}
          onChange={(e) => set({ to: e.currentTarget.value })}
          w={160}
          data-testid="filter-to"
        />
        <Select
          label={t("filters.version")}
          placeholder={t("filters.allVersions")}
          data={(dims.data?.versions ?? []).map((v) => ({ value: String(v), label: `v${v}` }))}
          value={filters.version ? String(filters.version) : null}
          onChange={(v) => set({ version: v })}
          clearable
          w={140}
          data-testid="filter-version"
        />
        <Select
          label={t("filters.source")}
          placeholder={t("filters.allSources")}
          data={options(dims.data?.sources, filters.source)}
          value={filters.source ?? null}
          onChange={(v) => set({ source: v })}
          clearable
          searchable
          w={180}
          data-testid="filter-source"
        />
        <Select
          label={t("filters.campaign")}
          placeholder={t("filters.allCampaigns")}
          data={options(dims.data?.campaigns, filters.campaign)}
          value={filters.campaign ?? null}
          onChange={(v) => set({ campaign: v })}
          clearable
          searchable
          w={180}
          data-testid="filter-campaign"
        />
        {any && (
          <Button
            variant="subtle"
            onClick={() => set(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])))}
            data-testid="filter-reset"
          >
            {t("filters.reset")}
          </Button>
        )}
      </Group>
      {filters.version !== undefined && (
        <Text size="xs" c="dimmed" mt="xs">
          {t("filters.versionNote")}
        </Text>
      )}
    </Paper>
  );
}

import { Box, Group, SegmentedControl, Stack, Table, Text, Tooltip } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { useCatalogue, useLocalText } from "../../api/definition";
import { useFormat } from "../../i18n/format";
import { GradeBadge } from "../../ui/grade-badge";
import { EmptyState, ErrorState, Loading } from "../../ui/states";
import { type ReportFilters, useReportFilters } from "./filters";
import { NO_GRADE, useGradeColor } from "./grade-colors";

/** How leads are graded per source or campaign: stacked bars of shares, then the counts. */
export function GradesReport({ filters }: { filters: ReportFilters }) {
  const { t } = useTranslation("reports");
  const f = useFormat();
  const local = useLocalText();
  const colour = useGradeColor();
  const catalogue = useCatalogue().data;
  const { params, set } = useReportFilters();
  const by = params.get("by") === "campaign" ? "campaign" : "source";
  const report = useQuery({
    queryKey: ["reports", "grades", by, filters],
    queryFn: () => ok(api.GET("/api/v1/reports/grades", { params: { query: { by, ...filters } } })),
  });
  const label = (g: string) =>
    g === NO_GRADE ? t("common:ungraded") : local(catalogue?.grades.find((x) => x.key === g)?.label) || g;

  const toggle = (
    <SegmentedControl
      size="xs"
      value={by}
      onChange={(v) => set({ by: v === "source" ? null : v })}
      data={[
        { value: "source", label: t("grades.bySource") },
        { value: "campaign", label: t("grades.byCampaign") },
      ]}
      aria-label={t("grades.by")}
    />
  );
  if (report.isPending) return <Loading />;
  if (report.isError) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const d = report.data;
  if (d.totals.total === 0)
    return (
      <Stack>
        {toggle}
        <EmptyState title={t("grades.empty")} />
      </Stack>
    );
  const none = by === "source" ? t("grades.noSource") : t("grades.noCampaign");
  const rows = [...d.rows, d.totals];
  const top = d.rows[0];
  const topGrade = d.grades[0];
  const share = (n: number, total: number) => (total === 0 ? 0 : n / total);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        {toggle}
        <Group gap="xs" aria-hidden>
          {d.grades.map((g) => (
            <Group key={g} gap={4} wrap="nowrap">
              <Box w={10} h={10} style={{ background: colour(g), borderRadius: 2 }} />
              <Text size="xs">{label(g)}</Text>
            </Group>
          ))}
        </Group>
      </Group>
      <Stack gap={6} aria-hidden data-testid="grades-chart">
        {rows.map((r, i) => {
          const isTotal = i === rows.length - 1;
          return (
            <Group key={isTotal ? "__total" : (r.key ?? "__none")} gap="sm" wrap="nowrap" align="center">
              <Text
                size="sm"
                w={120}
                truncate="end"
                fw={isTotal ? 600 : 400}
                c={r.key === null && !isTotal ? "dimmed" : undefined}
              >
                {isTotal ? t("grades.total") : (r.key ?? none)}
              </Text>
              <Box
                style={{ flex: 1, display: "flex", height: 18, borderRadius: 3, overflow: "hidden" }}
                bg="gray.1"
              >
                {d.grades.map((g) => {
                  const n = r.counts[g] ?? 0;
                  if (n === 0) return null;
                  return (
                    <Tooltip key={g} label={`${label(g)}: ${f.number(n)} (${f.percent(share(n, r.total))})`}>
                      <Box style={{ width: `${share(n, r.total) * 100}%`, background: colour(g) }} />
                    </Tooltip>
                  );
                })}
              </Box>
              <Text size="sm" w={48} ta="right" c="dimmed">
                {f.number(r.total)}
              </Text>
            </Group>
          );
        })}
      </Stack>
      {top && topGrade && (
        <Text size="sm" data-testid="grades-verdict">
          {t("grades.verdict", {
            count: d.totals.total,
            total: f.number(d.totals.total),
            key: top.key ?? none,
            share: f.percent(share(top.total, d.totals.total)),
            grade: label(topGrade),
            gradeShare: f.percent(share(d.totals.counts[topGrade] ?? 0, d.totals.total)),
          })}
        </Text>
      )}
      <Table.ScrollContainer minWidth={420}>
        <Table fz="sm" striped data-testid="grades-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{by === "source" ? t("grades.source") : t("grades.campaign")}</Table.Th>
              {d.grades.map((g) => (
                <Table.Th key={g} ta="right" style={{ whiteSpace: "nowrap" }}>
                  {g === NO_GRADE ? t("common:ungraded") : <GradeBadge grade={g} />}
                </Table.Th>
              ))}
              <Table.Th ta="right">{t("grades.total")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => {
              const isTotal = i === rows.length - 1;
              return (
                <Table.Tr key={isTotal ? "__total" : (r.key ?? "__none")} fw={isTotal ? 600 : undefined}>
                  <Table.Td>{isTotal ? t("grades.total") : (r.key ?? none)}</Table.Td>
                  {d.grades.map((g) => (
                    <Table.Td key={g} ta="right">
                      {f.number(r.counts[g] ?? 0)}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right">{f.number(r.total)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
